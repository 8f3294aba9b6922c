/**
 * Answers read as the wire says: a TCP answer with TC set, a message cut short, bytes that are no DNS
 * message and an answer to another question are errors ("could not determine"), never NODATA. Each fault
 * is injected by the fixture server over real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsSandbox, type Sandbox, type SandboxRecord } from "@/lib/dns-sandbox";
import { createResolver } from "./resolver";

const RECORDS: SandboxRecord[] = [
  { name: "wire.test", type: "SOA", data: { mname: "ns.wire.test", rname: "h.wire.test" } },
  { name: "wire.test", type: "TXT", data: "v=spf1 -all" },
  { name: "tc.wire.test", type: "A", data: "192.0.2.1" },
  { name: "cut.wire.test", type: "A", data: "192.0.2.2" },
  { name: "bad.wire.test", type: "A", data: "192.0.2.3" },
  { name: "other.wire.test", type: "A", data: "192.0.2.4" },
  { name: "fine.wire.test", type: "A", data: "192.0.2.5" },
];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startDnsSandbox({
    records: RECORDS,
    faults: [
      { match: "tc.wire.test", kind: "tc_tcp" },
      { match: "cut.wire.test", kind: "truncated" },
      { match: "nodata-cut.wire.test", kind: "truncated" },
      { match: "bad.wire.test", kind: "malformed" },
      { match: "other.wire.test", kind: "mismatch" },
    ],
  });
});
afterAll(() => sandbox?.close());

const resolver = () => createResolver({ servers: sandbox.server, timeoutMs: 400, retries: 0 });

describe("faults on the wire are errors, never NODATA", () => {
  it("TC over TCP: the UDP answer is truncated, the TCP retry too", async () => {
    const r = resolver();
    const a = await r.query("tc.wire.test", "A");
    expect(a.status).toBe("error");
    expect(a.answers).toEqual([]);
    expect(a.error).toMatch(/TC set.*TCP/);
    expect(r.log.map((e) => e.transport)).toEqual(["udp", "tcp"]);
  });

  it("a message cut short (its header counts records that are not there)", async () => {
    const a = await resolver().query("cut.wire.test", "A");
    expect(a.status).toBe("error");
    expect(a.answers).toEqual([]);
    // A name with no data: the truncated reply must not pass for NODATA either.
    expect((await resolver().query("nodata-cut.wire.test", "TXT")).status).toBe("error");
  });

  it("bytes that are no DNS message", async () => {
    const a = await resolver().query("bad.wire.test", "A");
    expect(a.status).toBe("error");
    expect(a.error).toMatch(/malformed/);
  });

  it("an answer to another question", async () => {
    const a = await resolver().query("other.wire.test", "A");
    expect(["error", "timeout"]).toContain(a.status);
    expect(a.status).not.toBe("nodata");
    expect(a.answers).toEqual([]);
  });

  it("a forged answer on UDP is ignored (RFC 5452 §9.1): the question ends in a timeout, not in its data", async () => {
    const { createDnsClient } = await import("./client");
    const { parseServers } = await import("./resolver");
    const client = createDnsClient({ servers: parseServers(sandbox.server), timeoutMs: 300, retries: 0 });
    const r = await client.query({ name: "other.wire.test", type: "A" });
    expect(r.rcode).toBe("TIMEOUT");
    expect(r.packet).toBeUndefined();
  });

  it("healthy answers still read as they are", async () => {
    const r = resolver();
    expect(await r.query("fine.wire.test", "A")).toMatchObject({ status: "ok", answers: ["192.0.2.5"] });
    expect((await r.query("fine.wire.test", "TXT")).status).toBe("nodata");
  });
});

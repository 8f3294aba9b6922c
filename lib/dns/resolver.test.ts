/** Resolver and client over real sockets: fail-over, faults, de-duplication, concurrency, log and stats. */
import dgram from "node:dgram";
import dnsPacket, { type Answer, type DecodedPacket } from "dns-packet";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox, type SandboxRecord } from "@/lib/dns-sandbox";
import { createDnsClient } from "./client";
import { createResolver, parseServers } from "./resolver";
import type { QueryLogEntry } from "./types";

const RECORDS: SandboxRecord[] = [
  {
    name: "res.test",
    type: "SOA",
    data: { mname: "ns.res.test", rname: "h.res.test", serial: 1, minimum: 60 },
  },
  { name: "a.res.test", type: "A", data: "192.0.2.1" },
  { name: "b.res.test", type: "A", data: "192.0.2.2" },
  { name: "slow.res.test", type: "A", data: "192.0.2.3" },
  { name: "alias.res.test", type: "CNAME", data: "a.res.test" },
  { name: "ext.res.test", type: "CNAME", data: "x.other.test" },
  { name: "other.test", type: "SOA", data: { mname: "ns.other.test", rname: "h.other.test" } },
  { name: "x.other.test", type: "A", data: "198.51.100.1" },
  ...Array.from({ length: 8 }, (_, i) => ({ name: `n${i}.res.test`, type: "A", data: `192.0.2.${10 + i}` })),
];

/** The most queries on the wire at one instant, from the log's start times and round trips. */
function maxInFlight(log: readonly QueryLogEntry[]): number {
  let max = 0;
  for (const e of log) {
    const at = e.startedMs + 0.5;
    max = Math.max(max, log.filter((o) => o.startedMs <= at && o.startedMs + o.rttMs > at).length);
  }
  return max;
}

const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  vi.unstubAllEnvs();
});
async function sandbox(opts: Parameters<typeof startDnsSandbox>[0] = {}): Promise<Sandbox> {
  const s = await startDnsSandbox({ records: RECORDS, ...opts });
  opened.push(s);
  return s;
}

describe("createResolver against the sandbox", () => {
  it("closes every socket and sends no retry once the report's signal aborts", async () => {
    const silent = await sandbox({ faults: [{ match: "*.res.test", kind: "timeout" }] });
    const sockets = () =>
      process.getActiveResourcesInfo().filter((r) => r === "UDPWrap" || r === "TCPSocketWrap").length;
    const before = sockets();
    const controller = new AbortController();
    const r = createResolver({
      servers: silent.server,
      timeoutMs: 5_000,
      retries: 3,
      maxConcurrent: 8,
      signal: controller.signal,
    });
    // 8 on the wire, 12 queued behind them.
    const pending = Promise.all(Array.from({ length: 20 }, (_, i) => r.query(`n${i}.res.test`, "TXT")));
    await new Promise((res) => setTimeout(res, 150));
    expect(sockets() - before).toBe(8);
    const started = Date.now();
    controller.abort();
    const answers = await pending;
    expect(Date.now() - started).toBeLessThan(4_000); // answered by the abort, not the 5 s timeout
    expect(answers.every((a) => a.status === "error" && /deadline/.test(a.error ?? ""))).toBe(true);
    await new Promise((res) => setTimeout(res, 50));
    expect(sockets()).toBe(before);
    const served = silent.queriesServed();
    expect(served).toBe(8);
    // Nothing more goes out: no retries, no queued query, no new question.
    await new Promise((res) => setTimeout(res, 300));
    expect((await r.query("late.res.test", "A")).status).toBe("error");
    expect(silent.queriesServed()).toBe(served);
    expect(sockets()).toBe(before);
  });

  it("sends at most maxQueries distinct questions; the rest come back as errors saying why", async () => {
    const s = await sandbox();
    const r = createResolver({ servers: s.server, timeoutMs: 300, maxQueries: 5 });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => r.query(`n${i}.res.test`, "A")));
    expect(s.queriesServed()).toBe(5);
    const limited = answers.filter((a) => a.status === "error");
    expect(limited).toHaveLength(7);
    expect(limited[0]!.error).toMatch(/query limit reached: this report may send 5 DNS questions/);
    expect(r.stats()).toMatchObject({ queries: 5, notSent: 7, maxQueries: 5 });
    // Asking again what was already answered costs nothing and still works.
    expect((await r.query("n0.res.test", "A")).status).not.toBe("error");
  });

  it("fails over to the second upstream when the first times out, and logs both tries", async () => {
    const dead = await sandbox({ faults: [{ match: "*.res.test", kind: "timeout" }] });
    const live = await sandbox();
    const r = createResolver({ servers: `${dead.server},${live.server}`, timeoutMs: 300, retries: 1 });
    const a = await r.query("a.res.test", "A");
    expect(a).toMatchObject({ status: "ok", answers: ["192.0.2.1"] });
    expect(r.log.map((e) => [e.server, e.rcode])).toEqual([
      [dead.server, "TIMEOUT"],
      [live.server, "NOERROR"],
    ]);
    expect(r.log[0]!.status).toBe("timeout");
    expect(dead.queriesServed()).toBe(1);
    expect(r.stats().queries).toBe(2);
  });

  it("reports a timeout after every try on every server", async () => {
    const s1 = await sandbox({ faults: [{ match: "a.res.test", kind: "timeout" }] });
    const s2 = await sandbox({ faults: [{ match: "a.res.test", kind: "timeout" }] });
    const r = createResolver({ servers: [s1.server, s2.server], timeoutMs: 100, retries: 1 });
    const a = await r.query("a.res.test", "A");
    expect(a.status).toBe("timeout");
    expect(a.error).toMatch(/timeout after 4 tries on/);
    expect(s1.queriesServed() + s2.queriesServed()).toBe(4);
  });

  it("keeps SERVFAIL / REFUSED when every server says so, and fails over past them otherwise", async () => {
    const sf = await sandbox({ faults: [{ match: "a.res.test", kind: "servfail" }] });
    const rf = await sandbox({ faults: [{ match: "a.res.test", kind: "refused" }] });
    const ok = await sandbox();
    const both = createResolver({ servers: [sf.server, sf.server], timeoutMs: 1000 });
    expect((await both.query("a.res.test", "A")).status).toBe("servfail");
    expect(both.log).toHaveLength(2); // no second round for explicit failures
    expect(
      (await createResolver({ servers: rf.server, timeoutMs: 1000 }).query("a.res.test", "A")).status,
    ).toBe("refused");
    const mixed = createResolver({ servers: [sf.server, rf.server, ok.server], timeoutMs: 1000 });
    expect((await mixed.query("a.res.test", "A")).answers).toEqual(["192.0.2.1"]);
    expect(mixed.log.map((e) => e.rcode)).toEqual(["SERVFAIL", "REFUSED", "NOERROR"]);
  });

  it("sends one wire query for ten parallel identical questions (de-duplication and cache)", async () => {
    const s = await sandbox({ latencyMs: 50 });
    const r = createResolver({ servers: s.server });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => r.query(i % 2 ? "A.RES.TEST." : "a.res.test", "A")),
    );
    expect(answers.every((a) => a.answers[0] === "192.0.2.1")).toBe(true);
    expect(s.queriesServed()).toBe(1);
    await r.query("a.res.test", "A");
    expect(s.queriesServed()).toBe(1);
    expect(r.stats().queries).toBe(1);
    // A different type or DO bit is a different question.
    await r.query("a.res.test", "AAAA");
    await r.query("a.res.test", "A", { dnssec: true });
    expect(s.queriesServed()).toBe(3);
  });

  // Read from the log's timings, which a loaded machine can blur (a delayed reply retried): retried, not relaxed.
  it("caps concurrency, queueing the rest", { retry: 2 }, async () => {
    const s = await sandbox({ latencyMs: 60 });
    const r = createResolver({ servers: s.server, maxConcurrent: 2 });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => r.query(`n${i}.res.test`, "A")));
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(3 * 60 - 5);
    // At no instant were more than two queries on the wire.
    expect(maxInFlight(r.log)).toBeLessThanOrEqual(2);
    // Without the cap, the six go out together.
    const unlimited = createResolver({ servers: s.server });
    await Promise.all(Array.from({ length: 6 }, (_, i) => unlimited.query(`n${i}.res.test`, "A")));
    expect(maxInFlight(unlimited.log)).toBeGreaterThan(2);
  });

  it("measures latency in the log and stats", async () => {
    const s = await sandbox({
      latencyMs: 40,
      faults: [{ match: "slow.res.test", kind: "latency", ms: 100 }],
    });
    const r = createResolver({ servers: s.server });
    await new Promise((res) => setTimeout(res, 30));
    await Promise.all([r.query("a.res.test", "A"), r.query("slow.res.test", "A")]);
    const [fast, slow] = ["a.res.test", "slow.res.test"].map((n) => r.log.find((e) => e.name === n)!);
    expect(fast!.rttMs).toBeGreaterThanOrEqual(38);
    expect(slow!.rttMs).toBeGreaterThanOrEqual(138);
    // startedMs counts from the resolver's creation.
    expect(fast!.startedMs).toBeGreaterThanOrEqual(29);
    const { queries, elapsedMs } = r.stats();
    expect(queries).toBe(2);
    expect(elapsedMs).toBeGreaterThanOrEqual(138);
    expect(elapsedMs).toBeLessThan(2000);
    expect(fast).toMatchObject({
      type: "A",
      rcode: "NOERROR",
      status: "ok",
      answers: ["192.0.2.1"],
      transport: "udp",
      authenticated: false,
    });
  });

  it("chases a CNAME the upstream left unfollowed with a further query", async () => {
    // Two sandboxes, each authoritative for one zone, behind one resolver list: the first answers
    // ext.res.test with a bare CNAME (its target is not in its zones), so the resolver asks for the target.
    const resOnly = await sandbox({ records: RECORDS.filter((r) => r.name.endsWith("res.test")) });
    const r = createResolver({ servers: resOnly.server, timeoutMs: 1000, retries: 0 });
    const a = await r.query("ext.res.test", "A");
    expect(a.cnames).toEqual(["x.other.test"]);
    expect(a.status).toBe("refused"); // the only server is not authoritative for other.test
    expect(r.log.map((e) => e.name)).toEqual(["ext.res.test", "x.other.test"]);
    const both = await sandbox();
    const r2 = createResolver({ servers: both.server });
    expect(await r2.query("ext.res.test", "A")).toMatchObject({
      status: "ok",
      answers: ["198.51.100.1"],
      cnames: ["x.other.test"],
    });
  });

  it("returns status error for invalid names without touching the wire", async () => {
    const s = await sandbox();
    const r = createResolver({ servers: s.server });
    for (const bad of ["", "a..b", "x\ny.test", `${"a".repeat(64)}.test`]) {
      const a = await r.query(bad, "A");
      expect(a.status).toBe("error");
      expect(a.error).toBeTruthy();
    }
    expect((await r.query("a.res.test", "HINFO" as "A")).status).toBe("error");
    expect(s.queriesServed()).toBe(0);
    expect(r.stats()).toEqual({ queries: 0, elapsedMs: 0 });
  });

  it("asks IDN names as A-labels", async () => {
    const s = await sandbox({ records: [{ name: "xn--bcher-kva.test", type: "A", data: "192.0.2.8" }] });
    const r = createResolver({ servers: s.server });
    expect(await r.query("Bücher.test", "A")).toMatchObject({
      name: "xn--bcher-kva.test",
      answers: ["192.0.2.8"],
    });
  });

  it("talks to an IPv6 upstream", async () => {
    let s: Sandbox;
    try {
      s = await sandbox({ host: "::1" });
    } catch {
      console.warn("no IPv6 loopback here: skipping the IPv6 upstream test");
      return;
    }
    const r = createResolver({ servers: s.server, timeoutMs: 500 });
    expect((await r.query("a.res.test", "A")).answers).toEqual(["192.0.2.1"]);
    expect(r.log[0]!.server).toBe(s.server);
  });

  it("takes servers from MXRAY_DNS and rejects junk", async () => {
    const s = await sandbox();
    vi.stubEnv("MXRAY_DNS", s.server);
    expect((await createResolver().query("b.res.test", "A")).answers).toEqual(["192.0.2.2"]);
    expect(() => createResolver({ servers: "not-an-ip" })).toThrow(/invalid DNS server/);
    expect(parseServers(s.server)).toEqual([{ host: "127.0.0.1", port: s.port }]);
  });
});

/** A UDP server that answers through `reply`, for behaviours no well-behaved server shows. */
async function fakeServer(reply: (q: DecodedPacket, send: (p: object) => void) => void) {
  const sock = dgram.createSocket("udp4");
  sock.on("message", (m, rinfo) => {
    const q = dnsPacket.decode(m);
    reply(q, (p) => sock.send(dnsPacket.encode(p as never), rinfo.port, rinfo.address));
  });
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  return { port: sock.address().port, close: () => new Promise<void>((r) => sock.close(() => r())) };
}

describe("createDnsClient", () => {
  it("ignores replies with the wrong ID or question, takes the matching one", async () => {
    const fake = await fakeServer((q, send) => {
      const base = { type: "response", flags: 0, questions: q.questions, answers: [] as Answer[] };
      send({
        ...base,
        id: ((q.id ?? 0) + 1) % 65536,
        answers: [{ name: "a.test", type: "A", data: "192.0.2.66" }],
      });
      send({ ...base, id: q.id, questions: [{ name: "other.test", type: "A", class: "IN" }] });
      send({
        ...base,
        id: q.id,
        flags: dnsPacket.AUTHENTIC_DATA,
        answers: [{ name: "a.test", type: "A", data: "192.0.2.1" }],
      });
    });
    try {
      const r = createResolver({ servers: `127.0.0.1:${fake.port}`, timeoutMs: 500 });
      const a = await r.query("a.test", "A");
      expect(a.answers).toEqual(["192.0.2.1"]);
      expect(a.authenticated).toBe(true); // the AD bit is passed on
      expect(r.log[0]!.authenticated).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it("sends EDNS0 with a 4096-octet buffer, DO on request, random IDs; retries without EDNS after FORMERR", async () => {
    const seen: DecodedPacket[] = [];
    const fake = await fakeServer((q, send) => {
      seen.push(q);
      const hasOpt = (q.additionals ?? []).some((a) => a.type === "OPT");
      // An old server: FORMERR (without OPT) for any EDNS query.
      if (hasOpt && q.questions![0]!.name === "old.test")
        return send({ type: "response", id: q.id, flags: 1, questions: q.questions });
      send({
        type: "response",
        id: q.id,
        flags: 0,
        questions: q.questions,
        answers: [{ name: q.questions![0]!.name, type: "A", data: "192.0.2.9" }],
      });
    });
    try {
      const client = createDnsClient({ servers: [{ host: "127.0.0.1", port: fake.port }], timeoutMs: 500 });
      await client.query({ name: "a.test", type: "A", dnssec: true });
      await client.query({ name: "b.test", type: "A" });
      const opt = (p: DecodedPacket) =>
        p.additionals!.find((a) => a.type === "OPT") as { udpPayloadSize: number; flags: number };
      expect(opt(seen[0]!).udpPayloadSize).toBe(4096);
      expect(opt(seen[0]!).flags & dnsPacket.DNSSEC_OK).toBeTruthy();
      expect(opt(seen[1]!).flags & dnsPacket.DNSSEC_OK).toBeFalsy();
      expect(seen[0]!.flags! & dnsPacket.RECURSION_DESIRED).toBeTruthy();
      const old = await client.query({ name: "old.test", type: "A" });
      expect(old.rcode).toBe("NOERROR");
      expect(seen.slice(2).map((p) => (p.additionals ?? []).length)).toEqual([1, 0]);
      const ids = new Set<number>();
      for (let i = 0; i < 20; i++) {
        await client.query({ name: `i${i}.test`, type: "A" });
        ids.add(seen[seen.length - 1]!.id!);
      }
      expect(ids.size).toBeGreaterThan(15);
    } finally {
      await fake.close();
    }
  });

  it("rejects bad options", () => {
    expect(() => createDnsClient({ servers: [] })).toThrow(/no DNS servers/);
    expect(() => createDnsClient({ servers: [{ host: "127.0.0.1", port: 53 }], timeoutMs: 0 })).toThrow(
      /timeoutMs/,
    );
    expect(() => createDnsClient({ servers: [{ host: "127.0.0.1", port: 53 }], retries: -1 })).toThrow(
      /retries/,
    );
  });
});

describe("questions for our own DNSSEC validation (checkingDisabled)", () => {
  it("sets DO and CD, keeps the response message, and asks apart from the same question without CD", async () => {
    const seen: DecodedPacket[] = [];
    const fake = await fakeServer((q, send) => {
      seen.push(q);
      send({
        type: "response",
        id: q.id,
        flags: 0,
        questions: q.questions,
        answers: [
          { name: "a.test", type: "A", ttl: 60, data: "192.0.2.1" },
          {
            name: "a.test",
            type: "RRSIG",
            ttl: 60,
            data: {
              typeCovered: "A",
              algorithm: 13,
              labels: 2,
              originalTTL: 60,
              expiration: 2,
              inception: 1,
              keyTag: 7,
              signersName: "test.",
              signature: Buffer.alloc(64),
            },
          },
        ],
      });
    });
    try {
      const r = createResolver({ servers: `127.0.0.1:${fake.port}`, timeoutMs: 500, retries: 0 });
      const a = await r.query("a.test", "A", { dnssec: true, checkingDisabled: true });
      const flags = seen[0]!.flags ?? 0;
      expect(flags & dnsPacket.CHECKING_DISABLED).not.toBe(0);
      const opt = (seen[0]!.additionals ?? []).find((x) => x.type === "OPT") as { flags?: number };
      expect((opt.flags ?? 0) & dnsPacket.DNSSEC_OK).not.toBe(0);
      expect(a.answers).toEqual(["192.0.2.1"]);
      expect(a.message?.answers?.map((x) => x.type)).toEqual(["A", "RRSIG"]);
      // Without CD: another question (an upstream may answer it differently), and no message kept.
      const b = await r.query("a.test", "A", { dnssec: true });
      expect(seen).toHaveLength(2);
      expect((seen[1]!.flags ?? 0) & dnsPacket.CHECKING_DISABLED).toBe(0);
      expect(b.message).toBeUndefined();
    } finally {
      await fake.close();
    }
  });
});

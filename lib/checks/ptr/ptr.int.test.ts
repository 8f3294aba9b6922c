import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureDns, type FixtureDns } from "@/test-support/dns/fixture-dns";
import { ptrCheck } from "./index";
import type { PtrEvidence } from "./parse";

let dns: FixtureDns;
beforeAll(async () => {
  dns = await startFixtureDns([{ match: "9.100.51.198.in-addr.arpa", kind: "timeout" }]);
});
afterAll(() => dns?.close());

const run = (ip: string) => ptrCheck({ resolver: dns.resolver({ timeoutMs: 300 }), ip });
const codes = async (ip: string) => (await run(ip)).findings.map((f) => f.code);

describe("ptrCheck over the fixture DNS server", () => {
  it("passes a forward-confirmed PTR (documentation address: info only)", async () => {
    const r = await run("198.51.100.1");
    expect(r.status).toBe("pass");
    expect(r.findings.map((f) => f.code)).toEqual(["ptr.documentation_ip"]);
    expect(r.records[0]).toMatchObject({
      reverseName: "1.100.51.198.in-addr.arpa",
      ptr: ["mail.ptr.test"],
      fcrdns: true,
    } satisfies Partial<PtrEvidence>);
    expect(r.queries).toBe(2);
  });

  it("IPv6: nibble reverse name, AAAA forward lookup", async () => {
    const r = await run("2001:db8::100:1");
    expect(r.findings.map((f) => f.code)).toEqual(["ptr.documentation_ip"]);
    expect((r.records[0] as PtrEvidence).forward).toEqual([
      { name: "mail6.ptr.test", type: "AAAA", status: "ok", addresses: ["2001:db8::100:1"], matches: true },
    ]);
  });

  it("ptr.missing (IPv4 and IPv6)", async () => {
    expect(await codes("198.51.100.2")).toEqual(["ptr.documentation_ip", "ptr.missing"]);
    expect(await codes("2001:db8::100:2")).toEqual(["ptr.documentation_ip", "ptr.missing"]);
    expect((await run("198.51.100.2")).status).toBe("fail");
  });

  it("ptr.fcrdns_mismatch: the name resolves elsewhere, or not at all", async () => {
    const r = await run("198.51.100.3");
    expect(r.findings[1]).toEqual({
      code: "ptr.fcrdns_mismatch",
      severity: "high",
      params: {
        ip: "198.51.100.3",
        names: ["wrong.ptr.test"],
        forward: [{ name: "wrong.ptr.test", status: "ok", addresses: ["198.51.100.99"] }],
      },
    });
    expect(await codes("198.51.100.7")).toContain("ptr.fcrdns_mismatch");
    expect(await codes("198.51.100.1")).not.toContain("ptr.fcrdns_mismatch");
  });

  it("ptr.multiple", async () => {
    const r = await run("198.51.100.4");
    expect(r.findings.map((f) => f.code)).toEqual(["ptr.documentation_ip", "ptr.multiple"]);
    expect(r.findings[1]!.params.names).toEqual(["a.ptr.test", "b.ptr.test"]);
    expect(r.queries).toBe(3);
  });

  it("ptr.generic_hostname: keywords and embedded addresses", async () => {
    const kw = await run("198.51.100.5");
    expect(kw.findings[1]).toEqual({
      code: "ptr.generic_hostname",
      severity: "medium",
      params: { ip: "198.51.100.5", name: "dhcp-5.pool.ptr.test", reason: "keyword", match: "dhcp" },
    });
    const embedded = await run("198.51.100.6");
    expect(embedded.findings[1]?.params).toMatchObject({ reason: "ip_embedded", match: "198-51-100-6" });
    const v6 = await run("2001:db8::100:3");
    expect(v6.findings[1]?.params).toMatchObject({ reason: "ip_embedded", match: "2001-db8--100-3" });
    expect(await codes("198.51.100.1")).not.toContain("ptr.generic_hostname");
  });

  it("ptr.private_ip: info, and the lookup still runs", async () => {
    const r = await run("10.0.0.1");
    expect(r.findings).toEqual([
      { code: "ptr.private_ip", severity: "info", params: { ip: "10.0.0.1", scope: "private" } },
    ]);
    expect(r.records[0]).toMatchObject({ ptr: ["gw.ptr.test"], fcrdns: true });
    expect(await codes("198.51.100.1")).not.toContain("ptr.private_ip");
  });

  it("ptr.documentation_ip only for documentation space", async () => {
    expect(await codes("10.0.0.1")).not.toContain("ptr.documentation_ip");
  });

  it("a timeout gives status error, not ptr.missing", async () => {
    const r = await run("198.51.100.9");
    expect(r.status).toBe("error");
    expect(r.findings.map((f) => f.code)).toEqual(["ptr.documentation_ip", "ptr.dns_error"]);
    expect(r.findings[1]!.params).toMatchObject({ status: "timeout" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureDns, type FixtureDns } from "@/test-support/dns/fixture-dns";
import { mxCheck } from "./index";
import type { MxRecordEvidence } from "./parse";

let dns: FixtureDns;
beforeAll(async () => {
  dns = await startFixtureDns([{ match: "broken.mx.test", kind: "servfail" }]);
});
afterAll(() => dns?.close());

const run = (domain: string) => mxCheck({ resolver: dns.resolver(), domain });
const codes = async (domain: string) => (await run(domain)).findings.map((f) => f.code);

describe("mxCheck over the fixture DNS server", () => {
  it("passes a healthy MX set with evidence in preference order and FCrDNS", async () => {
    const r = await run("good.mx.test");
    expect(r.status).toBe("pass");
    expect(r.findings).toEqual([]);
    const records = r.records as MxRecordEvidence[];
    expect(records.map((x) => x.exchange)).toEqual(["mx1.good.mx.test", "mx2.good.mx.test"]);
    expect(records[0]).toEqual({
      priority: 10,
      exchange: "mx1.good.mx.test",
      kind: "name",
      addresses: { A: ["192.0.2.10"], AAAA: ["2001:db8::10"] },
      ptr: {
        "192.0.2.10": { names: ["mx1.good.mx.test"], fcrdns: true },
        "2001:db8::10": { names: ["mx1.good.mx.test"], fcrdns: true },
      },
    });
    // MX + 2×(A, AAAA) + 4 PTR; forward lookups of the PTR names are the targets' own A/AAAA.
    expect(r.queries).toBe(9);
  });

  it("mx.missing: medium with an address (implicit MX), high without", async () => {
    const withAddr = await run("nomx-addr.mx.test");
    expect(withAddr.findings).toEqual([
      {
        code: "mx.missing",
        severity: "medium",
        params: { domain: "nomx-addr.mx.test", nxdomain: false, hasAddress: true, addresses: ["192.0.2.30"] },
      },
    ]);
    const none = await run("nomx-none.mx.test");
    expect(none.findings[0]).toMatchObject({
      code: "mx.missing",
      severity: "high",
      params: { hasAddress: false },
    });
    expect(none.status).toBe("fail");
    const nx = await run("does-not-exist.mx.test");
    expect(nx.findings[0]).toMatchObject({ code: "mx.missing", params: { nxdomain: true } });
    expect(await codes("good.mx.test")).not.toContain("mx.missing");
  });

  it("mx.null_mx and mx.null_mx_with_others", async () => {
    const alone = await run("nullmx.mx.test");
    expect(alone.findings.map((f) => f.code)).toEqual(["mx.null_mx"]);
    expect(alone.status).toBe("pass");
    expect(alone.queries).toBe(1);
    const mixed = await run("nullmix.mx.test");
    expect(mixed.findings.map((f) => f.code)).toEqual(["mx.null_mx_with_others"]);
    expect(mixed.status).toBe("fail");
    expect(await codes("good.mx.test")).not.toContain("mx.null_mx");
  });

  it("mx.target_is_cname", async () => {
    const r = await run("cname.mx.test");
    expect(r.findings).toEqual([
      {
        code: "mx.target_is_cname",
        severity: "medium",
        params: { exchange: "alias.cname.mx.test", canonical: "real.cname.mx.test" },
      },
    ]);
    expect((r.records as MxRecordEvidence[])[0]?.cname).toBe("real.cname.mx.test");
  });

  it("mx.target_is_ip", async () => {
    const r = await run("iplit.mx.test");
    expect(r.findings).toEqual([
      {
        code: "mx.target_is_ip",
        severity: "high",
        params: { exchange: "192.0.2.50", priority: 10, address: "192.0.2.50" },
      },
    ]);
    expect(await codes("cname.mx.test")).not.toContain("mx.target_is_ip");
  });

  it("mx.target_unresolvable", async () => {
    const r = await run("unres.mx.test");
    expect(r.findings).toEqual([
      {
        code: "mx.target_unresolvable",
        severity: "high",
        params: { exchange: "nowhere.unres.mx.test", priority: 10, status: "nxdomain" },
      },
    ]);
  });

  it("mx.target_private_ip (and documentation space is not private)", async () => {
    const r = await run("private.mx.test");
    expect(r.findings.filter((f) => f.code === "mx.target_private_ip").map((f) => f.params)).toEqual([
      { exchange: "in.private.mx.test", address: "10.0.0.25", scope: "private" },
      { exchange: "in.private.mx.test", address: "fd00::25", scope: "unique-local" },
    ]);
    expect(await codes("v4only.mx.test")).not.toContain("mx.target_private_ip");
  });

  it("mx.duplicate_target", async () => {
    const r = await run("dup.mx.test");
    expect(r.findings).toEqual([
      {
        code: "mx.duplicate_target",
        severity: "low",
        params: { exchange: "mx1.good.mx.test", priorities: [10, 20] },
      },
    ]);
  });

  it("mx.no_ipv6", async () => {
    expect(await codes("v4only.mx.test")).toEqual(["mx.no_ipv6"]);
  });

  it("mx.target_fcrdns_mismatch for a PTR pointing elsewhere and for no PTR", async () => {
    const r = await run("nofcrdns.mx.test");
    expect(r.findings.map((f) => [f.code, f.params.address, f.params.reason])).toEqual([
      ["mx.target_fcrdns_mismatch", "192.0.2.70", "no_forward_match"],
      ["mx.target_fcrdns_mismatch", "2001:db8::70", "no_ptr"],
    ]);
    expect(r.status).toBe("warn");
  });

  it("mx.dns_error: a SERVFAIL gives status error, never fail", async () => {
    const r = await run("broken.mx.test");
    expect(r.status).toBe("error");
    expect(r.findings).toEqual([
      {
        code: "mx.dns_error",
        severity: "info",
        params: expect.objectContaining({ name: "broken.mx.test", type: "MX", status: "servfail" }),
      },
    ]);
  });

  it("looks up the targets in parallel: three rounds of latency, not nine", async () => {
    dns.sandbox.setLatency(300);
    try {
      const started = performance.now();
      const r = await run("good.mx.test");
      const elapsed = performance.now() - started;
      expect(r.findings).toEqual([]);
      // MX, then A/AAAA of both targets together, then the four PTRs together: 3 × 300 ms. One query at a
      // time would take 9 rounds; the bound leaves room for a loaded machine.
      expect(elapsed).toBeGreaterThanOrEqual(880);
      expect(elapsed).toBeLessThan(1800);
    } finally {
      dns.sandbox.setLatency(0);
    }
  });
});

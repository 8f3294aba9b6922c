import { describe, expect, it } from "vitest";
import { tableResolver } from "@/test-support/dns/table-resolver";
import { mxCheck } from "./index";

describe("mxCheck (table resolver)", () => {
  it("looks up the first 10 MX hosts by preference only, and says so with a finding", async () => {
    const table: Record<string, unknown> = {
      "big.test MX": Array.from({ length: 1000 }, (_, i) => ({
        priority: 1000 - i,
        exchange: `h${i}.big.test`,
      })),
    };
    for (let i = 0; i < 1000; i++) table[`h${i}.big.test A`] = ["192.0.2.25"];
    const resolver = tableResolver(table as Parameters<typeof tableResolver>[0]);
    const r = await mxCheck({ resolver, domain: "big.test" });
    const hosts = new Set(resolver.asked.filter((q) => / A{1,4}$/.test(q)).map((q) => q.split(" ")[0]));
    // Lowest preference value first: h999 (1) … h990 (10).
    expect([...hosts].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `h${990 + i}.big.test`).sort());
    expect(r.findings).toContainEqual(
      expect.objectContaining({ code: "mx.hosts_limited", params: { resolved: 10, total: 1000 } }),
    );
    expect((r.records as unknown[]).length).toBe(10);
  });

  it("is skipped without a domain", async () => {
    const r = await mxCheck({ resolver: tableResolver({}) });
    expect(r.status).toBe("skipped");
    expect(r.check).toBe("mx");
  });

  it("asks A and AAAA of every target at once, PTRs as addresses arrive, and nothing twice", async () => {
    const resolver = tableResolver({
      "example.test MX": [
        { priority: 10, exchange: "mx1.example.test" },
        { priority: 20, exchange: "mx2.example.test" },
        { priority: 30, exchange: "mx1.example.test" },
      ],
      // A slow AAAA must not hold back the PTR of the A address.
      "mx1.example.test A": ["192.0.2.10"],
      "mx1.example.test AAAA": { answers: ["2001:db8::10"], delayMs: 60 },
      "mx2.example.test A": ["192.0.2.10"],
      "10.2.0.192.in-addr.arpa PTR": ["mx1.example.test"],
      "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa PTR": ["mx1.example.test"],
    });
    const r = await mxCheck({ resolver, domain: "example.test" });
    expect(resolver.asked.slice(0, 5)).toEqual([
      "example.test MX",
      "mx1.example.test A",
      "mx1.example.test AAAA",
      "mx2.example.test A",
      "mx2.example.test AAAA",
    ]);
    expect(resolver.asked.indexOf("10.2.0.192.in-addr.arpa PTR")).toBeLessThan(
      resolver.asked.findIndex((q) => q.endsWith("ip6.arpa PTR")),
    );
    expect(new Set(resolver.asked).size).toBe(resolver.asked.length);
    expect(r.queries).toBe(resolver.asked.length);
    expect(r.findings.map((f) => f.code)).toEqual(["mx.duplicate_target"]);
    expect(r.status).toBe("warn");
    expect(r.records).toHaveLength(3);
  });

  it("does not look up the PTR of a private target address", async () => {
    const resolver = tableResolver({
      "example.test MX": [{ priority: 10, exchange: "mx.example.test" }],
      "mx.example.test A": ["192.168.1.25"],
    });
    const r = await mxCheck({ resolver, domain: "example.test" });
    expect(resolver.asked.some((q) => q.endsWith("PTR"))).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(["mx.target_private_ip", "mx.no_ipv6"]);
    expect(r.status).toBe("fail");
  });

  it("gives status error, not fail, when the MX lookup times out", async () => {
    const r = await mxCheck({
      resolver: tableResolver({ "example.test MX": { status: "timeout" } }),
      domain: "example.test",
    });
    expect(r.status).toBe("error");
    expect(r.findings.map((f) => f.code)).toEqual(["mx.dns_error"]);
  });

  it("asks the domain's own addresses only when it has no MX", async () => {
    const resolver = tableResolver({ "example.test A": ["192.0.2.1"] });
    const r = await mxCheck({ resolver, domain: "example.test" });
    expect(resolver.asked).toEqual(["example.test MX", "example.test A", "example.test AAAA"]);
    expect(r.findings[0]).toMatchObject({ code: "mx.missing", severity: "medium" });
  });
});

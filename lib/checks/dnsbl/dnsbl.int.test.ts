import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckContext } from "@/lib/checks/types";
import { startFixtureDns, type FixtureDns } from "@/test-support/dns/fixture-dns";
import { dnsblCheck } from "./index";
import type { ZoneEvidence } from "./parse";
import type { DnsblZone } from "./zones";

let dns: FixtureDns;
beforeAll(async () => {
  dns = await startFixtureDns([{ match: "*.slow.dnsbl.test", kind: "timeout" }]);
});
afterAll(() => dns?.close());

const bl: DnsblZone = {
  zone: "bl.dnsbl.test",
  name: "Fixture BL",
  kind: "ip",
  ipv6: true,
  codes: { "127.0.0.2": "spam source", "127.0.0.4": "exploited host" },
  lookupUrl: "https://bl.dnsbl.test/lookup?q={query}",
  delistUrl: "https://bl.dnsbl.test/remove",
};
const dom: DnsblZone = {
  zone: "dom.dnsbl.test",
  name: "Fixture DBL",
  kind: "domain",
  ipv6: false,
  codes: { "127.0.1.2": "spam domain" },
};
const bits: DnsblZone = {
  zone: "bits.dnsbl.test",
  name: "Fixture bitmask",
  kind: "domain",
  ipv6: false,
  bits: { 2: "black", 4: "grey", 8: "red" },
};
const blocked: DnsblZone = {
  zone: "blocked.dnsbl.test",
  name: "Fixture blocked",
  kind: "domain",
  ipv6: false,
  refused: { "127.0.0.1": "query refused: resolver blocked" },
};

function run(opts: Partial<CheckContext> & { dnsbl: CheckContext["dnsbl"] }) {
  return dnsblCheck({ resolver: dns.resolver({ timeoutMs: 300 }), ...opts });
}
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe("dnsblCheck over the fixture DNS server", () => {
  it("dnsbl.listed with zone, code, meaning, lookup URL and the TXT reason", async () => {
    const r = await run({ ip: "203.0.113.66", dnsbl: { ipZones: [bl, "bl2.dnsbl.test"], domainZones: [] } });
    expect(r.status).toBe("fail");
    expect(r.findings).toEqual([
      { code: "dnsbl.documentation_ip", severity: "info", params: { ip: "203.0.113.66" } },
      {
        code: "dnsbl.listed",
        severity: "high",
        params: {
          zone: "bl.dnsbl.test",
          name: "Fixture BL",
          kind: "ip",
          query: "203.0.113.66",
          code: "127.0.0.2",
          meaning: "spam source; exploited host",
          codes: [
            { code: "127.0.0.2", meaning: "spam source" },
            { code: "127.0.0.4", meaning: "exploited host" },
          ],
          lookupUrl: "https://bl.dnsbl.test/lookup?q=203.0.113.66",
          delistUrl: "https://bl.dnsbl.test/remove",
          reason: "Listed for spam trap hits, see https://bl.dnsbl.test/203.0.113.66",
        },
      },
    ]);
    expect((r.records as ZoneEvidence[]).map((z) => [z.zone, z.status, z.selfTest])).toEqual([
      ["bl.dnsbl.test", "listed", "ok"],
      ["bl2.dnsbl.test", "clear", "ok"],
    ]);
    // 2 listings + 2×2 self-tests + 1 TXT for the one listing.
    expect(r.queries).toBe(7);
  });

  it("a zone configured by name only: generic meaning, said once for several codes", async () => {
    const r = await run({ ip: "203.0.113.66", dnsbl: { ipZones: ["bl.dnsbl.test"], domainZones: [] } });
    expect(r.findings[1]!.params).toMatchObject({
      zone: "bl.dnsbl.test",
      code: "127.0.0.2",
      meaning: "listed",
      lookupUrl: null,
    });
  });

  it("not listed: pass, and no TXT asked", async () => {
    const r = await run({ ip: "203.0.113.67", dnsbl: { ipZones: [bl, "bl2.dnsbl.test"], domainZones: [] } });
    expect(r.status).toBe("pass");
    expect(codes(r)).toEqual(["dnsbl.documentation_ip"]);
    expect(r.queries).toBe(6);
  });

  it("IPv6 nibble queries, only for zones that support IPv6", async () => {
    const r = await run({ ip: "2001:db8::66", dnsbl: { ipZones: [bl, "bl2.dnsbl.test"], domainZones: [] } });
    expect(codes(r)).toEqual(["dnsbl.documentation_ip", "dnsbl.listed"]);
    expect(r.findings[1]!.params).toMatchObject({
      zone: "bl.dnsbl.test",
      code: "127.0.0.3",
      query: "2001:db8::66",
    });
    expect((r.records as ZoneEvidence[]).map((z) => z.zone)).toEqual(["bl.dnsbl.test"]);
    const none = await run({ ip: "2001:db8::66", dnsbl: { ipZones: ["bl2.dnsbl.test"], domainZones: [] } });
    expect(none.status).toBe("skipped");
    expect(codes(none)).toContain("dnsbl.no_applicable_zones");
  });

  it("dnsbl.query_refused: 127.255.255.254 is an error, never a listing", async () => {
    const r = await run({
      ip: "203.0.113.67",
      dnsbl: { ipZones: ["refusing.dnsbl.test", bl], domainZones: [] },
    });
    expect(r.status).toBe("error");
    expect(r.findings[1]).toEqual({
      code: "dnsbl.query_refused",
      severity: "info",
      params: {
        zone: "refusing.dnsbl.test",
        code: "127.255.255.254",
        meaning: "query refused: queries through public or open resolvers are blocked",
      },
    });
    expect(codes(r)).not.toContain("dnsbl.listed");
  });

  it("a refusal does not hide a real listing elsewhere", async () => {
    const r = await run({
      ip: "203.0.113.66",
      dnsbl: { ipZones: ["refusing.dnsbl.test", bl], domainZones: [] },
    });
    expect(r.status).toBe("fail");
    expect(codes(r)).toEqual(["dnsbl.documentation_ip", "dnsbl.query_refused", "dnsbl.listed"]);
  });

  it("an answer outside 127.0.0.0/8 is a refusal, not a listing", async () => {
    const r = await run({ ip: "203.0.113.66", dnsbl: { ipZones: ["hijack.dnsbl.test"], domainZones: [] } });
    expect(codes(r)).toEqual(["dnsbl.documentation_ip", "dnsbl.query_refused"]);
    expect(r.findings[1]!.params.code).toBe("198.51.100.200");
  });

  it("dnsbl.zone_unusable: a dead zone and a wildcard zone are ignored", async () => {
    const r = await run({
      ip: "203.0.113.66",
      dnsbl: { ipZones: ["dead.dnsbl.test", "wild.dnsbl.test", "bl2.dnsbl.test"], domainZones: [] },
    });
    expect(r.status).toBe("pass");
    expect(r.findings.filter((f) => f.code === "dnsbl.zone_unusable").map((f) => f.params)).toEqual([
      { zone: "dead.dnsbl.test", reason: "dead" },
      { zone: "wild.dnsbl.test", reason: "wildcard" },
    ]);
    expect(codes(r)).not.toContain("dnsbl.listed");
    const only = await run({ ip: "203.0.113.66", dnsbl: { ipZones: ["wild.dnsbl.test"], domainZones: [] } });
    expect(only.status).toBe("error");
    const healthy = await run({ ip: "203.0.113.66", dnsbl: { ipZones: [bl], domainZones: [] } });
    expect(codes(healthy)).not.toContain("dnsbl.zone_unusable");
  });

  it("domain zones: the domain and its registrable domain, exact and bitmask codes", async () => {
    const r = await run({
      domain: "www.listed-domain.test",
      dnsbl: { ipZones: [], domainZones: [dom, bits] },
    });
    expect(r.status).toBe("fail");
    expect(
      r.findings.map((f) => [f.code, f.params.zone, f.params.query, f.params.code, f.params.meaning]),
    ).toEqual([
      ["dnsbl.listed", "dom.dnsbl.test", "listed-domain.test", "127.0.1.2", "spam domain"],
      ["dnsbl.listed", "bits.dnsbl.test", "listed-domain.test", "127.0.0.6", "black; grey"],
    ]);
    expect(r.findings[0]!.params.reason).toBe("listed-domain.test: spam domain");
    const clean = await run({ domain: "clean.test", dnsbl: { ipZones: [], domainZones: [dom, bits] } });
    expect(clean.status).toBe("pass");
    expect(clean.findings).toEqual([]);
  });

  it("a zone-specific refusal code (127.0.0.1 from a URIBL-style list)", async () => {
    const r = await run({
      domain: "listed-domain.test",
      dnsbl: { ipZones: [], domainZones: [blocked, dom] },
    });
    expect(r.status).toBe("fail");
    expect(r.findings[0]).toMatchObject({
      code: "dnsbl.query_refused",
      params: { zone: "blocked.dnsbl.test", code: "127.0.0.1" },
    });
  });

  it("dnsbl.dns_error: a timed-out zone gives status error", async () => {
    const r = await run({ ip: "203.0.113.66", dnsbl: { ipZones: ["slow.dnsbl.test"], domainZones: [] } });
    expect(r.status).toBe("error");
    expect(codes(r)).toEqual(["dnsbl.documentation_ip", "dnsbl.dns_error"]);
  });

  it("dnsbl.private_ip: info, the lookups still run", async () => {
    const r = await run({ ip: "10.1.2.3", dnsbl: { ipZones: [bl], domainZones: [] } });
    expect(r.findings).toEqual([
      { code: "dnsbl.private_ip", severity: "info", params: { ip: "10.1.2.3", scope: "private" } },
    ]);
    expect(r.status).toBe("pass");
    expect(r.queries).toBe(3);
  });

  it("asks every zone at once: two rounds of latency (listing, then TXT), whatever the number of zones", async () => {
    dns.sandbox.setLatency(250);
    try {
      const started = performance.now();
      const r = await run({
        ip: "203.0.113.67",
        dnsbl: {
          ipZones: [bl, "bl2.dnsbl.test", "dead.dnsbl.test", "wild.dnsbl.test", "hijack.dnsbl.test"],
          domainZones: [],
        },
      });
      // 5 listings + 10 self-tests, + the TXT the wildcard zone's "listing" triggers before its self-test
      // shows it is unusable (the TXT is asked the moment a listing arrives, not after every self-test).
      expect(r.queries).toBe(16);
      // Two rounds of 250 ms; one query at a time would take 16 (the bound leaves room for a loaded machine).
      expect(performance.now() - started).toBeLessThan(1250);
    } finally {
      dns.sandbox.setLatency(0);
    }
  });
});

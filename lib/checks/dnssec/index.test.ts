import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import type { Resolver } from "@/lib/dns/types";
import { DNSSEC_METHOD, dnssecCheck, type DnssecEvidence } from "./index";

const zone = (name: string) =>
  readFileSync(new URL(`../../../e2e/fixtures/zones/${name}.zone`, import.meta.url), "utf8");

/**
 * A validating upstream, as far as the check can see: every answer inside `signed` carries AD. The
 * sandbox cannot sign, so the AD path is tested here rather than over the wire.
 */
function validating(inner: Resolver, signed: string): Resolver {
  return {
    get log() {
      return inner.log;
    },
    stats: () => inner.stats(),
    async query(name, type, options) {
      const a = await inner.query(name, type, options);
      const inside = name === signed || name.endsWith(`.${signed}`);
      return { ...a, authenticated: Boolean(options?.dnssec) && inside && a.status !== "servfail" };
    },
  };
}

describe("dnssecCheck with a validating resolver (AD bit)", () => {
  it("AD on every answer is evidence only: without a chain from the trust anchor, not validated", async () => {
    const resolver = validating(
      createMemoryResolver({ zoneText: [zone("dnssec-signed")] }),
      "dnssec-signed.test",
    );
    const r = await dnssecCheck({ resolver, domain: "www.dnssec-signed.test" });
    // The memory resolver serves no root zone: the trust anchor's keys cannot be fetched.
    expect(r.findings.map((f) => f.code)).toEqual(["dnssec.not_validated"]);
    expect(r.findings[0]?.params.reason).toMatch(
      /DNSKEY carries no RRSIG, and the resolver does not answer for the trust anchor's zone$/,
    );
    expect(r.status).toBe("info");
    expect(r.records[0]).toMatchObject({
      apex: "dnssec-signed.test",
      method: DNSSEC_METHOD,
      validated: false,
      resolverValidates: true,
      flags: { do: true, ad: { soa: true, dnskey: true, ds: true } },
    } satisfies Partial<DnssecEvidence>);
  });

  it("a trust anchor that cannot be read: could not determine, with the reason", async () => {
    const resolver = createMemoryResolver({ zoneText: [zone("dnssec-signed")] });
    const r = await dnssecCheck({ resolver, domain: "dnssec-signed.test", trustAnchor: ". IN DS nonsense" });
    expect(r.status).toBe("error");
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: "dnssec.dns_error",
        params: expect.objectContaining({
          status: "indeterminate",
          detail: expect.stringMatching(/trust anchor: cannot read/),
        }),
      }),
    ]);
  });

  it("the check always asks with DO (its own validation with DO and CD)", async () => {
    const inner = createMemoryResolver({ zoneText: [zone("dnssec-signed")] });
    let asked = 0;
    const spy: Resolver = {
      log: inner.log,
      stats: () => inner.stats(),
      query(name, type, options) {
        if (options?.dnssec) asked++;
        return validating(inner, "dnssec-signed.test").query(name, type, options);
      },
    };
    const r = await dnssecCheck({ resolver: spy, domain: "dnssec-signed.test" });
    expect(asked).toBe(r.queries);
    expect((r.records[0] as DnssecEvidence).flags.ad.dnskey).toBe(true);
  });

  it("a resolver that validates proves an unsigned zone insecure: still unsigned", async () => {
    const resolver = validating(
      createMemoryResolver({ zoneText: [zone("dnssec-unsigned")] }),
      "nothing.test",
    );
    const r = await dnssecCheck({ resolver, domain: "dnssec-unsigned.test" });
    expect(r.findings.map((f) => f.code)).toEqual(["dnssec.unsigned"]);
  });

  it("a name with no zone up to the organizational domain: info", async () => {
    const resolver = createMemoryResolver({
      zoneText: ["$ORIGIN test.\n@ 300 IN SOA ns.test. h.test. 1 2 3 4 5\n"],
    });
    const r = await dnssecCheck({ resolver, domain: "a.nozone.test" });
    expect(r.findings.map((f) => f.code)).toEqual(["dnssec.no_zone"]);
    expect(r.status).toBe("info");
  });
});

/**
 * Cross-check against an independent implementation: mailauth's DMARC verification (the library
 * receivers such as WildDuck use), through its public `dmarc()` entry point, must find the same record
 * and policy as ours, over the same zones.
 */
import { readFileSync } from "node:fs";
import { dmarc, type DNSResolver } from "mailauth";
import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { toMailauthResolver } from "@/lib/dns/mailauth";
import { discoverDmarc } from "./discover";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";

/** mailauth's verdict for mail from the domain: the record it found (rr), p, sp (p when absent), pct and
 * the policy that applies (sp for a subdomain under an organizational record that has one). */
async function theirRecord(domain: string, resolver: ReturnType<typeof createMemoryResolver>) {
  const r = await dmarc({ headerFrom: domain, resolver: toMailauthResolver(resolver) as DNSResolver });
  return r && r.rr ? r : false;
}

const zones = ZONE_FILES.map((f) => readFileSync(f, "utf8"));

describe("DMARC discovery agrees with mailauth", () => {
  it.each([
    "dmarc-reject.test",
    "a.b.dmarc-reject.test",
    "dmarc-none.test",
    "dmarc-pct.test",
    "dmarc-weak-sp.test",
    "shop.dmarc-weak-sp.test",
    "dmarc-missing.test",
    "x.dmarc-missing.test",
    "dmarc-ext.test",
    "bimi-good.test",
    "shop.bimi-good.test",
  ])("%s", async (domain) => {
    const resolver = createMemoryResolver({ zoneText: zones });
    const [theirs, ours] = await Promise.all([
      theirRecord(domain, resolver),
      discoverDmarc(resolver, domain),
    ]);
    if (!theirs) {
      expect(ours.outcome).toBe("missing");
      return;
    }
    expect(ours.outcome).toBe("found");
    expect(ours.record!.raw).toBe(theirs.rr);
    expect(ours.record!.p).toBe(theirs.p);
    expect(ours.record!.sp ?? ours.record!.p).toBe(theirs.sp);
    expect(ours.record!.pct).toBe(theirs.pct ?? 100);
    // The policy that applies: sp only when the record was found at the organizational domain.
    const applies = ours.source === "org" && ours.record!.sp ? ours.record!.sp : ours.record!.p;
    expect(applies).toBe(theirs.policy);
  });

  it("several DMARC records at the organizational domain: no policy applies (RFC 7489 §6.6.3 step 5)", async () => {
    const resolver = createMemoryResolver({ zoneText: zones });
    const ours = await discoverDmarc(resolver, "sub.dmarc-multi.test");
    expect(ours.outcome).toBe("multiple");
    // mailauth agrees: no policy.
    expect(await theirRecord("sub.dmarc-multi.test", resolver)).toBe(false);
  });
});

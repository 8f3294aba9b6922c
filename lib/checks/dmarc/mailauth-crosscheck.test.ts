/**
 * Cross-check against an independent implementation: mailauth's DMARC record discovery (the library
 * receivers such as WildDuck use) must find the same record and policy as ours, over the same zones.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { toMailauthResolver } from "@/lib/dns/mailauth";
import { discoverDmarc } from "./discover";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";

const require = createRequire(import.meta.url);
const getDmarcRecord = require("mailauth/lib/dmarc/get-dmarc-record.js") as (
  domain: string,
  resolver: unknown,
) => Promise<false | { p?: string; sp?: string; pct?: number; rr: string; isOrgRecord: boolean }>;

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
      getDmarcRecord(domain, toMailauthResolver(resolver)),
      discoverDmarc(resolver, domain),
    ]);
    if (!theirs) {
      expect(ours.outcome).toBe("missing");
      return;
    }
    expect(ours.outcome).toBe("found");
    expect(ours.record!.raw).toBe(theirs.rr);
    expect(ours.source === "org").toBe(theirs.isOrgRecord);
    expect(ours.record!.p).toBe(theirs.p);
    expect(ours.record!.sp).toBe(theirs.sp);
    expect(ours.record!.pct).toBe(theirs.pct ?? 100);
  });

  it("several DMARC records at the organizational domain: no policy applies (RFC 7489 §6.6.3 step 5)", async () => {
    const resolver = createMemoryResolver({ zoneText: zones });
    const ours = await discoverDmarc(resolver, "sub.dmarc-multi.test");
    expect(ours.outcome).toBe("multiple");
    // mailauth agrees: no policy.
    expect(await getDmarcRecord("sub.dmarc-multi.test", toMailauthResolver(resolver))).toBe(false);
  });
});

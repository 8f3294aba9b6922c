/**
 * Cross-check against an independent implementation: mailauth's DKIM verifier, through its public API,
 * must see the same key type and size as we do, over the same zones, CNAMEs included. Each selector gets a
 * message signed as it (with a fixture key that is not its own: the signature fails, but the body hash
 * matches, so mailauth fetches and reads the published key and reports its size or why it could not).
 */
import { readFileSync } from "node:fs";
import { dkimSign, dkimVerify } from "mailauth";
import { describe, expect, it } from "vitest";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";
import { makeMessage, privateKey } from "@/test-support/mail/fixtures";
import { toMailauthResolver } from "@/lib/dns/mailauth";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import type { Resolver } from "@/lib/dns/types";
import { dkimCheck, type DkimSelectorEvidence } from "./index";

type Theirs = { ok: true; bits: number | undefined } | { ok: false; comment: string | undefined };

/** What mailauth's verifier made of the key at `selector._domainkey.domain`. */
async function mailauthKey(resolver: Resolver, domain: string, selector: string): Promise<Theirs> {
  const message = makeMessage({ from: `alice@${domain}` });
  const signed = await dkimSign(message, {
    signatureData: [{ signingDomain: domain, selector, privateKey: privateKey("s2048") }],
  } as never);
  const verified = await dkimVerify((signed as { signatures: string }).signatures + message, {
    resolver: toMailauthResolver(resolver) as never,
    minBitLength: 1,
  });
  const r = verified.results[0] as {
    publicKey?: string;
    modulusLength?: number;
    status: { comment?: string };
  };
  return r.publicKey
    ? { ok: true, bits: r.modulusLength }
    : { ok: false, comment: typeof r.status.comment === "string" ? r.status.comment : undefined };
}

const zones = ZONE_FILES.map((f) => readFileSync(f, "utf8"));

describe("DKIM keys agree with mailauth", () => {
  it.each(["dkim-good.test", "dkim-weak.test", "dkim-flags.test"])("%s", async (domain) => {
    const resolver = createMemoryResolver({ zoneText: zones });
    const result = await dkimCheck({ resolver, domain });
    const found = result.records.filter(
      (r) => (r as DkimSelectorEvidence).kind === "dkim_selector",
    ) as DkimSelectorEvidence[];
    expect(found.length).toBeGreaterThan(1);
    for (const s of found) {
      const theirs = await mailauthKey(resolver, domain, s.selector);
      if (s.state === "ok" && s.encoding !== "pkcs1") {
        expect(theirs, s.selector).toEqual({ ok: true, bits: s.keyType === "rsa" ? s.bits : undefined });
      } else if (s.encoding === "pkcs1") {
        // The reason dkim.key_format exists: mailauth cannot read a bare PKCS#1 key.
        expect(theirs, s.selector).toEqual({ ok: false, comment: "unknown key type" });
      } else if (s.bits !== undefined) {
        // Usable to parse, unusable to verify (too short, sha1-only, not for email): sizes agree.
        expect(theirs, s.selector).toEqual({ ok: true, bits: s.bits });
      } else if (s.state === "revoked" || s.raw.includes("k=dsa") || /p=[A-Za-z0-9+/]{1,250}$/.test(s.raw)) {
        expect(theirs.ok, s.selector).toBe(false);
      }
    }
  });
});

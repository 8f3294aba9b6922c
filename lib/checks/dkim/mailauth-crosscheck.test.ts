/**
 * Cross-check against an independent implementation: mailauth's DKIM key fetch (used when verifying
 * signatures) must see the same key type and size as we do, over the same zones, CNAMEs included.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";
import { toMailauthResolver } from "@/lib/dns/mailauth";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { dkimCheck, type DkimSelectorEvidence } from "./index";

const require = createRequire(import.meta.url);
const { getPublicKey } = require("mailauth/lib/tools.js") as {
  getPublicKey: (
    type: string,
    name: string,
    minBits: number,
    resolver: unknown,
  ) => Promise<{ modulusLength?: number; publicKey: string }>;
};

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
      const theirs = await getPublicKey("DKIM", s.name, 1, toMailauthResolver(resolver)).then(
        (k) => ({ ok: true as const, bits: k.modulusLength }),
        (e: { code?: string }) => ({ ok: false as const, code: e.code }),
      );
      if (s.state === "ok" && s.encoding !== "pkcs1") {
        expect(theirs, s.selector).toEqual({ ok: true, bits: s.keyType === "rsa" ? s.bits : undefined });
      } else if (s.encoding === "pkcs1") {
        // The reason dkim.key_format exists: mailauth cannot read a bare PKCS#1 key.
        expect(theirs, s.selector).toMatchObject({ ok: false, code: "EINVALIDTYPE" });
      } else if (s.bits !== undefined) {
        // Usable to parse, unusable to verify (too short, sha1-only, not for email): sizes agree.
        expect(theirs, s.selector).toEqual({ ok: true, bits: s.bits });
      } else if (s.state === "revoked" || s.raw.includes("k=dsa") || /p=[A-Za-z0-9+/]{1,250}$/.test(s.raw)) {
        expect(theirs.ok, s.selector).toBe(false);
      }
    }
  });
});

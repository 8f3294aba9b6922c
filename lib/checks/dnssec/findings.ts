import { findingCatalogue, type FixContext } from "@/lib/findings/types";
import type { DnssecEvidence } from "./index";

function evidence(ctx: FixContext): DnssecEvidence | undefined {
  return ctx.result.records.find(
    (r): r is DnssecEvidence =>
      typeof r === "object" && r !== null && (r as { kind?: string }).kind === "dnssec",
  );
}

export const catalogue = findingCatalogue({
  "dnssec.unsigned": {
    severity: "low",
    title: "DNSSEC not enabled",
    meaning:
      "The zone publishes no DNSKEY and its parent no DS: answers about your mail records (MX, SPF, DKIM, MTA-STS) cannot be authenticated, and DANE for SMTP is impossible.",
    describe: (p) => `${String(p.apex)} is not signed.`,
    fix: (ctx) => ({
      text: `Turn on DNSSEC signing at your DNS host for ${String(ctx.params.apex)} (most offer it as one switch), then add the DS record it shows at your registrar.`,
    }),
  },
  "dnssec.no_ds": {
    severity: "low",
    title: "DNSSEC chain of trust incomplete (no DS)",
    meaning:
      "The zone is signed (it has DNSKEYs) but the parent has no DS record for it, so validators treat it as unsigned (RFC 4035 §5).",
    describe: (p) => `${String(p.apex)} has DNSKEYs but no DS at the parent.`,
    fix: (ctx) => {
      const ev = evidence(ctx);
      const apex = String(ctx.params.apex);
      const ksk = ev?.dnskeys.find((k) => k.sep && k.zoneKey) ?? ev?.dnskeys[0];
      return {
        text: `Publish a DS record for ${apex} at your registrar${ksk ? ` for the key with tag ${ksk.keyTag} (algorithm ${ksk.algorithm}, digest type 2 = SHA-256); your DNS host shows its digest` : ""}.`,
      };
    },
  },
  "dnssec.dnskey_missing": {
    severity: "high",
    title: "DS at the parent but no DNSKEY in the zone",
    meaning:
      "The parent's DS says the zone is signed, but the zone serves no DNSKEY: validating resolvers (a large share of the internet) treat every answer as bogus and the domain, mail included, stops resolving for them.",
    fix: (ctx) => ({
      text: `Either re-enable signing for ${String(ctx.params.apex)} with the key the DS refers to (tag ${String((ctx.params.dsKeyTags as number[] | undefined)?.join(", "))}), or remove the DS record at your registrar.`,
    }),
  },
  "dnssec.ds_mismatch": {
    severity: "high",
    title: "DS matches no DNSKEY",
    meaning:
      "No DS record at the parent authenticates any DNSKEY of the zone (key tag, algorithm and digest per RFC 4034 §5): validators reject the zone. Usually a stale DS left after a key rollover or a move to another DNS host.",
    describe: (p) =>
      `DS key tags ${String((p.dsKeyTags as number[]).join(", "))}; DNSKEY tags ${String((p.dnskeyTags as number[]).join(", "))}.`,
    fix: (ctx) => {
      const ev = evidence(ctx);
      const apex = String(ctx.params.apex);
      const ksk = ev?.dnskeys.find((k) => k.sep && k.zoneKey) ?? ev?.dnskeys[0];
      return {
        text: `Replace the DS record at your registrar with one for the zone's current key signing key${ksk ? ` (key tag ${ksk.keyTag}, algorithm ${ksk.algorithm}, digest type 2)` : ""}; your DNS host shows its digest. ${apex} resolves again for validating resolvers once the old DS expires from caches.`,
      };
    },
  },
  "dnssec.deprecated_algorithm": {
    severity: "low",
    title: "Deprecated DNSSEC algorithm",
    meaning:
      "RFC 8624 deprecates RSAMD5, DSA, RSASHA1 (and its NSEC3 variant) and GOST for signing, and SHA-1 for DS digests; some validators treat such zones as unsigned.",
    describe: (p) =>
      [
        (p.algorithms as string[]).length ? `algorithms ${(p.algorithms as string[]).join(", ")}` : "",
        (p.digestTypes as string[]).length ? `DS digests ${(p.digestTypes as string[]).join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; ") + ".",
    fix: () => ({
      text: "Roll the zone to ECDSAP256SHA256 (algorithm 13) at your DNS host, and publish the new DS with a SHA-256 digest (type 2) at your registrar.",
    }),
  },
  "dnssec.bogus": {
    severity: "high",
    title: "DNSSEC signatures do not validate",
    meaning:
      "We followed the chain of trust from the root's key down to your zone (RFC 4035 §5) and a signature failed: validating resolvers (a large share of the internet, Google and Cloudflare's included) answer SERVFAIL, so for them the domain, mail included, stops resolving.",
    describe: (p) => `${String(p.name) || "."} ${String(p.type)}: ${String(p.reason)}.`,
    fix: (ctx) => {
      const reason = String(ctx.params.reason);
      if (/expired|not valid before/.test(reason)) {
        return {
          text: "Your zone's signatures are outside their validity period: the signer stopped re-signing (or its clock is wrong). Re-enable automatic signing at your DNS host, or re-sign the zone now and keep doing so before the signatures expire.",
        };
      }
      if (/DS|DNSKEY of/.test(reason)) {
        return {
          text: "The DS record at your registrar does not match the zone's key signing key (a key rollover or a move to another DNS host without updating the DS). Replace the DS with the one your DNS host shows for the current key, or remove it to turn DNSSEC off cleanly.",
        };
      }
      return {
        text: "The zone's data no longer matches its signatures (edited after signing, or signed with a key not published in the zone). Have your DNS host re-sign the zone; if you sign it yourself, re-sign after every change.",
      };
    },
  },
  "dnssec.not_validated": {
    severity: "info",
    title: "Signed, but the chain of trust could not be followed",
    meaning:
      "The zone has a DS and DNSKEYs, but we could not follow the chain of trust from the trust anchor to it: the resolver asked does not answer for the anchor's zone (an authoritative-only server), the parent zone is unsigned, or the zone uses an algorithm we do not implement. Run with a recursive resolver (--dns 1.1.1.1 or 9.9.9.9) to check.",
    describe: (p) => (p.reason ? `${String(p.reason)}.` : ""),
  },
  "dnssec.no_zone": {
    severity: "info",
    title: "No DNS zone found",
    meaning: "No SOA record exists for the domain or its parents up to the organizational domain.",
  },
  "dnssec.dns_error": {
    severity: "info",
    title: "DNSSEC could not be determined",
    meaning:
      "A DNSSEC query timed out or failed. A validating resolver answers SERVFAIL for a zone whose signatures do not validate, so a SERVFAIL here can mean a broken DNSSEC setup.",
    describe: (p) => `${String(p.name)} ${String(p.type)}: ${String(p.status)}.`,
  },
});

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
  "dnssec.not_validated": {
    severity: "info",
    title: "Signed, but this resolver did not validate it",
    meaning:
      "The zone has a DS and DNSKEYs, but the resolver asked (method: the AD bit from the configured resolver) did not set AD: it does not validate DNSSEC, so we could not confirm the chain. Run with a validating resolver (--dns 1.1.1.1 or 9.9.9.9) to check.",
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

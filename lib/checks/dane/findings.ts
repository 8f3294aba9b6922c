import { findingCatalogue, type FixContext } from "@/lib/findings/types";
import type { DaneEvidence } from "./index";

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

function evidence(ctx: FixContext): DaneEvidence | undefined {
  return ctx.result.records[0] as DaneEvidence | undefined;
}

export const catalogue = findingCatalogue({
  "dane.tlsa_mismatch": {
    severity: "high",
    title: "TLSA records do not match what the MX host presents",
    meaning:
      "Senders that use DANE (RFC 7672: Postfix and Exim with DANE on, Microsoft 365, Comcast...) refuse to " +
      "deliver to a host whose certificate matches none of its TLSA records: mail from them is deferred, then bounced.",
    describe: (p) => {
      const host = str(p.host);
      if (p.reason === "no_starttls") return `${host} publishes TLSA records but does not offer STARTTLS.`;
      if (p.reason === "tls_failed") return `${host} publishes TLSA records but the TLS handshake fails.`;
      if (p.reason === "no_usable_records")
        return `${host} publishes only PKIX-TA/PKIX-EE (usage 0/1) records, which SMTP senders do not use (RFC 7672 §3.1.3).`;
      return `No TLSA record at _25._tcp.${host} (${((p.records as string[]) ?? []).join("; ")}) matches the certificate chain it presents.`;
    },
    fix: (ctx) => {
      const host = str(ctx.params.host);
      return {
        text:
          `Publish a TLSA record for the key ${host} uses now, e.g. "3 1 1 <SHA-256 of the SubjectPublicKeyInfo>" ` +
          `(openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum), keep the old ` +
          'record until caches expire, then remove it. Or use "2 1 1" for your CA\'s intermediate.',
      };
    },
  },
  "dane.tlsa_unsigned": {
    severity: "medium",
    title: "TLSA records are not DNSSEC-validated",
    meaning:
      "DANE only counts when the TLSA records validate with DNSSEC (RFC 7672 §2.2): senders ignore unsigned TLSA " +
      "records, so they protect nothing.",
    describe: (p) => {
      return `The TLSA records at _25._tcp.${str(p.host)} are not signed from the trust anchor down${p.reason ? ` (${str(p.reason)})` : ""}.`;
    },
    fix: (ctx) => ({
      text: `Sign the zone holding _25._tcp.${str(ctx.params.host)} with DNSSEC and publish its DS record at the parent.`,
    }),
  },
  "dane.tlsa_bogus": {
    severity: "high",
    title: "TLSA records fail DNSSEC validation",
    meaning:
      "The TLSA records' signatures do not validate from the root's trust anchor (RFC 4035 §5): DANE senders " +
      "treat the records as bogus and defer mail to the host (RFC 7672 §2.1.1), and validating resolvers answer SERVFAIL.",
    describe: (p) => `_25._tcp.${str(p.host)}: ${str(p.reason)}.`,
    fix: (ctx) => ({
      text: `Have the zone of ${str(ctx.params.host)} re-signed (or its DS at the parent corrected): see the DNSSEC check for the broken link.`,
    }),
  },
  "dane.rollover_unsafe": {
    severity: "low",
    title: "Only one TLSA record: a key change will break DANE",
    meaning:
      "With a single TLSA record, the next key cannot be published ahead of the change; when the certificate is " +
      "renewed with a new key, DANE senders refuse the host until DNS catches up (RFC 7671 §8.1: publish current + next).",
    describe: (p) => `_25._tcp.${str(p.host)} has one usable TLSA record.`,
    fix: (ctx) => {
      const host = str(ctx.params.host);
      const current = evidence(ctx)?.hosts.find((h) => h.host === host)?.tlsa[0];
      return {
        text:
          `Publish a second TLSA record at _25._tcp.${host} for the next key (or a "2 1 1" record for your CA's ` +
          `intermediate) beside the current one${current ? ` (${current})` : ""}.`,
      };
    },
  },
  "dane.host_without_tlsa": {
    severity: "low",
    title: "An MX host has no TLSA records while others do",
    meaning:
      "DANE senders authenticate only the hosts with TLSA records; mail routed to this one is unprotected.",
    describe: (p) => `${str(p.host)} has no TLSA record at _25._tcp.${str(p.host)}.`,
    fix: (ctx) => ({
      text: `Publish TLSA records at _25._tcp.${str(ctx.params.host)} for the key it presents (in a DNSSEC-signed zone), like the other MX hosts.`,
    }),
  },
  "dane.not_verified": {
    severity: "info",
    title: "TLSA records could not be matched: the MX host was not reached",
    meaning:
      "mxray could not connect to the host (outbound port 25 is often blocked), so the match is unknown.",
    describe: (p) => `${str(p.host)}: ${str(p.detail)}.`,
  },
  "dane.no_tlsa": {
    severity: "info",
    title: "No DANE (TLSA) records",
    meaning:
      "DANE (RFC 7672) lets a DNSSEC-signed domain pin its MX certificates; it is optional. MTA-STS gives similar " +
      "protection without DNSSEC.",
    describe: (p) => `No MX host of ${str(p.domain)} publishes TLSA records.`,
  },
  "dane.dns_error": {
    severity: "info",
    title: "A TLSA lookup could not be completed",
    meaning: "A DNS query timed out or was refused (SERVFAIL, REFUSED): the result could not be determined.",
    describe: (p) =>
      `${str(p.name)} ${str(p.type)}: ${str(p.status)}${p.detail ? ` (${str(p.detail)})` : ""}.`,
  },
});

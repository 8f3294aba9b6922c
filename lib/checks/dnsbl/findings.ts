import { findingCatalogue } from "@/lib/findings/types";

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

export const catalogue = findingCatalogue({
  "dnsbl.listed": {
    severity: "high",
    title: "Listed on a DNS blocklist",
    meaning:
      "Receivers query DNS blocklists (RFC 5782) while accepting mail and reject or junk mail from listed addresses " +
      "and domains. Each list has its own criteria and removal process.",
    describe: (p) =>
      `${str(p.query)} is listed on ${p.name && p.name !== p.zone ? `${str(p.name)} (${str(p.zone)})` : str(p.zone)} with ${str(p.code)}: ${str(p.meaning)}` +
      (p.reason ? ` — "${str(p.reason)}"` : "") +
      ".",
    fix: (ctx) => {
      const delist = str(ctx.params.delistUrl) || str(ctx.params.lookupUrl);
      return {
        text:
          `Find and stop the cause first (a compromised account or host, an open relay, a bad list, missing ` +
          `authentication), then request removal from ${str(ctx.params.name, str(ctx.params.zone))}` +
          (delist ? ` at ${delist}` : "") +
          `. Delisting before the cause is fixed usually ends in relisting.`,
      };
    },
  },
  "dnsbl.query_refused": {
    severity: "info",
    title: "A blocklist refused to answer",
    meaning:
      "The list answered with a refusal code (e.g. Spamhaus 127.255.255.254: queries through public resolvers are " +
      "blocked; 127.255.255.255: too many queries) or with an address outside 127.0.0.0/8. This is not a listing: " +
      "the result for that list could not be determined.",
    describe: (p) => `${str(p.zone)} answered ${str(p.code)}: ${str(p.meaning)}.`,
    fix: () => ({
      text:
        "Run mxray with its own recursive resolver (not a public one such as 8.8.8.8 or 1.1.1.1), or, for Spamhaus, " +
        "set MXRAY_SPAMHAUS_DQS_KEY to a free Data Query Service key.",
    }),
  },
  "dnsbl.zone_unusable": {
    severity: "info",
    title: "A blocklist failed its self-test and was ignored",
    meaning:
      'RFC 5782 §5: every list must list 127.0.0.2 ("test" for domain lists) and must not list 127.0.0.1 ' +
      '("invalid"). A list that fails is dead or answers everything (wildcard), so its answer means nothing.',
    describe: (p) =>
      p.reason === "wildcard"
        ? `${str(p.zone)} lists even its must-not-list entry: it answers everything and was ignored.`
        : `${str(p.zone)} does not list its test entry: it appears dead and was ignored.`,
    fix: (ctx) => ({
      text: `Remove ${str(ctx.params.zone)} from MXRAY_DNSBL_ZONES / MXRAY_DNSBL_DOMAIN_ZONES.`,
    }),
  },
  "dnsbl.private_ip": {
    severity: "info",
    title: "Private or reserved address",
    meaning:
      "Blocklists list public addresses; a private or reserved address is never listed. The lookups were made all the same.",
    describe: (p) => `${str(p.ip)} is in ${str(p.scope)} address space.`,
  },
  "dnsbl.documentation_ip": {
    severity: "info",
    title: "Documentation address",
    meaning:
      "The address lies in a documentation range (RFC 5737, RFC 3849); the lookups were made all the same.",
    describe: (p) => `${str(p.ip)} is a documentation address.`,
  },
  "dnsbl.no_applicable_zones": {
    severity: "info",
    title: "No blocklist applies",
    meaning:
      "None of the configured lists answers for this kind of address (e.g. an IPv6 address with IPv4-only lists).",
    describe: (p) => `No configured blocklist answers for ${str(p.ip, str(p.domain))}.`,
  },
  "dnsbl.invalid_ip": {
    severity: "info",
    title: "Not an IP address",
    meaning: "The address given is not a valid IPv4 or IPv6 address; no blocklist was asked.",
    describe: (p) => `"${str(p.ip)}" is not an IP address.`,
  },
  "dnsbl.dns_error": {
    severity: "info",
    title: "Blocklist lookup could not be completed",
    meaning:
      "A blocklist query timed out or failed (SERVFAIL, REFUSED): whether the address or domain is listed there " +
      "could not be determined.",
    describe: (p) =>
      `${str(p.name)} ${str(p.type)}: ${str(p.status)}${p.detail ? ` (${str(p.detail)})` : ""}.`,
  },
});

import { findingCatalogue } from "./types";

/**
 * Findings about the report as a whole rather than one check: the domain does not exist, the pasted
 * text is not a bounce, or a per-report limit was reached (DNS questions, bytes of evidence).
 */
export const catalogue = findingCatalogue({
  "domain.not_found": {
    severity: "critical",
    title: "This domain does not exist",
    meaning:
      "The resolver answered that there is no such name (NXDOMAIN), or no zone holds it below its public suffix (no SOA or NS at or above it). Nothing can be sent from or to it, so there is no score and no record to publish: check the spelling first. If the domain does exist, the resolver asked may be filtering it (a blocklist or a split-horizon DNS): try another resolver.",
    describe: (p) =>
      `${String(p.name ?? p.domain ?? "The domain")} ${p.reason === "no_zone" ? "is not delegated: no SOA or NS record at or above it" : "does not exist (NXDOMAIN)"}, according to ${Array.isArray(p.servers) && p.servers.length ? p.servers.join(", ") : "the resolver"}.`,
    // Nothing to publish: the remedy is to check the name, or the resolver.
    fix: (ctx) => ({
      text: `Check the spelling of ${String(ctx.params.domain ?? ctx.domain ?? "the domain")}. If this domain exists, your resolver may be filtering it: run the check again with another resolver (\`--dns\`).`,
    }),
  },
  "report.query_limit": {
    severity: "info",
    title: "Stopped at the report's limit of DNS questions",
    meaning:
      'A report may send a bounded number of DNS questions (MXRAY_MAX_QUERIES), so a domain built to make mxray query names of someone else\'s choosing (thousands of MX hosts, deep include trees) cannot turn it into a flood of lookups. This domain needed more: the lookups past the limit were not sent, and the checks that needed them say "could not determine". Real receivers stop much earlier (RFC 7208 §4.6.4 allows an SPF evaluation 10 lookups).',
    describe: (p) =>
      `${String(p.notSent ?? "Some")} DNS ${p.notSent === 1 ? "question was" : "questions were"} not sent: this report may send ${String(p.maxQueries ?? "")}.`,
    fix: () => ({
      text: "Cut what makes the domain need so many lookups: fewer MX hosts, flatter SPF includes. Receivers give up far sooner than mxray does.",
    }),
  },
  "report.evidence_limited": {
    severity: "info",
    title: "Some evidence was shortened to keep the report small",
    meaning:
      'A saved report keeps a bounded amount of raw evidence (records and DNS answers): 64 KiB per check and 1 MiB in all. This domain\'s answers were larger (very long TXT records, for example), so the longest values were shortened (marked "[… N bytes cut]") and the rest left out. The findings and the score were computed from the whole answers before anything was cut.',
    describe: (p) => {
      const checks = Array.isArray(p.checks) ? (p.checks as unknown[]).map(String) : [];
      const dropped = typeof p.logEntriesCut === "number" ? p.logEntriesCut : 0;
      return [
        checks.length ? `Shortened: the evidence of ${checks.join(", ")}` : "",
        dropped ? `${dropped} DNS log ${dropped === 1 ? "entry" : "entries"} shortened or left out` : "",
        `${String(p.bytesBefore ?? "?")} bytes of evidence kept as ${String(p.bytesAfter ?? "?")}`,
      ]
        .filter(Boolean)
        .join("; ")
        .concat(".");
    },
  },
  "bounce.not_a_bounce": {
    severity: "info",
    title: "This text is not a bounce",
    meaning:
      'The pasted text holds no SMTP reply (like "550 5.1.1 ..."), no delivery status notification (RFC 3464) and no bounce wording, so there is nothing to diagnose. Paste the bounce message you received, or the server\'s reply line.',
  },
});

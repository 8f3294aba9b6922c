import { findingCatalogue } from "./types";

/**
 * Findings about the report as a whole rather than one check: the domain does not exist, or the pasted
 * text is not a bounce. Neither has a record to publish.
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
  "bounce.not_a_bounce": {
    severity: "info",
    title: "This text is not a bounce",
    meaning:
      'The pasted text holds no SMTP reply (like "550 5.1.1 ..."), no delivery status notification (RFC 3464) and no bounce wording, so there is nothing to diagnose. Paste the bounce message you received, or the server\'s reply line.',
  },
});

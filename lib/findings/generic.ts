import { findingCatalogue } from "./types";

/**
 * Words for the codes every check can produce (`<check>.dns_error`, `<check>.deadline_exceeded`,
 * `<check>.internal_error`): "could not determine" outcomes, never failures.
 */
export const GENERIC = findingCatalogue({
  dns_error: {
    severity: "info",
    title: "Could not determine: a DNS lookup failed",
    meaning:
      "A DNS question got no usable answer (timeout, SERVFAIL or REFUSED). This says nothing about the domain's records; the check is reported as unknown and not scored.",
    describe: (p) =>
      `The ${String(p.type ?? "")} lookup for ${String(p.name ?? "")} ended in ${String(p.status ?? "an error").toUpperCase()}${p.detail ? ` (${String(p.detail)})` : ""}.`,
    fix: (ctx) => ({
      text: `Check that the authoritative name servers for ${String(ctx.params.name ?? ctx.domain ?? "the domain")} answer (e.g. \`dig ${String(ctx.params.type ?? "TXT")} ${String(ctx.params.name ?? ctx.domain ?? "")}\`), then run the report again.`,
    }),
  },
  deadline_exceeded: {
    severity: "info",
    title: "Could not determine: the check did not finish in time",
    meaning:
      "The report has a global deadline so a slow name server cannot hold it hostage; this check was still waiting for DNS answers when it passed.",
    describe: (p) => `The check was still running after ${String(p.deadlineMs ?? "")} ms.`,
    fix: () => ({
      text: "Slow or unreachable name servers delay every receiver too: check their response times, then run again.",
    }),
  },
  internal_error: {
    severity: "info",
    title: "Could not determine: the check failed unexpectedly",
    meaning: "mxray hit an unexpected error running this check. It is reported as unknown and not scored.",
    describe: (p) => String(p.detail ?? ""),
  },
});

import { findingCatalogue, type FixContext, type FixSuggestion } from "@/lib/findings/types";
import type { TlsRptEvidence } from "./index";
import { parseTlsRpt, parseTlsRptUri } from "./parse";

function domainOf(ctx: FixContext): string {
  return ctx.domain ?? "example.com";
}

/**
 * One record keeping every valid destination found now (a scheme-less "user@host" becomes mailto:),
 * or the domain's own tlsrpt@ mailbox when none is usable.
 */
function oneRecord(ctx: FixContext, text: string): FixSuggestion {
  const evidence = ctx.result.records.filter(
    (r): r is TlsRptEvidence =>
      typeof r === "object" && r !== null && (r as { kind?: string }).kind === "tls_rpt",
  );
  const uris: string[] = [];
  for (const ev of evidence) {
    const rec = parseTlsRpt(ev.raw);
    for (const u of rec.rua) uris.push(u.uri);
    for (const p of rec.problems) {
      if (p.reason === "invalid_uri" && p.value && /^[^@:\s]+@[^@\s]+$/.test(p.value)) {
        const fixed = parseTlsRptUri(`mailto:${p.value}`);
        if (!("reason" in fixed)) uris.push(fixed.uri);
      }
    }
  }
  const unique = [...new Set(uris)];
  if (unique.length === 0) unique.push(`mailto:tlsrpt@${domainOf(ctx)}`);
  return {
    text,
    records: [
      { name: `_smtp._tls.${domainOf(ctx)}`, type: "TXT", value: `v=TLSRPTv1; rua=${unique.join(",")}` },
    ],
  };
}

export const catalogue = findingCatalogue({
  "tls_rpt.missing": {
    severity: "low",
    title: "No TLS-RPT record",
    meaning:
      "SMTP TLS Reporting (RFC 8460) lets sending servers tell you when TLS to your MX fails (expired certificates, MTA-STS or DANE mismatches). Without it, such failures go unnoticed until mail bounces.",
    fix: (ctx) => ({
      text: "Publish a TLS-RPT record pointing to a mailbox (or a report service) that receives the daily JSON reports.",
      records: [
        {
          name: `_smtp._tls.${domainOf(ctx)}`,
          type: "TXT",
          value: `v=TLSRPTv1; rua=mailto:tlsrpt@${domainOf(ctx)}`,
        },
      ],
    }),
  },
  "tls_rpt.invalid": {
    severity: "medium",
    title: "TLS-RPT record is invalid",
    meaning:
      "The record breaks RFC 8460 §3: it needs exactly one rua= with mailto: or https: URIs, separated by commas; senders ignore a record they cannot parse.",
    describe: (p) => {
      const what: Record<string, string> = {
        missing_rua: "the required rua= field is missing",
        invalid_uri: `"${String(p.value)}" is not a valid mailto: or https: URI`,
        unsupported_scheme: `"${String(p.value)}" uses a scheme other than mailto: or https:`,
        duplicate_rua: "rua= appears more than once",
        malformed_field: `"${String(p.value)}" is not a field=value pair`,
        invalid_version: "the record must start with v=TLSRPTv1",
      };
      return `${what[String(p.reason)] ?? String(p.reason)}.`;
    },
    fix: (ctx) => oneRecord(ctx, "Replace the record with this corrected one."),
  },
  "tls_rpt.multiple_records": {
    severity: "medium",
    title: "More than one TLS-RPT record",
    meaning: "With several v=TLSRPTv1 records, senders assume the domain does not use TLS-RPT (RFC 8460 §3).",
    describe: (p: { name: string; count: number }) =>
      `${String(p.name)} has ${String(p.count)} TLS-RPT records.`,
    fix: (ctx) => oneRecord(ctx, "Replace them with one record listing all destinations."),
  },
  "tls_rpt.dns_error": {
    severity: "info",
    title: "TLS-RPT could not be determined",
    meaning:
      "The _smtp._tls query timed out or failed (SERVFAIL/REFUSED); the result is unknown, not failed.",
    describe: (p) => `${String(p.name)} ${String(p.type)}: ${String(p.status)}.`,
  },
});

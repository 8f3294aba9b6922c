import { findingCatalogue, type FixContext, type FixSuggestion } from "@/lib/findings/types";
import { formatDmarc, isDmarcRecord, parseDmarc } from "@/lib/checks/dmarc/parse";
import type { BimiEvidence } from "./index";

function domainOf(ctx: FixContext): string {
  return ctx.domain ?? "example.com";
}

function evidence(ctx: FixContext): BimiEvidence | undefined {
  return ctx.result.records.find(
    (r): r is BimiEvidence => typeof r === "object" && r !== null && (r as { kind?: string }).kind === "bimi",
  );
}

/** The BIMI record to publish, keeping the logo and certificate URLs published now when valid. */
function bimiRecord(ctx: FixContext): { name: string; type: string; value: string } {
  const ev = evidence(ctx);
  const d = domainOf(ctx);
  const logo = ev?.logos.find((u) => u.startsWith("https://")) ?? `https://${d}/bimi/logo.svg`;
  const vmc = ev?.authority?.startsWith("https://") ? ev.authority : `https://${d}/bimi/vmc.pem`;
  return { name: `default._bimi.${d}`, type: "TXT", value: `v=BIMI1; l=${logo}; a=${vmc}` };
}

/**
 * The DMARC record BIMI needs, from the current one: p raised to quarantine when it is none, pct and
 * sp=none removed, other tags (reporting addresses) kept; a new record when there is none.
 */
function dmarcPrerequisite(d: string, raw: string | undefined) {
  const rec = raw && isDmarcRecord(raw) ? parseDmarc(raw) : undefined;
  if (!rec || !rec.usable) {
    return {
      name: `_dmarc.${d}`,
      type: "TXT",
      value: `v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${d}`,
    };
  }
  const bad = new Set(rec.problems.map((p) => p.tag));
  const tags = rec.tags.filter(
    (t) => !bad.has(t.name) && t.name !== "pct" && t.name !== "p" && !(t.name === "sp" && t.value === "none"),
  );
  tags.push({ name: "p", value: rec.p === "reject" ? "reject" : "quarantine" });
  if (!tags.some((t) => t.name === "rua")) tags.push({ name: "rua", value: `mailto:dmarc-reports@${d}` });
  return { name: `_dmarc.${d}`, type: "TXT", value: formatDmarc(tags) };
}

export const catalogue = findingCatalogue({
  "bimi.missing": {
    severity: "info",
    title: "No BIMI record",
    meaning:
      "BIMI (Brand Indicators for Message Identification) lets mailbox providers show your logo next to authenticated mail. It is optional, needs DMARC at quarantine (pct=100) or reject, and Gmail and Apple Mail also need a Verified or Common Mark Certificate (VMC/CMC).",
    fix: (ctx): FixSuggestion => ({
      text: "If you want your logo shown: enforce DMARC first (p=quarantine with pct=100, or p=reject), host the logo as SVG Tiny PS over HTTPS, obtain a VMC or CMC, then publish the BIMI record.",
      records: [bimiRecord(ctx)],
    }),
  },
  "bimi.invalid": {
    severity: "medium",
    title: "BIMI record is invalid",
    meaning:
      "The record must start with v=BIMI1 and have l= (an https URL of an SVG Tiny PS logo, or empty) and optionally a= (an https URL of the VMC/CMC PEM file); exactly one record per name. Receivers ignore a record they cannot parse.",
    describe: (p) => {
      const what: Record<string, string> = {
        multiple_records: `${String(p.name)} has ${String(p.count)} BIMI records`,
        malformed: "the record is not a valid tag-list",
        v_not_first: "v=BIMI1 must be the first tag",
        invalid_version: `unknown version "${String(p.value)}"`,
        missing_l: "the l= tag is missing",
        invalid_logo_url: `the logo URL "${String(p.value)}" is not https`,
        invalid_authority_url: `the certificate URL "${String(p.value)}" is not https`,
      };
      return `${what[String(p.reason)] ?? String(p.reason)}.`;
    },
    fix: (ctx) => ({ text: "Publish a single record in this form.", records: [bimiRecord(ctx)] }),
  },
  "bimi.dmarc_not_enforced": {
    severity: "medium",
    title: "BIMI needs an enforced DMARC policy",
    meaning:
      "Receivers show a BIMI logo only when the domain's DMARC policy is quarantine (at pct=100) or reject, for the organizational domain too, with no sp=none.",
    describe: (p) => {
      const what: Record<string, string> = {
        policy_none: "the DMARC policy is none",
        pct_partial: `the DMARC policy applies to ${String(p.pct)}% of mail only`,
        sp_none: "the DMARC subdomain policy is none",
        org_policy_weak: `the organizational domain ${String(p.recordDomain)} does not enforce DMARC`,
        dmarc_missing: "there is no DMARC record",
        dmarc_multiple: "there are several DMARC records, so none applies",
        dmarc_invalid: "the DMARC record is invalid",
      };
      return `${what[String(p.reason)] ?? String(p.reason)}, so receivers will not show the logo.`;
    },
    fix: (ctx) => {
      const ev = evidence(ctx);
      const d = ev?.dmarc.recordDomain ?? domainOf(ctx);
      return {
        text: `Enforce DMARC at ${d} (p=quarantine without pct, or p=reject) once reports show your mail passing; the DMARC check's fix keeps your current reporting addresses.`,
        records: [dmarcPrerequisite(d, ctx.params.reason === "org_policy_weak" ? undefined : ev?.dmarc.raw)],
      };
    },
  },
  "bimi.no_vmc": {
    severity: "info",
    title: "BIMI record without a certificate",
    meaning:
      "Without a= (a Verified Mark Certificate or Common Mark Certificate), Gmail and Apple Mail do not show the logo; some other providers do.",
    fix: (ctx) => ({
      text: "Obtain a VMC (trademarked logo) or CMC from a mark verifying authority, host the PEM over HTTPS, and add a= to the record.",
      records: [bimiRecord(ctx)],
    }),
  },
  "bimi.declined": {
    severity: "info",
    title: "BIMI explicitly declined",
    meaning: "The record has empty l= and a=: the domain asks receivers not to show any logo for it.",
  },
  "bimi.dns_error": {
    severity: "info",
    title: "BIMI could not be determined",
    meaning:
      "A DNS query for BIMI or DMARC timed out or failed (SERVFAIL/REFUSED); the result is unknown, not failed.",
    describe: (p) => `${String(p.name)} ${String(p.type)}: ${String(p.status)}.`,
  },
});

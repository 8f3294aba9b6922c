import { findingCatalogue, type FixContext, type RecordToPublish } from "@/lib/findings/types";
import { policyText, type MtaStsEvidence } from "./parse";

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

function evidence(ctx: FixContext): MtaStsEvidence | undefined {
  return ctx.result.records[0] as MtaStsEvidence | undefined;
}

/** A fresh policy id: today's date and a counter, e.g. 2026112301 (RFC 8461 §3.1: 1-32 alphanumerics). */
export function newPolicyId(now = new Date()): string {
  return `${now.toISOString().slice(0, 10).replace(/-/g, "")}01`;
}

function txtRecord(domain: string): RecordToPublish {
  return { name: `_mta-sts.${domain}.`, type: "TXT", value: `"v=STSv1; id=${newPolicyId()}"` };
}

/** MX hosts the policy must list: what the domain has now (evidence), else the finding's params. */
function currentMx(ctx: FixContext): string[] {
  const hosts = evidence(ctx)?.mx ?? (ctx.params.mx as string[] | undefined) ?? [];
  // No MX: the domain itself is the implicit MX (RFC 5321 §5.1).
  return hosts.length ? hosts : ctx.domain ? [ctx.domain] : [];
}

function policyFix(ctx: FixContext, mode: "testing" | "enforce", lead: string) {
  const domain = ctx.domain ?? str(ctx.params.domain, "example.com");
  const text = policyText(currentMx(ctx), mode);
  return {
    text:
      `${lead} Serve this file as text/plain at https://mta-sts.${domain}/.well-known/mta-sts.txt (valid certificate ` +
      `for mta-sts.${domain}, no redirects), then publish the TXT record; change its id whenever the policy changes.\n\n` +
      text,
    records: [txtRecord(domain)],
  };
}

export const catalogue = findingCatalogue({
  "mta_sts.missing": {
    severity: "low",
    title: "No MTA-STS policy",
    meaning:
      "MTA-STS (RFC 8461) lets a domain require authenticated TLS for mail sent to it; without it, an attacker on the " +
      "path can strip STARTTLS or redirect mail.",
    describe: (p) => `${str(p.domain)} publishes no _mta-sts TXT record.`,
    fix: (ctx) =>
      policyFix(
        ctx,
        "testing",
        "Start in testing mode (with TLS-RPT reports) and move to enforce once reports are clean.",
      ),
  },
  "mta_sts.invalid": {
    severity: "medium",
    title: "MTA-STS record or policy is invalid",
    meaning:
      "Senders ignore an MTA-STS policy they cannot fetch or parse: the TXT must be a single v=STSv1 record with an id, " +
      "and the policy must be served over HTTPS with a valid certificate, as text/plain, without redirects, and " +
      "contain version, mode, max_age and mx lines (RFC 8461 §3).",
    describe: (p) => {
      switch (p.reason) {
        case "multiple_txt_records":
          return "There is more than one v=STSv1 TXT record; senders then use none.";
        case "txt_syntax":
          return `The TXT record is malformed: ${str(p.detail)}.`;
        case "policy_host_not_found":
          return `The policy host ${str(p.host)} does not exist.`;
        case "certificate":
          return `The policy host's certificate is not valid: ${str(p.detail)}.`;
        case "redirect":
          return `The policy URL redirects (HTTP ${String(p.status)}${p.location ? ` to ${str(p.location)}` : ""}); redirects must not be followed.`;
        case "http_status":
          return `The policy URL answered HTTP ${String(p.status)} instead of 200.`;
        case "content_type":
          return `The policy is served as ${str(p.contentType, "no content type")} instead of text/plain.`;
        case "too_large":
          return `The policy is larger than 64 KiB.`;
        default:
          return `The policy is invalid: ${str(p.detail, str(p.reason))}.`;
      }
    },
    fix: (ctx) => {
      const mode = (evidence(ctx)?.policy?.parsed?.mode === "enforce" ? "enforce" : "testing") as
        "enforce" | "testing";
      return policyFix(ctx, mode, "Publish exactly one TXT record and a policy file like these.");
    },
  },
  "mta_sts.mx_mismatch": {
    severity: "high",
    title: "An MX host is not covered by the MTA-STS policy",
    meaning:
      "Senders that honour the policy only deliver to MX hosts matching its mx lines (RFC 8461 §4.1). In enforce " +
      "mode, mail routed to a host outside the policy is not delivered.",
    describe: (p) =>
      `${str(p.mx)} matches none of ${((p.patterns as string[]) ?? []).join(", ")} (mode ${str(p.mode)}).`,
    fix: (ctx) => {
      const mode = ctx.params.mode === "enforce" ? "enforce" : "testing";
      return policyFix(
        ctx,
        mode,
        `Add ${str(ctx.params.mx)} to the policy's mx lines (or remove it from the MX set).`,
      );
    },
  },
  "mta_sts.cert_mismatch": {
    severity: "high",
    title: "An MX host's certificate does not satisfy the MTA-STS policy",
    meaning:
      "A sender that honours the policy delivers only to an MX host that matches a policy mx line and presents a " +
      "trusted, unexpired certificate valid for that host's name (RFC 8461 §4.1, §4.2). In enforce mode mail to " +
      "this host is not delivered; in testing mode the failure is only reported (TLS-RPT).",
    describe: (p) => {
      const mx = str(p.mx);
      const names = ((p.names as string[]) ?? []).join(", ") || "no DNS name";
      switch (p.reason) {
        case "no_tls":
          return `${mx} offers no working STARTTLS, so no certificate can be checked.`;
        case "names_outside_policy":
          return `${mx} presents a certificate for ${names}, outside the policy's mx lines (${((p.patterns as string[]) ?? []).join(", ")}).`;
        case "host_not_named":
          return `${mx} presents a certificate for ${names}, which does not name ${mx}.`;
        case "expired":
          return `${mx} presents an expired certificate.`;
        default:
          return `${mx} presents a certificate that does not chain to a trusted root.`;
      }
    },
    fix: (ctx) => ({
      text:
        `Give ${str(ctx.params.mx)} a certificate from a public CA that names it (and is within the policy's mx ` +
        "lines), with the full chain, and renew it automatically.",
    }),
  },
  "mta_sts.testing_mode": {
    severity: "low",
    title: "MTA-STS is in testing mode",
    meaning:
      "In testing mode senders report TLS failures (with TLS-RPT) but still deliver: no protection yet.",
    describe: () => "The MTA-STS policy is in testing mode.",
    fix: (ctx) =>
      policyFix(ctx, "enforce", "Once TLS-RPT reports show no failures, switch the policy to enforce."),
  },
  "mta_sts.mode_none": {
    severity: "low",
    title: "MTA-STS policy mode is none",
    meaning: "Mode none withdraws the policy: senders apply no MTA-STS protection.",
    describe: () => "The MTA-STS policy has mode none.",
    fix: (ctx) =>
      policyFix(ctx, "testing", "If the withdrawal is not intended, set the mode to testing, then enforce."),
  },
  "mta_sts.policy_fetch_failed": {
    severity: "info",
    title: "The MTA-STS policy could not be fetched",
    meaning:
      "The policy host did not answer (timeout, refused connection, DNS failure) or resolves only to non-public " +
      "addresses, which mxray does not connect to. Whether the policy is valid could not be determined.",
    describe: (p) => `Fetching ${str(p.url)} failed (${str(p.reason)}): ${str(p.detail)}.`,
  },
  "mta_sts.dns_error": {
    severity: "info",
    title: "MTA-STS lookup could not be completed",
    meaning: "A DNS query timed out or was refused (SERVFAIL, REFUSED): the result could not be determined.",
    describe: (p) =>
      `${str(p.name)} ${str(p.type)}: ${str(p.status)}${p.detail ? ` (${str(p.detail)})` : ""}.`,
  },
});

import type { CheckName, CheckResult } from "@/lib/checks/types";

export type ChecklistStatus = "pass" | "fail" | "unknown" | "not_applicable";

export interface ChecklistItem {
  id: string;
  label: string;
  status: ChecklistStatus;
  /** Why this status: the codes or missing input behind it. */
  because: string;
}

type Checks = Partial<Record<CheckName, CheckResult>>;

function has(result: CheckResult | undefined, ...codes: string[]): boolean {
  return !!result?.findings.some((f) => codes.includes(f.code));
}

/** Checks that could not run to completion cannot prove or disprove anything. */
function unknownOr(
  result: CheckResult | undefined,
  missing: string,
  judge: (r: CheckResult) => ChecklistItem["status"],
) {
  if (!result || result.status === "skipped") return { status: "unknown" as const, because: missing };
  if (result.status === "error")
    return { status: "unknown" as const, because: "could not determine (DNS error)" };
  return { status: judge(result), because: "" };
}

/**
 * The Gmail and Yahoo bulk-sender requirements (in force since February 2024) as a pass/fail list, from
 * what DNS can show. Message-level items (alignment of a real message, one-click unsubscribe, spam rate)
 * need a message or postmaster data and are marked so, never guessed.
 */
export function bulkSenderChecklist(checks: Checks): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const spf = checks.spf;
  const spfBad = [
    "spf.missing",
    "spf.multiple_records",
    "spf.syntax_error",
    "spf.too_many_lookups",
    "spf.void_lookups",
    "spf.include_loop",
    // +all authorizes every host on the Internet: the record exists but proves nothing.
    "spf.pass_all",
  ];
  const spfJudge = unknownOr(spf, "no domain checked", (r) => (has(r, ...spfBad) ? "fail" : "pass"));
  items.push({
    id: "spf",
    label: "SPF record published and valid",
    ...spfJudge,
    because:
      spfJudge.because ||
      (spfJudge.status === "fail" ? spfBad.filter((c) => has(spf, c)).join(", ") : "valid v=spf1 record"),
  });
  if (spf?.findings.some((f) => f.code === "spf.ip_not_authorized") || (spf && hasVerdict(spf))) {
    const bad = has(spf, "spf.ip_not_authorized");
    items.push({
      id: "spf_ip",
      label: "The sending IP passes SPF",
      status: spf.status === "error" ? "unknown" : bad ? "fail" : "pass",
      because: bad ? "spf.ip_not_authorized" : "SPF verdict pass",
    });
  }
  const dkim = checks.dkim;
  const dkimJudge = unknownOr(dkim, "no domain checked", (r) => {
    if (has(r, "dkim.no_selector_found")) return "fail";
    if (has(r, "dkim.selector_unknown")) return "unknown";
    return has(r, "dkim.key_too_short", "dkim.key_revoked", "dkim.syntax_error", "dkim.invalid_key")
      ? "fail"
      : "pass";
  });
  items.push({
    id: "dkim",
    label: "DKIM key published (1024 bits or more)",
    ...dkimJudge,
    because:
      dkimJudge.because ||
      (dkimJudge.status === "unknown"
        ? "selector not among the common ones: give it with --selector"
        : dkimJudge.status === "fail"
          ? "no usable DKIM key found"
          : "valid key found"),
  });
  const dmarc = checks.dmarc;
  const dmarcJudge = unknownOr(dmarc, "no domain checked", (r) =>
    has(r, "dmarc.missing", "dmarc.syntax_error", "dmarc.multiple_records") ? "fail" : "pass",
  );
  items.push({
    id: "dmarc",
    label: "DMARC record with at least p=none",
    ...dmarcJudge,
    because:
      dmarcJudge.because || (dmarcJudge.status === "fail" ? "no valid DMARC record" : "valid DMARC record"),
  });
  items.push({
    id: "alignment",
    label: "From: domain aligned with SPF or DKIM",
    status: "unknown",
    because: "needs a real message: paste its bounce or headers",
  });
  const ptr = checks.ptr;
  const ptrJudge = unknownOr(ptr, "give the sending IP", (r) =>
    has(r, "ptr.missing", "ptr.fcrdns_mismatch") ? "fail" : "pass",
  );
  items.push({
    id: "fcrdns",
    label: "Sending IP has forward-confirmed reverse DNS",
    ...ptrJudge,
    because:
      ptrJudge.because ||
      (ptrJudge.status === "fail" ? "PTR missing or not confirmed" : "PTR resolves back to the IP"),
  });
  const dnsbl = checks.dnsbl;
  const dnsblJudge = unknownOr(dnsbl, "no IP or domain checked", (r) =>
    has(r, "dnsbl.listed") ? "fail" : "pass",
  );
  items.push({
    id: "blocklists",
    label: "Not listed on major blocklists",
    ...dnsblJudge,
    because: dnsblJudge.because || (dnsblJudge.status === "fail" ? "listed" : "no listing found"),
  });
  items.push({
    id: "tls",
    label: "TLS for transmitting mail",
    status: "unknown",
    because: "needs an SMTP connection from the sending side; not tested from DNS",
  });
  items.push({
    id: "unsubscribe",
    label: "One-click unsubscribe (RFC 8058) and spam rate under 0.3 %",
    status: "not_applicable",
    because: "message and Postmaster Tools data, not DNS",
  });
  return items;
}

function hasVerdict(spf: CheckResult): boolean {
  return spf.records.some(
    (r) => typeof r === "object" && r !== null && "verdict" in r && (r as { verdict?: unknown }).verdict,
  );
}

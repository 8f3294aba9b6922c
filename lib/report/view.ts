import { severityRank, worstFirst } from "@/lib/findings/severity";
import { CHECK_LABELS } from "@/lib/checks/labels";
import type { CheckName, CheckResult, CheckStatus } from "@/lib/checks/types";
import { explainFinding, type ExplainedFinding } from "@/lib/findings";
import type { ReportDocument } from "./types";

/** One check as the page draws it (components/report/check-card.tsx): plain data, words already chosen. */
export interface CheckView {
  name: CheckName;
  label: string;
  about: string;
  status: CheckStatus;
  durationMs: number;
  queries: number;
  findings: ExplainedFinding[];
  records: unknown[];
}

/** Plain data for rendering: every finding turned into words and fixes, worst first. */
export function checkViews(doc: ReportDocument): CheckView[] {
  return (Object.entries(doc.checks) as [CheckName, CheckResult][]).map(([name, result]) => {
    // A bounce report's MX is the recipient's: it says nothing about the sender's providers.
    const { mx: _recipientMx, ...senderChecks } = doc.checks;
    const input = {
      ...inputFor(doc, name),
      profile: doc.profile,
      checks: doc.kind === "bounce" ? senderChecks : doc.checks,
    };
    const findings = result.findings.map((f) => explainFinding(f, result, input)).sort(worstFirst);
    return {
      name,
      label: CHECK_LABELS[name]?.name ?? name,
      about: CHECK_LABELS[name]?.about ?? "",
      status: result.status,
      durationMs: result.durationMs,
      queries: result.queries ?? 0,
      findings,
      records: result.records,
    };
  });
}

/** What a report is about, as people read it: the domain (U-label), the IP, or "Bounce diagnosis". */
export function reportSubject(doc: Pick<ReportDocument, "kind" | "input">): string {
  if (doc.kind === "bounce") return "Bounce diagnosis";
  if (doc.kind === "message")
    return `Message from ${doc.input.domainUnicode ?? doc.input.domain ?? "an unknown domain"}`;
  return doc.input.domainUnicode ?? doc.input.domain ?? doc.input.ip ?? "Report";
}

/** The domain / IP a check looked at (for bounce reports they differ per check). */
export function inputFor(doc: ReportDocument, check: CheckName): { domain?: string; ip?: string } {
  const domain =
    check === "mx" && doc.kind === "bounce"
      ? doc.targets?.recipientDomain
      : (doc.input.domain ?? doc.targets?.senderDomain);
  const ip = doc.input.ip ?? doc.targets?.sendingIp;
  return { ...(domain ? { domain } : {}), ...(ip ? { ip } : {}) };
}

/** The single most important thing to do next: the worst finding that has a fix. */
export function nextStep(views: CheckView[]): (ExplainedFinding & { check: string }) | null {
  let best: (ExplainedFinding & { check: string }) | null = null;
  for (const v of views) {
    for (const f of v.findings) {
      if (f.severity === "info" || !f.fix) continue;
      if (!best || severityRank(f.severity) > severityRank(best.severity)) best = { ...f, check: v.label };
    }
  }
  return best;
}

/**
 * What the card and the page title say in place of a grade when the report has none: "Incomplete" with the range, "Domain
 * not found", "Not a bounce", or "Bounce diagnosis" (a bounce alone is not graded). Null: show the grade.
 */
export function verdictWords(
  doc: Pick<ReportDocument, "status" | "score" | "grade" | "scoreRange" | "bounce">,
): { headline: string; detail: string } | null {
  switch (doc.status ?? "complete") {
    case "incomplete":
      return {
        headline: "Incomplete",
        detail: doc.scoreRange
          ? `score somewhere in ${doc.scoreRange.min}-${doc.scoreRange.max}`
          : "no score",
      };
    case "domain_not_found":
      return { headline: "Domain not found", detail: "no such domain in DNS" };
    case "not_a_bounce":
      return { headline: "Not a bounce", detail: "nothing to diagnose" };
    case "complete":
      break; // graded, or a bounce diagnosis: below
  }
  if (doc.score === null || doc.grade === null) {
    return {
      headline: "Diagnosed",
      detail: doc.bounce ? doc.bounce.family.replace(/_/g, " ") : "not graded",
    };
  }
  return null;
}

/** Why each undetermined check could not be determined, in words ("TXT example.com: TIMEOUT (...)"). */
export function undeterminedReasons(
  doc: Pick<ReportDocument, "checks">,
  unknown: readonly CheckName[],
): { check: CheckName; label: string; reasons: string[] }[] {
  return unknown.map((name) => {
    const result = doc.checks[name];
    const reasons = new Set<string>();
    for (const f of result?.findings ?? []) {
      const p = f.params;
      if (f.code.endsWith(".dns_error")) {
        const status = String(p.status ?? "error").toUpperCase();
        reasons.add(
          `${String(p.type ?? "")} ${String(p.name ?? "")}: ${status}${p.detail ? ` (${String(p.detail)})` : ""}`.trim(),
        );
      } else if (f.code.endsWith(".deadline_exceeded")) {
        reasons.add(`still waiting for DNS answers at the ${String(p.deadlineMs ?? "")} ms deadline`);
      } else if (f.code.endsWith(".internal_error")) {
        reasons.add("the check failed unexpectedly");
      }
    }
    if (reasons.size === 0) reasons.add("a DNS lookup got no usable answer");
    return { check: name, label: CHECK_LABELS[name]?.name ?? name, reasons: [...reasons].slice(0, 3) };
  });
}

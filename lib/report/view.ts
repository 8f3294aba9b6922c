import type { CheckView } from "@/components/report/check-card";
import { CHECK_LABELS } from "@/lib/checks/labels";
import type { CheckName, CheckResult } from "@/lib/checks/types";
import { explainFinding, type ExplainedFinding } from "@/lib/findings";
import type { ReportDocument } from "./types";

const ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Plain data for rendering: every finding turned into words and fixes, worst first. */
export function checkViews(doc: ReportDocument): CheckView[] {
  return (Object.entries(doc.checks) as [CheckName, CheckResult][]).map(([name, result]) => {
    const input = inputFor(doc, name);
    const findings = result.findings
      .map((f) => explainFinding(f, result, input))
      .sort((a, b) => (ORDER[a.severity] ?? 9) - (ORDER[b.severity] ?? 9));
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
      if (!best || (ORDER[f.severity] ?? 9) < (ORDER[best.severity] ?? 9)) best = { ...f, check: v.label };
    }
  }
  return best;
}

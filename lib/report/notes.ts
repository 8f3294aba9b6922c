import { explainFinding, type ExplainedFinding } from "@/lib/findings";
import type { ReportDocument } from "./types";

/** Report-level findings the page and the CLI show in their own places (banners), not as notes. */
const SHOWN_ELSEWHERE = new Set(["domain.not_found", "bounce.not_a_bounce"]);

/**
 * The report's own findings that are about how it was made, not about the domain: the limits it reached
 * (`report.query_limit`, `report.evidence_limited`), in words, for the page and the CLI alike.
 */
export function reportNotes(doc: Pick<ReportDocument, "findings" | "input">): ExplainedFinding[] {
  const empty = {
    check: "spf" as const,
    status: "info" as const,
    findings: [],
    records: [],
    queries: 0,
    durationMs: 0,
  };
  return (doc.findings ?? [])
    .filter((f) => !SHOWN_ELSEWHERE.has(f.code))
    .map((f) =>
      explainFinding(f, empty, {
        ...(doc.input.domain ? { domain: doc.input.domain } : {}),
        ...(doc.input.ip ? { ip: doc.input.ip } : {}),
      }),
    );
}

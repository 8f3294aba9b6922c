import type { ResolverStats } from "@/lib/dns/types";
import { capEvidence } from "./evidence-cap";
import type { ReportDocument } from "./types";

/**
 * The per-report limits, said in the report: `report.query_limit` when DNS questions were not sent because
 * the report reached MXRAY_MAX_QUERIES (the checks that needed them are "could not determine"), and the
 * evidence caps of ./evidence-cap.ts. A limit that was reached is a finding, never a silent cut.
 */
export function withReportLimits<T extends ReportDocument>(doc: T, stats: ResolverStats): T {
  const limited: T = stats.notSent
    ? {
        ...doc,
        findings: [
          ...(doc.findings ?? []),
          {
            code: "report.query_limit",
            severity: "info",
            params: { maxQueries: stats.maxQueries, notSent: stats.notSent },
          },
        ],
      }
    : doc;
  return capEvidence(limited);
}

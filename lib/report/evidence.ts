import type { QueryLogEntry } from "@/lib/dns/types";
import type { ReportDocument } from "./types";

/** What the report page loads on demand (GET /api/reports/<id>/evidence): the bulk of a report's bytes. */
export interface ReportEvidence {
  id: string;
  dns: { servers: string[]; log: QueryLogEntry[] };
  /** Every check's records, as saved. */
  records: Record<string, unknown[]>;
}

export function reportEvidence(doc: ReportDocument): ReportEvidence {
  return {
    id: doc.id ?? "",
    dns: { servers: doc.dns.servers ?? [], log: doc.dns.log ?? [] },
    records: Object.fromEntries(
      Object.entries(doc.checks).map(([name, c]) => [name, Array.isArray(c?.records) ? c.records : []]),
    ),
  };
}

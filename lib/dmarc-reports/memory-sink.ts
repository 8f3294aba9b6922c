import type { ReportSink } from "./read";
import type { AggregateMeta, AggregateRecord, ReadReport, TlsReport } from "./types";

export interface HeldReport {
  report: AggregateMeta | TlsReport;
  records: AggregateRecord[];
  read: ReadReport;
}

/**
 * A sink that keeps reports in memory (the CLI, tests). Deduplicates like the database: by reporting
 * org + report id. `keepRecords: false` keeps only what a summary needs, through `onRecords`.
 */
export class MemorySink implements ReportSink {
  readonly reports: HeldReport[] = [];
  private readonly seen = new Set<string>();
  private current: { report: AggregateMeta | TlsReport; records: AggregateRecord[] } | null = null;

  constructor(
    private readonly opts: {
      keepRecords?: boolean;
      onRecords?: (meta: AggregateMeta, batch: AggregateRecord[]) => void;
      onTls?: (report: TlsReport) => void;
    } = {},
  ) {}

  async begin(report: AggregateMeta | TlsReport) {
    const key = `${report.kind}\u0000${report.orgName}\u0000${report.reportId}`;
    const duplicate = this.seen.has(key);
    this.seen.add(key);
    this.current = { report, records: [] };
    if (!duplicate && report.kind === "tls") this.opts.onTls?.(report);
    return { duplicate };
  }

  async records(batch: AggregateRecord[]) {
    const c = this.current;
    if (!c || c.report.kind !== "aggregate") return;
    if (this.opts.keepRecords !== false) c.records.push(...batch);
    this.opts.onRecords?.(c.report, batch);
  }

  async end(read: ReadReport) {
    if (this.current) this.reports.push({ ...this.current, read });
    this.current = null;
  }

  async abort() {
    if (this.current)
      this.seen.delete(
        `${this.current.report.kind}\u0000${this.current.report.orgName}\u0000${this.current.report.reportId}`,
      );
    this.current = null;
  }
}

/** The only code that touches the database's reports: create, get by slug, history, "run again", delete. */
export { createReport } from "./create-report";
export type { CreatedReport } from "./create-report";
export {
  deleteReport,
  onReportsDeleted,
  purgeExpiredReports,
  purgeExpiredReportsSoon,
  retentionCutoff,
} from "./delete-report";
export type { DeleteOutcome, ReportsDeletedListener } from "./delete-report";
export { getReportBySlug } from "./get-report-by-slug";
export { listDomainReports, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT } from "./list-domain-reports";
export type { ListDomainReportsOptions } from "./list-domain-reports";
export { latestReportFor } from "./latest-report-for";
export type { SameInput } from "./latest-report-for";
export { isValidSlug } from "./slug";
export { GRADES, REPORT_KINDS, normalizeDomain } from "./types";
export type { Grade, NewReport, ReportInput, ReportKind, ReportSummary, StoredReport } from "./types";

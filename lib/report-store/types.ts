import { z } from "zod";

export const REPORT_KINDS = ["domain", "ip", "bounce", "message"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const GRADES = ["A+", "A", "B", "C", "D", "F"] as const;
export const REPORT_STATUSES = ["complete", "incomplete", "domain_not_found", "not_a_bounce"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type Grade = (typeof GRADES)[number];

/** What the user entered, as stored in `reports.input`. */
export const reportInputSchema = z
  .object({
    domain: z.string().max(253).optional(),
    ip: z.string().max(45).optional(),
    bounce: z.string().optional(),
    asked: z.string().max(2048).optional(),
    selectors: z.array(z.string().max(253)).max(50).optional(),
  })
  .strict();
export type ReportInput = z.infer<typeof reportInputSchema>;

/** Normalises a domain for storage and lookups: the caller passes an A-label; case and a final dot are noise. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, "");
}

export const newReportSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    /** A-label (punycode). */
    domain: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(/^[\x21-\x7e]+$/, "must be an A-label (ASCII)")
      .transform(normalizeDomain)
      .nullish(),
    ip: z.string().trim().min(2).max(45).nullish(),
    input: reportInputSchema,
    status: z.enum(REPORT_STATUSES).default("complete"),
    /** Null unless the report could be judged (status complete, something to score). */
    score: z.number().int().min(0).max(100).nullable(),
    grade: z.enum(GRADES).nullable(),
    scoringVersion: z.string().min(1).max(32),
    /** The whole report document (contract "Report JSON"); must be JSON-serialisable. */
    results: z.unknown(),
    /** The DNS query log of the run; must be JSON-serialisable. */
    dnsLog: z.unknown(),
    /** "Run again": the report this one re-runs (see latestReportFor). */
    previousId: z.uuid().nullish(),
  })
  .strict();

export type NewReport = z.input<typeof newReportSchema>;

export interface StoredReport {
  id: string;
  /** The public handle: share links use it, never the id. */
  slug: string;
  kind: ReportKind;
  domain: string | null;
  ip: string | null;
  input: ReportInput;
  status: ReportStatus;
  score: number | null;
  grade: Grade | null;
  scoringVersion: string;
  results: unknown;
  dnsLog: unknown;
  previousId: string | null;
  createdAt: Date;
}

/** A history row: everything but the heavy JSON columns. */
export type ReportSummary = Omit<StoredReport, "input" | "results" | "dnsLog">;

/** Rows read back from the database are checked too: JSON columns are whatever was written, by any version. */
export const storedReportSchema = z.object({
  id: z.string(),
  slug: z.string(),
  kind: z.enum(REPORT_KINDS),
  domain: z.string().nullable(),
  ip: z.string().nullable(),
  input: reportInputSchema.strip(),
  status: z.enum(REPORT_STATUSES),
  score: z.number().int().nullable(),
  grade: z.enum(GRADES).nullable(),
  scoringVersion: z.string(),
  results: z.unknown(),
  dnsLog: z.unknown(),
  previousId: z.string().nullable(),
  createdAt: z.date(),
});

export const reportSummarySchema = storedReportSchema.omit({ input: true, results: true, dnsLog: true });

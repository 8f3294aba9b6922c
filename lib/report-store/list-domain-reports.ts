import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db/index";
import { AppError } from "@/lib/errors";
import { rethrowDbError } from "./db-errors";
import { retentionCutoff } from "./delete-report";
import { SUMMARY_SELECT, toReportSummary } from "./rows";
import { normalizeDomain, type ReportSummary } from "./types";

export const DEFAULT_HISTORY_LIMIT = 20;
export const MAX_HISTORY_LIMIT = 100;

export interface ListDomainReportsOptions {
  /** At most this many rows (default 20, capped at 100). */
  limit?: number;
  /** Only reports created strictly before this instant: pass the last row's createdAt for the next page. */
  before?: Date;
}

/** A domain's report history (every kind that names the domain), newest first. */
export async function listDomainReports(
  domain: string,
  opts: ListDomainReportsOptions = {},
): Promise<ReportSummary[]> {
  const limit = opts.limit ?? DEFAULT_HISTORY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new AppError("invalid_input", `limit must be a positive integer, got ${String(opts.limit)}`);
  }
  if (opts.before !== undefined && Number.isNaN(opts.before.getTime())) {
    throw new AppError("invalid_input", "before must be a valid date");
  }
  const name = normalizeDomain(domain);
  if (name === "") return [];
  const cutoff = retentionCutoff(config().MXRAY_RETENTION_DAYS);
  const prisma = await getPrisma();
  try {
    const rows = await prisma.report.findMany({
      // Domain and IP reports only: a bounce or a message report shows someone's mail (addresses, subject)
      // and is reached by its share link (or its test address) alone.
      where: {
        domain: name,
        kind: { in: ["domain", "ip"] },
        createdAt: {
          ...(opts.before ? { lt: opts.before } : {}),
          ...(cutoff ? { gte: cutoff } : {}),
        },
      },
      // id (UUIDv7, time-ordered) breaks ties between reports saved in the same millisecond.
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.min(limit, MAX_HISTORY_LIMIT),
      select: SUMMARY_SELECT,
    });
    return rows.map(toReportSummary);
  } catch (e) {
    rethrowDbError(e, "listing a domain's reports");
  }
}

import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db/index";
import { rethrowDbError } from "./db-errors";
import { retentionCutoff } from "./delete-report";
import { toStoredReport } from "./rows";
import { isValidSlug } from "./slug";
import type { StoredReport } from "./types";

/**
 * The report behind a share link, or null. Strings that cannot be a slug return null without a query.
 * A report past its retention period is gone even before the purge reaches it.
 */
export async function getReportBySlug(slug: string): Promise<StoredReport | null> {
  if (!isValidSlug(slug)) return null;
  const prisma = await getPrisma();
  let row;
  try {
    row = await prisma.report.findUnique({ where: { slug } });
  } catch (e) {
    rethrowDbError(e, "reading a report");
  }
  if (!row) return null;
  const cutoff = retentionCutoff(config().MXRAY_RETENTION_DAYS);
  if (cutoff && row.createdAt < cutoff) return null;
  return toStoredReport(row);
}

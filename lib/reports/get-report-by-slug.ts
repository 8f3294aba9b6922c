import { getPrisma } from "@/lib/db";
import { rethrowDbError } from "./db-errors";
import { toStoredReport } from "./rows";
import { isValidSlug } from "./slug";
import type { StoredReport } from "./types";

/** The report behind a share link, or null. Strings that cannot be a slug return null without a query. */
export async function getReportBySlug(slug: string): Promise<StoredReport | null> {
  if (!isValidSlug(slug)) return null;
  const prisma = await getPrisma();
  let row;
  try {
    row = await prisma.report.findUnique({ where: { slug } });
  } catch (e) {
    rethrowDbError(e, "reading a report");
  }
  return row ? toStoredReport(row) : null;
}

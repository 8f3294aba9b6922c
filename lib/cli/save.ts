import { config } from "@/lib/config";
import { saveReportDocument } from "@/lib/report/service";
import type { ReportDocument } from "@/lib/report/types";

/**
 * `--save`: the same path as the API, so the printed link opens the same report in the app. The report
 * is run first: when the database is down the caller still has the result to print.
 */
export async function saveCliReport(doc: ReportDocument): Promise<ReportDocument> {
  const cfg = config();
  const baseUrl = cfg.MXRAY_PUBLIC_URL ?? `http://localhost:${cfg.PORT}`;
  try {
    return await saveReportDocument(doc, { baseUrl });
  } finally {
    const { closeDb } = await import("@/lib/db/index");
    await closeDb();
  }
}

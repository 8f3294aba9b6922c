import { getPrisma } from "@/lib/db/index";
import { rethrowDbError } from "./db-errors";
import { SUMMARY_SELECT, toReportSummary } from "./rows";
import { normalizeDomain, type ReportKind, type ReportSummary } from "./types";

export interface SameInput {
  kind: ReportKind;
  domain?: string | null;
  ip?: string | null;
  /** For bounce reports: the bounce text, compared exactly. */
  bounce?: string | null;
}

/**
 * The newest report for the same input (same kind, domain and IP; a missing domain/IP must be missing
 * there too; for bounces, the same text), or null: "run again" stores its id as the new report's previousId.
 */
export async function latestReportFor(input: SameInput): Promise<ReportSummary | null> {
  const domain = input.domain ? normalizeDomain(input.domain) : null;
  const ip = input.ip?.trim() || null;
  // Every bounce report has neither domain nor IP of its own input, so only the text can identify "the same".
  if (input.kind === "bounce" && !input.bounce) return null;
  const prisma = await getPrisma();
  try {
    const row = await prisma.report.findFirst({
      where: {
        kind: input.kind,
        domain,
        ip,
        ...(input.kind === "bounce" ? { input: { path: ["bounce"], equals: input.bounce ?? "" } } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: SUMMARY_SELECT,
    });
    return row ? toReportSummary(row) : null;
  } catch (e) {
    rethrowDbError(e, "finding the previous report");
  }
}

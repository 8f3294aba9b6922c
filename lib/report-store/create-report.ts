import { z } from "zod";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db/index";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { rethrowDbError } from "./db-errors";
import { purgeExpiredReportsSoon } from "./delete-report";
import { hashDeleteToken, newDeleteToken } from "./delete-token";
import { jsonBytes, toJsonInput, toStoredReport, wellFormed } from "./rows";
import { newSlug } from "./slug";
import { newReportSchema, type NewReport, type StoredReport } from "./types";

/**
 * The most a saved report may weigh (its document plus its DNS log, as JSON). The DNS log is evidence that
 * can be cut (its first entries kept); a document over the cap is refused with a 413.
 */
// Room for the largest accepted bounce (1 MiB, kept in the document) and its diagnosis, with its evidence.
export const MAX_SAVED_REPORT_BYTES = 3 * 1024 * 1024;

/** A report just saved, with the delete token that is handed out this once and never stored. */
export type CreatedReport = StoredReport & { deleteToken: string };

/** Saves a finished report under a fresh unguessable slug and returns it as stored, with its delete token. */
export async function createReport(input: NewReport): Promise<CreatedReport> {
  const parsed = newReportSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", `Report not saved: ${z.prettifyError(parsed.error)}`, {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const r = parsed.data;
  const resultsBytes = jsonBytes(toJsonInput(r.results, "results"));
  if (resultsBytes > MAX_SAVED_REPORT_BYTES) {
    throw new AppError(
      "payload_too_large",
      `Report not saved: it is ${resultsBytes} bytes, over the ${MAX_SAVED_REPORT_BYTES}-byte limit for a saved report.`,
    );
  }
  const data = {
    kind: r.kind,
    domain: r.domain ? wellFormed(r.domain) : null,
    ip: r.ip ?? null,
    input: toJsonInput(r.input, "input"),
    status: r.status,
    score: r.score,
    grade: r.grade,
    scoringVersion: r.scoringVersion,
    results: toJsonInput(r.results, "results"),
    dnsLog: capDnsLog(toJsonInput(r.dnsLog, "dnsLog"), MAX_SAVED_REPORT_BYTES - resultsBytes),
    previousId: r.previousId ?? null,
  };

  const deleteToken = newDeleteToken();
  const prisma = await getPrisma();
  purgeExpiredReportsSoon(config().MXRAY_RETENTION_DAYS);
  // A slug collision needs two equal 128-bit random draws; retrying keeps even that from surfacing.
  for (let attempt = 1; ; attempt++) {
    try {
      const row = await prisma.report.create({
        data: { ...data, slug: newSlug(), deleteTokenHash: hashDeleteToken(deleteToken) },
      });
      return { ...toStoredReport(row), deleteToken };
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError) {
        if (e.code === "P2002" && attempt < 3) continue;
        if (e.code === "P2003") {
          throw new AppError("invalid_input", `Report not saved: previousId ${r.previousId} names no report`);
        }
      }
      rethrowDbError(e, "saving a report");
    }
  }
}

/**
 * Keeps the DNS log's first entries within `budget` bytes. The report document keeps the true query
 * count (`dns.queries`), so a shortened log is visible as fewer entries than queries.
 */
function capDnsLog<T>(log: T, budget: number): T | Prisma.InputJsonValue {
  if (!Array.isArray(log) || jsonBytes(log) <= budget) return log;
  const kept: unknown[] = [];
  let used = 64;
  for (const entry of log) {
    used += jsonBytes(entry) + 1;
    if (used > budget) break;
    kept.push(entry);
  }
  return kept as Prisma.InputJsonValue;
}

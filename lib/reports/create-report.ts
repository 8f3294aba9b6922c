import { z } from "zod";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { rethrowDbError } from "./db-errors";
import { purgeExpiredReportsSoon } from "./delete-report";
import { hashDeleteToken, newDeleteToken } from "./delete-token";
import { toJsonInput, toStoredReport } from "./rows";
import { newSlug } from "./slug";
import { newReportSchema, type NewReport, type StoredReport } from "./types";

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
  const data = {
    kind: r.kind,
    domain: r.domain ?? null,
    ip: r.ip ?? null,
    input: toJsonInput(r.input, "input"),
    score: r.score,
    grade: r.grade,
    scoringVersion: r.scoringVersion,
    results: toJsonInput(r.results, "results"),
    dnsLog: toJsonInput(r.dnsLog, "dnsLog"),
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

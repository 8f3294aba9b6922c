import { z } from "zod";
import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { rethrowDbError } from "./db-errors";
import { toJsonInput, toStoredReport } from "./rows";
import { newSlug } from "./slug";
import { newReportSchema, type NewReport, type StoredReport } from "./types";

/** Saves a finished report under a fresh unguessable slug and returns it as stored. */
export async function createReport(input: NewReport): Promise<StoredReport> {
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
    status: r.status,
    score: r.score,
    grade: r.grade,
    scoringVersion: r.scoringVersion,
    results: toJsonInput(r.results, "results"),
    dnsLog: toJsonInput(r.dnsLog, "dnsLog"),
    previousId: r.previousId ?? null,
  };

  const prisma = await getPrisma();
  // A slug collision needs two equal 128-bit random draws; retrying keeps even that from surfacing.
  for (let attempt = 1; ; attempt++) {
    try {
      const row = await prisma.report.create({ data: { ...data, slug: newSlug() } });
      return toStoredReport(row);
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

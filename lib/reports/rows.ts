import { z } from "zod";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { reportSummarySchema, storedReportSchema, type ReportSummary, type StoredReport } from "./types";

/** Columns of a history row: the heavy JSON documents stay in the database. */
export const SUMMARY_SELECT = {
  id: true,
  slug: true,
  kind: true,
  domain: true,
  ip: true,
  status: true,
  score: true,
  grade: true,
  scoringVersion: true,
  previousId: true,
  createdAt: true,
} as const satisfies Prisma.ReportSelect;

export function toStoredReport(row: unknown): StoredReport {
  return parseRow(storedReportSchema, row);
}

export function toReportSummary(row: unknown): ReportSummary {
  return parseRow(reportSummarySchema, row);
}

function parseRow<T>(schema: z.ZodType<T>, row: unknown): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const id = (row as { slug?: unknown } | null)?.slug;
  throw new AppError(
    "internal",
    `Stored report ${typeof id === "string" ? id : "(unknown)"} is malformed: ${z.prettifyError(parsed.error)}`,
    {},
    { cause: parsed.error },
  );
}

/**
 * A value as it will read back: JSON round-trip drops `undefined` members and turns Dates into strings
 * now rather than surprising the reader later. Top-level null is stored as JSON null.
 */
export function toJsonInput(value: unknown, field: string): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new AppError(
      "invalid_input",
      `Report not saved: ${field} is not JSON-serialisable (${(e as Error).message})`,
    );
  }
  if (text === undefined) throw new AppError("invalid_input", `Report not saved: ${field} is missing`);
  const json: unknown = JSON.parse(text);
  return json === null ? Prisma.JsonNull : (json as Prisma.InputJsonValue);
}

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
  const json: unknown = wellFormedDeep(JSON.parse(text));
  return json === null ? Prisma.JsonNull : (json as Prisma.InputJsonValue);
}

/** Lone UTF-16 surrogates: not Unicode scalar values, so not text PostgreSQL can store (jsonb refuses them). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A string made valid Unicode: each lone surrogate becomes U+FFFD REPLACEMENT CHARACTER. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, "\ufffd");
}

/**
 * Every string (keys too) of a parsed JSON value made valid Unicode before storage: a pasted bounce with
 * a lone surrogate is saved with U+FFFD in its place instead of being computed and then lost to a 500.
 */
export function wellFormedDeep(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[wellFormed(k)] = wellFormedDeep(v);
    return out;
  }
  return value;
}

/** The size of a value as stored JSON, in UTF-8 bytes. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

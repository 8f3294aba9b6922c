import { AppError, isAppError } from "@/lib/errors";

// Prisma's P1xxx codes are connection-level (P1001 can't reach, P1002 timed out, P1008 operation timed
// out, P1017 server closed the connection); socket codes surface when a driver adapter reports them raw.
const UNAVAILABLE_CODES = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
]);
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database|server closed the connection|PGlite is closed/i;

/**
 * Rethrows `e`, turning a lost database connection into AppError("database_unavailable") (503) so the API
 * and CLI say "database down" instead of a generic 500. Other errors pass through untouched.
 */
export function rethrowDbError(e: unknown, action: string): never {
  if (isAppError(e)) throw e;
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  if ((typeof code === "string" && UNAVAILABLE_CODES.has(code)) || UNAVAILABLE_MESSAGE.test(message)) {
    throw new AppError(
      "database_unavailable",
      `The database is unavailable (${action}): ${firstLine(message)}`,
      {},
      { cause: e },
    );
  }
  throw e;
}

function firstLine(s: string): string {
  const line =
    s
      .trim()
      .split("\n")
      .find((l) => l.trim() !== "") ?? s;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

import { AppError, isAppError } from "@/lib/errors";

// Prisma's P1xxx codes are connection-level (P1001 can't reach, P1002 timed out, P1008 operation timed
// out, P1017 server closed the connection); socket codes surface when a driver adapter reports them raw.
const UNAVAILABLE_CODES = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  // Pool checkout timed out (P2024); statement cancelled by statement_timeout (SQLSTATE 57014); the
  // server is shutting down or cannot accept connections (57P01, 57P03).
  "P2024",
  "57014",
  "57P01",
  "57P03",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
]);
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database|server closed the connection|PGlite is closed|Query read timeout|statement timeout|Timed out fetching a new connection/i;

/**
 * Rethrows `e`, turning a lost or hung database into AppError("database_unavailable") (503 + Retry-After)
 * so the API and CLI say "database down" instead of a generic 500. Other errors pass through untouched
 * (and reach clients only as a generic 500 "Something went wrong").
 */
export function rethrowDbError(e: unknown, action: string): never {
  if (isAppError(e)) throw e;
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  if ((typeof code === "string" && UNAVAILABLE_CODES.has(code)) || UNAVAILABLE_MESSAGE.test(message)) {
    // The driver's text is for operators (CLI, server log); toProblem() never sends it to an HTTP client.
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

/**
 * Typed application errors: one code → one HTTP status, rendered as RFC 9457 problem details by the API
 * and as a message + exit code 2 by the CLI.
 */
export const APP_ERRORS = {
  invalid_input: { status: 422, title: "Invalid input" },
  empty_input: { status: 422, title: "Empty input" },
  not_a_bounce: { status: 422, title: "Not a bounce" },
  payload_too_large: { status: 413, title: "Payload too large" },
  rate_limited: { status: 429, title: "Too many requests" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  database_unavailable: { status: 503, title: "Database unavailable" },
  busy: { status: 503, title: "Too many reports in progress" },
  internal: { status: 500, title: "Internal error" },
} as const;

export type AppErrorCode = keyof typeof APP_ERRORS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  /** Extra members for the problem document (e.g. `errors` with field paths). */
  readonly extra: Record<string, unknown>;

  constructor(
    code: AppErrorCode,
    message?: string,
    extra: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message ?? APP_ERRORS[code].title, options);
    this.name = "AppError";
    this.code = code;
    this.status = APP_ERRORS[code].status;
    this.extra = extra;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AppErrorCode;
  [extra: string]: unknown;
}

/** Seconds a client should wait before retrying when the database is unavailable (RFC 9110 §10.2.3). */
export const DB_RETRY_AFTER_SECONDS = 5;

export function toProblem(e: unknown): ProblemDetails {
  const err = isAppError(e) ? e : new AppError("internal", "Something went wrong on our side.");
  // A database error's own text names hosts, users, SQL and driver internals: it goes to the server log
  // (problemResponse) and the CLI, never to an HTTP client.
  const unavailable = err.code === "database_unavailable";
  return {
    type: `https://mxray.dev/problems/${err.code.replace(/_/g, "-")}`,
    title: APP_ERRORS[err.code].title,
    status: err.status,
    detail: unavailable ? "The database is unavailable. Try again in a few seconds." : err.message,
    code: err.code,
    ...(unavailable ? { retryAfter: DB_RETRY_AFTER_SECONDS } : {}),
    ...err.extra,
  };
}

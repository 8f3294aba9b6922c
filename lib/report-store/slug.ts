import { randomBytes } from "node:crypto";

/** 128 random bits, base64url: 22 characters. Unguessable, so a share link is the only way to a report. */
export function newSlug(): string {
  return randomBytes(16).toString("base64url");
}

// 22 base64url characters carry 132 bits; the last one holds only 2 of the 128, so it is one of A, Q, g, w.
const SLUG_RE = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/** True for strings newSlug() can produce: anything else cannot name a report, so skip the query. */
export function isValidSlug(slug: unknown): slug is string {
  return typeof slug === "string" && SLUG_RE.test(slug);
}

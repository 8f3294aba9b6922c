import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 256 random bits, base64url (43 characters): the only proof that a caller created a report. */
export function newDeleteToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What is stored: SHA-256 hex. A leaked database row does not hand out the power to delete. */
export function hashDeleteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of a presented token against a stored hash. */
export function deleteTokenMatches(token: string, storedHash: string | null): boolean {
  if (!storedHash || token.length === 0 || token.length > 256) return false;
  const a = Buffer.from(hashDeleteToken(token), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

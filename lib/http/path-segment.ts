import { AppError, isAppError } from "@/lib/errors";
import { normalizeDomain, type NormalizedDomain } from "@/lib/validation/input";

/**
 * Decodes one percent-encoded path segment. Bad encoding (`%ff`, a lone `%`, an escaped lone surrogate) is
 * the client's mistake: a 404 (no such resource), never a 500 from URIError.
 */
export function decodePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError("not_found", "That address is not valid percent-encoding (RFC 3986 §2.1).");
  }
}

/** The domain named by a `[domain]` path segment: decoded, then validated like any domain input. */
export function domainInPath(raw: string): NormalizedDomain {
  return normalizeDomain(decodePathSegment(raw));
}

/** As domainInPath, but null when the segment is not a domain (pages answer that with notFound()). */
export function domainInPathOrNull(raw: string): NormalizedDomain | null {
  try {
    return domainInPath(raw);
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
}

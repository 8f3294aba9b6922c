import { AppError } from "@/lib/errors";

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

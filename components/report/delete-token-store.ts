/**
 * The delete token of a report this browser created, kept in localStorage under the report's slug: the
 * server hands it out once and keeps only its hash, so this browser is the only place that can delete.
 */
const PREFIX = "mxray.deleteToken.";

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    // Storage disabled (privacy settings): the report simply cannot be deleted from this browser.
    return null;
  }
}

export function rememberDeleteToken(slug: string, token: unknown): void {
  if (typeof token !== "string" || !token) return;
  try {
    storage()?.setItem(PREFIX + slug, token);
  } catch {
    // Quota exceeded or storage refused: nothing to keep.
  }
}

export function readDeleteToken(slug: string): string | null {
  return storage()?.getItem(PREFIX + slug) ?? null;
}

export function forgetDeleteToken(slug: string): void {
  storage()?.removeItem(PREFIX + slug);
}

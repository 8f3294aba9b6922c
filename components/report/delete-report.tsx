"use client";

import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { forgetDeleteToken, readDeleteToken } from "./delete-token-store";

export type DeleteResult = { ok: true } | { ok: false; error: string };

/**
 * DELETE /api/reports/<slug> with the stored token. Gone already (404) counts as done. Separate from the
 * button so the error handling is testable without a browser.
 */
export async function requestDelete(
  slug: string,
  token: string,
  fetcher: typeof fetch = fetch,
): Promise<DeleteResult> {
  let res: Response;
  try {
    res = await fetcher(`/api/reports/${encodeURIComponent(slug)}`, {
      method: "DELETE",
      headers: { "x-delete-token": token },
    });
  } catch {
    return { ok: false, error: "Could not reach the server. Check your connection and try again." };
  }
  if (res.status === 204 || res.status === 404) return { ok: true };
  const body = (await res.json().catch(() => null)) as { detail?: unknown } | null;
  if (typeof body?.detail === "string" && body.detail) return { ok: false, error: body.detail };
  return { ok: false, error: `Deleting the report failed (HTTP ${res.status}).` };
}

function subscribeToStorage(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  return () => window.removeEventListener("storage", onChange);
}

/** "Delete this report": shown only in the browser that created the report (it holds the token). */
export function DeleteReportButton({ slug }: { slug: string }) {
  const router = useRouter();
  // localStorage exists only in the browser: the server renders no button, the browser then shows it.
  const token = useSyncExternalStore(
    subscribeToStorage,
    () => readDeleteToken(slug),
    () => null,
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!token) return null;
  // Shows its own errors; React does not await event handlers, so the promise is let go (void).
  async function remove(deleteToken: string) {
    if (!window.confirm("Delete this report for good? Its link will stop working.")) return;
    setPending(true);
    setError(null);
    const result = await requestDelete(slug, deleteToken);
    if (result.ok) {
      forgetDeleteToken(slug);
      router.replace("/?deleted=1");
    } else {
      setError(result.error);
      setPending(false);
    }
  }
  return (
    <span className="no-print inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="rounded border border-red-700 px-2 py-0.5 text-xs font-medium text-red-800 hover:bg-red-50 disabled:opacity-60 dark:border-red-400 dark:text-red-200 dark:hover:bg-red-950"
        disabled={pending}
        aria-busy={pending}
        data-testid="delete-report"
        onClick={() => void remove(token)}
      >
        {pending ? "Deleting…" : "Delete this report"}
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300" data-testid="delete-error">
          {error}
        </span>
      )}
    </span>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { rememberDeleteToken } from "./delete-token-store";

export type RerunResult = { ok: true; id: string } | { ok: false; error: string };

/**
 * POSTs /api/reports/<slug>/rerun and returns the new report's id, or the problem's `detail` to show.
 * Separate from the button so the error handling is testable without a browser.
 */
export async function requestRerun(slug: string, fetcher: typeof fetch = fetch): Promise<RerunResult> {
  let res: Response;
  try {
    res = await fetcher(`/api/reports/${encodeURIComponent(slug)}/rerun`, {
      method: "POST",
      headers: { accept: "application/json" },
    });
  } catch {
    return { ok: false, error: "Could not reach the server. Check your connection and try again." };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const b = (body && typeof body === "object" ? body : {}) as {
    id?: unknown;
    detail?: unknown;
    deleteToken?: unknown;
  };
  if (res.ok && typeof b.id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(b.id)) {
    // This browser created the new report, so it may delete it.
    rememberDeleteToken(b.id, b.deleteToken);
    return { ok: true, id: b.id };
  }
  if (!res.ok && typeof b.detail === "string" && b.detail) return { ok: false, error: b.detail };
  return { ok: false, error: `Running the report again failed (HTTP ${res.status}).` };
}

function RunAgainButton({ slug }: { slug: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Shows its own errors; React does not await event handlers, so the promise is let go (void).
  async function runAgain() {
    setPending(true);
    setError(null);
    const result = await requestRerun(slug);
    if (result.ok) {
      // Stay "pending" while the next page loads so the button cannot start a second run.
      router.push(`/r/${result.id}`);
    } else {
      setError(result.error);
      setPending(false);
    }
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="rounded border border-sky-700 px-2 py-0.5 text-xs font-medium text-sky-800 hover:bg-sky-50 disabled:opacity-60 dark:border-sky-400 dark:text-sky-200 dark:hover:bg-sky-950"
        disabled={pending}
        aria-busy={pending}
        data-testid="run-again"
        onClick={() => void runAgain()}
      >
        {pending ? "Running…" : "Run again"}
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300" data-testid="run-again-error">
          {error}
        </span>
      )}
    </span>
  );
}

/** Download links (JSON, Markdown) and "Run again" for a saved report. */
export function ExportLinks({ slug }: { slug: string }) {
  const base = `/api/reports/${encodeURIComponent(slug)}`;
  const link = "text-sky-700 underline dark:text-sky-300";
  return (
    <div className="no-print flex flex-wrap items-center gap-3 text-sm" data-testid="export-links">
      <a className={link} href={base} type="application/json">
        JSON
      </a>
      <a className={link} href={`${base}/markdown`} type="text/markdown" download>
        Markdown
      </a>
      <RunAgainButton slug={slug} />
    </div>
  );
}

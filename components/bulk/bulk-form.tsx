"use client";

import { useState } from "react";
import type { BulkSummary } from "@/lib/bounce/bulk";
import { BulkSummaryView } from "./bulk-summary";

/** Paste or upload a mail log, mbox or CSV export; the server streams through it and returns the groups. */
export function BulkForm() {
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [totalSent, setTotalSent] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<BulkSummary | null>(null);

  // Shows its own errors; React does not await event handlers, so the promise is let go (void).
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const body: Blob | string | null = file ?? (text.trim() ? text : null);
    if (!body) {
      setError("Paste some bounces or choose a file.");
      return;
    }
    setBusy(true);
    try {
      const q = totalSent.trim() ? `?totalSent=${encodeURIComponent(totalSent.trim())}` : "";
      const res = await fetch(`/api/bounces${q}`, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8" },
        body,
      });
      const data = (await res.json().catch(() => ({}))) as BulkSummary & { detail?: string };
      if (!res.ok) {
        setError(data.detail ?? `The server answered ${res.status}.`);
        setSummary(null);
        return;
      }
      setSummary(data);
    } catch {
      setError("Could not reach the server.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      <form onSubmit={(e) => void submit(e)} className="space-y-3" noValidate>
        <label htmlFor="bulk" className="block text-sm font-medium">
          Mail log, mbox, CSV export of bounce events, or one reply per line
        </label>
        <textarea
          id="bulk"
          rows={10}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          placeholder="Nov 23 10:00:01 mx postfix/smtp[123]: 4F1A: to=<a@example.com>, ... status=bounced (...)"
          className="w-full rounded-lg border border-slate-300 bg-white p-3 font-mono text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        <div className="flex flex-wrap items-end gap-4 text-sm">
          <label className="block">
            <span>Or upload a file (up to 50 MB)</span>
            <input
              type="file"
              className="mt-1 block"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              accept=".log,.txt,.csv,.mbox,.eml,text/plain,text/csv"
            />
          </label>
          <label className="block">
            <span>Messages sent in the period (optional)</span>
            <input
              inputMode="numeric"
              value={totalSent}
              onChange={(e) => setTotalSent(e.target.value)}
              placeholder="100000"
              className="mt-1 block w-40 rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <button
            type="submit"
            disabled={busy}
            className="h-10 rounded-lg bg-sky-700 px-5 font-semibold text-white hover:bg-sky-800 disabled:opacity-60"
          >
            {busy ? "Analysing…" : "Analyse"}
          </button>
        </div>
        {error && (
          <p
            id="bulk-error"
            role="alert"
            className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {error}
          </p>
        )}
      </form>
      {summary && <BulkSummaryView summary={summary} />}
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { STATUS_LABELS } from "@/lib/checks/status-labels";
import type { CheckName, CheckStatus } from "@/lib/checks/types";
import { createSseParser } from "@/lib/http/sse";
import { progressSummary, type Progress } from "./progress-summary";
import { detectBounceLog, plural } from "@/lib/bounce/bulk/detect-log";
import { detectKind, type RequestKind } from "@/lib/validation/detect";
import { rememberDeleteToken } from "@/components/report/delete-token-store";

const EXAMPLES: { label: string; value: string }[] = [
  { label: "gmail.com", value: "gmail.com" },
  { label: "an IP: 192.0.2.10", value: "192.0.2.10" },
  {
    label: "a Gmail DMARC bounce",
    value:
      "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.\n550 5.7.26 Please contact the administrator of example.com domain if this was a legitimate mail.",
  },
];

const KIND_LABEL: Record<RequestKind, string> = { domain: "Domain", ip: "Sending IP", bounce: "Bounce" };

interface Problem {
  detail?: string;
  errors?: { field: string; message: string }[];
}

/**
 * `checkLabels`: each check's name for the progress list, passed from the server (lib/checks/labels.ts
 * derives them from the check registry, which is server code).
 */
export function CheckForm({ checkLabels }: { checkLabels: Partial<Record<CheckName, string>> }) {
  const router = useRouter();
  const [value, setValue] = useState("");
  const [ip, setIp] = useState("");
  const [selectors, setSelectors] = useState("");
  const [probeRecipients, setProbeRecipients] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const kind = value.trim() ? detectKind(value) : null;
  // A pasted mail log holds many bounces; the report reads one, /bounces summarises them all.
  const log = kind === "bounce" ? detectBounceLog(value, 256 * 1024) : null;

  // Shows its own errors; React does not await event handlers, so the promise is let go (void).
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const text = value.trim();
    if (!text) {
      setError("Enter a domain, an IP address or paste a bounce.");
      return;
    }
    const k = detectKind(text);
    const body: Record<string, unknown> = {};
    if (k === "bounce") body.bounce = value;
    else if (k === "ip") body.ip = text;
    else body.domain = text;
    if (ip.trim() && k !== "ip") body.ip = ip.trim();
    const sels = selectors
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (sels.length) body.selectors = sels;
    if (probeRecipients && k === "domain") body.probeRecipients = true;
    setBusy(true);
    setProgress(null);
    // The saved report's id: the page stays busy ("Opening…") until the report page replaces it.
    let target: string | null = null;
    try {
      const res = await fetch("/api/reports", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify(body),
      });
      if (!res.ok || !res.body || !(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
        const data = (await res.json().catch(() => ({}))) as Problem;
        setError(data.errors?.[0]?.message ?? data.detail ?? `The server answered ${res.status}.`);
        return;
      }
      // Results stream in as each check finishes; the saved report's id comes last.
      const feed = createSseParser((m) => {
        const data = JSON.parse(m.data) as Record<string, unknown>;
        if (m.event === "plan") {
          setProgress({ plan: data.checks as CheckName[], done: {}, queries: 0 });
          // `next dev` compiles a page on its first visit (tens of seconds): ask for the report page now,
          // while the checks run, not after "saved". Production builds have nothing to compile.
          if (process.env.NODE_ENV === "development") void fetch("/r/compile-ahead").catch(() => undefined);
        } else if (m.event === "check") {
          const check = data.check as CheckName;
          const status = (data.result as { status: CheckStatus }).status;
          setProgress((p) =>
            p
              ? { ...p, done: { ...p.done, [check]: status }, queries: Number(data.dnsQueries ?? p.queries) }
              : p,
          );
        } else if (m.event === "saving") {
          const database =
            data.database === "preparing" || data.database === "opening" ? data.database : undefined;
          setProgress((p) => (p ? { ...p, saving: database ? { database } : {} } : p));
        } else if (m.event === "done") {
          const id = String(data.id);
          target = id;
          // The token comes once: keeping it lets this browser show "Delete this report".
          rememberDeleteToken(id, data.deleteToken);
          setProgress((p) => (p ? { ...p, savedId: id } : p));
        } else if (m.event === "error")
          setError(String((data as Problem).detail ?? "The report could not be saved."));
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        feed(value);
      }
      if (target) router.push(`/r/${target}`);
    } catch {
      target = null;
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      if (!target) setBusy(false);
    }
  }

  return (
    <form
      onSubmit={(e) => void submit(e)}
      className="space-y-4"
      noValidate
      aria-describedby={error ? "form-error" : undefined}
    >
      <label htmlFor="q" className="block text-sm font-medium">
        Domain, sending IP, or a pasted bounce
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <textarea
          id="q"
          name="q"
          rows={value.includes("\n") ? 8 : 1}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !value.includes("\n")) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          placeholder="example.com"
          spellCheck={false}
          autoCapitalize="none"
          autoCorrect="off"
          aria-invalid={!!error}
          className="min-h-12 flex-1 resize-y rounded-lg border border-slate-300 bg-white px-4 py-3 font-mono text-base shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none dark:border-slate-700 dark:bg-slate-900 dark:focus:ring-sky-900"
        />
        <button
          type="submit"
          disabled={busy}
          className="h-12 rounded-lg bg-sky-700 px-6 font-semibold text-white shadow-sm hover:bg-sky-800 disabled:opacity-60"
        >
          {progress?.savedId ? "Opening…" : busy ? "Checking…" : "Check"}
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
        {kind && (
          <span
            className="rounded bg-slate-200 px-2 py-0.5 text-xs font-semibold dark:bg-slate-800"
            data-kind={kind}
          >
            {KIND_LABEL[kind]}
          </span>
        )}
        <span>Try:</span>
        {EXAMPLES.map((ex) => (
          <button
            key={ex.label}
            type="button"
            onClick={() => setValue(ex.value)}
            className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {ex.label}
          </button>
        ))}
      </div>
      {log && (
        <p
          data-testid="log-hint"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          This looks like {plural(log.events, "bounce")}, not one: a report reads a single bounce.{" "}
          <a href="/bounces" className="font-semibold underline">
            Summarise them on the Bounces page
          </a>
          .
        </p>
      )}
      {error && (
        <p
          id="form-error"
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      {progress && (
        <section
          aria-live="polite"
          aria-label="Progress"
          className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
        >
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="progress-summary">
            {progressSummary(progress)}
            {progress.savedId && (
              <>
                {" "}
                <a href={`/r/${progress.savedId}`} className="underline">
                  Open it now
                </a>
              </>
            )}
          </p>
          <ul className="mt-2 grid grid-cols-2 gap-1 text-sm sm:grid-cols-5">
            {progress.plan.map((c) => (
              <li
                key={c}
                data-progress={c}
                data-state={progress.done[c] ?? "running"}
                className="flex items-center gap-1"
              >
                <span aria-hidden="true">{progress.done[c] ? "●" : "○"}</span>
                {checkLabels[c] ?? c}
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {progress.done[c] ? STATUS_LABELS[progress.done[c]!] : "running…"}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Options</summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <label className="block">
            <span className="text-slate-700 dark:text-slate-300">
              Sending IP (PTR, blocklists, SPF verdict)
            </span>
            <input
              name="ip"
              value={ip}
              onChange={(e) => setIp(e.target.value)}
              placeholder="192.0.2.10"
              className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <label className="block">
            <span className="text-slate-700 dark:text-slate-300">DKIM selectors (comma-separated)</span>
            <input
              name="selectors"
              value={selectors}
              onChange={(e) => setSelectors(e.target.value)}
              placeholder="s1, google"
              className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <label className="flex items-start gap-2 sm:col-span-2">
            <input
              type="checkbox"
              name="probeRecipients"
              checked={probeRecipients}
              onChange={(e) => setProbeRecipients(e.target.checked)}
              className="mt-1"
            />
            <span className="text-slate-700 dark:text-slate-300">
              Ask each MX host whether it accepts a random address (RCPT TO after MAIL FROM:&lt;&gt;, then
              QUIT; no message is sent)
            </span>
          </label>
        </div>
      </details>
    </form>
  );
}

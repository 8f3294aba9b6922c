"use client";

import Link from "next/link";
import { useState } from "react";

interface UploadedReport {
  kind: "aggregate" | "tls";
  orgName: string;
  reportId: string;
  domain: string;
  period: { begin: string; end: string };
  messageCount: number;
  duplicate: boolean;
  source: string;
}
interface Refused {
  source: string;
  reason: string;
}

/** Upload DMARC aggregate / SMTP TLS reports (any number of files); lists what was read and refused. */
export function DmarcUploadForm() {
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ reports: UploadedReport[]; refused: Refused[] } | null>(null);

  // Shows its own errors; React does not await event handlers, so the promise is let go (void).
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (files.length === 0) {
      setError("Choose one or more report files.");
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      for (const f of files) form.append("file", f, f.name);
      const res = await fetch("/api/dmarc-reports", { method: "POST", body: form });
      const data = (await res.json().catch(() => ({}))) as {
        reports?: UploadedReport[];
        refused?: Refused[];
        detail?: string;
      };
      if (!res.ok) {
        setError(data.detail ?? `The server answered ${res.status}.`);
        setResult(data.refused ? { reports: [], refused: data.refused } : null);
        return;
      }
      setResult({ reports: data.reports ?? [], refused: data.refused ?? [] });
    } catch {
      setError("Could not reach the server.");
    } finally {
      setBusy(false);
    }
  }

  const domains = [...new Set(result?.reports.map((r) => r.domain) ?? [])];
  return (
    <div className="space-y-6">
      <form onSubmit={(e) => void submit(e)} className="flex flex-wrap items-end gap-4" noValidate>
        <label className="block text-sm">
          <span className="font-medium">Report files (.xml, .xml.gz, .zip, .json, .eml)</span>
          <input
            type="file"
            multiple
            className="mt-1 block"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
            accept=".xml,.gz,.zip,.json,.eml,application/xml,text/xml,application/gzip,application/zip,application/json,message/rfc822"
          />
        </label>
        <button
          type="submit"
          disabled={busy}
          className="h-10 rounded-lg bg-sky-700 px-5 font-semibold text-white hover:bg-sky-800 disabled:opacity-60"
        >
          {busy ? "Reading…" : "Upload"}
        </button>
      </form>
      {error && (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      {result && (
        <div className="space-y-4" data-testid="upload-result">
          {domains.length > 0 && (
            <p>
              See:{" "}
              {domains.map((d, i) => (
                <span key={d}>
                  {i > 0 && ", "}
                  <Link
                    className="text-sky-700 underline dark:text-sky-300"
                    href={`/d/${encodeURIComponent(d)}/dmarc`}
                  >
                    {d}
                  </Link>
                </span>
              ))}
            </p>
          )}
          {result.reports.length > 0 && (
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="px-2 py-1">kind</th>
                  <th className="px-2 py-1">reporter</th>
                  <th className="px-2 py-1">report id</th>
                  <th className="px-2 py-1">domain</th>
                  <th className="px-2 py-1">period</th>
                  <th className="px-2 py-1 text-right">messages</th>
                </tr>
              </thead>
              <tbody>
                {result.reports.map((r, i) => (
                  <tr key={i} className="border-t border-slate-200 dark:border-slate-800">
                    <td className="px-2 py-1">{r.kind === "tls" ? "SMTP TLS" : "DMARC"}</td>
                    <td className="px-2 py-1">{r.orgName}</td>
                    <td className="px-2 py-1 font-mono text-xs break-all">
                      {r.reportId}
                      {r.duplicate && <span className="ml-1 text-slate-500">(already received)</span>}
                    </td>
                    <td className="px-2 py-1">{r.domain}</td>
                    <td className="px-2 py-1 font-mono text-xs">
                      {r.period.begin.slice(0, 10)} → {r.period.end.slice(0, 10)}
                    </td>
                    <td className="px-2 py-1 text-right tabular-nums">
                      {r.messageCount.toLocaleString("en")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.refused.length > 0 && (
            <ul className="space-y-1 text-sm text-red-800 dark:text-red-300" data-testid="refused">
              {result.refused.map((r, i) => (
                <li key={i}>
                  <span className="font-mono">{r.source}</span>: {r.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

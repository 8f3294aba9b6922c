import type { CheckView } from "@/lib/report/view";
import { CopyButton } from "./copy-button";
import { Evidence } from "./evidence";
import { SeverityBadge, StatusBadge } from "./status-badge";

export function CheckCard({ check, reportId }: { check: CheckView; reportId?: string }) {
  const problems = check.findings.filter((f) => f.severity !== "info");
  const notes = check.findings.filter((f) => f.severity === "info");
  return (
    <section
      id={`check-${check.name}`}
      data-check={check.name}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      aria-labelledby={`check-${check.name}-title`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 id={`check-${check.name}-title`} className="text-lg font-semibold">
            {check.label}
          </h2>
          <p className="text-sm text-slate-500 dark:text-slate-400">{check.about}</p>
        </div>
        <div className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
          <span>
            {check.queries} {check.queries === 1 ? "lookup" : "lookups"} · {check.durationMs} ms
          </span>
          <StatusBadge status={check.status} />
        </div>
      </header>

      {check.findings.length === 0 && (
        <p className="mt-3 text-sm text-emerald-700 dark:text-emerald-300">No problems found.</p>
      )}
      {[...problems, ...notes].length > 0 && (
        <ul className="mt-4 space-y-3">
          {[...problems, ...notes].map((f, i) => (
            <li
              key={`${f.code}-${i}`}
              className="rounded-lg border border-slate-100 p-3 dark:border-slate-800"
              data-code={f.code}
            >
              <div className="flex flex-wrap items-center gap-2">
                <SeverityBadge severity={f.severity} />
                <span className="font-medium">{f.title}</span>
                <code className="text-xs text-slate-500 dark:text-slate-400">{f.code}</code>
              </div>
              {f.detail && <p className="mt-1 text-sm">{f.detail}</p>}
              {f.meaning && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{f.meaning}</p>}
              {f.fix && (
                <div className="mt-2 rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/60" data-fix>
                  <p>
                    <span className="font-semibold">Fix: </span>
                    {f.fix.text}
                  </p>
                  {f.fix.records?.map((r, j) => {
                    const line = `${r.name} ${r.type} ${r.value}`;
                    return (
                      <div key={j} className="mt-2 flex items-start gap-2">
                        <pre className="flex-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-white p-2 font-mono text-xs dark:bg-slate-900">
                          <span className="text-slate-500 dark:text-slate-400">{r.name}</span>{" "}
                          <span className="text-sky-700 dark:text-sky-300">{r.type}</span> {r.value}
                        </pre>
                        <CopyButton text={line} label="Copy record" />
                      </div>
                    );
                  })}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      {check.records.length > 0 && (
        // The SPF tree and the DMARC ladder are pictures people come for: open by default.
        <details className="mt-4" open={check.name === "spf" || check.name === "dmarc"}>
          <summary className="cursor-pointer text-sm font-medium text-slate-600 dark:text-slate-300">
            Evidence
          </summary>
          <div className="mt-2">
            <Evidence check={check.name} records={check.records} reportId={reportId} />
          </div>
        </details>
      )}
    </section>
  );
}

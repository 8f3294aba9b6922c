import Link from "next/link";
import type { DiffFinding, ReportDiff as Diff } from "@/lib/report/diff";
import { SeverityBadge, StatusBadge } from "./status-badge";

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2026-11-01" in UTC: the same on the server and in every reader's time zone. */
export function diffDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

/** "score +7, 3 fixed, 1 new": the one-line summary (also used as the section's accessible description). */
export function diffSummary(diff: Diff): string {
  if (diff.scoreDelta === null) {
    const which = diff.current.status !== "complete" ? "this report" : "the previous report";
    const why = (diff.current.status !== "complete" ? diff.current : diff.previous).status.replace(/_/g, " ");
    return [
      `score not comparable (${which} is ${why})`,
      `${diff.fixed.length} fixed`,
      `${diff.added.length} new`,
    ].join(", ");
  }
  const delta =
    diff.scoreDelta > 0 ? `+${diff.scoreDelta}` : diff.scoreDelta < 0 ? `−${-diff.scoreDelta}` : "±0";
  const parts = [`score ${delta}`];
  if (diff.gradeChanged) parts.push(`grade ${diff.previous.grade} → ${diff.current.grade}`);
  parts.push(`${diff.fixed.length} fixed`, `${diff.added.length} new`);
  return parts.join(", ");
}

function FindingList({ title, items, tone }: { title: string; items: DiffFinding[]; tone: "fixed" | "new" }) {
  if (items.length === 0) return null;
  return (
    <div>
      <h3
        className={`text-sm font-semibold ${tone === "fixed" ? "text-emerald-800 dark:text-emerald-300" : "text-red-800 dark:text-red-300"}`}
      >
        {title}
      </h3>
      <ul className="mt-1 space-y-1 text-sm">
        {items.map((f) => (
          <li key={f.key} className="flex flex-wrap items-center gap-2" data-diff={tone} data-code={f.code}>
            <SeverityBadge severity={f.severity} />
            <span className={tone === "fixed" ? "line-through decoration-emerald-600/60" : ""}>
              {f.title}
            </span>
            {f.detail && <span className="text-slate-500 dark:text-slate-400">{f.detail}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What changed since the report this one was run again from. Server component, plain props. */
export function ReportDiff({ diff }: { diff: Diff }) {
  const better = (diff.scoreDelta ?? 0) > 0;
  const worse = (diff.scoreDelta ?? 0) < 0;
  return (
    <section
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      aria-labelledby="report-diff-title"
      data-testid="report-diff"
    >
      <h2 id="report-diff-title" className="text-lg font-semibold">
        Since the previous report{" "}
        {diff.previous.id ? (
          <Link className="text-sky-700 underline dark:text-sky-300" href={`/r/${diff.previous.id}`}>
            ({diffDate(diff.previous.createdAt)})
          </Link>
        ) : (
          <span>({diffDate(diff.previous.createdAt)})</span>
        )}
      </h2>
      <p
        className={`mt-1 font-medium ${better ? "text-emerald-700 dark:text-emerald-300" : worse ? "text-red-700 dark:text-red-300" : ""}`}
        data-testid="report-diff-summary"
      >
        {diffSummary(diff)}
      </p>
      {diff.scoringVersionChanged && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          The scoring changed between the two reports ({diff.previous.scoringVersion} →{" "}
          {diff.current.scoringVersion}), so part of the score difference comes from the scoring itself.
        </p>
      )}

      <div className="mt-4 space-y-4">
        <FindingList title={`Fixed (${diff.fixed.length})`} items={diff.fixed} tone="fixed" />
        <FindingList title={`New (${diff.added.length})`} items={diff.added} tone="new" />
        {diff.checks.length > 0 && (
          <div>
            <h3 className="text-sm font-semibold">Checks that changed</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {diff.checks.map((c) => (
                <li key={c.check} className="flex flex-wrap items-center gap-2" data-check-change={c.check}>
                  <span className="min-w-24 font-medium">{c.label}</span>
                  {c.before ? (
                    <StatusBadge status={c.before} />
                  ) : (
                    <span className="text-slate-500 dark:text-slate-400">not run</span>
                  )}
                  <span aria-label="became">→</span>
                  {c.after ? (
                    <StatusBadge status={c.after} />
                  ) : (
                    <span className="text-slate-500 dark:text-slate-400">not run</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        {(diff.unchanged.length > 0 || diff.undetermined.length > 0) && (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {diff.unchanged.length > 0 && <>{plural(diff.unchanged.length, "finding")} still open. </>}
            {diff.undetermined.length > 0 && (
              <>
                {plural(diff.undetermined.length, "finding")} could not be compared because a check could not
                be determined in one of the two reports.
              </>
            )}
          </p>
        )}
      </div>
    </section>
  );
}

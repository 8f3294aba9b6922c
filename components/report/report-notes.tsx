import type { ExplainedFinding } from "@/lib/findings";

/** The limits a report reached (DNS questions, bytes of evidence), said where the report starts. */
export function ReportNotes({ notes }: { notes: ExplainedFinding[] }) {
  if (notes.length === 0) return null;
  return (
    <section
      role="status"
      className="rounded-xl border-l-4 border-slate-400 bg-slate-50 p-4 dark:bg-slate-900"
      data-testid="report-notes"
    >
      <ul className="space-y-2 text-sm">
        {notes.map((n) => (
          <li key={n.code} data-code={n.code}>
            <p className="font-semibold">{n.title}</p>
            {n.detail && <p>{n.detail}</p>}
            <p className="text-slate-600 dark:text-slate-400">{n.meaning}</p>
            {n.fix && <p className="mt-1">{n.fix.text}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { ReactNode } from "react";
import { isCheckName } from "@/lib/checks/registry";
import type { CheckName } from "@/lib/checks/types";
import { EVIDENCE_VIEWS, type EvidenceView } from "./evidence-views";
import { RawRecordsPanel } from "./lazy-evidence";

/** The records themselves, for shapes this view does not know (older or newer reports). */
export function RawJson({
  records,
  summary = "Raw evidence (JSON)",
  className = "",
}: {
  records: unknown[];
  summary?: string;
  className?: string;
}) {
  return (
    <details className={className}>
      <summary className="cursor-pointer text-sm font-medium text-slate-600 dark:text-slate-300">
        {summary}
      </summary>
      <pre
        tabIndex={0}
        className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-3 font-mono text-xs dark:bg-slate-950"
      >
        {JSON.stringify(records, null, 2)}
      </pre>
    </details>
  );
}

/** Splits records into those the check's view knows (drawn) and the rest (shown as JSON). */
function draw<N extends CheckName>(
  check: N,
  records: readonly unknown[],
): { view: ReactNode; rest: unknown[] } {
  const { pick, View }: EvidenceView<N> = EVIDENCE_VIEWS[check];
  const known = pick(records);
  const drawn = new Set<unknown>(known);
  return { view: <View records={known} />, rest: records.filter((r) => !drawn.has(r)) };
}

function render(check: string, records: readonly unknown[]): { view: ReactNode; rest: unknown[] } {
  return isCheckName(check) ? draw(check, records) : { view: null, rest: [...records] };
}

/**
 * A check's evidence drawn for people: tables, the SPF tree, the DMARC ladder. Records of a shape it does
 * not recognise fall back to pretty JSON in a <details>, as does the full raw evidence (hidden in print).
 */
export function Evidence({
  check,
  records,
  reportId,
}: {
  check: CheckName;
  records: unknown[];
  /** A saved report's id: its raw records then load on demand instead of being written into the page. */
  reportId?: string;
}) {
  if (records.length === 0) return null;
  const { view, rest } = render(check, records);
  const drawn = rest.length < records.length;
  return (
    <div className="space-y-3" data-evidence={check}>
      {view}
      {rest.length > 0 && (
        <RawJson records={rest} summary={drawn ? "Other evidence (JSON)" : "Evidence (JSON)"} />
      )}
      {drawn &&
        (reportId ? (
          <RawRecordsPanel id={reportId} check={check} className="no-print" />
        ) : (
          <RawJson records={records} className="no-print" />
        ))}
    </div>
  );
}

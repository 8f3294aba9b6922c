import type { QueryLogEntry } from "@/lib/dns/types";
import { formatMs, timelineLayout, TONE_BAR, type TimelineRow } from "./visuals";

function describe(row: TimelineRow): string {
  const q = row.entry;
  return `${q.name} ${q.type}: ${q.rcode}, ${formatMs(q.rttMs)}, sent at ${formatMs(row.startMs)} via ${q.server}/${q.transport}`;
}

function Row({ row }: { row: TimelineRow }) {
  const q = row.entry;
  // Answers are untrusted DNS data: only ever text (title and text nodes), React escapes them.
  const title = `${describe(row)}${q.answers.length ? `\n${q.answers.join("\n")}` : ""}`;
  const failed = row.tone === "bad";
  return (
    <li className="grid grid-cols-[9rem_1fr] items-center gap-2 py-px sm:grid-cols-[16rem_1fr]">
      <span className="flex min-w-0 items-baseline gap-1 font-mono text-[11px]" title={`${q.name} ${q.type}`}>
        <span className="truncate">{q.name}</span>
        <span className="shrink-0 text-slate-600 dark:text-slate-400">{q.type}</span>
        {q.status !== "ok" && (
          <span
            className={`shrink-0 font-semibold ${failed ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}`}
          >
            {q.rcode}
          </span>
        )}
      </span>
      <div
        role="img"
        tabIndex={0}
        aria-label={describe(row)}
        title={title}
        className="relative h-3 rounded-sm outline-offset-1 focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        <div
          className={`absolute top-0 h-full rounded-sm [print-color-adjust:exact] ${TONE_BAR[row.tone]} ${failed ? "bg-[repeating-linear-gradient(45deg,transparent_0_3px,rgb(255_255_255/0.45)_3px_6px)]" : ""}`}
          style={{ left: `${row.left}%`, width: `${row.width}%` }}
        />
      </div>
    </li>
  );
}

function Axis({ ticks }: { ticks: { ms: number; left: number }[] }) {
  return (
    <div
      aria-hidden="true"
      className="grid grid-cols-[9rem_1fr] gap-2 text-[10px] text-slate-600 sm:grid-cols-[16rem_1fr] dark:text-slate-400"
    >
      <span>query</span>
      <div className="relative h-4 border-b border-slate-300 dark:border-slate-700">
        {ticks.map((t) => (
          <span
            key={t.ms}
            className="absolute top-0 -translate-x-1/2 whitespace-nowrap first:translate-x-0"
            style={{ left: `${Math.min(t.left, 96)}%` }}
          >
            {formatMs(t.ms)}
          </span>
        ))}
      </div>
    </div>
  );
}

/**
 * Waterfall of the report's DNS queries on one time axis: each bar runs from when the query was sent to
 * when its answer came back. Colour groups answered questions (found, NXDOMAIN/NODATA) vs unanswered ones
 * (SERVFAIL, REFUSED, timeout); the rcode is written next to the name so colour is never the only cue.
 */
export function DnsTimeline({
  log,
  maxRows = 50,
  embedded = false,
}: {
  log: QueryLogEntry[];
  maxRows?: number;
  /** Inside a panel that already carries the title (the report page's on-demand "DNS timeline"). */
  embedded?: boolean;
}) {
  const layout = timelineLayout(log, { maxRows });
  const failed = log.filter(
    (q) => q.status !== "ok" && q.status !== "nxdomain" && q.status !== "nodata",
  ).length;
  return (
    <section
      aria-labelledby={embedded ? undefined : "dns-timeline-title"}
      aria-label={embedded ? "DNS timeline" : undefined}
      className={
        embedded
          ? ""
          : "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
      }
      data-testid="dns-timeline"
    >
      {!embedded && (
        <h2 id="dns-timeline-title" className="font-semibold">
          DNS timeline
        </h2>
      )}
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {log.length} {log.length === 1 ? "query" : "queries"} over {formatMs(layout.spanMs)}
        {failed > 0 && <>, {failed} unanswered (SERVFAIL, REFUSED or timeout)</>}. Hover or focus a bar for
        its answers.
      </p>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
        <li className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className={`inline-block h-2.5 w-4 rounded-sm [print-color-adjust:exact] ${TONE_BAR.ok}`}
          />
          answered
        </li>
        <li className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className={`inline-block h-2.5 w-4 rounded-sm [print-color-adjust:exact] ${TONE_BAR.neutral}`}
          />
          NXDOMAIN / NODATA
        </li>
        <li className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className={`inline-block h-2.5 w-4 rounded-sm [print-color-adjust:exact] ${TONE_BAR.bad}`}
          />
          SERVFAIL / REFUSED / timeout
        </li>
      </ul>
      {log.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No DNS queries were logged.</p>
      ) : (
        <div className="mt-3">
          <Axis ticks={layout.ticks} />
          <ol aria-label="DNS queries in the order sent" className="mt-1">
            {layout.shown.map((r) => (
              <Row key={r.index} row={r} />
            ))}
          </ol>
          {layout.rest.length > 0 && (
            <details className="mt-1">
              <summary className="cursor-pointer text-sm text-sky-700 dark:text-sky-300">
                Show all {log.length} queries ({layout.rest.length} more)
              </summary>
              <ol aria-label="More DNS queries" start={layout.shown.length + 1}>
                {layout.rest.map((r) => (
                  <Row key={r.index} row={r} />
                ))}
              </ol>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

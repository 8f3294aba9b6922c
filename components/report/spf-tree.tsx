import type { ReactNode } from "react";
import type { SpfNode, SpfNodeStatus, SpfRecords, SpfVerdict } from "@/lib/checks/spf/model";
import { budgetPercent, budgetTone, TONE_BAR, TONE_PILL, TONE_TEXT, type Tone } from "./visuals";

/** A budget such as "7/10 DNS lookups" as a bar with its number written out (never colour alone). */
export function BudgetMeter({
  label,
  used,
  limit,
  warnMargin,
}: {
  label: string;
  used: number;
  limit: number;
  warnMargin: number;
}) {
  const tone = budgetTone(used, limit, warnMargin);
  const state =
    tone === "bad" ? "over the limit" : tone === "warn" ? "close to the limit" : "within the limit";
  return (
    <div className="min-w-0 flex-1">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">
          {used}/{limit} {label}
        </span>
        <span className={`text-xs font-semibold ${TONE_TEXT[tone]}`}>{state}</span>
      </div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        // ARIA needs valuenow within [min, max]: an overrun stretches the scale, the text says why.
        aria-valuemax={Math.max(limit, used)}
        aria-valuenow={used}
        aria-valuetext={`${used} of ${limit} ${label}, ${state}`}
        className="mt-1 h-2.5 w-full overflow-hidden rounded-full bg-slate-200 [print-color-adjust:exact] dark:bg-slate-700"
      >
        <div
          className={`h-full rounded-full ${TONE_BAR[tone]}`}
          style={{ width: `${budgetPercent(used, limit)}%` }}
        />
      </div>
    </div>
  );
}

const NODE_STATUS: Record<Exclude<SpfNodeStatus, "ok">, { text: string; tone: Tone }> = {
  none: { text: "no SPF record", tone: "bad" },
  multiple: { text: "several SPF records", tone: "bad" },
  error: { text: "lookup failed", tone: "bad" },
  loop: { text: "loop", tone: "bad" },
  macro: { text: "macro: depends on the message", tone: "neutral" },
  truncated: { text: "not expanded (too deep)", tone: "warn" },
};

const VERDICT_TONE: Record<string, Tone> = {
  pass: "ok",
  fail: "bad",
  softfail: "warn",
  neutral: "neutral",
  none: "warn",
  temperror: "warn",
  permerror: "bad",
};

function Pill({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${TONE_PILL[tone]}`}>{children}</span>
  );
}

function SpfNodeItem({ node }: { node: SpfNode }) {
  const status = node.status === "ok" ? null : NODE_STATUS[node.status];
  const hasProblem = node.errors.length > 0 || node.voids.length > 0 || (status && status.tone === "bad");
  const termErrors = node.terms.filter((t) => t.dnsError);
  return (
    <li className="mt-2" data-spf-node={node.domain}>
      <div
        className={`rounded-lg border p-2.5 ${
          hasProblem
            ? "border-red-300 bg-red-50/60 dark:border-red-800 dark:bg-red-950/30"
            : "border-slate-200 dark:border-slate-800"
        }`}
      >
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          {node.via !== "root" && (
            <span className="text-xs text-slate-600 dark:text-slate-400">{node.via}</span>
          )}
          <span className="font-mono text-sm font-semibold break-all">{node.domain}</span>
          {status && <Pill tone={status.tone}>{status.text}</Pill>}
          {node.duplicate && <Pill tone="warn">duplicate: also included elsewhere</Pill>}
          <span className="ml-auto text-xs text-slate-600 dark:text-slate-400">
            {node.lookups} {node.lookups === 1 ? "lookup" : "lookups"}
            {node.totalLookups !== node.lookups && <> · {node.totalLookups} with its includes</>}
          </span>
        </div>
        {node.record !== null && (
          <p className="mt-1.5 font-mono text-xs break-all text-slate-800 dark:text-slate-200">
            {node.record}
          </p>
        )}
        {node.records && node.records.length > 1 && (
          <ul className="mt-1.5 space-y-1 font-mono text-xs break-all">
            {node.records.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        )}
        {node.dnsError && (
          <p className={`mt-1 text-xs ${TONE_TEXT.bad}`}>
            DNS {node.dnsError.status}
            {node.dnsError.detail ? `: ${node.dnsError.detail}` : ""}
          </p>
        )}
        {(node.errors.length > 0 || node.voids.length > 0 || termErrors.length > 0) && (
          <ul className={`mt-1.5 space-y-0.5 text-xs ${TONE_TEXT.bad}`}>
            {node.errors.map((e, i) => (
              <li key={`e${i}`}>
                <span className="font-semibold">Error</span> at column {e.column}: {e.message}{" "}
                <code className="font-mono">{e.token}</code>
              </li>
            ))}
            {node.voids.map((v, i) => (
              <li key={`v${i}`}>
                <span className="font-semibold">Void lookup</span>:{" "}
                <code className="font-mono">{v.term}</code> → {v.target} {v.type} ({v.status})
              </li>
            ))}
            {termErrors.map((t, i) => (
              <li key={`d${i}`}>
                <span className="font-semibold">Lookup failed</span>:{" "}
                <code className="font-mono">{t.text}</code> → {t.dnsError!.name} {t.dnsError!.type} (
                {t.dnsError!.status})
              </li>
            ))}
          </ul>
        )}
      </div>
      {node.children.length > 0 && (
        <ul className="ml-3 border-l-2 border-slate-200 pl-3 sm:ml-4 sm:pl-4 dark:border-slate-700">
          {node.children.map((c, i) => (
            <SpfNodeItem key={`${c.domain}-${i}`} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function SpfVerdictLine({ verdict }: { verdict: SpfVerdict }) {
  const tone = VERDICT_TONE[verdict.result] ?? "neutral";
  return (
    <div className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800">
      <p className="flex flex-wrap items-center gap-2">
        <span>
          SPF result for <span className="font-mono">{verdict.ip}</span>:
        </span>
        <Pill tone={tone}>{verdict.result}</Pill>
        {verdict.mechanism && (
          <span className="text-xs text-slate-600 dark:text-slate-400">
            matched <code className="font-mono">{verdict.mechanism}</code>
          </span>
        )}
      </p>
      <p className="mt-1 text-xs break-all text-slate-600 dark:text-slate-400">
        MAIL FROM {verdict.sender} · HELO {verdict.helo}
        {verdict.lookups && (
          <>
            {" "}
            · {verdict.lookups.count}/{verdict.lookups.limit} lookups, {verdict.lookups.void} void
          </>
        )}
      </p>
      {verdict.explanation && <p className="mt-1 text-xs break-words">{verdict.explanation}</p>}
    </div>
  );
}

/** The SPF include/redirect tree with the lookup budgets (RFC 7208 §4.6.4) and the IP's verdict. */
export function SpfTree({ records }: { records: SpfRecords }) {
  const { totals } = records;
  return (
    <div className="space-y-4" data-testid="spf-tree">
      <div className="flex flex-col gap-4 sm:flex-row">
        <BudgetMeter label="DNS lookups" used={totals.lookups} limit={totals.lookupLimit} warnMargin={3} />
        <BudgetMeter label="void lookups" used={totals.voids} limit={totals.voidLimit} warnMargin={1} />
      </div>
      {records.verdict && <SpfVerdictLine verdict={records.verdict} />}
      {records.tree ? (
        <div>
          <h3 className="text-sm font-semibold">Include tree</h3>
          <ul aria-label={`SPF include tree of ${records.domain}`} className="-mt-1">
            <SpfNodeItem node={records.tree} />
          </ul>
        </div>
      ) : records.records.length > 1 ? (
        <div>
          <p className={`text-sm ${TONE_TEXT.bad}`}>
            {records.records.length} SPF records at {records.domain}: receivers treat this as an error.
          </p>
          <ul className="mt-1 space-y-1 font-mono text-xs break-all">
            {records.records.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No SPF record to follow at {records.domain}.
        </p>
      )}
      {records.legacy.length > 0 && (
        <div className="text-xs">
          <p className="font-semibold">Leftover Sender ID (spf2.0) records</p>
          <ul className="mt-1 font-mono break-all">
            {records.legacy.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

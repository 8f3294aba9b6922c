"use client";

import { useState, type ReactNode } from "react";
import type { ReportEvidence } from "@/lib/report/evidence";
import { DnsLog } from "./dns-log";
import { DnsTimeline } from "./dns-timeline";

/*
 * The heavy evidence of a report (its DNS query log, the timeline drawn from it, the raw records of every
 * check) is not in the page: it is fetched from GET /api/reports/<id>/evidence the first time a reader opens
 * one of these panels, once per page for all of them (the response is immutable and cached).
 */

const loads = new Map<string, Promise<ReportEvidence>>();

function loadEvidence(id: string): Promise<ReportEvidence> {
  let p = loads.get(id);
  if (!p) {
    p = fetch(`/api/reports/${encodeURIComponent(id)}/evidence`, {
      headers: { accept: "application/json" },
    }).then(async (res) => {
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      return (await res.json()) as ReportEvidence;
    });
    // A failed load is not remembered: opening the panel again (or "Try again") asks again.
    p.catch(() => loads.delete(id));
    loads.set(id, p);
  }
  return p;
}

type State =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "ready"; data: ReportEvidence }
  | { kind: "failed"; message: string };

function OnDemand({
  id,
  summary,
  className,
  summaryClassName,
  children,
}: {
  id: string;
  summary: ReactNode;
  className?: string;
  summaryClassName?: string;
  children: (evidence: ReportEvidence) => ReactNode;
}) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const load = () => {
    if (state.kind === "loading" || state.kind === "ready") return;
    setState({ kind: "loading" });
    loadEvidence(id).then(
      (data) => setState({ kind: "ready", data }),
      (e: unknown) => setState({ kind: "failed", message: e instanceof Error ? e.message : String(e) }),
    );
  };
  return (
    <details
      className={className}
      onToggle={(e) => e.currentTarget.open && load()}
      data-on-demand={state.kind}
    >
      <summary className={summaryClassName}>{summary}</summary>
      <div aria-live="polite" aria-busy={state.kind === "loading"}>
        {state.kind === "ready" ? (
          children(state.data)
        ) : state.kind === "failed" ? (
          <p className="mt-2 text-sm text-red-700 dark:text-red-300">
            Could not load the evidence ({state.message}).{" "}
            <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={load}>
              Try again
            </button>
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Loading…</p>
        )}
      </div>
    </details>
  );
}

const PANEL = "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900";

export function DnsTimelinePanel({ id, queries }: { id: string; queries: number }) {
  return (
    <OnDemand
      id={id}
      className={PANEL}
      summaryClassName="cursor-pointer font-semibold"
      summary={`DNS timeline (${queries} ${queries === 1 ? "query" : "queries"})`}
    >
      {(e) => (
        <div className="mt-2">
          <DnsTimeline log={e.dns.log} embedded />
        </div>
      )}
    </OnDemand>
  );
}

export function DnsLogPanel({ id, queries }: { id: string; queries: number }) {
  return (
    <OnDemand
      id={id}
      className={PANEL}
      summaryClassName="cursor-pointer font-semibold"
      summary={`DNS query log (${queries} ${queries === 1 ? "query" : "queries"})`}
    >
      {(e) => <DnsLog log={e.dns.log} servers={e.dns.servers} />}
    </OnDemand>
  );
}

/** A check's records as saved, pretty-printed JSON. */
export function RawRecordsPanel({
  id,
  check,
  className = "",
}: {
  id: string;
  check: string;
  className?: string;
}) {
  return (
    <OnDemand
      id={id}
      className={className}
      summaryClassName="cursor-pointer text-sm font-medium text-slate-600 dark:text-slate-300"
      summary="Raw evidence (JSON)"
    >
      {(e) => (
        <pre
          tabIndex={0}
          className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-3 font-mono text-xs dark:bg-slate-950"
        >
          {JSON.stringify(e.records[check] ?? [], null, 2)}
        </pre>
      )}
    </OnDemand>
  );
}

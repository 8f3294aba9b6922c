/**
 * The path that actually decided a report's time, walked back from the last answer: at each query, what it
 * was waiting for. Unlike the dependency depth (what the data requires), this reads the timestamps, to say
 * why a report took longer than its depth: a query asked only after an unrelated answer (a check awaiting
 * something it did not need), or asked in time but held in the DNS client's queue for a free slot.
 */
import type { QueryNode } from "./dependency-depth";

export type StepCause =
  /** Asked as soon as the answer it derives from arrived. */
  | "data"
  /** Asked only after an answer it does not derive from (or well after the one it does): serialized. */
  | "waited"
  /** Asked in time, but sent only when another query freed a slot (the client's concurrency cap). */
  | "queued"
  /** Asked at the start of the report. */
  | "start";

export interface PathStep {
  label: string;
  requestedMs: number;
  startedMs: number;
  endMs: number;
  /** Between the check asking and the question going on the wire. */
  queuedMs: number;
  cause: StepCause;
  /** The query this one waited for (the next step back). */
  after?: string;
  /** How long after `after`'s answer this query was asked (data, waited) or sent (queued). */
  gapMs?: number;
  /** The data dependency, when there is one ("MX exchange"...), even if it was not what held this query. */
  dependsOn?: string;
  /** When that dependency's answer arrived. */
  inputAtMs?: number;
  reason?: string;
  requester?: string;
}

export interface PathOptions {
  /** Who asked each question first ("lookupFcrdns (lib/net/fcrdns.ts:82)"), by question key. */
  requesters?: ReadonlyMap<string, string>;
  /** Delays up to this are event-loop noise, not waiting (ms). Default 3. */
  slackMs?: number;
}

/** The latest answer that arrived by `t`, other than `self`. */
function lastAnswerBy(nodes: readonly QueryNode[], t: number, self: QueryNode): QueryNode | undefined {
  let best: QueryNode | undefined;
  for (const n of nodes) {
    if (n === self || n.endMs > t) continue;
    if (!best || n.endMs > best.endMs) best = n;
  }
  return best;
}

export function observedCriticalPath(nodes: readonly QueryNode[], opts: PathOptions = {}): PathStep[] {
  const slack = opts.slackMs ?? 3;
  // Timestamps are rounded to 0.1 ms: an answer counts as "before" within that.
  const eps = 0.5;
  let last: QueryNode | undefined;
  for (const n of nodes) if (!last || n.endMs > last.endMs) last = n;
  const steps: PathStep[] = [];
  const seen = new Set<QueryNode>();
  for (let q = last; q && !seen.has(q);) {
    seen.add(q);
    const queuedMs = Math.max(0, q.startedMs - q.requestedMs);
    const step: PathStep = {
      label: q.label,
      requestedMs: q.requestedMs,
      startedMs: q.startedMs,
      endMs: q.endMs,
      queuedMs,
      cause: "start",
      ...(q.parent ? { dependsOn: q.parent.label, inputAtMs: q.parent.endMs, reason: q.reason } : {}),
      ...(opts.requesters?.get(q.key) ? { requester: opts.requesters.get(q.key) } : {}),
    };
    let prev: QueryNode | undefined;
    const freedBy = queuedMs > slack ? lastAnswerBy(nodes, q.startedMs + eps, q) : undefined;
    if (freedBy && freedBy.endMs > q.requestedMs) {
      // The slot it got was freed by the answer that arrived just before it was sent. (Held without any
      // answer arriving meanwhile is the client still busy sending the first wave, not the cap.)
      prev = freedBy;
      step.cause = "queued";
      step.gapMs = q.startedMs - prev.endMs;
    } else if (q.parent && q.requestedMs - q.parent.endMs <= slack) {
      prev = q.parent;
      step.cause = "data";
      step.gapMs = q.requestedMs - prev.endMs;
    } else if (q.requestedMs > slack) {
      prev = lastAnswerBy(nodes, q.requestedMs + eps, q);
      step.cause = prev ? "waited" : "start";
      if (prev) step.gapMs = q.requestedMs - prev.endMs;
    }
    if (prev) step.after = prev.label;
    steps.unshift(step);
    q = prev;
  }
  return steps;
}

function ms(n: number): string {
  return n.toFixed(1);
}

/** One line per step, first query first. */
export function formatCriticalPath(steps: readonly PathStep[]): string[] {
  return steps.map((s) => {
    const when = `${ms(s.startedMs).padStart(7)} → ${ms(s.endMs).padStart(7)}`;
    const why =
      s.cause === "start"
        ? `asked at ${ms(s.requestedMs)}` + (s.queuedMs > 1 ? `, sent ${ms(s.queuedMs)} ms later` : "")
        : s.cause === "data"
          ? `asked ${ms(s.gapMs ?? 0)} ms after its input (${s.reason})`
          : s.cause === "queued"
            ? `asked at ${ms(s.requestedMs)}, queued ${ms(s.queuedMs)} ms for a client slot (freed by ${s.after})`
            : `asked at ${ms(s.requestedMs)}, ${ms(s.gapMs ?? 0)} ms after ${s.after}, ` +
              (s.dependsOn
                ? `though its input (${s.dependsOn}) was in at ${ms(s.inputAtMs ?? 0)}`
                : "which it does not derive from");
    return `  ${when}  ${s.label}  — ${why}${s.requester ? `  [${s.requester}]` : ""}`;
  });
}

export interface PathSummary {
  /** Time the path's queries spent in the client's queue, asked but not yet sent. */
  queuedMs: number;
  /**
   * Time the path's late-asked queries could have gained: from their input's answer (or the report's
   * start, for a query that needs no answer) to when they were asked.
   */
  waitedMs: number;
  steps: Record<StepCause, number>;
}

/** Where the critical path's time went besides round trips: the queue, and waits on unrelated answers. */
export function summarizePath(steps: readonly PathStep[]): PathSummary {
  const out: PathSummary = { queuedMs: 0, waitedMs: 0, steps: { data: 0, waited: 0, queued: 0, start: 0 } };
  for (const s of steps) {
    out.steps[s.cause]++;
    if (s.cause === "queued") out.queuedMs += s.queuedMs;
    if (s.cause === "waited") out.waitedMs += s.requestedMs - (s.inputAtMs ?? 0);
  }
  return out;
}

/** Questions asked before the first answer arrived: the opening wave a client's concurrency cap meets. */
export function openingWave(nodes: readonly QueryNode[]): number {
  const firstAnswer = Math.min(...nodes.map((n) => n.endMs));
  return nodes.filter((n) => n.requestedMs < firstAnswer).length;
}

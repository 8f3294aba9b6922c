/**
 * Pure layout and classification helpers for the report's pictures (SPF budget, DMARC ladder, DNS
 * timeline, evidence). Kept free of JSX so they can be unit-tested in plain Node.
 */
import type { DnsStatus, QueryLogEntry } from "@/lib/dns/types";

export type Tone = "ok" | "warn" | "bad" | "neutral";

/**
 * Colour band for a budget such as SPF's 10 DNS lookups: green while there is headroom, amber in the last
 * `warnMargin` units up to the limit, red past it (receivers return permerror beyond the limit).
 */
export function budgetTone(used: number, limit: number, warnMargin: number): Tone {
  if (used > limit) return "bad";
  if (used > limit - warnMargin) return "warn";
  return "ok";
}

/** Width of a budget bar in percent: full (and red) once over the limit. */
export function budgetPercent(used: number, limit: number): number {
  if (limit <= 0) return used > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, (used / limit) * 100));
}

export const DMARC_POLICIES = ["none", "quarantine", "reject"] as const;
export type DmarcPolicyName = (typeof DMARC_POLICIES)[number];

/** Index of a policy on the ladder, or -1 for anything unexpected (rendered as "not on the ladder"). */
export function ladderIndex(policy: string | null | undefined): number {
  return DMARC_POLICIES.indexOf((policy ?? "") as DmarcPolicyName);
}

/** Splits a DMARC rua/ruf tag value into its URIs (comma-separated, RFC 7489 §6.4). */
export function splitUris(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
}

/** The URL when it is http(s), else null: bounce text and zone data are untrusted, never `javascript:`. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

/** Fills a zone's lookup URL template ({query} → the IP or domain), keeping only http(s) results. */
export function fillLookupUrl(template: string | undefined, subject: string): string | null {
  if (!template) return null;
  return safeHttpUrl(template.replace(/\{query\}/g, encodeURIComponent(subject)));
}

/** Answered (a fact about the domain) vs. unanswered (we could not find out). */
export function statusTone(status: DnsStatus): Tone {
  if (status === "ok") return "ok";
  if (status === "nxdomain" || status === "nodata") return "neutral";
  return "bad";
}

export interface TimelineRow {
  /** Position in the original log. */
  index: number;
  entry: QueryLogEntry;
  tone: Tone;
  /** Offset of the bar's start on the shared axis, percent. */
  left: number;
  /** Bar width, percent; at least `minWidth` so instant answers stay visible. */
  width: number;
  /** Start relative to the first query, ms. */
  startMs: number;
}

export interface TimelineLayout {
  /** Time from the first query sent to the last answer, ms (at least 1). */
  spanMs: number;
  /** Axis ticks: time in ms and position in percent. */
  ticks: { ms: number; left: number }[];
  /** Rows shown straight away. */
  shown: TimelineRow[];
  /** Rows behind "show all" (same axis). */
  rest: TimelineRow[];
}

/** A "nice" tick step (1, 2 or 5 × 10^k) giving at most about `target` intervals over `span`. */
export function niceStep(span: number, target = 5): number {
  if (!(span > 0)) return 1;
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/**
 * Waterfall layout: every query on one time axis from the earliest start to the latest answer, in
 * sending order, the first `maxRows` shown and the rest kept for a "show all" expansion.
 */
export function timelineLayout(
  log: readonly QueryLogEntry[],
  opts: { maxRows?: number; minWidth?: number; targetTicks?: number } = {},
): TimelineLayout {
  const maxRows = opts.maxRows ?? 50;
  const minWidth = opts.minWidth ?? 0.5;
  const finite = (n: number) => (Number.isFinite(n) ? Math.max(0, n) : 0);
  if (log.length === 0) return { spanMs: 1, ticks: [{ ms: 0, left: 0 }], shown: [], rest: [] };
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const q of log) {
    const s = finite(q.startedMs);
    t0 = Math.min(t0, s);
    t1 = Math.max(t1, s + finite(q.rttMs));
  }
  const spanMs = Math.max(1, t1 - t0);
  const rows = log
    .map((entry, index) => ({ entry, index, start: finite(entry.startedMs) - t0 }))
    // Stable order by start time: the log is in answer order, a waterfall reads in sending order.
    .sort((a, b) => a.start - b.start || a.index - b.index)
    .map(({ entry, index, start }): TimelineRow => {
      const left = (start / spanMs) * 100;
      const width = Math.min(Math.max((finite(entry.rttMs) / spanMs) * 100, minWidth), 100);
      return {
        index,
        entry,
        tone: statusTone(entry.status),
        // Keep the bar inside the track when the minimum width pushes it past the end.
        left: Math.max(0, Math.min(left, 100 - width)),
        width,
        startMs: start,
      };
    });
  const step = niceStep(spanMs, opts.targetTicks ?? 5);
  const ticks: { ms: number; left: number }[] = [];
  for (let ms = 0; ms <= spanMs + 1e-9; ms += step) ticks.push({ ms, left: (ms / spanMs) * 100 });
  return { spanMs, ticks, shown: rows.slice(0, maxRows), rest: rows.slice(maxRows) };
}

/** "12 ms", "1.2 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  return `${Math.round(ms)} ms`;
}

/** Plain-object check for evidence records of unknown provenance (old reports, other versions). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Bar fills per tone; print keeps the colours (the numbers are also written out, never colour alone). */
export const TONE_BAR: Record<Tone, string> = {
  ok: "bg-emerald-600 dark:bg-emerald-400",
  warn: "bg-amber-500 dark:bg-amber-400",
  bad: "bg-red-600 dark:bg-red-400",
  neutral: "bg-slate-500 dark:bg-slate-400",
};

/** Text colours per tone with AA contrast on white / slate-900. */
export const TONE_TEXT: Record<Tone, string> = {
  ok: "text-emerald-700 dark:text-emerald-300",
  warn: "text-amber-800 dark:text-amber-300",
  bad: "text-red-700 dark:text-red-300",
  neutral: "text-slate-600 dark:text-slate-400",
};

/** Small pill badges per tone. */
export const TONE_PILL: Record<Tone, string> = {
  ok: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  warn: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  bad: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-100",
  neutral: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
};

/**
 * Bounds on the evidence a report keeps: each check's records and findings (64 KiB), the DNS log (256 KiB)
 * and the whole report (1 MiB). A zone can answer every TXT question with 64 KiB (RFC 1035 §4.2.2 over
 * TCP), so without them one report of a hostile zone could hold tens of megabytes in the database, in every
 * cache and on every page view.
 *
 * Cutting happens after the checks and the score are computed from the whole answers: it changes what is
 * kept and shown, never a verdict. Each cut is said in one report-level finding (`report.evidence_limited`)
 * and, inside the evidence, by a marker at the end of each shortened string; nothing is cut silently.
 */
import type { CheckName, CheckResult, Finding } from "@/lib/checks/types";
import type { QueryLogEntry } from "@/lib/dns/types";
import type { ReportDocument } from "./types";

export interface EvidenceLimits {
  /** JSON bytes of one check's records and findings. */
  perCheckBytes: number;
  /** JSON bytes of the DNS log. */
  logBytes: number;
  /** JSON bytes of the whole report, the input as typed or pasted excepted (it is bounded on its own). */
  perReportBytes: number;
}

export const EVIDENCE_LIMITS: EvidenceLimits = {
  perCheckBytes: 64 * 1024,
  logBytes: 256 * 1024,
  perReportBytes: 1024 * 1024,
};

/** JSON bytes of a value, as it is saved and served. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

/** A string cut to about `max` UTF-8 bytes, with a marker saying how much went (never a lone surrogate). */
export function shortenString(s: string, max: number): string {
  const bytes = Buffer.byteLength(s, "utf8");
  if (bytes <= max) return s;
  let keep = s.slice(0, max);
  while (Buffer.byteLength(keep, "utf8") > max) keep = keep.slice(0, Math.floor(keep.length * 0.9));
  const last = keep.charCodeAt(keep.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep = keep.slice(0, -1);
  return `${keep}[… ${bytes - Buffer.byteLength(keep, "utf8")} bytes cut]`;
}

/**
 * Every string in a JSON-like value cut to `maxString` bytes and every array to `maxItems` items. Objects
 * keep their keys, so typed evidence keeps its shape.
 */
export function shortenValue<T>(value: T, maxString: number, maxItems = Infinity): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return shortenString(v, maxString);
    if (depth > 64 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.slice(0, maxItems).map((x) => walk(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(value, 0) as T;
}

/** Passes of growing severity: long strings first, then long lists, then whole records. */
const PASSES = [
  { maxString: 4096, maxItems: Infinity },
  { maxString: 1024, maxItems: 200 },
  { maxString: 256, maxItems: 50 },
];

function capCheck(result: CheckResult, limit: number): CheckResult | null {
  const size = (r: Pick<CheckResult, "records" | "findings">) => jsonBytes(r.records) + jsonBytes(r.findings);
  if (size(result) <= limit) return null;
  let records = result.records;
  let findings = result.findings;
  for (const pass of PASSES) {
    records = shortenValue(result.records, pass.maxString, pass.maxItems);
    findings = result.findings.map((f) => ({
      ...f,
      params: shortenValue(f.params, pass.maxString, pass.maxItems),
    }));
    if (size({ records, findings }) <= limit) break;
  }
  // Still too big: leave records out from the end (findings stay: they are what the report says). The
  // most records that fit, by bisection (each measure is a whole serialization).
  if (size({ records, findings }) > limit) {
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (size({ records: records.slice(0, mid), findings }) <= limit) lo = mid;
      else hi = mid - 1;
    }
    records = records.slice(0, lo);
  }
  return { ...result, records, findings };
}

function capLog(log: QueryLogEntry[], limit: number): { log: QueryLogEntry[]; cut: number } | null {
  if (jsonBytes(log) <= limit) return null;
  let kept = log;
  for (const pass of PASSES) {
    kept = log.map((e) =>
      e.answers.length === 0 ? e : { ...e, answers: shortenValue(e.answers, pass.maxString, pass.maxItems) },
    );
    if (jsonBytes(kept) <= limit) break;
  }
  // Each entry says which question was asked and how it ended; their answers go last-first.
  let bytes = jsonBytes(kept);
  for (let i = kept.length - 1; i >= 0 && bytes > limit; i--) {
    const e = kept[i]!;
    if (e.answers.length === 0) continue;
    const without = { ...e, answers: [`[… ${e.answers.length} answers cut]`] };
    bytes -= jsonBytes(e) - jsonBytes(without);
    kept = [...kept.slice(0, i), without, ...kept.slice(i + 1)];
  }
  const cut = kept.filter((e, i) => e !== log[i]).length;
  return { log: kept, cut };
}

/**
 * The report with its evidence within `limits`, and `report.evidence_limited` among its findings when
 * anything was cut; the same object when nothing needed cutting.
 */
export function capEvidence<T extends ReportDocument>(doc: T, limits: EvidenceLimits = EVIDENCE_LIMITS): T {
  const evidenceBytes = (d: ReportDocument) => jsonBytes(d) - jsonBytes(d.input);
  const before = evidenceBytes(doc);
  const checks: Partial<Record<CheckName, CheckResult>> = { ...doc.checks };
  const cutChecks: CheckName[] = [];
  for (const [name, result] of Object.entries(doc.checks) as [CheckName, CheckResult][]) {
    const capped = capCheck(result, limits.perCheckBytes);
    if (capped) {
      checks[name] = capped;
      cutChecks.push(name);
    }
  }
  const logCap = doc.dns.log ? capLog(doc.dns.log, limits.logBytes) : null;
  if (cutChecks.length === 0 && !logCap && before <= limits.perReportBytes) return doc;

  let out: T = {
    ...doc,
    checks,
    dns: { ...doc.dns, ...(logCap ? { log: logCap.log } : {}) },
  };
  // The per-part caps add up to less than the whole in any report mxray makes; this is the backstop for
  // one that does not (say, findings with long parameters in every check): the room the rest leaves is
  // shared out between the checks, and each is cut again from its whole result to its share.
  const over = evidenceBytes(out) - limits.perReportBytes;
  if (over > 0) {
    const entries = Object.entries(doc.checks) as [CheckName, CheckResult][];
    const checksBytes = entries.reduce(
      (n, [name]) => n + jsonBytes(out.checks[name]?.records) + jsonBytes(out.checks[name]?.findings),
      0,
    );
    const share = Math.floor((checksBytes - over) / Math.max(1, entries.length));
    const recut: Partial<Record<CheckName, CheckResult>> = {};
    for (const [name, result] of entries) {
      recut[name] = capCheck(result, Math.max(0, share)) ?? result;
      if (recut[name] !== result && !cutChecks.includes(name)) cutChecks.push(name);
    }
    out = { ...out, checks: recut };
  }
  const finding: Finding = {
    code: "report.evidence_limited",
    severity: "info",
    params: {
      checks: cutChecks,
      logEntriesCut: logCap?.cut ?? 0,
      bytesBefore: before,
      bytesAfter: 0,
      perCheckBytes: limits.perCheckBytes,
      perReportBytes: limits.perReportBytes,
    },
  };
  out = { ...out, findings: [...(out.findings ?? []), finding] };
  finding.params.bytesAfter = evidenceBytes(out);
  return out;
}

import { worstFirst as bySeverity } from "@/lib/findings/severity";
import { canonicalName } from "@/lib/dns/names";
import { CHECK_LABELS } from "@/lib/checks/labels";
import type { CheckName, CheckResult, CheckStatus, Finding, Severity } from "@/lib/checks/types";
import { explainFinding } from "@/lib/findings";
import type { Grade } from "@/lib/scoring/score";
import type { ReportDocument, ReportStatus } from "./types";
import { inputFor } from "./view";

/**
 * Params that say *which thing* a finding is about. Measurements (count, bits, pct, term) are left out on
 * purpose: "SPF needs 14 lookups" then "SPF needs 12 lookups" is the same problem, not one fixed and one new.
 */
const IDENTITY_PARAMS = ["selector", "domain", "host", "exchange", "zone", "address", "ip", "tag"] as const;

export interface DiffFinding {
  check: CheckName;
  /** check + code + identity params: stable across runs of the same input. */
  key: string;
  code: string;
  severity: Severity;
  params: Record<string, unknown>;
  title: string;
  detail: string | null;
}

export interface DiffSide {
  id?: string;
  createdAt: string;
  status: ReportStatus;
  score: number | null;
  grade: Grade | null;
  scoringVersion: string;
}

export interface CheckStatusChange {
  check: CheckName;
  label: string;
  /** null when the check was not part of that report. */
  before: CheckStatus | null;
  after: CheckStatus | null;
}

export interface ReportDiff {
  previous: DiffSide;
  current: DiffSide;
  /**
   * current score − previous score; null when either report has no score (incomplete, domain not found):
   * a score lost to a timeout is no drop.
   */
  scoreDelta: number | null;
  gradeChanged: boolean;
  /** Scores from different scoring versions are not strictly comparable. */
  scoringVersionChanged: boolean;
  /** In the previous report, not in the current one (and the check did run this time). */
  fixed: DiffFinding[];
  /** In the current report only (and the check did run last time). */
  added: DiffFinding[];
  /** In both; `finding` is the current one. */
  unchanged: DiffFinding[];
  /**
   * Findings whose check could not be determined (error/skipped/absent) on the other side: neither fixed nor
   * new, because we do not know. `side` is the report the finding comes from.
   */
  undetermined: (DiffFinding & { side: "previous" | "current" })[];
  /** Only the checks whose status changed. */
  checks: CheckStatusChange[];
}

/** Stable identity of a finding within a report: check, code and the params that name its subject. */
export function findingKey(check: CheckName, f: Finding): string {
  const parts: string[] = [check, f.code];
  for (const p of IDENTITY_PARAMS) {
    const v = f.params[p];
    if (typeof v === "string" && v) parts.push(`${p}=${canonicalName(v)}`);
    else if (typeof v === "number") parts.push(`${p}=${v}`);
  }
  return parts.join("|");
}

function ran(result: CheckResult | undefined): result is CheckResult {
  return !!result && result.status !== "error" && result.status !== "skipped";
}

function side(doc: ReportDocument): DiffSide {
  return {
    ...(doc.id ? { id: doc.id } : {}),
    createdAt: doc.createdAt,
    status: doc.status ?? "complete",
    score: doc.score,
    grade: doc.grade,
    scoringVersion: doc.scoringVersion,
  };
}

function describe(doc: ReportDocument, check: CheckName, result: CheckResult, f: Finding): DiffFinding {
  const explained = explainFinding(f, result, inputFor(doc, check));
  return {
    check,
    key: findingKey(check, f),
    code: f.code,
    severity: f.severity,
    params: f.params,
    title: explained.title,
    detail: explained.detail,
  };
}

function byKey(doc: ReportDocument, check: CheckName): Map<string, DiffFinding[]> {
  const out = new Map<string, DiffFinding[]>();
  const result = doc.checks[check];
  if (!result) return out;
  for (const f of result.findings) {
    const d = describe(doc, check, result, f);
    const list = out.get(d.key);
    if (list) list.push(d);
    else out.set(d.key, [d]);
  }
  return out;
}

const worstFirst = (a: DiffFinding, b: DiffFinding) => bySeverity(a, b) || a.key.localeCompare(b.key);

/** Pure: what changed between two reports of the same input. */
export function diffReports(previous: ReportDocument, current: ReportDocument): ReportDiff {
  const fixed: DiffFinding[] = [];
  const added: DiffFinding[] = [];
  const unchanged: DiffFinding[] = [];
  const undetermined: ReportDiff["undetermined"] = [];
  const checks: CheckStatusChange[] = [];

  const names = new Set<CheckName>([
    ...(Object.keys(previous.checks) as CheckName[]),
    ...(Object.keys(current.checks) as CheckName[]),
  ]);
  for (const check of names) {
    const before = previous.checks[check];
    const after = current.checks[check];
    if ((before?.status ?? null) !== (after?.status ?? null)) {
      checks.push({
        check,
        label: CHECK_LABELS[check]?.name ?? check,
        before: before?.status ?? null,
        after: after?.status ?? null,
      });
    }
    const prev = byKey(previous, check);
    const curr = byKey(current, check);
    // Multiset match: two identical findings before and one after means one of them was fixed.
    for (const [key, list] of curr) {
      const matches = prev.get(key) ?? [];
      list.forEach((d, i) => {
        if (i < matches.length) unchanged.push(d);
        else if (ran(before)) added.push(d);
        else undetermined.push({ ...d, side: "current" });
      });
    }
    for (const [key, list] of prev) {
      const kept = curr.get(key)?.length ?? 0;
      for (const d of list.slice(kept)) {
        if (ran(after)) fixed.push(d);
        else undetermined.push({ ...d, side: "previous" });
      }
    }
  }

  return {
    previous: side(previous),
    current: side(current),
    scoreDelta:
      current.score !== null &&
      previous.score !== null &&
      previous.status !== "incomplete" &&
      current.status !== "incomplete"
        ? current.score - previous.score
        : null,
    gradeChanged: current.grade !== null && previous.grade !== null && current.grade !== previous.grade,
    scoringVersionChanged: current.scoringVersion !== previous.scoringVersion,
    fixed: fixed.sort(worstFirst),
    added: added.sort(worstFirst),
    unchanged: unchanged.sort(worstFirst),
    undetermined: undetermined.sort(worstFirst),
    checks,
  };
}

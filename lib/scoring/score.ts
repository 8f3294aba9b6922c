import type { CheckName, CheckResult, Severity } from "@/lib/checks/types";
import {
  CATEGORY_OF,
  CHECK_CAP,
  CODE_POINTS,
  CONNECTION_CHECKS,
  GRADE_BOUNDARIES,
  MESSAGE_CAP,
  MESSAGE_CODE_POINTS,
  observedFindings,
  SCORING_VERSION,
  SEVERITY_POINTS,
  type Category,
  type Grade,
  type Profile,
} from "./weights";
import { severityRank as rank } from "@/lib/findings/severity";

export type { Grade } from "./weights";

export interface Deduction {
  /** The check, "bounce" for the bounce the report was made from, "message" for a received message. */
  check: CheckName | "bounce" | "message";
  category: Category;
  code: string;
  severity: Severity;
  points: number;
}

/**
 * Whether a report can be judged. `complete`: every check that carries points was determined;
 * `incomplete`: one or more could not be (timeout, SERVFAIL, REFUSED), so no score or grade is given,
 * only the range the score will fall in once they are determined.
 */
export type ScoreStatus = "complete" | "incomplete";

export interface ScoreRange {
  min: number;
  max: number;
}

export interface ScoreResult {
  status: ScoreStatus;
  /** Null when incomplete: a grade without its evidence would be a guess. */
  score: number | null;
  grade: Grade | null;
  /** complete ⇒ min == max == score; incomplete ⇒ the least and the most the report could score. */
  scoreRange: ScoreRange;
  /** What the determined checks alone score (the best case when incomplete): shown as context only. */
  determinedScore: number;
  scoringVersion: string;
  profile: Profile;
  deductions: Deduction[];
  /** Checks that could not be determined: shown as unknown, never scored as failures. */
  unknown: CheckName[];
  /** The unknown checks that carry points, each with the most it could still cost. */
  undetermined: { check: CheckName; maxPoints: number }[];
  categories: Record<Category, { lost: number; checks: CheckName[] }>;
}

/**
 * Pure: check results → score, grade and every point lost. A bounce is not scored here: it is evidence of
 * one delivery, not of the sender's set-up; a bounce report's score is the score of the checks it ran.
 */
export function scoreReport(
  checks: Partial<Record<CheckName, CheckResult>>,
  profile: Profile = "deliverability",
): ScoreResult {
  const deductions: Deduction[] = [];
  const unknown: CheckName[] = [];
  const undetermined: ScoreResult["undetermined"] = [];
  const categories: ScoreResult["categories"] = {
    authentication: { lost: 0, checks: [] },
    infrastructure: { lost: 0, checks: [] },
    reputation: { lost: 0, checks: [] },
  };
  let lost = 0;
  let worst: Severity = "info";
  for (const [name, result] of Object.entries(checks) as [CheckName, CheckResult][]) {
    const category = CATEGORY_OF[name];
    categories[category].checks.push(name);
    if (result.status === "error") {
      // A probe that could not connect is not pending information about the domain (see CONNECTION_CHECKS).
      if (CONNECTION_CHECKS.includes(name)) continue;
      unknown.push(name);
      // The worst it could still cost is its cap: findings are capped per check below.
      if (CHECK_CAP[name] > 0) undetermined.push({ check: name, maxPoints: CHECK_CAP[name] });
      continue;
    }
    if (result.status === "skipped") continue;
    const raw: Deduction[] = [];
    // Findings, and what this profile weighs in the evidence without it being a finding (SPF's "~all").
    for (const f of [...result.findings, ...observedFindings(name, result.records)]) {
      const points = codePoints(CODE_POINTS[profile], f.code) ?? SEVERITY_POINTS[f.severity];
      if (points > 0) raw.push({ check: name, category, code: f.code, severity: f.severity, points });
      if (rank(f.severity) > rank(worst)) worst = f.severity;
    }
    // Cap each check so one check's many findings cannot outweigh the rest of the report.
    let budget = CHECK_CAP[name];
    for (const d of raw.sort((a, b) => b.points - a.points)) {
      const points = Math.min(d.points, budget);
      budget -= points;
      if (points > 0) deductions.push({ ...d, points });
    }
  }
  for (const d of deductions) {
    lost += d.points;
    categories[d.category].lost += d.points;
  }
  const determinedScore = Math.max(0, Math.min(100, 100 - lost));
  const base = { scoringVersion: SCORING_VERSION, profile, deductions, unknown, undetermined, categories };
  if (undetermined.length > 0) {
    // Best case: the undetermined checks pass and cost nothing; worst case: each costs its cap.
    const worstLoss = undetermined.reduce((a, u) => a + u.maxPoints, 0);
    return {
      ...base,
      status: "incomplete",
      score: null,
      grade: null,
      scoreRange: { min: Math.max(0, determinedScore - worstLoss), max: determinedScore },
      determinedScore,
    };
  }
  return {
    ...base,
    status: "complete",
    score: determinedScore,
    grade: gradeFor(determinedScore, worst),
    scoreRange: { min: determinedScore, max: determinedScore },
    determinedScore,
  };
}

/** The grade of a score; A+ also needs no finding above "info". */
export function gradeFor(score: number, worst: Severity = "info"): Grade {
  const grade: Grade = GRADE_BOUNDARIES.find((g) => score >= g.min)?.grade ?? "F";
  return grade === "A+" && rank(worst) > rank("info") ? "A" : grade;
}

/**
 * A message report: the checks run on its sending IP (PTR, DNSBL) plus what the message itself showed.
 * Message findings cost their severity's points (or their own weight), within MESSAGE_CAP.
 */
export function scoreMessageReport(
  checks: Partial<Record<CheckName, CheckResult>>,
  findings: { code: string; severity: Severity }[],
  profile: Profile = "deliverability",
): ScoreResult {
  const base = scoreReport(checks, profile);
  const deductions = [...base.deductions];
  let budget = MESSAGE_CAP;
  let worst: Severity = base.deductions.reduce<Severity>(
    (w, d) => (rank(d.severity) > rank(w) ? d.severity : w),
    "info",
  );
  const raw = findings
    .map((f) => ({ f, points: codePoints(MESSAGE_CODE_POINTS, f.code) ?? SEVERITY_POINTS[f.severity] }))
    .sort((a, b) => b.points - a.points);
  for (const { f, points: full } of raw) {
    if (rank(f.severity) > rank(worst)) worst = f.severity;
    const points = Math.min(full, budget);
    budget -= points;
    if (points <= 0) continue;
    const category: Category = /^message\.(spf|dkim|dmarc|arc)_/.test(f.code)
      ? "authentication"
      : "infrastructure";
    deductions.push({ check: "message", category, code: f.code, severity: f.severity, points });
    base.categories[category].lost += points;
  }
  const lost = deductions.reduce((n, d) => n + d.points, 0);
  const determinedScore = Math.max(0, Math.min(100, 100 - lost));
  if (base.status === "incomplete") {
    // The sending IP's checks could not all be determined: the message's own points shift the range.
    const worstLoss = base.undetermined.reduce((a, u) => a + u.maxPoints, 0);
    return {
      ...base,
      score: null,
      grade: null,
      scoreRange: { min: Math.max(0, determinedScore - worstLoss), max: determinedScore },
      determinedScore,
      deductions,
    };
  }
  return {
    ...base,
    score: determinedScore,
    grade: gradeFor(determinedScore, worst),
    scoreRange: { min: determinedScore, max: determinedScore },
    determinedScore,
    deductions,
  };
}

/** A code's own weight: findings are stored as plain strings, weights are keyed by the codes that exist. */
function codePoints(weights: Partial<Record<string, number>>, code: string): number | undefined {
  return Object.hasOwn(weights, code) ? weights[code] : undefined;
}

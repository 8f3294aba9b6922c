import type { CheckName, CheckResult, Severity } from "@/lib/checks/types";
import type { Diagnosis } from "@/lib/bounce/types";
import {
  BOUNCE_POINTS,
  CATEGORY_OF,
  CHECK_CAP,
  CODE_POINTS,
  GRADES,
  MESSAGE_CAP,
  MESSAGE_CODE_POINTS,
  SCORING_VERSION,
  SEVERITY_POINTS,
  type Category,
  type Profile,
} from "./weights";

export type Grade = (typeof GRADES)[number]["grade"];

export interface Deduction {
  /** The check, "bounce" for the bounce the report was made from, "message" for a received message. */
  check: CheckName | "bounce" | "message";
  category: Category;
  code: string;
  severity: Severity;
  points: number;
}

export interface ScoreResult {
  score: number;
  grade: Grade;
  scoringVersion: string;
  profile: Profile;
  deductions: Deduction[];
  /** Checks that could not be determined: shown as unknown, never scored as failures. */
  unknown: CheckName[];
  categories: Record<Category, { lost: number; checks: CheckName[] }>;
}

/** Pure: check results → score, grade and every point lost. */
export function scoreReport(
  checks: Partial<Record<CheckName, CheckResult>>,
  profile: Profile = "deliverability",
  bounce?: Pick<Diagnosis, "family" | "reason" | "permanent"> | null,
): ScoreResult {
  const deductions: Deduction[] = [];
  const unknown: CheckName[] = [];
  const categories: ScoreResult["categories"] = {
    authentication: { lost: 0, checks: [] },
    infrastructure: { lost: 0, checks: [] },
    reputation: { lost: 0, checks: [] },
    bounce: { lost: 0, checks: [] },
  };
  let lost = 0;
  let worst: Severity = "info";
  for (const [name, result] of Object.entries(checks) as [CheckName, CheckResult][]) {
    const category = CATEGORY_OF[name];
    categories[category].checks.push(name);
    if (result.status === "error") {
      unknown.push(name);
      continue;
    }
    if (result.status === "skipped") continue;
    const raw: Deduction[] = [];
    for (const f of result.findings) {
      const points = CODE_POINTS[profile][f.code] ?? SEVERITY_POINTS[f.severity];
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
  const bouncePoints = bounce ? BOUNCE_POINTS[bounce.family] : undefined;
  if (bounce && bouncePoints) {
    const points = bounce.permanent === false ? bouncePoints.temporary : bouncePoints.permanent;
    deductions.push({
      check: "bounce",
      category: "bounce",
      code: `bounce.${bounce.reason}`,
      severity: bounce.permanent === false ? "medium" : "high",
      points,
    });
    const severity: Severity = bounce.permanent === false ? "medium" : "high";
    if (rank(severity) > rank(worst)) worst = severity;
  }
  for (const d of deductions) {
    lost += d.points;
    categories[d.category].lost += d.points;
  }
  const score = Math.max(0, Math.min(100, 100 - lost));
  let grade: Grade = GRADES.find((g) => score >= g.min)?.grade ?? "F";
  if (grade === "A+" && rank(worst) > rank("info")) grade = "A";
  return { score, grade, scoringVersion: SCORING_VERSION, profile, deductions, unknown, categories };
}

function rank(s: Severity): number {
  return { info: 0, low: 1, medium: 2, high: 3, critical: 4 }[s];
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
    .map((f) => ({ f, points: MESSAGE_CODE_POINTS[f.code] ?? SEVERITY_POINTS[f.severity] }))
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
  const score = Math.max(0, Math.min(100, 100 - lost));
  let grade: Grade = GRADES.find((g) => score >= g.min)?.grade ?? "F";
  if (grade === "A+" && rank(worst) > rank("info")) grade = "A";
  return { ...base, score, grade, deductions };
}

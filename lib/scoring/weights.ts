import { REGISTRY } from "@/lib/checks/registry";
import type { CheckName, Finding, Severity } from "@/lib/checks/types";
import type { FindingCode, MessageFindingCode } from "@/lib/findings/codes";

/**
 * Every number that turns findings into a score is here, or in a check's descriptor and gathered here.
 * Change a number → bump SCORING_VERSION, so saved reports keep the meaning they were scored with (each
 * report stores the version it used); weights.test.ts pins the numbers to the version.
 */
export const SCORING_VERSION = "2026.12-2";

export type Category = "authentication" | "infrastructure" | "reputation";

export type Profile = "deliverability" | "strict";

/** Points lost for a finding of each severity, unless the code has its own weight (its check's descriptor). */
export const SEVERITY_POINTS: Record<Severity, number> = {
  critical: 30,
  high: 15,
  medium: 8,
  low: 3,
  info: 0,
};

// Each check's category, cap and per-code points are in its descriptor (lib/checks/<check>/check.ts).

const DESCRIPTORS = Object.values(REGISTRY);

export const CATEGORY_OF: Record<CheckName, Category> = byCheck((d) => d.category);

/** The most one check can cost: one broken optional record must not outweigh a broken SPF. */
export const CHECK_CAP: Record<CheckName, number> = byCheck((d) => d.scoring.cap);

/**
 * Checks that need an outbound connection (port 25 to each MX host). Outbound port 25 is blocked on most
 * home and cloud networks, so "could not determine" is the usual answer there: such a check is then left
 * out of the score (its points are neither lost nor pending) instead of making every report from such a
 * network incomplete. Once determined, its findings cost points like any other.
 */
export const CONNECTION_CHECKS: readonly CheckName[] = DESCRIPTORS.filter((d) => d.connection).map(
  (d) => d.name,
);

/**
 * Codes whose cost differs from their severity's, per profile. The "strict" (anti-spoofing) profile
 * treats an unenforced DMARC policy and a soft SPF ending as real failures; "deliverability" does not,
 * since p=none and ~all deliver mail fine.
 */
export const CODE_POINTS: Record<Profile, Partial<Record<FindingCode, number>>> = {
  deliverability: Object.assign({}, ...DESCRIPTORS.map((d) => d.scoring.points.deliverability)),
  strict: Object.assign({}, ...DESCRIPTORS.map((d) => d.scoring.points.strict)),
};

/** Codes scoring derives from a check's evidence, per check (see CheckScoring.observe). */
export function observedFindings(check: CheckName, records: readonly unknown[]): Finding[] {
  const observe: ((records: readonly unknown[]) => Finding[]) | undefined = REGISTRY[check]?.scoring.observe;
  return observe ? observe(records) : [];
}

function byCheck<T>(pick: (d: (typeof DESCRIPTORS)[number]) => T): Record<CheckName, T> {
  return Object.fromEntries(DESCRIPTORS.map((d) => [d.name, pick(d)])) as Record<CheckName, T>;
}

/**
 * A received message's own findings (lib/mail): at most this many points in all, so a message report keeps
 * room for its sending IP's checks. DMARC failing is the one failure every large receiver acts on.
 */
export const MESSAGE_CAP = 70;
export const MESSAGE_CODE_POINTS: Partial<Record<MessageFindingCode, number>> = {
  "message.dmarc_fail": 35,
  "message.dkim_missing": 15,
  "message.dkim_fail": 15,
  "message.spf_fail": 12,
  "message.no_tls": 10,
};

export { GRADE_BOUNDARIES, type Grade } from "./grades";

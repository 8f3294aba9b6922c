import type { CheckName, Severity } from "@/lib/checks/types";

/**
 * Every number that turns findings into a score lives here. Change a number → bump SCORING_VERSION, so
 * saved reports keep the meaning they were scored with (each report stores the version it used).
 */
export const SCORING_VERSION = "2026.12-1";

export type Category = "authentication" | "infrastructure" | "reputation";

export const CATEGORY_OF: Record<CheckName, Category> = {
  spf: "authentication",
  dkim: "authentication",
  dmarc: "authentication",
  mx: "infrastructure",
  ptr: "infrastructure",
  mta_sts: "infrastructure",
  tls_rpt: "infrastructure",
  dnssec: "infrastructure",
  bimi: "infrastructure",
  dnsbl: "reputation",
  smtp_tls: "infrastructure",
  dane: "infrastructure",
};

/** Points lost for a finding of each severity, unless the code has its own weight below. */
export const SEVERITY_POINTS: Record<Severity, number> = {
  critical: 30,
  high: 15,
  medium: 8,
  low: 3,
  info: 0,
};

/** The most one check can cost: one broken optional record must not outweigh a broken SPF. */
export const CHECK_CAP: Record<CheckName, number> = {
  spf: 30,
  dmarc: 30,
  dkim: 25,
  mx: 25,
  ptr: 15,
  dnsbl: 35,
  mta_sts: 6,
  tls_rpt: 3,
  bimi: 2,
  dnssec: 5,
  smtp_tls: 12,
  dane: 8,
};

/**
 * Checks that need an outbound connection (port 25 to each MX host). Outbound port 25 is blocked on most
 * home and cloud networks, so "could not determine" is the usual answer there: such a check is then left
 * out of the score (its points are neither lost nor pending) instead of making every report from such a
 * network incomplete. Once determined, its findings cost points like any other.
 */
export const CONNECTION_CHECKS: readonly CheckName[] = ["smtp_tls", "dane"];

export type Profile = "deliverability" | "strict";

/**
 * Codes whose cost differs from their severity's, per profile. The "strict" (anti-spoofing) profile
 * treats an unenforced DMARC policy and a soft SPF ending as real failures; "deliverability" does not,
 * since p=none and ~all deliver mail fine.
 */
export const CODE_POINTS: Record<Profile, Record<string, number>> = {
  deliverability: {
    "spf.missing": 25,
    "dmarc.missing": 20,
    "dmarc.policy_none": 6,
    "dkim.no_selector_found": 20,
    "dnsbl.listed": 20,
    "mx.missing": 15,
  },
  strict: {
    "spf.missing": 30,
    "dmarc.missing": 30,
    "dmarc.policy_none": 20,
    "dmarc.pct_partial": 10,
    "spf.softfail_all": 6,
    "dkim.no_selector_found": 20,
    "dnsbl.listed": 20,
    "mx.missing": 15,
  },
};

/**
 * A received message's own findings (lib/mail): at most this many points in all, so a message report keeps
 * room for its sending IP's checks. DMARC failing is the one failure every large receiver acts on.
 */
export const MESSAGE_CAP = 70;
export const MESSAGE_CODE_POINTS: Record<string, number> = {
  "message.dmarc_fail": 35,
  "message.dkim_missing": 15,
  "message.dkim_fail": 15,
  "message.spf_fail": 12,
  "message.no_tls": 10,
};

/** Grade boundaries (score at or above). A+ also needs no finding above "info". */
export const GRADES: { grade: "A+" | "A" | "B" | "C" | "D" | "F"; min: number }[] = [
  { grade: "A+", min: 97 },
  { grade: "A", min: 90 },
  { grade: "B", min: 80 },
  { grade: "C", min: 70 },
  { grade: "D", min: 60 },
  { grade: "F", min: 0 },
];

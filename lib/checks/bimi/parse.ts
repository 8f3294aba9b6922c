/**
 * BIMI assertion records (draft-brand-indicators-for-message-identification, §4.2): a DKIM-style
 * tag-list with v=BIMI1 first, l= (logo: an https URL to an SVG Tiny PS file) and a= (evidence: an https
 * URL to a VMC/CMC PEM). Pure and synchronous.
 */
import { parseTagList } from "@/lib/checks/dkim/parse";
import type { DmarcRecord } from "@/lib/checks/dmarc/parse";

export interface BimiProblem {
  reason:
    | "malformed"
    | "v_not_first"
    | "invalid_version"
    | "missing_l"
    | "invalid_logo_url"
    | "invalid_authority_url";
  tag?: string;
  value?: string;
}

export interface BimiRecord {
  raw: string;
  tags: { name: string; value: string }[];
  /** Logo URLs (l=): the draft allows a comma-separated list; empty when declined. */
  logos: string[];
  /** Evidence document URL (a=), if any. */
  authority?: string;
  /** Both l= and a= empty: the domain declines to show a logo (§4.2). */
  declined: boolean;
  problems: BimiProblem[];
}

/** Records that do not start with v=BIMI1 are not BIMI assertion records. */
export function isBimiRecord(txt: string): boolean {
  return /^\s*v\s*=\s*BIMI1\s*(;|$)/i.test(txt);
}

function httpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "https:" && u.hostname !== "";
  } catch {
    return false;
  }
}

export function parseBimi(raw: string): BimiRecord {
  const list = parseTagList(raw);
  const rec: BimiRecord = { raw, tags: list.tags, logos: [], declined: false, problems: [] };
  if (list.error) {
    rec.problems.push({ reason: "malformed", tag: list.error.tag });
    return rec;
  }
  const first = list.tags[0];
  if (first?.name.toLowerCase() !== "v") rec.problems.push({ reason: "v_not_first" });
  else if (first.value.toUpperCase() !== "BIMI1")
    rec.problems.push({ reason: "invalid_version", value: first.value });
  const get = (n: string) => list.tags.find((t) => t.name.toLowerCase() === n)?.value;
  const l = get("l");
  const a = get("a");
  if (l === undefined) rec.problems.push({ reason: "missing_l", tag: "l" });
  const logos = (l ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const url of logos) {
    if (!httpsUrl(url)) rec.problems.push({ reason: "invalid_logo_url", tag: "l", value: url });
  }
  rec.logos = logos;
  if (a !== undefined && a.trim() !== "") {
    if (!httpsUrl(a.trim()))
      rec.problems.push({ reason: "invalid_authority_url", tag: "a", value: a.trim() });
    rec.authority = a.trim();
  }
  rec.declined = l !== undefined && logos.length === 0 && rec.authority === undefined;
  return rec;
}

export interface BimiDmarcVerdict {
  enforced: boolean;
  reason?: "policy_none" | "pct_partial" | "sp_none" | "org_policy_weak";
  policy?: string;
  pct?: number;
}

/**
 * BIMI requires an enforcing DMARC policy: quarantine at pct=100 or reject, for the domain and the
 * organizational domain, and a subdomain policy that is not none (draft §7.3 / receiver requirements).
 * `applied` is the record discovery chose; `org` the organizational domain's own record when it differs.
 */
export function bimiDmarcVerdict(
  applied: { policy: string; pct: number },
  appliedRecord: DmarcRecord,
  org?: DmarcRecord,
): BimiDmarcVerdict {
  if (applied.policy === "none")
    return { enforced: false, reason: "policy_none", policy: applied.policy, pct: applied.pct };
  if (applied.pct < 100)
    return { enforced: false, reason: "pct_partial", policy: applied.policy, pct: applied.pct };
  if (appliedRecord.sp === "none")
    return { enforced: false, reason: "sp_none", policy: applied.policy, pct: applied.pct };
  if (org && (!org.usable || org.policy === "none" || org.pct < 100 || org.sp === "none")) {
    return { enforced: false, reason: "org_policy_weak", policy: org.policy, pct: org.pct };
  }
  return { enforced: true, policy: applied.policy, pct: applied.pct };
}

import type { Diagnosis } from "@/lib/bounce/types";
import type { CheckName, CheckResult, Finding } from "@/lib/checks/types";
import type { QueryLogEntry } from "@/lib/dns/types";
import type { Deduction, Grade, ScoreRange } from "@/lib/scoring/score";
import type { Profile } from "@/lib/scoring/weights";
import type { LatestMessage } from "@/lib/mail/message/checklist";
import type { MessageSection } from "@/lib/mail/message/types";
import type { RequestKind } from "@/lib/validation/input";

export const REPORT_SCHEMA_VERSION = 1;

/** The report document of the contract ("Report JSON"), plus a few additive fields. */
export interface ReportDocument {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** The share id (slug) once saved. */
  id?: string;
  url?: string;
  createdAt: string;
  /** "message": a received, pasted or uploaded e-mail message (lib/mail). */
  kind: RequestKind | "message";
  input: {
    domain?: string;
    domainUnicode?: string;
    ip?: string;
    bounce?: string;
    selectors?: string[];
    /** What was typed when the domain checked differs from it (a URL, an address, a www. host). */
    asked?: string;
    /** Why the domain checked is not the one typed (see lib/report/mail-domain.ts). */
    derivedFrom?: "url" | "email" | "www";
  };
  /**
   * complete: every check that carries points was determined; incomplete: one or more could not be
   * (score and grade null, scoreRange gives the bounds); domain_not_found: the domain does not exist;
   * not_a_bounce: the pasted text holds no SMTP reply, DSN or bounce wording.
   */
  status: ReportStatus;
  /** Null unless complete (and, for a bounce, unless it led to checks of the sender's). */
  score: number | null;
  grade: Grade | null;
  /** complete ⇒ min == max == score; null when there is nothing to score. */
  scoreRange: ScoreRange | null;
  scoringVersion: string;
  profile: Profile;
  deductions: Deduction[];
  /** Checks that could not be determined (status "error"). */
  unknown: CheckName[];
  /** Report-level findings (`domain.not_found`, `bounce.not_a_bounce`): not any one check's. */
  findings?: Finding[];
  checks: Partial<Record<CheckName, CheckResult>>;
  bounce?: Diagnosis;
  /** For message reports: what the message showed (authentication, transport, headers, MIME). */
  message?: MessageSection;
  /** For bounce reports: which domain/IP each linked check looked at. */
  targets?: { senderDomain?: string; recipientDomain?: string; sendingIp?: string };
  dns: { queries: number; elapsedMs: number; servers: string[]; log?: QueryLogEntry[] };
  /** The report this one was run again from (same input). */
  previousId?: string;
  /**
   * Domain reports: the latest message received (or pasted) from this domain when the report was made,
   * with the checklist items only a real message decides (lib/mail/message/checklist.ts).
   */
  latestMessage?: LatestMessage;
}

export const REPORT_STATUSES = ["complete", "incomplete", "domain_not_found", "not_a_bounce"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export type ProgressEvent =
  | { type: "plan"; checks: CheckName[] }
  | { type: "check"; check: CheckName; result: CheckResult; dnsQueries: number }
  | { type: "bounce"; diagnosis: Diagnosis };

import type { Diagnosis } from "@/lib/bounce/types";
import type { CheckName, CheckResult } from "@/lib/checks/types";
import type { QueryLogEntry } from "@/lib/dns/types";
import type { Deduction, Grade } from "@/lib/scoring/score";
import type { Profile } from "@/lib/scoring/weights";
import type { MessageSection } from "@/lib/mail/message/types";
import type { InputKind } from "@/lib/validation/input";

export const REPORT_SCHEMA_VERSION = 1;

/** The report document of the contract ("Report JSON"), plus a few additive fields. */
export interface ReportDocument {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** The share id (slug) once saved. */
  id?: string;
  url?: string;
  createdAt: string;
  /** "message": a received, pasted or uploaded e-mail message (lib/mail). */
  kind: InputKind | "message";
  input: { domain?: string; domainUnicode?: string; ip?: string; bounce?: string; selectors?: string[] };
  score: number;
  grade: Grade;
  scoringVersion: string;
  profile: Profile;
  deductions: Deduction[];
  /** Checks that could not be determined (status "error"). */
  unknown: CheckName[];
  checks: Partial<Record<CheckName, CheckResult>>;
  bounce?: Diagnosis;
  /** For message reports: what the message showed (authentication, transport, headers, MIME). */
  message?: MessageSection;
  /** For bounce reports: which domain/IP each linked check looked at. */
  targets?: { senderDomain?: string; recipientDomain?: string; sendingIp?: string };
  dns: { queries: number; elapsedMs: number; servers: string[]; log?: QueryLogEntry[] };
  /** The report this one was run again from (same input). */
  previousId?: string;
}

export type ProgressEvent =
  | { type: "plan"; checks: CheckName[] }
  | { type: "check"; check: CheckName; result: CheckResult; dnsQueries: number }
  | { type: "bounce"; diagnosis: Diagnosis };

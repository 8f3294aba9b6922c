import type { CheckName, CheckResult, Severity } from "@/lib/checks/types";

/** A DNS record the user should publish (or change to). */
export interface RecordToPublish {
  name: string;
  type: string;
  value: string;
}

export interface FixSuggestion {
  /** Plain-words instruction. */
  text: string;
  /** The exact record(s) to publish for this domain, generated from what it has now. */
  records?: RecordToPublish[];
}

export interface FixContext {
  params: Record<string, unknown>;
  /** The checked domain (A-label), when there is one. */
  domain?: string;
  ip?: string;
  /** The whole result of the check, so a fix can start from the current record. */
  result: CheckResult;
  /** The report's scoring profile: "strict" asks for the stricter ending ("-all"). */
  profile?: "deliverability" | "strict";
  /** The report's other results, for fixes that keep what the domain evidently uses (its MX, its providers). */
  checks?: Partial<Record<CheckName, CheckResult>>;
}

/** Words for one finding code: used by the page, the CLI, the Markdown export and docs/findings.md. */
export interface FindingDoc {
  /** Default severity (a check may raise or lower it with context). */
  severity: Severity;
  /** Short headline: "SPF needs more than 10 DNS lookups". */
  title: string;
  /** What it means and why it matters, for docs and newcomers. */
  meaning: string;
  /** A specific sentence using params ("Your SPF record needs 14 lookups; receivers stop at 10."). */
  describe?: (params: Record<string, unknown>) => string;
  /** The exact fix for this domain; omitted when there is nothing to do (info findings). */
  fix?: (ctx: FixContext) => FixSuggestion | null;
}

export type FindingCatalogue = Record<string, FindingDoc>;

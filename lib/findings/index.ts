import type { CheckResult, Finding } from "@/lib/checks/types";
import { CATALOGUES } from "./catalogues";
import { GENERIC } from "./generic";
import type { FindingDoc, FixContext, FixSuggestion } from "./types";

export type { FindingDoc, FixSuggestion } from "./types";

/** All finding codes with their words, from every check's catalogue. */
export const FINDINGS: Record<string, FindingDoc> = Object.assign({}, ...CATALOGUES);

export function findingDoc(code: string): FindingDoc | undefined {
  return FINDINGS[code] ?? GENERIC[code.slice(code.indexOf(".") + 1)];
}

export interface ExplainedFinding extends Finding {
  title: string;
  meaning: string;
  detail: string | null;
  fix: FixSuggestion | null;
}

/** Turns a finding code into words and the exact fix for this domain (used by the page, CLI and exports). */
export function explainFinding(
  f: Finding,
  result: CheckResult,
  input: {
    domain?: string;
    ip?: string;
    profile?: FixContext["profile"];
    checks?: FixContext["checks"];
  },
): ExplainedFinding {
  const doc = findingDoc(f.code);
  if (!doc) return { ...f, title: f.code, meaning: "", detail: null, fix: null };
  // A describe or fix that throws is a bug in its catalogue: it propagates (the page's error boundary and
  // the CLI log it) rather than quietly dropping the words people need.
  const detail = doc.describe ? doc.describe(f.params) : null;
  const fix = doc.fix
    ? doc.fix({
        params: f.params,
        result,
        ...(input.domain ? { domain: input.domain } : {}),
        ...(input.ip ? { ip: input.ip } : {}),
        ...(input.profile ? { profile: input.profile } : {}),
        ...(input.checks ? { checks: input.checks } : {}),
      })
    : null;
  return { ...f, title: doc.title, meaning: doc.meaning, detail, fix };
}

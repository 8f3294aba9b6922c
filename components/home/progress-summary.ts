import type { CheckName, CheckStatus } from "@/lib/checks/types";

export interface Progress {
  plan: CheckName[];
  done: Partial<Record<CheckName, CheckStatus>>;
  queries: number;
  /** Every check has finished and the server is saving the report (creating the database on a first start). */
  saving?: { database?: "preparing" | "opening" };
  /** Saved: the report page is loading. */
  savedId?: string;
}

/** What the page is waiting for, in words: never "done" before the report is saved. */
export function progressSummary(p: Progress): string {
  const n = p.plan.length;
  if (p.savedId) return "Report saved · opening it…";
  if (p.saving?.database === "preparing")
    return `All ${n} checks finished · preparing the database (first start only)…`;
  if (p.saving?.database === "opening") return `All ${n} checks finished · connecting to the database…`;
  if (p.saving) return `All ${n} checks finished · saving the report…`;
  return `Running checks: ${Object.keys(p.done).length} of ${n} finished · ${p.queries} DNS queries`;
}

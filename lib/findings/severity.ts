/** Severities, worst first: the one order the page, the diff, monitors and scoring sort and compare by. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

export type Severity = (typeof SEVERITIES)[number];

/** How bad a severity is: info 0 … critical 4; -1 for a word that is none (a stored report's, say). */
export function severityRank(s: string): number {
  const i = SEVERITIES.indexOf(s as Severity);
  return i < 0 ? -1 : SEVERITIES.length - 1 - i;
}

/** Sort comparator, worst first (unknown severities last). */
export function worstFirst(a: { severity: string }, b: { severity: string }): number {
  return severityRank(b.severity) - severityRank(a.severity);
}

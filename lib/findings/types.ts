import type { CheckResultBase, Severity } from "@/lib/checks/types";

/**
 * A check's result as a fix sees it. Deliberately not `CheckResult` (derived from the registry): the
 * catalogues are part of the registry's descriptors, so their types must not depend on it.
 */
export interface FixCheckResult extends CheckResultBase {
  check: string;
  records: unknown[];
}

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
  result: FixCheckResult;
  /** The report's scoring profile: "strict" asks for the stricter ending ("-all"). */
  profile?: "deliverability" | "strict";
  /** The report's other results, for fixes that keep what the domain evidently uses (its MX, its providers). */
  checks?: Partial<Record<string, FixCheckResult>>;
}

/**
 * Words for one finding code: used by the page, the CLI, the Markdown export and docs/findings.md.
 * `P` is the code's params; a catalogue entry that types its `describe` parameter types `finding(code,
 * params)` for that code (lib/findings/codes.ts).
 */
export interface FindingDoc<P extends object = Record<string, unknown>> {
  /** Default severity (a check may raise or lower it with context). */
  severity: Severity;
  /** Short headline: "SPF needs more than 10 DNS lookups". */
  title: string;
  /** What it means and why it matters, for docs and newcomers. */
  meaning: string;
  /** A specific sentence using params ("Your SPF record needs 14 lookups; receivers stop at 10."). */
  // Method syntax on purpose: an entry may declare narrower params than Record<string, unknown>.
  describe?(params: P): string;
  /** The exact fix for this domain; omitted when there is nothing to do (info findings). */
  fix?: (ctx: FixContext) => FixSuggestion | null;
}

/** Codes and their words, looked up by any string. */
export type FindingCatalogue = Record<string, FindingDoc>;

declare const ENTRIES: unique symbol;

/**
 * A catalogue that still knows its entries' literal codes and param types (for `FindingCode` and
 * `finding(code, params)`, lib/findings/codes.ts) while indexing by any string like a FindingCatalogue.
 */
export type TypedCatalogue<T extends FindingCatalogue> = FindingCatalogue & { readonly [ENTRIES]?: T };

/** The entries a typed catalogue was made from. */
export type EntriesOf<C> = C extends { readonly [ENTRIES]?: infer T } ? NonNullable<T> : never;

/** The literal codes of a typed catalogue. */
export type CodesOf<C> = Extract<keyof EntriesOf<C>, string>;

/** Declares a catalogue (identity at run time): `export const catalogue = findingCatalogue({ ... })`. */
export function findingCatalogue<T extends FindingCatalogue>(entries: T): TypedCatalogue<T> {
  return entries;
}

import type { Stage } from "@/lib/bounce/types";
import { MAX_LINE_CHARS } from "@/lib/bounce/parse/limits";

/**
 * One recipient as a notice's human-readable text reports it: the words of the remote reply and what the
 * prose says about where it failed. The recognizers of lib/bounce/mta read them from the text part of a
 * multipart/report as well as from a plain-text bounce with no DSN at all.
 */
export interface TextRecord {
  recipient: string | null;
  /** The reply words (fed to parseReply). */
  raw: string;
  remoteMta: string | null;
  stage: Stage | null;
  /** The recognizer (a notice format's id) that read it, "generic" for the format-independent ones. */
  source: string;
}

/**
 * A notice format's text recognizer, one module each (as sisimai's Lhost modules): `gate` is a cheap test
 * for the format's own markers, `records` reads its recipients (an empty list when the layout is not
 * there after all, so the next recognizer runs).
 */
export interface TextFormat {
  id: string;
  name: string;
  /** The format read, with a reference. */
  format: string;
  /** `lower` is the text lower-cased, for literal checks before any regex. */
  gate: (text: string, lower: string) => boolean;
  /** `ls` is lines(text), `lower` the text lower-cased (for literal checks before line-by-line regexes). */
  records: (text: string, ls: string[], lower: string) => TextRecord[];
}

/** The text's lines, each cut at MAX_LINE_CHARS. */
export function lines(text: string): string[] {
  const ls = text.split("\n");
  const max = MAX_LINE_CHARS;
  for (let i = 0; i < ls.length; i++) if (ls[i]!.length > max) ls[i] = ls[i]!.slice(0, max);
  return ls;
}

export const indent = (l: string): number => l.length - l.trimStart().length;

/**
 * A regex with literals that every match of it contains (lower-case): where the lower-cased text holds
 * none of them the regex cannot match, and a few `includes` scans rule it out instead of the regex engine
 * trying every position of the text (a regex anchored with `^` in multiline mode, or a case-insensitive
 * alternation, costs several times an `includes`). Each word must be a substring of every possible match
 * once lower-cased: for a case-insensitive regex, a match of an ASCII word lower-cases to the word itself.
 * Short words with an uncommon first character are the cheapest to look for. No words: the regex opens
 * with a literal run the engine finds about as fast as `includes` would, so a gate would only add a scan.
 */
export interface Gated {
  words?: readonly string[];
  re: RegExp;
}

/** Whether the lower-cased text contains one of the words. */
export function hasAny(lower: string, words: readonly string[]): boolean {
  for (const w of words) if (lower.includes(w)) return true;
  return false;
}

/** `g.re.exec(text)`, skipped when `lower` (the text lower-cased) holds none of the required words. */
export function gatedExec(g: Gated, text: string, lower: string): RegExpExecArray | null {
  return !g.words || hasAny(lower, g.words) ? g.re.exec(text) : null;
}

/** `g.re.test(text)`, skipped when `lower` (the text lower-cased) holds none of the required words. */
export function gatedTest(g: Gated, text: string, lower: string): boolean {
  return (!g.words || hasAny(lower, g.words)) && g.re.test(text);
}

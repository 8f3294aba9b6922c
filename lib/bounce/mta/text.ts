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
  gate: (text: string) => boolean;
  records: (text: string, ls: string[]) => TextRecord[];
}

/** The text's lines, each cut at MAX_LINE_CHARS. */
export function lines(text: string): string[] {
  return text.split("\n").map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l));
}

export const indent = (l: string): number => l.length - l.trimStart().length;

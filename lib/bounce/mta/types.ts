import type { Reason } from "@/lib/bounce/types";

/**
 * One MTA's (or bounce-writing service's) own notice format. `detect` reads the hints the message parser
 * collected from the notice's headers ("from: ...", "subject: ...", "header: x-...", "received: ..."); the
 * phrases are the MTA's own words for a failure, each with an example. A phrase matched here decides the
 * reason outright, before any provider or generic rule: the MTA said what happened in its own vocabulary.
 */
export interface MtaPhrase {
  reason: Reason;
  /** Case-insensitive; small patterns with bounded gaps only. */
  phrase: RegExp;
  example: string;
}

export interface MtaModule {
  id: string;
  name: string;
  /** The format read, with a reference. */
  format: string;
  detect: (hints: readonly string[]) => boolean;
  phrases: MtaPhrase[];
  /** A reason that holds for any failure this MTA reports (when no phrase matches), given the text. */
  whole?: (text: string, hints: readonly string[]) => Reason | null;
}

export const hintMatches = (hints: readonly string[], re: RegExp): boolean => hints.some((h) => re.test(h));

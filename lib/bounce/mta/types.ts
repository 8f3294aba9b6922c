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
  /**
   * The hints that identify the notice: every pattern of `all` matches some hint, and `none` (when given)
   * matches no hint. Patterns, not code, so the literals they require can gate them (lib/bounce/mta).
   */
  detect: {
    all: readonly RegExp[];
    none?: RegExp;
  };
  phrases: MtaPhrase[];
  /** A reason that holds for any failure this MTA reports (when no phrase matches), given the text. */
  whole?: (text: string, hints: readonly string[]) => Reason | null;
}

export const hintMatches = (hints: readonly string[], re: RegExp): boolean => {
  for (let i = 0; i < hints.length; i++) if (re.test(hints[i]!)) return true;
  return false;
};

/** Whether the hints identify the module's notice (MtaModule.detect). */
export function detects(m: MtaModule, hints: readonly string[]): boolean {
  for (const re of m.detect.all) if (!hintMatches(hints, re)) return false;
  return m.detect.none === undefined || !hintMatches(hints, m.detect.none);
}

import type { Family, Reason, Stage } from "@/lib/bounce/types";

export interface Blocklist {
  name: string;
  lookupUrl: string | null;
}

/**
 * How specific a rule is, most specific first: a provider's own wording, one MTA's own prose, an
 * enhanced status code with a known meaning, wording any server uses, a bare code. A rule of a higher tier
 * is tried before any rule of a lower one.
 */
export type Tier = "provider" | "mta" | "enhanced" | "generic" | "code";

/**
 * One classification rule. All the criteria given must hold (text: any of the patterns; code, enhanced,
 * stage, provider: any of the values). Rules are tried in priority order and the first match decides.
 */
export interface Rule {
  id: string;
  family: Family;
  reason: Reason;
  /** Set on phrase-table rules; the others take theirs from where they are listed (see tierOf). */
  tier?: Tier;
  /** Provider the rule is written for; when set, the rule only applies to bounces from that provider. */
  provider?: string;
  match: {
    text?: RegExp[];
    code?: number[];
    /** "5.7.26" is exact; "5.7." or "5.1" matches by prefix (a trailing dot or fewer than 3 parts). */
    enhanced?: string[];
    stage?: Stage[];
    /** RFC 3464 Action field values (e.g. "failed"). */
    dsnAction?: string[];
  };
  /**
   * A static blocklist; "named": the first of BLOCKLISTS (./blocklists.ts) the text names (e.g. which
   * Spamhaus zone), looked up by the classifier; or one a function takes from the text.
   */
  blocklist?: Blocklist | "named" | ((text: string) => Blocklist | null);
  /** What the sender should do, in a few words (e.g. "suppress the address"). */
  action: string;
  retry: boolean;
  fix: string[];
  linkedChecks: string[];
  /** A reply in the style of the provider, which the rule must classify as labelled (tested). */
  sample: {
    text: string;
    replyCode?: number;
    enhancedCode?: string;
    stage?: Stage;
    remoteMta?: string;
    dsnAction?: string;
    expect?: { family?: Family; reason?: Reason; provider?: string | null };
  };
}

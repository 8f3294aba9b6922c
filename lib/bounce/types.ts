/** Bounce diagnosis vocabulary (see the contract's "Bounce diagnosis JSON"). */

export const FAMILIES = [
  "mailbox",
  "mailbox_state",
  "relay",
  "authentication",
  "reputation",
  "content",
  "policy",
  "rate_limit",
  "transient",
  "routing",
  "protocol",
  "unknown",
] as const;
export type Family = (typeof FAMILIES)[number];

/** sisimai-compatible reason names. */
export const REASONS = [
  "userunknown",
  "mailboxfull",
  "suspend",
  "hasmoved",
  "filtered",
  "norelaying",
  "authfailure",
  "requireptr",
  "blocked",
  "badreputation",
  "spamdetected",
  "virusdetected",
  "policyviolation",
  "rejected",
  "securityerror",
  "contenterror",
  "mesgtoobig",
  "exceedlimit",
  "speeding",
  "toomanyconn",
  "expired",
  "hostunknown",
  "notaccept",
  "networkerror",
  "systemerror",
  "systemfull",
  "syntaxerror",
  "notcompliantrfc",
  "failedstarttls",
  "onhold",
  "undefined",
  "delivered",
  "feedback",
  "vacation",
] as const;
export type Reason = (typeof REASONS)[number];

export type Stage = "connect" | "helo" | "auth" | "mail_from" | "rcpt_to" | "data" | "after_data";

/**
 * What the parsers extract from any input form (reply line, transcript, DSN, MTA text), before
 * classification. One per recipient for multi-recipient messages.
 */
export interface ParsedBounce {
  replyCode: number | null;
  enhancedCode: string | null;
  /** The server's words, continuation lines joined with a space, prefixes (smtp;, Diagnostic-Code:) removed. */
  text: string;
  stage: Stage | null;
  recipient: string | null;
  senderDomain: string | null;
  sendingIp: string | null;
  remoteMta: string | null;
  /** RFC 3464 Action field when the input had one (failed, delayed, delivered, relayed, expanded). */
  dsnAction: string | null;
  /** Hints from the envelope of a bounce message (From/Subject of the NDR, X-Mailer...), for provider detection. */
  hints: string[];
}

export interface Diagnosis {
  replyCode: number | null;
  enhancedCode: string | null;
  enhancedMeaning: string | null;
  permanent: boolean | null;
  family: Family;
  reason: Reason;
  provider: string | null;
  stage: Stage | null;
  recipient: string | null;
  senderDomain: string | null;
  sendingIp: string | null;
  remoteMta: string | null;
  blocklist: { name: string; lookupUrl: string | null } | null;
  action: string;
  retry: boolean;
  summary: string;
  /** Ordered fix steps in plain words. */
  fix: string[];
  /** Checks the diagnosis implicates, run by the report (e.g. ["spf","dkim","dmarc"]). */
  linkedChecks: string[];
  /** Id of the rule that decided the classification, or null when none matched. */
  ruleId: string | null;
  recipients?: Diagnosis[];
}

import type { Reason } from "@/lib/bounce/types";
import { defineRules, type RuleDef } from "@/lib/bounce/rules/defaults";

/**
 * Code-only fallbacks, used when no wording matched: the enhanced code's registry meaning (RFC 3463 and
 * successors) decides, then the bare reply code (RFC 5321 section 4.2). They are deliberately last: 5.7.1
 * alone may be a relay denial, a blocklist, spam or a policy, so it maps to the vaguest fitting reason.
 */
const ENHANCED: [string, Reason, string][] = [
  ["5.1.1", "userunknown", "550 5.1.1 <someone@example.org>... "],
  ["5.1.0", "userunknown", "550 5.1.0 <someone@example.org>... "],
  // X.1.3 (userunknown), X.2.3 (exceedlimit) and X.3.2 (notaccept) are decided by code in generic.ts, ahead of
  // the wordings that would otherwise mislead (syntax, size, "try again").
  ["5.1.2", "hostunknown", "550 5.1.2 <someone@example.invalid>"],
  ["5.1.10", "notaccept", "556 5.1.10 <someone@example.net>"],
  ["5.1.4", "filtered", "550 5.1.4 <someone@example.org> ambiguous"],
  ["5.1.6", "hasmoved", "550 5.1.6 <someone@example.org>"],
  ["4.1.6", "hasmoved", "450 4.1.6 <someone@example.org>"],
  ["5.1.7", "rejected", "553 5.1.7 <sender@example.com>"],
  ["5.1.8", "rejected", "553 5.1.8 <sender@example.com>"],
  ["5.1.9", "systemerror", "550 5.1.9 <someone@example.org>"],
  ["4.1.7", "rejected", "450 4.1.7 <sender@example.com>"],
  ["4.1.8", "rejected", "450 4.1.8 <sender@example.com>"],
  // RFC 3463 X.2.1 "mailbox disabled, not accepting messages": permanent, with no words saying the account is
  // suspended, it is the recipient side refusing (sisimai: filtered); the 4.2.1 form stays a suspension.
  ["5.2.1", "filtered", "550 5.2.1 <someone@example.org>"],
  ["4.2.1", "suspend", "450 4.2.1 <someone@example.org>"],
  ["5.2.2", "mailboxfull", "552 5.2.2 <someone@example.org>"],
  ["4.2.2", "mailboxfull", "452 4.2.2 <someone@example.org>"],
  ["5.2.4", "filtered", "550 5.2.4 list@example.org"],
  ["4.2.4", "filtered", "450 4.2.4 list@example.org"],
  ["5.2.0", "filtered", "550 5.2.0 <someone@example.org>"],
  ["5.3.1", "systemfull", "552 5.3.1 <someone@example.org>"],
  ["4.3.1", "systemfull", "452 4.3.1 <someone@example.org>"],
  ["5.3.4", "mesgtoobig", "552 5.3.4 <someone@example.org>"],
  ["5.3.", "systemerror", "554 5.3.0 <someone@example.org>"],
  ["4.3.", "systemerror", "451 4.3.0 <someone@example.org>"],
  ["5.4.4", "hostunknown", "550 5.4.4 example.invalid"],
  ["4.4.7", "expired", "4.4.7 <someone@example.org>"],
  ["5.4.7", "expired", "5.4.7 <someone@example.org>"],
  // X.4.1 "no answer from host" only reaches a bounce once the queue gave up on it; X.4.5 is the receiving
  // system's congestion (RFC 3463), not our connection count; X.4.3 a directory (DNS) server failure.
  ["4.4.1", "expired", "451 4.4.1 mx.example.org"],
  ["4.4.5", "systemfull", "451 4.4.5 mx.example.org"],
  ["4.4.3", "systemerror", "451 4.4.3 mx.example.org"],
  ["5.4.3", "systemerror", "550 5.4.3 mx.example.org"],
  ["5.4.6", "networkerror", "554 5.4.6 <someone@example.org>"],
  ["4.4.6", "networkerror", "451 4.4.6 <someone@example.org>"],
  ["4.4.2", "networkerror", "421 4.4.2 mx.example.org"],
  ["4.4.4", "networkerror", "451 4.4.4 example.org"],
  ["4.4.", "networkerror", "451 4.4.0 mx.example.org"],
  ["5.4.", "networkerror", "554 5.4.0 mx.example.org"],
  ["5.5.3", "toomanyconn", "452 5.5.3 <someone@example.org>"],
  ["4.5.3", "systemerror", "452 4.5.3 <someone@example.org>"],
  // X.5.4 (bad arguments) and X.5.5 (wrong protocol version) are the servers failing to agree, not a typo.
  ["5.5.4", "systemerror", "501 5.5.4 <someone@example.org>"],
  ["5.5.5", "systemerror", "500 5.5.5 <someone@example.org>"],
  ["4.5.5", "systemerror", "451 4.5.5 <someone@example.org>"],
  ["5.5.", "syntaxerror", "500 5.5.2 <someone@example.org>"],
  ["4.5.", "systemerror", "451 4.5.0 <someone@example.org>"],
  ["5.6.", "contenterror", "554 5.6.0 <someone@example.org>"],
  ["4.6.", "contenterror", "451 4.6.0 <someone@example.org>"],
  ["5.7.10", "failedstarttls", "530 5.7.10 <someone@example.org>"],
  ["4.7.10", "failedstarttls", "451 4.7.10 <someone@example.org>"],
  ["5.7.30", "failedstarttls", "550 5.7.30 <someone@example.org>"],
  ["5.7.11", "failedstarttls", "538 5.7.11 <someone@example.org>"],
  ["5.7.13", "suspend", "550 5.7.13 <someone@example.org>"],
  ["5.7.17", "hasmoved", "550 5.7.17 <someone@example.org>"],
  ["5.7.18", "hasmoved", "550 5.7.18 <someone@example.org>"],
  ["5.7.20", "authfailure", "550 5.7.20 <someone@example.org>"],
  ["5.7.21", "authfailure", "550 5.7.21 <someone@example.org>"],
  ["5.7.22", "authfailure", "550 5.7.22 <someone@example.org>"],
  ["5.7.23", "authfailure", "550 5.7.23 <someone@example.org>"],
  ["5.7.24", "authfailure", "550 5.7.24 <someone@example.org>"],
  ["4.7.24", "authfailure", "451 4.7.24 <someone@example.org>"],
  ["5.7.25", "requireptr", "550 5.7.25 <someone@example.org>"],
  ["5.7.26", "authfailure", "550 5.7.26 <someone@example.org>"],
  // RFC 7505 section 4.2 registers X.7.27 for a null-MX sender domain; sisimai files it with the null-MX
  // recipient case (X.1.10) as notaccept, so we do too.
  ["5.7.27", "notaccept", "550 5.7.27 <sender@example.com>"],
  ["5.7.16", "mesgtoobig", "552 5.7.16 <someone@example.org>"],
  ["4.7.16", "mesgtoobig", "452 4.7.16 <someone@example.org>"],
  ["4.7.26", "authfailure", "451 4.7.26 <someone@example.org>"],
  ["4.7.25", "requireptr", "450 4.7.25 <someone@example.org>"],
  ["5.7.28", "spamdetected", "550 5.7.28 <someone@example.org>"],
  ["5.7.29", "authfailure", "550 5.7.29 <someone@example.org>"],
  ["5.7.8", "securityerror", "535 5.7.8 <someone@example.org>"],
  ["5.7.9", "securityerror", "534 5.7.9 <someone@example.org>"],
  ["5.7.0", "securityerror", "530 5.7.0 <someone@example.org>"],
  // 5.7.1 "delivery not authorized" with no telling words: sisimai's securityerror (the X.7 default); the
  // temporary 4.7.1/4.7.2 forms are host-level refusals (blocked).
  ["4.7.0", "securityerror", "421 4.7.0 mx.example.org"],
  ["5.7.1", "securityerror", "550 5.7.1 <someone@example.org>"],
  ["4.7.1", "blocked", "450 4.7.1 <someone@example.org>"],
  ["4.7.2", "blocked", "450 4.7.2 <someone@example.org>"],
  ["5.7.", "securityerror", "554 5.7.7 <someone@example.org>"],
  ["4.7.", "securityerror", "454 4.7.5 <someone@example.org>"],
];

const REPLY: [number, Reason, string][] = [
  [550, "userunknown", "550 <someone@example.org>"],
  [551, "hasmoved", "551 <someone@example.org>"],
  [552, "mailboxfull", "552 <someone@example.org>"],
  [553, "syntaxerror", "553 <someone@example.org>"],
  [521, "notaccept", "521 mx.example.org"],
  [556, "notaccept", "556 mx.example.org"],
  [530, "securityerror", "530 <someone@example.org>"],
  [535, "securityerror", "535 <someone@example.org>"],
  [500, "syntaxerror", "500 <someone@example.org>"],
  [501, "syntaxerror", "501 <someone@example.org>"],
  [502, "syntaxerror", "502 <someone@example.org>"],
  [503, "syntaxerror", "503 <someone@example.org>"],
  [504, "syntaxerror", "504 <someone@example.org>"],
  [421, "systemerror", "421 mx.example.org"],
  [450, "systemerror", "450 <someone@example.org>"],
  [451, "systemerror", "451 <someone@example.org>"],
  [452, "systemfull", "452 <someone@example.org>"],
  [454, "securityerror", "454 <someone@example.org>"],
];

function enhancedFallback([code, reason, text]: [string, Reason, string]): RuleDef {
  const m = /^(?:(\d{3}) )?([245]\.\d{1,3}\.\d{1,3})/.exec(text);
  return {
    id: `code.${code.replace(/\.$/, ".x")}`,
    reason,
    match: { enhanced: [code] },
    // 550 5.1.1 "user unknown" is the only code-only verdict RFC 3463 makes certain; a bare 550 is not.
    sample: { text, enhancedCode: m?.[2], replyCode: m?.[1] ? Number(m[1]) : undefined },
  };
}

export const ENHANCED_FALLBACK_RULES = defineRules([
  ...ENHANCED.map(enhancedFallback),
  // RFC 3464 section 2.3.3: a "delayed" DSN whose words and code said nothing more is a message still waiting
  // in a queue; reported as a bounce, that is an expiry in the making (sisimai: expired).
  {
    id: "dsn.delayed",
    reason: "expired",
    match: { dsnAction: ["delayed"] },
    sample: { text: "Delivery to the recipient has been delayed.", dsnAction: "delayed" },
  },
]);

/**
 * A bare reply code says little (RFC 5321 section 4.2.3 lists 550 as "mailbox unavailable" but servers use it
 * for every refusal), so these only apply when there is no enhanced code and no wording matched; 550 alone
 * stays `undefined` rather than guessing "user unknown".
 */
export const REPLY_FALLBACK_RULES = defineRules(
  REPLY.filter(([code]) => code !== 550).map(([code, reason, text]) => ({
    id: `reply.${code}`,
    reason,
    match: { code: [code] },
    sample: { text, replyCode: code },
  })),
);

/**
 * The IANA "Simple Mail Transfer Protocol (SMTP) Enhanced Status Codes" registry.
 *
 * An enhanced code is `class.subject.detail` (RFC 3463 section 2): the class says whether the failure is
 * final, the subject what part of the system it concerns, the detail the exact condition. Entries come from
 * RFC 3463 and the later RFCs that registered codes (3886, 4468, 4954, 5248, 6531, 6710, 7293, 7372, 7505,
 * 8617, 8689, plus the registry's own X.7.28 "mail flood" entry).
 */

export interface EnhancedCode {
  /** 2, 4 or 5. */
  klass: 2 | 4 | 5;
  subject: number;
  detail: number;
  /** Normalised "c.s.d" text. */
  code: string;
}

/** RFC 3463 section 3.1: the class is the only part that says "final or not". */
export const CLASS_MEANINGS: Record<2 | 4 | 5, string> = {
  2: "Success",
  4: "Persistent transient failure",
  5: "Permanent failure",
};

/** RFC 3463 section 3.2 subjects. */
export const SUBJECT_MEANINGS: Record<number, string> = {
  0: "Other or undefined status",
  1: "Addressing status",
  2: "Mailbox status",
  3: "Mail system status",
  4: "Network and routing status",
  5: "Mail delivery protocol status",
  6: "Message content or media status",
  7: "Security or policy status",
};

/** Detail meanings keyed by "subject.detail" (the registry lists them as X.s.d, valid for every class). */
export const DETAIL_MEANINGS: Record<string, string> = {
  "0.0": "Other undefined status",
  "1.0": "Other address status",
  "1.1": "Bad destination mailbox address",
  "1.2": "Bad destination system address",
  "1.3": "Bad destination mailbox address syntax",
  "1.4": "Destination mailbox address ambiguous",
  "1.5": "Destination mailbox address valid",
  "1.6": "Destination mailbox has moved, no forwarding address",
  "1.7": "Bad sender's mailbox address syntax",
  "1.8": "Bad sender's system address",
  // RFC 3886
  "1.9": "Message relayed to non-compliant mailer",
  // RFC 7505 section 4.2
  "1.10": "Recipient address has null MX",
  "2.0": "Other or undefined mailbox status",
  "2.1": "Mailbox disabled, not accepting messages",
  "2.2": "Mailbox full",
  "2.3": "Message length exceeds administrative limit",
  "2.4": "Mailing list expansion problem",
  "3.0": "Other or undefined mail system status",
  "3.1": "Mail system full",
  "3.2": "System not accepting network messages",
  "3.3": "System not capable of selected features",
  "3.4": "Message too big for system",
  "3.5": "System incorrectly configured",
  // RFC 6710
  "3.6": "Requested priority was changed",
  "4.0": "Other or undefined network or routing status",
  "4.1": "No answer from host",
  "4.2": "Bad connection",
  "4.3": "Directory server failure",
  "4.4": "Unable to route",
  "4.5": "Mail system congestion",
  "4.6": "Routing loop detected",
  "4.7": "Delivery time expired",
  "5.0": "Other or undefined protocol status",
  "5.1": "Invalid command",
  "5.2": "Syntax error",
  "5.3": "Too many recipients",
  "5.4": "Invalid command arguments",
  "5.5": "Wrong protocol version",
  // RFC 4954
  "5.6": "Authentication exchange line is too long",
  "6.0": "Other or undefined media error",
  "6.1": "Media not supported",
  "6.2": "Conversion required and prohibited",
  "6.3": "Conversion required but not supported",
  "6.4": "Conversion with loss performed",
  "6.5": "Conversion failed",
  // RFC 4468
  "6.6": "Message content not available",
  // RFC 6531
  "6.7": "Non-ASCII addresses not permitted for that sender/recipient",
  "6.8": "UTF-8 string reply is required, but not permitted by the SMTP client",
  "6.9": "UTF-8 header message cannot be transferred to one or more recipients",
  "6.10": "UTF-8 string reply is required, but not permitted by the SMTP client",
  "7.0": "Other or undefined security status",
  "7.1": "Delivery not authorized, message refused",
  "7.2": "Mailing list expansion prohibited",
  "7.3": "Security conversion required but not possible",
  "7.4": "Security features not supported",
  "7.5": "Cryptographic failure",
  "7.6": "Cryptographic algorithm not supported",
  "7.7": "Message integrity failure",
  // RFC 4954 section 6
  "7.8": "Authentication credentials invalid",
  "7.9": "Authentication mechanism is too weak",
  // RFC 5248
  "7.10": "Encryption needed",
  "7.11": "Encryption required for requested authentication mechanism",
  "7.12": "A password transition is needed",
  "7.13": "User account disabled",
  "7.14": "Trust relationship required",
  // RFC 6710
  "7.15": "Priority level is too low",
  "7.16": "Message is too big for the specified priority",
  // RFC 7293 (Require-Recipient-Valid-Since)
  "7.17": "Mailbox owner has changed",
  "7.18": "Domain owner has changed",
  "7.19": "RRVS test cannot be completed",
  // RFC 7372 (email authentication status codes)
  "7.20": "No passing DKIM signature found",
  "7.21": "No acceptable DKIM signature found",
  "7.22": "No valid author-matched DKIM signature found",
  "7.23": "SPF validation failed",
  "7.24": "SPF validation error",
  "7.25": "Reverse DNS validation failed",
  "7.26": "Multiple authentication checks failed",
  // RFC 7505 section 4.2
  "7.27": "Sender address has null MX",
  // IANA registry (draft-levine-mailbomb-header)
  "7.28": "Mail flood detected",
  // RFC 8617 section 5.2.1 (ARC)
  "7.29": "ARC validation failure",
  // RFC 8689 section 5 (REQUIRETLS)
  "7.30": "REQUIRETLS support required",
};

/** The end of the run of one to three ASCII digits at `i` in `s`, or -1 when there is none there. */
function digitsEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && j - i < 4) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) break;
    j++;
  }
  return j === i || j - i > 3 ? -1 : j;
}

/**
 * Parses "5.7.26" (surrounding spaces allowed); null when it is not a well-formed enhanced code: a class
 * of 2, 4 or 5, then subject and detail of one to three digits each (RFC 3463 section 2), nothing else.
 * Read by hand: it runs once per classified bounce, and a regex call costs several times the reading.
 */
export function parseEnhancedCode(code: string): EnhancedCode | null {
  const s = code.trim();
  const k = s.charCodeAt(0);
  if ((k !== 50 && k !== 52 && k !== 53) || s.charCodeAt(1) !== 46) return null;
  const subjectEnd = digitsEnd(s, 2);
  if (subjectEnd === -1 || s.charCodeAt(subjectEnd) !== 46) return null;
  const detailEnd = digitsEnd(s, subjectEnd + 1);
  if (detailEnd !== s.length) return null;
  const klass = (k - 48) as 2 | 4 | 5;
  const subject = Number(s.slice(2, subjectEnd));
  const detail = Number(s.slice(subjectEnd + 1));
  // The text itself when already normal (no leading zero): no new string.
  const normal =
    (subjectEnd === 3 || s.charCodeAt(2) !== 48) &&
    (detailEnd === subjectEnd + 2 || s.charCodeAt(subjectEnd + 1) !== 48);
  return { klass, subject, detail, code: normal ? s : `${klass}.${subject}.${detail}` };
}

/**
 * The registry meaning of a code, e.g. "5.7.26" → "Permanent failure: Multiple authentication checks
 * failed". An unregistered detail under a known subject falls back to the subject meaning (section 3.2
 * lets a receiver understand the subject without the detail); null when the code is malformed.
 */
export function describeEnhancedCode(code: string): string | null {
  const c = parseEnhancedCode(code);
  if (!c) return null;
  const detail = DETAIL_MEANINGS[`${c.subject}.${c.detail}`];
  const subject = SUBJECT_MEANINGS[c.subject];
  if (detail) return `${CLASS_MEANINGS[c.klass]}: ${detail}`;
  if (subject) return `${CLASS_MEANINGS[c.klass]}: ${subject} (unregistered detail ${c.detail})`;
  return CLASS_MEANINGS[c.klass];
}

/** Whether the code is listed in the registry (subject and detail both registered). */
export function isRegisteredEnhancedCode(code: string): boolean {
  const c = parseEnhancedCode(code);
  return c !== null && DETAIL_MEANINGS[`${c.subject}.${c.detail}`] !== undefined;
}

/**
 * Permanence from a class digit: 5 → true, 4 → false, 2 → false (nothing failed), anything else → null.
 * RFC 5321 section 4.2.1 gives reply codes the same first-digit semantics, so this serves both.
 */
export function permanenceOfClass(klass: number): boolean | null {
  if (klass === 5) return true;
  if (klass === 4 || klass === 2) return false;
  return null;
}

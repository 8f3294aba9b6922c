import type { Diagnosis } from "@/lib/bounce/types";

/**
 * Words that bounce messages, DSNs and MTA notices use when they have no reply code to give
 * ("Undeliverable:", "Mail Delivery Subsystem", "could not be delivered"...). Matched on word boundaries,
 * case-insensitively; one is enough to treat the text as a bounce whose cause we could not read.
 */
const BOUNCE_WORDING: RegExp[] = [
  /\bundeliver(?:able|ed)\b/i,
  /(?:\bnot|n't) (?:be |been )?delivered\b/i,
  /\bdelivery (?:status notification|has failed|failed|failure|incomplete|problem|delayed|to the following)/i,
  /\b(?:mail(?:er)?[- ]daemon|postmaster)\b/i,
  /\bmail delivery (?:subsystem|system|failed)\b/i,
  /\breturned (?:mail|to sender)\b/i,
  /\bnon[- ]?delivery (?:report|notification)\b/i,
  /\b(?:message|mail|email|e-mail) (?:was |has been )?(?:rejected|refused|blocked|bounced|deferred)\b/i,
  /\b(?:user|recipient|mailbox|address) (?:unknown|not found|unavailable|does not exist|doesn't exist|rejected)\b/i,
  /\b(?:relay(?:ing)? (?:access )?denied|host not found|no such (?:user|domain|host))\b/i,
  /\bremote (?:server|host|mta) (?:said|returned|replied)\b/i,
];

/** RFC 3464: a delivery status notification, by its media type or its per-recipient fields. */
const DSN_MARKERS: RegExp[] = [
  /^content-type:\s*(?:message\/delivery-status|multipart\/report)/im,
  /^(?:final-recipient|original-recipient|diagnostic-code|reporting-mta|remote-mta)\s*:/im,
  /^status:\s*[245]\.\d{1,3}\.\d{1,3}\b/im,
];

/**
 * An SMTP reply (RFC 5321 §4.2: three digits, then space or hyphen) at a line start or after "said:",
 * "smtp;", ">" (not a number in prose), or an enhanced code (RFC 3463).
 */
const SMTP_REPLY = /(?:^|[:;>(\[])\s*[245][0-5]\d[ -]\S/m;
const ENHANCED_CODE = /\b[245]\.\d{1,3}\.\d{1,3}\b/;

/**
 * Whether pasted text is a bounce at all: it holds an SMTP reply, a DSN or bounce wording. Text with none of
 * them ("hello my email is not working") gets status `not_a_bounce`, never a refusal "diagnosis".
 * The diagnosis is consulted too: a parser that found a reply code or a family has seen a bounce.
 */
export function isBounceText(
  text: string,
  diagnosis?: Pick<Diagnosis, "replyCode" | "enhancedCode">,
): boolean {
  if (diagnosis && (diagnosis.replyCode !== null || diagnosis.enhancedCode !== null)) return true;
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (SMTP_REPLY.test(sample) || ENHANCED_CODE.test(sample)) return true;
  if (DSN_MARKERS.some((re) => re.test(sample))) return true;
  return BOUNCE_WORDING.some((re) => re.test(sample));
}

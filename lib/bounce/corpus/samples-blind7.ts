import { rows, type Row } from "@/lib/bounce/corpus/types";

/**
 * Blind round 7, Yahoo/AOL and rate wordings: labelled from sisimai's reason semantics before the rules
 * were changed for them (first run 4/10; see the commit that added this file).
 */
export const BLIND_SAMPLES_7 = rows("blind7", [
  [null, "rate_limit/speeding", "450 User is receiving mail too quickly"],
  [null, "rate_limit/toomanyconn", "421 Max message per connection reached, closing transmission channel"],
  [
    "yahoo",
    "mailbox_state/suspend",
    "554 delivery error: dd someone@yahoo.com is no longer valid. [-20] - mta4012.mail.gq1.yahoo.com",
  ],
  [
    null,
    "mailbox_state/suspend",
    "554 30 Sorry, your message to someone@aol.jp cannot be delivered. This mailbox is disabled (554.30)",
  ],
  [
    null,
    "protocol/notcompliantrfc",
    "554 5.7.9 Message not accepted for policy reasons. Headers are not RFC compliant",
  ],
  [
    "yahoo",
    "policy/policyviolation",
    "554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes",
  ],
  [
    "yahoo",
    "policy/rejected",
    "451 Message temporarily deferred due to unresolvable RFC.5321 from domain. See https://senders.yahooinc.com/error-codes#unresolvable-from-domain",
  ],
  [null, "routing/notaccept", "521 5.3.2 mx.example.org does not accept mail"],
  [
    null,
    "reputation/blocked",
    "554 5.7.1 Your access to this mail system has been rejected due to the sending MTA's poor reputation",
  ],
  [null, "relay/norelaying", "550 relaying denied for <someone@yahoo.com>"],
] as Row[]);

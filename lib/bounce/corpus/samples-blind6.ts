import { rows, type Row } from "@/lib/bounce/corpus/types";
/**
 * Blind round 6, Gmail: replies in Google's published wordings, labelled from sisimai's reason semantics
 * before the Gmail rules were changed for them (first run 5/14; see the commit that added this file).
 */
export const BLIND_SAMPLES_6 = rows("blind6", [
  [
    "gmail",
    "reputation/blocked",
    "421-4.7.28 Gmail has detected an unusual rate of mail originating from your IP address 192.0.2.25. To protect our users from spam, mail has been temporarily rate limited. - gsmtp",
  ],
  [
    "gmail",
    "reputation/blocked",
    "550-5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked. - gsmtp",
  ],
  [
    "gmail",
    "reputation/badreputation",
    "421-4.7.0 This message is suspicious due to the very low reputation of the sending domain. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp",
  ],
  [
    "gmail",
    "reputation/blocked",
    "421-4.7.0 IP not in whitelist for RCPT domain, closing connection. - gsmtp",
  ],
  ["gmail", "reputation/blocked", "421-4.7.0 Try again later, closing connection. (EHLO) - gsmtp"],
  [
    "gmail",
    "reputation/blocked",
    "501-5.5.4 HELO/EHLO argument is invalid. https://support.google.com/mail/?p=helo - gsmtp",
  ],
  ["gmail", "transient/expired", "421-4.7.0 Connection expired, try reconnecting. - gsmtp"],
  ["gmail", "transient/expired", "451-4.4.2 Timeout - closing connection. - gsmtp"],
  [
    "gmail",
    "mailbox_state/mailboxfull",
    "452-4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp",
  ],
  ["gmail", "content/exceedlimit", "552-5.2.3 Your message exceeded Google's message size limits. - gsmtp"],
  [
    "gmail",
    "routing/networkerror",
    "554-5.4.6 Message exceeded 50 hops, this may indicate a mail loop. - gsmtp",
  ],
  [
    "gmail",
    "relay/norelaying",
    "550-5.7.0 Mail relay denied 192.0.2.25. Invalid credentials for relay for one of the domains in: example.com - gsmtp",
  ],
  ["gmail", "protocol/failedstarttls", "421-4.7.0 TLS required for RCPT domain, closing connection. - gsmtp"],
  [
    "gmail",
    "authentication/authfailure",
    "550-5.7.26 This message does not have authentication information or fails to pass authentication checks (SPF or DKIM). - gsmtp",
  ],
] as Row[]);

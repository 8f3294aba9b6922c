import { rows, type Row } from "@/lib/bounce/corpus/types";

/**
 * Blind round 5: replies written and labelled from sisimai's documented reason semantics before any rule
 * was changed for them (first-run score in the commit that added this file). Sender-address refusals are
 * `rejected`, client IP/host refusals `blocked`, 5.7.x with no telling words `securityerror`, and a reply
 * whose words say nothing we know is `onhold` (sisimai keeps `undefined` for bounces with no text at all).
 */
export const BLIND_SAMPLES_5 = rows("blind5", [
  [
    "postfix",
    "mailbox/userunknown",
    "550 5.1.1 <k.tanaka@example.jp>: Recipient address rejected: User unknown in virtual mailbox table",
  ],
  ["orange", "mailbox/userunknown", "550 Mailbox not found. <sales@example.de>"],
  [
    null,
    "mailbox/userunknown",
    "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416",
  ],
  [null, "mailbox/userunknown", "550 Der Empfänger ist unbekannt: hans@example.de"],
  [null, "mailbox/userunknown", "550 5.1.3 Invalid address format for recipient <john..doe@example.org>"],
  [
    "microsoft",
    "mailbox/userunknown",
    "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [BN8NAM12FT010.eop-nam12.prod.protection.outlook.com]",
  ],
  [
    "yahoo",
    "mailbox/userunknown",
    "554 delivery error: dd This user doesn't have a yahoo.com account (nobody@yahoo.com) [0] - mta1040.mail.bf1.yahoo.com",
  ],
  [
    "postfix",
    "mailbox_state/mailboxfull",
    "452 4.2.2 <m@example.net>: Recipient address rejected: Mailbox full",
  ],
  [null, "mailbox_state/mailboxfull", "552 5.2.2 Le quota de la boîte aux lettres est dépassé"],
  [null, "mailbox_state/mailboxfull", "550 Benutzer hat zuviele Mails auf dem Server"],
  [
    "postfix",
    "mailbox_state/suspend",
    "550 5.2.1 <a@example.com>: Recipient address rejected: this mailbox has been deactivated",
  ],
  [null, "mailbox_state/suspend", "550 5.1.1 The account has been suspended for inactivity"],
  [null, "mailbox_state/hasmoved", "550 5.1.6 recipient no longer on server: p@example.org"],
  [null, "policy/filtered", "550 5.7.1 Message rejected due to user rules"],
  [
    "sendmail",
    "policy/rejected",
    "553 5.1.8 <bounce@example.com>... Domain of sender address bounce@example.com does not exist",
  ],
  [
    "exim",
    "policy/rejected",
    "550 Verification failed for <news@example.com> - unrouteable address; Sender verify failed",
  ],
  [null, "policy/rejected", "501 5.1.7 Bad sender address syntax"],
  [null, "policy/rejected", "550 5.7.1 Empty envelope senders not allowed"],
  [
    null,
    "policy/rejected",
    "550 Your email address has been blacklisted. Please contact the recipient directly",
  ],
  [null, "policy/rejected", "550 5.7.1 Delivery not authorized, message refused"],
  [
    "barracuda",
    "reputation/blocked",
    "554 5.7.1 Service unavailable; Client host [192.0.2.77] blocked using b.barracudacentral.org",
  ],
  [
    null,
    "reputation/blocked",
    "421 4.7.1 Too many spams from your IP (192.0.2.7), please visit http://postmaster.free.fr/",
  ],
  [null, "reputation/blocked", "550 We do not accept mail from dynamic IPs"],
  [null, "reputation/blocked", "553 sorry, your remotehost looks suspiciously like spammer (#5.7.1)"],
  [
    "yahoo",
    "reputation/badreputation",
    "421 4.7.0 [TSS04] Messages from 192.0.2.9 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
  ],
  [
    "microsoft",
    "reputation/blocked",
    "550 5.7.606 Access denied, banned sending IP [192.0.2.3]. To request removal from this list please visit https://sender.office.com/",
  ],
  [null, "content/spamdetected", "550 5.7.1 Message content rejected, UBE, id=12345-01"],
  [
    null,
    "content/virusdetected",
    "550 5.7.0 Message rejected: the message contains a virus (Eicar-Test-Signature)",
  ],
  [null, "content/mesgtoobig", "554 5.3.4 Message too big for system"],
  [null, "content/exceedlimit", "552 5.2.3 Message size exceeds fixed maximum message size (10485760)"],
  [null, "content/contenterror", "550 5.6.9 improper use of 8-bit data in message header"],
  [null, "policy/policyviolation", "554 5.7.7 Email not accepted for policy reasons"],
  [null, "policy/policyviolation", "550 5.7.1 Message bounced due to organizational settings"],
  [
    "gmail",
    "policy/policyviolation",
    "552 5.7.0 This message was blocked because its content presents a potential security issue. Please visit https://support.google.com/mail/?p=BlockedMessage to review our message content and attachment content guidelines. - gsmtp",
  ],
  [null, "relay/securityerror", "535 5.7.8 Error: authentication failed: authentication failure"],
  [null, "relay/securityerror", "554 5.7.1 Unauthenticated senders not allowed"],
  [null, "relay/norelaying", "550 5.7.1 Unable to relay for someone@example.org"],
  ["qmail", "relay/norelaying", "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"],
  [
    "postfix",
    "routing/hostunknown",
    "550 5.1.2 <x@nonexistent.example>: Recipient address rejected: Domain not found",
  ],
  ["microsoft", "routing/hostunknown", "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain"],
  [null, "routing/notaccept", "550 5.7.27 Sender address has null MX"],
  [null, "routing/notaccept", "421 4.3.2 Service shutting down, try again later"],
  [
    null,
    "rate_limit/toomanyconn",
    "421 4.7.0 Too many concurrent SMTP connections from this IP address; please try again later",
  ],
  [
    null,
    "rate_limit/speeding",
    "421 4.7.0 Message rate limit exceeded for 192.0.2.4, please try again slower",
  ],
  [
    null,
    "transient/expired",
    "4.4.7 Message delivery time expired: the message has been in the queue for 5 days",
  ],
  [
    "postfix",
    "transient/networkerror",
    "450 4.4.2 Lost connection with mx.example.org[192.0.2.80] while sending end of data",
  ],
  [null, "transient/systemerror", "451 4.3.0 Temporary local problem - please try later"],
  [null, "transient/systemfull", "452 4.4.5 Mail system congestion, try again later"],
  [null, "protocol/syntaxerror", "503 5.5.1 Error: need RCPT command"],
  [null, "protocol/failedstarttls", "530 5.7.0 Must issue a STARTTLS command first"],
  [
    null,
    "authentication/authfailure",
    "550 5.7.23 The message was rejected because of Sender Policy Framework violation",
  ],
  [
    null,
    "authentication/requireptr",
    "550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.5]",
  ],
  [
    "gmail",
    "authentication/authfailure",
    "550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp",
  ],
  [null, "unknown/onhold", "550 Message could not be processed"],
  [null, "relay/securityerror", "550 5.7.1 <info@example.org>"],
  [null, "policy/filtered", "550 5.2.1 <info@example.org>"],
  [null, "mailbox/userunknown", "550 5.1.3 <info@example.org>"],
  [null, "relay/securityerror", "451 4.7.0 <info@example.org>"],
] as Row[]);

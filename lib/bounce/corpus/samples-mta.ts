import { rows } from "@/lib/bounce/corpus/types";

/**
 * MTA software (Postfix, Exim, Sendmail, qmail, Exchange on-premises), security gateways and ESPs, plus
 * replies from unnamed servers in common wordings. Formats follow each project's documentation and
 * source messages (Postfix smtpd/smtp, Exim's "SMTP error from remote mail server", qmail-remote's
 * "Sorry, ..." texts, Sendmail's "... User unknown").
 */
export const MTA_SAMPLES = [
  ...rows("postfix", [
    [
      "postfix",
      "mailbox/userunknown",
      "<someone@example.org>: host mx.example.org[192.0.2.25] said: 550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)",
      { stage: "rcpt_to", code: 550, enh: "5.1.1" },
    ],
    [
      "postfix",
      "mailbox/userunknown",
      "550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown in virtual alias table",
    ],
    [
      "postfix",
      "mailbox/userunknown",
      "550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown in relay recipient table",
    ],
    ["postfix", "relay/norelaying", "554 5.7.1 <someone@example.net>: Relay access denied"],
    [
      "postfix",
      "relay/norelaying",
      "<someone@example.net>: host mail.example.org[192.0.2.25] said: 554 5.7.1 <someone@example.net>: Relay access denied (in reply to RCPT TO command)",
      { stage: "rcpt_to", code: 554, enh: "5.7.1" },
    ],
    [
      "postfix",
      "authentication/requireptr",
      "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.44]",
    ],
    [
      "postfix",
      "authentication/requireptr",
      "550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.44]",
    ],
    [
      "postfix",
      "reputation/blocked",
      "554 5.7.1 Service unavailable; Client host [192.0.2.44] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.44",
    ],
    [
      "postfix",
      "reputation/blocked",
      "554 5.7.1 Service unavailable; Client host [192.0.2.44] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.44",
    ],
    [
      "postfix",
      "reputation/blocked",
      "554 5.7.1 Service unavailable; Client host [192.0.2.44] blocked using dnsbl.sorbs.net; Currently Sending Spam See: http://www.sorbs.net/lookup.shtml?192.0.2.44",
    ],
    [
      "postfix",
      "reputation/blocked",
      "554 5.7.1 Service unavailable; Client host [192.0.2.44] blocked using dnsbl-1.uceprotect.net; IP 192.0.2.44 is UCEPROTECT-Level1 listed. See http://www.uceprotect.net/rblcheck.php?ipr=192.0.2.44",
    ],
    [
      "postfix",
      "reputation/blocked",
      "554 5.7.1 Service unavailable; Client host [192.0.2.44] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.44",
      { source: "postfix with Barracuda RBL" },
    ],
    [
      "postfix",
      "reputation/blocked",
      "554 5.7.1 Service unavailable; Sender address [spammer@example.com] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/domain/example.com",
    ],
    [
      "postfix",
      "policy/rejected",
      "553 5.1.8 <sender@example.invalid>: Sender address rejected: Domain not found",
    ],
    [
      "postfix",
      "policy/rejected",
      "450 4.1.8 <sender@nonexistent.example>: Sender address rejected: Domain not found",
    ],
    [
      "postfix",
      "relay/securityerror",
      "553 5.7.1 <sender@example.com>: Sender address rejected: not owned by user someone@example.net",
    ],
    [
      "postfix",
      "protocol/syntaxerror",
      "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname",
    ],
    [
      "postfix",
      "transient/systemerror",
      "450 4.2.0 <someone@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html",
    ],
    [
      "postfix",
      "routing/hostunknown",
      "Host or domain name not found. Name service error for name=example.invalid type=AAAA: Host not found",
      { code: null, enh: null },
    ],
    [
      "postfix",
      "transient/expired",
      "connect to mx.example.org[192.0.2.25]:25: Connection timed out",
      { code: null, enh: null, source: "postfix delivery status" },
    ],
    [
      "postfix",
      "transient/networkerror",
      "conversation with mx.example.org[192.0.2.25] timed out while receiving the initial server greeting",
      { code: null, enh: null, stage: "connect" },
    ],
    [
      "postfix",
      "transient/networkerror",
      "lost connection with mx.example.org[192.0.2.25] while sending end of data -- message may be sent more than once",
      { code: null, enh: null, stage: "after_data" },
    ],
    [
      "postfix",
      "mailbox_state/mailboxfull",
      "552 5.2.2 <someone@example.org>: Recipient address rejected: Mailbox quota exceeded",
    ],
    ["postfix", "content/mesgtoobig", "552 5.3.4 Error: message file too big"],
    [
      "postfix",
      "rate_limit/toomanyconn",
      "421 4.7.0 mx.example.org Error: too many connections from 192.0.2.44",
    ],
    ["postfix", "rate_limit/toomanyconn", "452 4.5.3 Error: too many recipients"],
    ["postfix", "transient/systemerror", "451 4.3.0 Error: queue file write error"],
    [null, "transient/systemfull", "452 4.3.1 Insufficient system storage"],
    [null, "protocol/failedstarttls", "530 5.7.0 Must issue a STARTTLS command first"],
    [
      null,
      "protocol/notcompliantrfc",
      "550 5.7.1 Message rejected: duplicate Message-ID header (not RFC 5322 compliant)",
    ],
    [
      "postfix",
      "transient/expired",
      "delivery temporarily suspended: connect to mx.example.org[192.0.2.25]:25: Connection refused; message expired after 5 days in queue",
      { code: null, enh: null },
    ],
    [
      "postfix",
      "mailbox/userunknown",
      "554 5.7.1 <someone@example.org>: Recipient address rejected: Access denied by local policy",
    ],
    [
      "postfix",
      "authentication/authfailure",
      "550 5.7.1 <someone@example.org>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.open-spf.org/Why;id=sender%40example.com;ip=192.0.2.44;r=mx.example.org",
    ],
  ]),
  ...rows("exim", [
    [
      "postfix",
      "mailbox/userunknown",
      "SMTP error from remote mail server after RCPT TO:<someone@example.org>:\n    550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown",
      { code: 550, enh: "5.1.1", stage: "rcpt_to" },
    ],
    ["exim", "routing/hostunknown", "Unrouteable address", { code: null, enh: null }],
    [
      "exim",
      "routing/hostunknown",
      "all relevant MX records point to non-existent hosts",
      { code: null, enh: null },
    ],
    ["exim", "transient/expired", "retry timeout exceeded", { code: null, enh: null }],
    [
      "exim",
      "mailbox_state/mailboxfull",
      "mailbox is full: retry timeout exceeded",
      { code: null, enh: null },
    ],
    ["exim", "relay/norelaying", "550 relay not permitted"],
    [
      "exim",
      "relay/norelaying",
      "SMTP error from remote mail server after RCPT TO:<someone@example.net>:\n    550 Relaying to <someone@example.net> is not allowed (exim)",
      { code: 550, enh: null, stage: "rcpt_to" },
    ],
    [
      "exim",
      "authentication/authfailure",
      "550 SPF check failed: 192.0.2.44 is not allowed to send mail from example.com (exim)",
    ],
    [
      null,
      "reputation/blocked",
      "550-JunkMail rejected - mx.example.com [192.0.2.44] is in an RBL: see\n550 https://www.spamhaus.org/query/ip/192.0.2.44",
      { source: "exim ACL" },
    ],
    ["exim", "mailbox/userunknown", "550 Unknown user (exim)"],
    [
      "exim",
      "policy/rejected",
      "550 Verification failed for <sender@example.invalid>\n550-Unrouteable address\n550 Sender verify failed",
    ],
    ["exim", "authentication/requireptr", "550 Reverse DNS lookup failed for host 192.0.2.44 (exim)"],
    [
      "exim",
      "content/spamdetected",
      "550 Your message has been rejected because it appears to be spam (exim spamassassin score 12.1)",
    ],
    ["exim", "content/virusdetected", "550 This message contains a virus (Win.Test.EICAR_HDB-1). (exim)"],
    ["exim", "content/mesgtoobig", "552 Message size exceeds maximum permitted (exim)"],
    [
      "exim",
      "transient/networkerror",
      "SMTP timeout after end of data (0 bytes written): Connection timed out",
      { code: null, enh: null, stage: "after_data" },
    ],
  ]),
  ...rows("sendmail", [
    ["sendmail", "mailbox/userunknown", "550 5.1.1 <someone@example.org>... User unknown"],
    ["sendmail", "relay/norelaying", "550 5.7.1 <someone@example.net>... Relaying denied"],
    [
      "sendmail",
      "relay/norelaying",
      "550 5.7.1 <someone@example.net>... Relaying denied. Proper authentication required.",
    ],
    [
      "sendmail",
      "routing/hostunknown",
      "550 5.1.2 <someone@example.invalid>... Host unknown (Name server: example.invalid: host not found)",
    ],
    ["sendmail", "transient/expired", "Cannot send message for 5 days", { code: null, enh: null }],
    [
      "sendmail",
      "transient/networkerror",
      "451 4.4.1 reply: read error from mx.example.org.",
      { source: "sendmail deferral" },
    ],
    ["sendmail", "mailbox_state/mailboxfull", "552 5.2.2 <someone@example.org>... Mailbox full"],
    [
      "sendmail",
      "policy/rejected",
      "553 5.1.8 <sender@example.invalid>... Domain of sender address sender@example.invalid does not exist",
    ],
    [
      "sendmail",
      "mailbox/userunknown",
      "553 5.1.3 <some one@example.org>... User address required (sendmail)",
    ],
    [
      "sendmail",
      "reputation/blocked",
      "550 5.7.1 Rejected: 192.0.2.44 listed at zen.spamhaus.org (sendmail)",
    ],
    [
      "sendmail",
      "transient/networkerror",
      "Deferred: Connection refused by mx.example.org.",
      { code: null, enh: null },
    ],
  ]),
  ...rows("qmail", [
    [
      "qmail",
      "mailbox/userunknown",
      "Sorry, no mailbox here by that name. (#5.1.1)",
      { code: null, enh: "5.1.1" },
    ],
    [
      "qmail",
      "relay/norelaying",
      "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
      { enh: "5.7.1" },
    ],
    [
      "qmail",
      "routing/hostunknown",
      "Sorry, I couldn't find any host named example.invalid. (#5.1.2)",
      { code: null, enh: "5.1.2" },
    ],
    [
      "qmail",
      "transient/networkerror",
      "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)",
      { code: null, enh: "4.4.1" },
    ],
    [
      "qmail",
      "mailbox_state/mailboxfull",
      "The users mailfolder is over the allowed quota (size). (#5.2.2)",
      { code: null, enh: "5.2.2" },
    ],
    [
      "qmail",
      "mailbox/userunknown",
      "vdeliver: Invalid or unknown virtual user 'someone' (qmail vpopmail)",
      { code: null, enh: null },
    ],
    [
      "qmail",
      "content/mesgtoobig",
      "552 sorry, that message size exceeds my databytes limit (#5.3.4)",
      { enh: "5.3.4" },
    ],
  ]),
  ...rows("gateway", [
    [
      "mimecast",
      "policy/policyviolation",
      "550 Rejected by header based Anti-Spoofing policy: sender@example.com - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEf.us123]",
    ],
    [
      "mimecast",
      "policy/filtered",
      "550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [XyZabc.uk22]",
    ],
    [
      "mimecast",
      "policy/filtered",
      "550 Envelope blocked - User Domain Entry - https://community.mimecast.com/docs/DOC-1369#550 [abc.us300]",
    ],
    [
      "mimecast",
      "mailbox/userunknown",
      "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550 [AbC.us30]",
    ],
    [
      "mimecast",
      "reputation/blocked",
      "550 Local CI IP Reputation - https://community.mimecast.com/docs/DOC-1369#550 [QwE.eu1]",
    ],
    [
      "mimecast",
      "policy/policyviolation",
      "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554 [rTy.eu12]",
    ],
    [
      "mimecast",
      "transient/systemerror",
      "451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451",
    ],
    ["proofpoint", "reputation/blocked", "554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.44"],
    [
      "proofpoint",
      "reputation/blocked",
      "521 5.7.1 Blocked by Proofpoint Dynamic Reputation - see https://ipcheck.proofpoint.com/?ip=192.0.2.44",
    ],
    [
      "proofpoint",
      "content/spamdetected",
      "550 5.7.1 Message blocked due to spam content in the message (pphosted.com)",
    ],
    ["proofpoint", "mailbox/userunknown", "550 5.1.1 User Unknown (mx0a-001b2d01.pphosted.com)"],
    [
      "barracuda",
      "reputation/blocked",
      "554 Service unavailable; Client host [192.0.2.44] blocked using Barracuda Reputation, see http://www.barracudanetworks.com/reputation/?r=1&ip=192.0.2.44",
    ],
    [
      "barracuda",
      "reputation/blocked",
      "550 permanent failure for one or more recipients (someone@example.org:blocked) barracuda",
    ],
    [
      "barracuda",
      "content/spamdetected",
      "550 5.7.1 Message rejected by Barracuda Email Security Service: spam score too high",
    ],
    [
      "cisco",
      "reputation/badreputation",
      "554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means. (iphmx.com)",
    ],
    [
      "cisco",
      "reputation/badreputation",
      "554 Message rejected: SenderBase reputation score too low for 192.0.2.44 - see https://talosintelligence.com/reputation_center/lookup?search=192.0.2.44",
    ],
    [
      "cisco",
      "mailbox/userunknown",
      "550 #5.1.0 Address rejected someone@example.org (ironport)",
      { enh: "5.1.0" },
    ],
  ]),
  ...rows("esp", [
    [
      "amazonses",
      "mailbox/userunknown",
      "Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.",
      { code: null, enh: null },
    ],
    [
      "amazonses",
      "relay/norelaying",
      "554 Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: sender@example.com (Amazon SES)",
    ],
    [
      "amazonses",
      "rate_limit/speeding",
      "454 Throttling failure: Maximum sending rate exceeded. (Amazon SES)",
    ],
    [
      "amazonses",
      "rate_limit/speeding",
      "454 Throttling failure: Daily message quota exceeded. (Amazon SES)",
    ],
    [
      "gmail",
      "mailbox/userunknown",
      "smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. 5si12345678 - gsmtp (via amazonses.com)",
      { code: 550, enh: "5.1.1" },
    ],
    [
      "mailgun",
      "mailbox/userunknown",
      "Not delivering to previously bounced address (Mailgun)",
      { code: null, enh: null },
    ],
    [
      "mailgun",
      "unknown/feedback",
      "Not delivering to a user who marked your messages as spam (Mailgun)",
      { code: null, enh: null },
    ],
    [
      "sendgrid",
      "mailbox/userunknown",
      "Bounced Address: a previous message to this recipient bounced permanently (SendGrid)",
      { code: null, enh: null },
    ],
    [
      "sendgrid",
      "unknown/feedback",
      "Spam Reporting Address: the recipient reported a previous message as spam (SendGrid)",
      { code: null, enh: null },
    ],
    [
      "sendgrid",
      "policy/filtered",
      "Unsubscribed Address: the recipient has unsubscribed (SendGrid)",
      { code: null, enh: null },
    ],
    [
      "postmark",
      "mailbox/userunknown",
      "You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: someone@example.org. Inactive recipients are ones that have generated a hard bounce (Postmark)",
      { code: null, enh: null },
    ],
    [
      "mailchimp",
      "mailbox/userunknown",
      "Mandrill: hard-bounced recipient someone@example.org was previously bounced",
      { code: null, enh: null },
    ],
    [
      "sparkpost",
      "rate_limit/speeding",
      "421 4.7.0 [internal] SparkPost throttling: message rate limit exceeded for this sending domain",
    ],
  ]),
];

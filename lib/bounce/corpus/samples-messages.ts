import { rows } from "@/lib/bounce/corpus/types";

const dsn = (o: {
  from: string;
  subject: string;
  reporting: string;
  human: string;
  recipient: string;
  action: string;
  status: string;
  remote?: string;
  diag: string;
}): string =>
  [
    `From: ${o.from}`,
    "To: sender@example.com",
    `Subject: ${o.subject}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"',
    "",
    "--B0UND",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    o.human,
    "",
    "--B0UND",
    "Content-Type: message/delivery-status",
    "",
    `Reporting-MTA: dns; ${o.reporting}`,
    "",
    `Final-Recipient: rfc822; ${o.recipient}`,
    `Action: ${o.action}`,
    `Status: ${o.status}`,
    ...(o.remote ? [`Remote-MTA: dns; ${o.remote}`] : []),
    `Diagnostic-Code: smtp; ${o.diag}`,
    "",
    "--B0UND",
    "Content-Type: text/rfc822-headers",
    "",
    "From: sender@example.com",
    "Subject: hello",
    "",
    "--B0UND--",
    "",
  ].join("\n");

/** Whole bounce messages (RFC 3464 DSNs, MTA plain-text bounces) and SMTP transcripts. */
export const MESSAGE_SAMPLES = rows("message", [
  [
    "postfix",
    "mailbox/userunknown",
    dsn({
      from: "MAILER-DAEMON@mail.example.com (Mail Delivery System)",
      subject: "Undelivered Mail Returned to Sender",
      reporting: "mail.example.com",
      human:
        "This is the mail system at host mail.example.com.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.",
      recipient: "ann@example.org",
      action: "failed",
      status: "5.1.1",
      remote: "mx.example.org",
      diag: "550 5.1.1 <ann@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
    }),
    { code: 550, enh: "5.1.1" },
  ],
  [
    "gmail",
    "authentication/authfailure",
    dsn({
      from: "MAILER-DAEMON@mail.example.com (Mail Delivery System)",
      subject: "Undelivered Mail Returned to Sender",
      reporting: "mail.example.com",
      human: "This is the mail system at host mail.example.com.",
      recipient: "bea@gmail.com",
      action: "failed",
      status: "5.7.26",
      remote: "gmail-smtp-in.l.google.com",
      diag: "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n    550-5.7.26 DMARC policy. Please contact the administrator of example.com domain if\n    550 5.7.26 this was a legitimate mail. - gsmtp",
    }),
    { code: 550, enh: "5.7.26" },
  ],
  [
    "microsoft",
    "reputation/blocked",
    dsn({
      from: "MAILER-DAEMON@mail.example.com (Mail Delivery System)",
      subject: "Undelivered Mail Returned to Sender",
      reporting: "mail.example.com",
      human: "This is the mail system at host mail.example.com.",
      recipient: "cid@outlook.com",
      action: "failed",
      status: "5.7.1",
      remote: "outlook-com.olc.protection.outlook.com",
      diag: "550 5.7.1 Unfortunately, messages from [192.0.2.44] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
    }),
    { code: 550, enh: "5.7.1" },
  ],
  [
    "yahoo",
    "reputation/badreputation",
    dsn({
      from: "MAILER-DAEMON@mail.example.com (Mail Delivery System)",
      subject: "Delayed Mail (still being retried)",
      reporting: "mail.example.com",
      human:
        "This is the mail system at host mail.example.com.\n\n####################################################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################",
      recipient: "dee@yahoo.com",
      action: "delayed",
      status: "4.7.0",
      remote: "mta7.am0.yahoodns.net",
      diag: "421 4.7.0 [TSS04] Messages from 192.0.2.44 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
    }),
    { code: 421, enh: "4.7.0" },
  ],
  [
    "mailchimp",
    "mailbox_state/mailboxfull",
    dsn({
      from: "Mail Delivery Subsystem <mailer-daemon@mandrillapp.com>",
      subject: "Delivery Status Notification (Failure)",
      reporting: "mail180-1.suw21.mandrillapp.com",
      human: "The message could not be delivered.",
      recipient: "eve@example.net",
      action: "failed",
      status: "5.2.2",
      remote: "mx.example.net",
      diag: "552 5.2.2 <eve@example.net>: Mailbox is full / Quota exceeded",
    }),
    { code: 552, enh: "5.2.2" },
  ],
  [
    "exim",
    "routing/hostunknown",
    "From: Mail Delivery System <Mailer-Daemon@mail.example.com>\nTo: sender@example.com\nSubject: Mail delivery failed: returning message to sender\nAuto-Submitted: auto-replied\n\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  fay@nonexistent.example\n    all relevant MX records point to non-existent hosts\n\n------ This is a copy of the message, including all the headers. ------\n\nFrom: sender@example.com\nSubject: hi\n",
    { code: null, enh: null },
  ],
  [
    "exim",
    "transient/expired",
    "From: Mail Delivery System <Mailer-Daemon@mail.example.com>\nTo: sender@example.com\nSubject: Mail delivery failed: returning message to sender\n\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  gus@example.org\n    retry timeout exceeded\n\n------ This is a copy of the message, including all the headers. ------\n",
    { code: null, enh: null },
  ],
  [
    "exim",
    "mailbox/userunknown",
    "From: Mail Delivery System <Mailer-Daemon@mail.example.com>\nTo: sender@example.com\nSubject: Mail delivery failed: returning message to sender\n\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  hal@example.org\n    host mx.example.org [192.0.2.25]\n    SMTP error from remote mail server after RCPT TO:<hal@example.org>:\n    550 No such user here\n",
    { code: 550, enh: null, stage: "rcpt_to" },
  ],
  [
    "sendmail",
    "mailbox/userunknown",
    "From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>\nTo: <sender@example.com>\nSubject: Returned mail: see transcript for details\n\nThe original message was received at Mon, 6 May 2024 10:00:00 +0200\nfrom localhost [127.0.0.1]\n\n   ----- The following addresses had permanent fatal errors -----\n<ian@example.org>\n    (reason: 550 5.1.1 <ian@example.org>... User unknown)\n\n   ----- Transcript of session follows -----\n... while talking to mx.example.org.:\n>>> RCPT To:<ian@example.org>\n<<< 550 5.1.1 <ian@example.org>... User unknown\n550 5.1.1 <ian@example.org>... User unknown\n",
    { code: 550, enh: "5.1.1", stage: "rcpt_to" },
  ],
  [
    "qmail",
    "mailbox_state/mailboxfull",
    "From: MAILER-DAEMON@mail.example.net\nTo: sender@example.com\nSubject: failure notice\n\nHi. This is the qmail-send program at mail.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<jan@example.net>:\nThe users mailfolder is over the allowed quota (size). (#5.2.2)\n\n--- Below this line is a copy of the message.\n",
    { code: null, enh: "5.2.2" },
  ],
  [
    "microsoft",
    "mailbox/userunknown",
    "From: Microsoft Outlook <postmaster@contoso.onmicrosoft.com>\nTo: sender@example.com\nSubject: Undeliverable: Quarterly report\nX-MS-Exchange-Message-Is-Ndr:\n\nYour message to kim@contoso.com couldn't be delivered.\nkim wasn't found at contoso.com.\n\nDiagnostic information for administrators:\n\nGenerating server: BN8PR12MB1234.namprd12.prod.outlook.com\n\nkim@contoso.com\nRemote server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\n",
    { code: 550, enh: "5.1.10" },
  ],
  [
    "amazonses",
    "mailbox/userunknown",
    dsn({
      from: "MAILER-DAEMON@amazonses.com",
      subject: "Delivery Status Notification (Failure)",
      reporting: "a8-30.smtp-out.amazonses.com",
      human:
        "An error occurred while trying to deliver the mail to the following recipients:\nlee@example.org",
      recipient: "lee@example.org",
      action: "failed",
      status: "5.1.1",
      remote: "mx.example.org",
      diag: "550 5.1.1 <lee@example.org>: Recipient address rejected: User unknown in local recipient table",
    }),
    { code: 550, enh: "5.1.1" },
  ],
  [
    "postfix",
    "transient/expired",
    dsn({
      from: "MAILER-DAEMON@mail.example.com (Mail Delivery System)",
      subject: "Undelivered Mail Returned to Sender",
      reporting: "mail.example.com",
      human: "This is the mail system at host mail.example.com.",
      recipient: "mo@example.org",
      action: "failed",
      status: "4.4.7",
      diag: "delivery temporarily suspended: connect to mx.example.org[192.0.2.25]:25: Connection timed out",
    }).replace("Diagnostic-Code: smtp; delivery", "Diagnostic-Code: X-Postfix; delivery"),
    { code: null, enh: "4.4.7" },
  ],
  [
    "postfix",
    "unknown/delivered",
    dsn({
      from: "MAILER-DAEMON@mail.example.com (Mail Delivery System)",
      subject: "Successful Mail Delivery Report",
      reporting: "mail.example.com",
      human:
        "This is the mail system at host mail.example.com.\n\nYour message was successfully delivered to the destination(s) listed below.",
      recipient: "ned@example.org",
      action: "delivered",
      status: "2.0.0",
      remote: "mx.example.org",
      diag: "250 2.0.0 Ok: queued as 4VbCdE1fGhz2",
    }),
    { code: 250, enh: "2.0.0" },
  ],
  [
    "postfix",
    "mailbox/userunknown",
    "$ swaks --to oli@example.org --server mx.example.org\n=== Trying mx.example.org:25...\n=== Connected to mx.example.org.\n<-  220 mx.example.org ESMTP\n -> EHLO client.example.com\n<-  250-mx.example.org\n<-  250 STARTTLS\n -> MAIL FROM:<sender@example.com>\n<-  250 2.1.0 Ok\n -> RCPT TO:<oli@example.org>\n<** 550 5.1.1 <oli@example.org>: Recipient address rejected: No such user here\n -> QUIT\n<-  221 2.0.0 Bye\n",
    { code: 550, enh: "5.1.1", stage: "rcpt_to" },
  ],
  [
    "postfix",
    "reputation/blocked",
    "220 mx.example.org ESMTP Postfix\nEHLO client.example.com\n250-mx.example.org\n250 8BITMIME\nMAIL FROM:<sender@example.com>\n250 2.1.0 Ok\nRCPT TO:<pam@example.org>\n554 5.7.1 Service unavailable; Client host [192.0.2.44] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.44\nQUIT\n221 2.0.0 Bye\n",
    { code: 554, enh: "5.7.1", stage: "rcpt_to" },
  ],
  [
    "gmail",
    "content/spamdetected",
    "S: 220 mx.google.com ESMTP a1si123 - gsmtp\nC: EHLO client.example.com\nS: 250-mx.google.com at your service\nS: 250 SMTPUTF8\nC: MAIL FROM:<sender@example.com>\nS: 250 2.1.0 OK - gsmtp\nC: RCPT TO:<quinn@gmail.com>\nS: 250 2.1.5 OK - gsmtp\nC: DATA\nS: 354 Go ahead - gsmtp\nC: .\nS: 550-5.7.1 [192.0.2.44] Our system has detected that this message is likely\nS: 550-5.7.1 unsolicited mail. To reduce the amount of spam sent to Gmail, this\nS: 550 5.7.1 message has been blocked. - gsmtp\n",
    { code: 550, enh: "5.7.1", stage: "after_data" },
  ],
  [
    null,
    "unknown/vacation",
    "From: Rae <rae@example.org>\nTo: sender@example.com\nSubject: Automatic reply: hello\nAuto-Submitted: auto-replied\nX-Auto-Response-Suppress: All\n\nThank you for your message. I am out of the office until Monday with limited access to email.\n",
    { code: null, enh: null },
  ],
  [
    null,
    "unknown/feedback",
    'From: feedback@fbl.example.net\nTo: fbl@example.com\nSubject: FW: abuse report\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report; boundary="FB"\n\n--FB\nContent-Type: text/plain\n\nThis is an email abuse report for an email message received from IP 192.0.2.44.\n\n--FB\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: ExampleFBL/1.0\nVersion: 1\nSource-IP: 192.0.2.44\n\n--FB--\n',
    { code: null, enh: null },
  ],
]);

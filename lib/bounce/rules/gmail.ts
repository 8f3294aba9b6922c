import { defineRules } from "@/lib/bounce/rules/defaults";

/**
 * Gmail / Google Workspace. Google's replies carry their own meanings for some codes: 4.7.27/5.7.27 are
 * SPF failures (the registry's X.7.27 is "sender address has null MX", RFC 7505), 5.7.26 covers both
 * "unauthenticated" and DMARC rejections, 4.7.28/5.7.28 are reputation-based rate limits.
 * Reference: Google Workspace Admin Help, "SMTP error reference".
 */
const PT = "Google Postmaster Tools (postmaster.google.com) shows the domain and IP reputation Gmail sees.";

export const GMAIL_RULES = defineRules([
  {
    id: "gmail.dmarc",
    provider: "gmail",
    reason: "authfailure",
    match: { text: [/DMARC policy|DMARC\b.{0,40}(?:reject|fail)/i] },
    fixFirst: [
      "Gmail applied the From: domain's DMARC policy: SPF or DKIM must pass and align with the From: domain.",
    ],
    sample: {
      text: "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection d2e1a72fcca58-70d1a3c4ab9si12345b3a.321 - gsmtp",
      replyCode: 550,
      enhancedCode: "5.7.26",
    },
  },
  {
    id: "gmail.ptr",
    provider: "gmail",
    reason: "requireptr",
    match: { text: [/PTR\)? record|reverse DNS|forward DNS entry does not point|IPReverseLookup/i] },
    sample: {
      text: "550-5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. As a policy, Gmail does not accept messages from IPs with missing PTR records. Please visit https://support.google.com/mail/answer/81126#ip-practices for more information. - gsmtp",
      replyCode: 550,
      enhancedCode: "5.7.25",
    },
  },
  {
    id: "gmail.spf",
    provider: "gmail",
    reason: "authfailure",
    match: { enhanced: ["4.7.27", "5.7.27", "4.7.24", "5.7.24"] },
    fixFirst: [
      "Gmail uses X.7.27 for an SPF failure: the sending IP is not authorised by the SPF record of the envelope sender's domain.",
    ],
    sample: {
      text: "550-5.7.27 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [example.com] with ip: [192.0.2.10] = did not pass For instructions on setting up authentication, go to https://support.google.com/mail/answer/81126#authentication - gsmtp",
      replyCode: 550,
      enhancedCode: "5.7.27",
    },
  },
  {
    id: "gmail.dkim",
    provider: "gmail",
    reason: "authfailure",
    match: { enhanced: ["4.7.30", "5.7.30", "4.7.20", "5.7.20", "4.7.21", "5.7.21", "4.7.22", "5.7.22"] },
    sample: {
      text: "421-4.7.30 This mail has been rate limited because DKIM does not pass. Gmail requires all large senders to authenticate with DKIM. Authentication results: DKIM = did not pass. To learn more, visit https://support.google.com/mail/answer/81126#authentication - gsmtp",
      replyCode: 421,
      enhancedCode: "4.7.30",
    },
  },
  {
    id: "gmail.unauthenticated",
    provider: "gmail",
    reason: "authfailure",
    match: {
      text: [
        /unauthenticated|does not have authentication information|fails to pass authentication checks|authenticate with (?:at least one of|either) SPF or DKIM|not pass authentication/i,
      ],
    },
    fixFirst: [
      "Since February 2024 Gmail requires SPF or DKIM on all mail, and SPF, DKIM and DMARC for bulk senders (5,000+ messages a day).",
    ],
    sample: {
      text: "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM. For this message, DKIM checks did not pass and SPF check for [example.com] did not pass with ip: [192.0.2.10]. To best protect our users from spam, the message has been blocked. Please visit https://support.google.com/mail/answer/81126#authentication for more information. - gsmtp",
      replyCode: 550,
      enhancedCode: "5.7.26",
    },
  },
  {
    id: "gmail.unsolicited-rate",
    provider: "gmail",
    // An unusual rate of (unsolicited) mail from the IP is a host-level block in sisimai's terms; the words
    // about *reputation* (next rule) are badreputation.
    reason: "blocked",
    family: "reputation",
    match: { text: [/unusual rate of (?:unsolicited )?mail/i] },
    // No public list is named: Gmail limits the IP itself, so there is nothing to be delisted from.
    action: "slow down and cut unwanted mail; Gmail lifts the limit as the rate of unsolicited mail drops",
    fix: [
      PT,
      "Gmail is rate-limiting the sending IP for an unusual rate of unsolicited mail (no public blocklist is involved): lower the volume to Gmail and stop mailing recipients who did not ask for it or never engage.",
      "Check the user-reported spam rate in Postmaster Tools (keep it below 0.3 %) and add one-click unsubscribe (RFC 8058).",
      "Authenticate the mail (SPF, DKIM and DMARC aligned), then send again gradually: deferred mail is retried by your server.",
    ],
    sample: {
      text: "421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address [192.0.2.10]. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. To review our bulk email senders guidelines, visit https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp",
      replyCode: 421,
      enhancedCode: "4.7.28",
    },
  },
  {
    id: "gmail.low-reputation",
    provider: "gmail",
    reason: "badreputation",
    match: {
      text: [/low reputation|reputation of the sending|rate limited due to (?:ip|domain) reputation/i],
    },
    sample: {
      text: "421-4.7.0 This message is suspicious due to the very low reputation of the sending domain. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp",
      replyCode: 421,
      enhancedCode: "4.7.0",
    },
  },
  // Connection-level refusals: an allow-listed Workspace domain, a HELO-stage denial of service guard and a
  // bad HELO argument all refuse the client host itself (sisimai: blocked).
  {
    id: "gmail.host-refused",
    provider: "gmail",
    reason: "blocked",
    match: {
      text: [
        /not in whitelist for RCPT domain|try again later, closing connection|HELO\/EHLO argument (?:is )?(?:invalid|not allowed)|empty HELO\/EHLO/i,
      ],
    },
    sample: {
      text: "421-4.7.0 IP not in whitelist for RCPT domain, closing connection. For more information, go to https://support.google.com/a/answer/60752 - gsmtp",
      replyCode: 421,
      enhancedCode: "4.7.0",
    },
  },
  {
    id: "gmail.connection-expired",
    provider: "gmail",
    reason: "expired",
    match: { text: [/connection expired|timeout - closing connection/i] },
    sample: {
      text: "451-4.4.2 Timeout - closing connection. - gsmtp",
      replyCode: 451,
      enhancedCode: "4.4.2",
    },
  },
  {
    id: "gmail.hops",
    provider: "gmail",
    reason: "networkerror",
    family: "routing",
    match: { text: [/exceeded \d{1,3} hops/i] },
    sample: {
      text: "554-5.4.6 Message exceeded 50 hops, this may indicate a mail loop. - gsmtp",
      replyCode: 554,
      enhancedCode: "5.4.6",
    },
  },
  {
    id: "gmail.likely-unsolicited",
    provider: "gmail",
    reason: "spamdetected",
    match: { text: [/likely unsolicited mail|likely suspicious due to|spam content/i] },
    fixFirst: [PT],
    sample: {
      text: "550-5.7.1 [192.0.2.10] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. Please visit https://support.google.com/mail/?p=UnsolicitedMessageError for more information. - gsmtp",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "gmail.rate-28",
    provider: "gmail",
    reason: "badreputation",
    match: { enhanced: ["4.7.28", "5.7.28"] },
    fixFirst: [PT],
    sample: {
      text: "421-4.7.28 [192.0.2.10 15] Gmail has temporarily limited mail from your DKIM domain example.com because of an unusually high rate of mail. To protect our users, retry later and review https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp",
      replyCode: 421,
      enhancedCode: "4.7.28",
    },
  },
  {
    id: "gmail.dangerous-content",
    provider: "gmail",
    reason: "policyviolation",
    fixFirst: [
      "Gmail blocks attachments and links it considers dangerous (executables, macro documents, some archives): remove them or send a link.",
    ],
    match: {
      text: [/potential security issue|virus|malware|blocked for security reasons|file type is not allowed/i],
    },
    sample: {
      text: "552-5.7.0 This message was blocked because its content presents a potential security issue. Please visit https://support.google.com/mail/?p=BlockedMessage to review our message content and attachment content guidelines. - gsmtp",
      replyCode: 552,
      enhancedCode: "5.7.0",
    },
  },
  {
    id: "gmail.not-authorized-direct",
    provider: "gmail",
    reason: "blocked",
    match: {
      text: [
        /not authorized to send email directly to our servers|IP you're using to send mail is not authorized/i,
      ],
    },
    fixFirst: [
      "Gmail refuses direct delivery from this IP (typically residential or dynamic space): relay through your provider's SMTP server.",
    ],
    sample: {
      text: "550-5.7.1 [192.0.2.10] The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead. Learn more at https://support.google.com/mail/?p=NotAuthorizedError - gsmtp",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "gmail.rfc5322",
    provider: "gmail",
    reason: "notcompliantrfc",
    match: {
      text: [
        /RFC ?5322|missing a valid (?:address in the From|Message-ID)|multiple (?:From|Subject|Date)[^\n]{0,20}headers|not RFC/i,
      ],
    },
    sample: {
      text: "550-5.7.1 [192.0.2.10] Messages missing a valid address in the From: header, or having no From: header, are not accepted. To learn more, go to https://support.google.com/mail/?p=RfcMessageNonCompliant and review RFC 5322 specifications. - gsmtp",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "gmail.rate-receiving",
    provider: "gmail",
    reason: "speeding",
    match: {
      text: [
        /receiving mail at a rate that|receiving mail too quickly|sending rate limit|daily (?:user )?sending (?:quota|limit)|too many messages/i,
      ],
    },
    sample: {
      text: "450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later time. If the user is able to receive mail at that time, your message will be delivered. To learn more, visit https://support.google.com/mail/?p=ReceivingRate - gsmtp",
      replyCode: 450,
      enhancedCode: "4.2.1",
    },
  },
  {
    id: "gmail.disabled",
    provider: "gmail",
    reason: "suspend",
    match: {
      text: [
        /account (?:that you tried to reach|you tried to reach) is (?:disabled|inactive)|account has been disabled/i,
      ],
    },
    sample: {
      text: "550-5.2.1 The email account that you tried to reach is inactive. For more information, go to https://support.google.com/mail/?p=DisabledUser - gsmtp",
      replyCode: 550,
      enhancedCode: "5.2.1",
    },
  },
  {
    id: "gmail.over-quota",
    provider: "gmail",
    reason: "mailboxfull",
    match: { text: [/over quota|out of storage|storage space|mailbox is full/i] },
    sample: {
      text: "452-4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp",
      replyCode: 452,
      enhancedCode: "4.2.2",
    },
  },
  {
    id: "gmail.nosuchuser",
    provider: "gmail",
    reason: "userunknown",
    match: { text: [/does not exist|NoSuchUser|no such user/i] },
    sample: {
      text: "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser - gsmtp",
      replyCode: 550,
      enhancedCode: "5.1.1",
    },
  },
  // X.2.3 is the per-recipient limit (RFC 3463): the same words with that code are exceedlimit.
  {
    id: "gmail.size-recipient",
    provider: "gmail",
    reason: "exceedlimit",
    match: { text: [/size limits?/i], enhanced: ["5.2.3"] },
    sample: {
      text: "552-5.2.3 Your message exceeded Google's message size limits. For more information, visit https://support.google.com/mail/answer/6584 - gsmtp",
      replyCode: 552,
      enhancedCode: "5.2.3",
    },
  },
  {
    id: "gmail.size",
    provider: "gmail",
    reason: "mesgtoobig",
    match: { text: [/message size limits?|exceeded Google's|size limit/i] },
    sample: {
      text: "552-5.3.4 Your message exceeded Google's message size limits. To view our message size guidelines, go to https://support.google.com/mail/?p=MaxSizeError - gsmtp",
      replyCode: 552,
      enhancedCode: "5.3.4",
    },
  },
  {
    id: "gmail.tls",
    provider: "gmail",
    reason: "failedstarttls",
    match: { text: [/TLS required|STARTTLS|must use TLS/i] },
    sample: {
      text: "421-4.7.0 TLS required for RCPT domain, closing connection. For more information, go to https://support.google.com/mail/?p=TlsRequired - gsmtp",
      replyCode: 421,
      enhancedCode: "4.7.0",
    },
  },
  {
    id: "gmail.relay",
    provider: "gmail",
    reason: "norelaying",
    match: { text: [/relay denied|relaying denied|not allowed to relay|SMTP relay/i] },
    sample: {
      text: "550-5.7.0 Mail relay denied [192.0.2.10]. Invalid credentials for relay for one of the domains in: example.com (as obtained from HELO and MAIL FROM). Email is being sent from a domain or IP address which isn't registered in your Workspace account. - gsmtp",
      replyCode: 550,
      enhancedCode: "5.7.0",
    },
  },
  {
    id: "gmail.try-later",
    provider: "gmail",
    reason: "systemerror",
    match: {
      text: [/temporary system problem|temporarily rejected message|try again later/i],
      code: [421, 450, 451, 452],
    },
    sample: {
      text: "451-4.3.0 Mail server temporarily rejected message. For more information, go to https://support.google.com/mail/?p=SystemError - gsmtp",
      replyCode: 451,
      enhancedCode: "4.3.0",
    },
  },
]);

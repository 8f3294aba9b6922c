import { defineRules } from "@/lib/bounce/rules/defaults";

/**
 * Other mailbox providers, security gateways and ESPs whose wordings or tags need their own reading.
 * Generic wordings they share with everyone ("user unknown", "mailbox full") are left to the generic rules.
 */
export const OTHER_PROVIDER_RULES = defineRules([
  // NTT docomo, as sisimai's Rhost::NTTDOCOMO reads it: "550 Unknown user" in reply to RCPT TO is an
  // address that does not exist; the same words after DATA answer a message the recipient's reception
  // settings refused by its sender (the address exists, the sender is not accepted): `rejected`, when the
  // status says no more (5.0.0); with a mailbox-class status (5.2.0) it is the recipient's filter.
  {
    id: "docomo.sender-refused",
    provider: "docomo",
    reason: "rejected",
    match: { text: [/\bunknown user\b/i], stage: ["data", "after_data"], enhanced: ["5.0.0"] },
    sample: {
      // The reply carries no enhanced code; the DSN reports Status: 5.0.0, written into the sample here.
      text: "550 5.0.0 Unknown user a@docomo.ne.jp",
      replyCode: 550,
      enhancedCode: "5.0.0",
      stage: "after_data",
      remoteMta: "mfsmax.docomo.ne.jp",
    },
  },
  // au (KDDI), as sisimai's Rhost::KDDI reads it: "550 <addr>: User unknown" names an address that does
  // not exist; "550 : User unknown" with no address is the answer to a message the recipient's own
  // reception settings (sender or domain filter) refused, the address itself exists.
  {
    id: "kddi.filtered",
    provider: "kddi",
    reason: "filtered",
    match: { text: [/\b550 : User unknown/i] },
    sample: {
      text: "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 : User unknown",
      replyCode: 550,
      remoteMta: "msmx.au.com",
    },
  },
  {
    id: "kddi.user-unknown",
    provider: "kddi",
    reason: "userunknown",
    match: { text: [/>: User unknown/i] },
    sample: {
      text: "550 <neko@ezweb.ne.jp>: User unknown",
      replyCode: 550,
      remoteMta: "lsean.ezweb.ne.jp",
    },
  },
  // iCloud (support.apple.com/102322: postmaster information for iCloud Mail).
  {
    id: "icloud.dmarc",
    provider: "icloud",
    reason: "authfailure",
    match: { text: [/DMARC|DKIM|\bSPF\b/i] },
    sample: {
      text: "554 5.7.1 [HME1] Your message was rejected due to example.com's DMARC policy. See https://support.apple.com/en-us/102322 for more information.",
      replyCode: 554,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "icloud.cs-policy",
    provider: "icloud",
    reason: "policyviolation",
    match: { text: [/\[(?:CS|HM)\d{2}\]|rejected due to local policy/i] },
    sample: {
      text: "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
      replyCode: 554,
      enhancedCode: "5.7.1",
    },
  },
  // Comcast (postmaster.comcast.net SMTP error codes: BL = block list, RL = rate limit).
  {
    id: "comcast.block",
    provider: "comcast",
    reason: "blocked",
    match: { text: [/Comcast block|#BL\d{3,6}|\bBL0{2,}\d*\b/i] },
    blocklist: { name: "Comcast block list", lookupUrl: "https://postmaster.comcast.net/" },
    sample: {
      text: "554 resimta-po-23v.sys.comcast.net comcast 192.0.2.10 Comcast block for spam.  Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000",
      replyCode: 554,
    },
  },
  {
    id: "comcast.rdns",
    provider: "comcast",
    reason: "requireptr",
    match: { text: [/rDNS|reverse DNS|PTR record|#RL000010/i] },
    sample: {
      text: "554 resimta-ch2-05v.sys.comcast.net comcast 192.0.2.10 Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry. Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000010",
      replyCode: 554,
    },
  },
  {
    id: "comcast.not-customer",
    provider: "comcast",
    reason: "userunknown",
    match: { text: [/Not our Customer/i] },
    sample: {
      text: "550 5.1.1 <someone@comcast.net> Not our Customer",
      replyCode: 550,
      enhancedCode: "5.1.1",
    },
  },
  // AT&T.
  {
    id: "att.rbl",
    provider: "att",
    reason: "blocked",
    match: { text: [/DNSBL:|is_blocked|abuse_rbl/i] },
    blocklist: { name: "AT&T block list", lookupUrl: "https://www.att.com/esupport/mail-ip-unblock" },
    sample: {
      text: "553 5.3.0 flph829 DNSBL:RBL 521< 192.0.2.10 >_is_blocked.For assistance forward this email to abuse_rbl@abuse-att.net",
      replyCode: 553,
      enhancedCode: "5.3.0",
    },
  },
  // Orange: its own words for a blocked IP or a rate limit. Its tags (OFRxxx_yyy) are read by the tag
  // table of rules/generic.ts: the last three digits name the cause, the prefix only the filter.
  {
    id: "orange.blocked-ip",
    provider: "orange",
    reason: "blocked",
    match: { text: [/Adresse IP source bloquee|Blocked IP/i] },
    blocklist: { name: "Orange block list", lookupUrl: "https://postmaster.orange.fr/" },
    sample: {
      text: "550 mwinf5c12 ME Adresse IP source bloquee pour l'envoi des messages. Blocked IP. OFR004_104 [104]",
      replyCode: 550,
    },
  },
  {
    id: "orange.too-many-conn",
    provider: "orange",
    reason: "toomanyconn",
    match: { text: [/Trop de connexions|Too many connections|OFR005_/i] },
    sample: {
      text: "421 mwinf5c20 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]",
      replyCode: 421,
    },
  },
  {
    id: "orange.rate",
    provider: "orange",
    reason: "speeding",
    match: { text: [/Trop de messages|Too many messages/i] },
    sample: {
      text: "421 mwinf5c79 ME Trop de messages, veuillez ralentir. Too many messages, slow down.",
      replyCode: 421,
      remoteMta: "smtp-in.orange.fr",
    },
  },
  // GMX / Web.de (postmaster.gmx.net case codes).
  {
    id: "gmx.blocklisted",
    provider: "gmx",
    reason: "blocked",
    match: { text: [/block ?listed|postmaster\.(?:gmx|web)|case\?c=/i] },
    blocklist: { name: "GMX / Web.de block list", lookupUrl: "https://postmaster.gmx.net/" },
    sample: {
      text: "554-gmx.net (mxgmx116) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0601&i=ip&v=192.0.2.10&r=1MzQxx-1t3BGj3Nxl-00xYZ0",
      replyCode: 554,
    },
  },
  // Mail.ru.
  {
    id: "mailru.spam",
    provider: "mailru",
    reason: "spamdetected",
    match: { text: [/spam message rejected|notspam-support|spam/i] },
    sample: {
      text: "550 spam message rejected. Please visit https://help.mail.ru/notspam-support/id?c=AbCdEf012345 or  report details to abuse@corp.mail.ru. Error code: 1A2B3C4D5E6F.",
      replyCode: 550,
    },
  },
  {
    id: "mailru.ratelimit",
    provider: "mailru",
    reason: "speeding",
    match: { text: [/ratelimit|rate limit|too many/i] },
    sample: { text: "421 Try again later: ratelimit. https://help.mail.ru/mail/rate-limit", replyCode: 421 },
  },
  {
    id: "mailru.user-not-found",
    provider: "mailru",
    reason: "userunknown",
    match: { text: [/invalid mailbox|user not found/i] },
    sample: {
      text: "550 Message was not accepted -- invalid mailbox.  Local mailbox someone@mail.ru is unavailable: user not found",
      replyCode: 550,
    },
  },
  // Yandex.
  {
    id: "yandex.spam",
    provider: "yandex",
    reason: "spamdetected",
    match: { text: [/suspicion of SPAM|spam/i] },
    sample: {
      text: "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1700000000-AbCdEfGh-yandex",
      replyCode: 554,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "yandex.policy",
    provider: "yandex",
    reason: "policyviolation",
    match: { text: [/Policy rejection/i] },
    sample: {
      text: "550 5.7.1 Policy rejection on the target address; mx.yandex.ru",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  // Mimecast (community.mimecast.com "Mimecast SMTP error codes").
  {
    id: "mimecast.spoofing",
    provider: "mimecast",
    reason: "policyviolation",
    match: { text: [/Anti-Spoofing policy|spoofing/i] },
    sample: {
      text: "550 Rejected by header based Anti-Spoofing policy: someone@example.com - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEfGhIj.uk11]",
      replyCode: 550,
    },
  },
  {
    id: "mimecast.envelope-blocked",
    provider: "mimecast",
    reason: "filtered",
    match: { text: [/Envelope blocked|User Entry|blocked senders? (?:list|policy)|permitted senders/i] },
    sample: {
      text: "550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [XyZ12345.us111]",
      replyCode: 550,
    },
  },
  {
    id: "mimecast.ip-reputation",
    provider: "mimecast",
    reason: "blocked",
    match: { text: [/IP reputation|Local CI|RBL|block list/i] },
    blocklist: { name: "Mimecast IP reputation", lookupUrl: null },
    sample: {
      text: "550 Rejected by IP reputation - https://community.mimecast.com/docs/DOC-1369#550 [AbC123.uk22]",
      replyCode: 550,
    },
  },
  {
    id: "mimecast.security",
    provider: "mimecast",
    reason: "policyviolation",
    match: { text: [/security polic/i] },
    sample: {
      text: "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554 [QrS456.eu1]",
      replyCode: 554,
    },
  },
  {
    id: "mimecast.invalid-recipient",
    provider: "mimecast",
    reason: "userunknown",
    match: { text: [/Invalid Recipient/i] },
    sample: {
      text: "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550 [AbC.us30]",
      replyCode: 550,
    },
  },
  // Proofpoint.
  {
    id: "proofpoint.blocked",
    provider: "proofpoint",
    reason: "blocked",
    match: { text: [/ipcheck\.proofpoint|Blocked - see|Dynamic Reputation|reputation/i] },
    blocklist: { name: "Proofpoint IP reputation", lookupUrl: "https://ipcheck.proofpoint.com/" },
    sample: {
      text: "554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.10",
      replyCode: 554,
    },
  },
  // Barracuda.
  {
    id: "barracuda.reputation",
    provider: "barracuda",
    reason: "blocked",
    match: { text: [/barracudacentral|Barracuda Reputation|barracudanetworks\.com\/reputation|:blocked\)/i] },
    blocklist: {
      name: "Barracuda Reputation Block List",
      lookupUrl: "https://www.barracudacentral.org/lookups",
    },
    sample: {
      text: "554 5.7.1 Blocked by Barracuda Reputation System; see https://www.barracudacentral.org/lookups (ess.barracuda.com)",
      replyCode: 554,
    },
  },
  // Cisco Secure Email (IronPort); the default reputation rejection text.
  {
    id: "cisco.poor-reputation",
    provider: "cisco",
    reason: "badreputation",
    match: { text: [/poor reputation|Sender ?Base|talosintelligence/i] },
    blocklist: {
      name: "Cisco Talos reputation",
      lookupUrl: "https://talosintelligence.com/reputation_center",
    },
    sample: {
      text: "554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means. (mx1.iphmx.com)",
      replyCode: 554,
    },
  },
  // Amazon SES (its own refusals, as opposed to receivers' replies it relays).
  {
    id: "ses.suppressed",
    provider: "amazonses",
    reason: "userunknown",
    match: {
      text: [
        /suppressed sending to this address|on the (?:account-level )?suppression list|recent history of bouncing/i,
      ],
    },
    sample: {
      text: "Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address. For more information about how to remove an address from the suppression list, see the Amazon SES Developer Guide.",
    },
  },
  {
    id: "ses.not-verified",
    provider: "amazonses",
    // SES relays only for verified identities: an unverified sender is refused relaying (sisimai: norelaying).
    reason: "norelaying",
    match: { text: [/Email address is not verified|identities failed the check/i] },
    fixFirst: [
      "Verify the sender identity (domain or address) in the SES region you send from, or request production access.",
    ],
    sample: {
      text: "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: sender@example.com (amazonses)",
      replyCode: 554,
    },
  },
  {
    id: "ses.throttling",
    provider: "amazonses",
    reason: "speeding",
    match: { text: [/Throttling|Maximum sending rate exceeded|Daily message quota exceeded/i] },
    sample: { text: "454 Throttling failure: Maximum sending rate exceeded. (Amazon SES)", replyCode: 454 },
  },
  {
    id: "ses.sending-paused",
    provider: "amazonses",
    reason: "badreputation",
    match: { text: [/sending (?:is )?paused|account (?:is )?under review/i] },
    sample: {
      text: "554 Sending paused for this account. For more information, please check the AWS Management Console. (Amazon SES)",
      replyCode: 554,
    },
  },
  // ESP suppression and complaint wordings (SendGrid, Mailgun, Postmark, Mandrill, SparkPost).
  {
    id: "esp.complaint",
    reason: "feedback",
    match: {
      text: [
        /marked (?:your|their) messages? as spam|Spam Reporting Address|spam complaint|reported as spam|complained/i,
      ],
    },
    sample: { text: "Not delivering to a user who marked your messages as spam (Mailgun)" },
  },
  {
    id: "esp.previously-bounced",
    reason: "userunknown",
    match: {
      text: [
        /previously bounced|Bounced Address|hard[- ]bounce(?:d)? (?:address|recipient)|inactive recipient|marked as inactive/i,
      ],
    },
    sample: { text: "Not delivering to previously bounced address (Mailgun)" },
  },
  {
    id: "esp.unsubscribed",
    reason: "filtered",
    match: { text: [/Unsubscribed Address|recipient (?:has )?unsubscribed|on (?:the|an) unsubscribe list/i] },
    sample: { text: "Unsubscribed Address: the recipient unsubscribed from this sender (SendGrid)" },
  },
]);

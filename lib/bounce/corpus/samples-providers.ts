import { rows } from "@/lib/bounce/corpus/types";

/** Mailbox providers: replies in the style each documents (Google, Microsoft, Yahoo/AOL, Apple, ISPs). */
export const PROVIDER_SAMPLES = [
  ...rows("gmail", [
    [
      "gmail",
      "mailbox/userunknown",
      "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser 41be03b00d2f7-5e1a2b3c4d5si123456a12.99 - gsmtp",
    ],
    [
      "gmail",
      "mailbox_state/suspend",
      "550 5.2.1 The email account that you tried to reach is disabled. https://support.google.com/mail/?p=DisabledUser a1si2345678pgb.12 - gsmtp",
    ],
    [
      "gmail",
      "mailbox_state/mailboxfull",
      "552-5.2.2 The email account that you tried to reach is over quota. Please direct\n552-5.2.2 the recipient to\n552 5.2.2  https://support.google.com/mail/?p=OverQuotaPerm x12si345678wrb.55 - gsmtp",
    ],
    [
      "gmail",
      "mailbox_state/mailboxfull",
      "452 4.2.2 The recipient's inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp b5si1234567qkf.9 - gsmtp",
    ],
    [
      "gmail",
      "authentication/authfailure",
      "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n550-5.7.26 DMARC policy. Please contact the administrator of example.com domain if\n550-5.7.26 this was a legitimate mail. To learn about the DMARC initiative, go to\n550 5.7.26  https://support.google.com/mail/?p=DmarcRejection m7si987654ejc.101 - gsmtp",
    ],
    [
      "gmail",
      "authentication/authfailure",
      "550-5.7.26 This mail is unauthenticated, which poses a security risk to the\n550-5.7.26 sender and Gmail users, and has been blocked. The sender must\n550-5.7.26 authenticate with at least one of SPF or DKIM. For this message,\n550-5.7.26 DKIM checks did not pass and SPF check for [example.com] did not\n550-5.7.26 pass with ip: [192.0.2.44]. To best protect our users from spam, the\n550 5.7.26 message has been blocked. - gsmtp",
    ],
    [
      "gmail",
      "authentication/authfailure",
      "550-5.7.27 This mail has been blocked because the sender is unauthenticated.\n550-5.7.27 Gmail requires all senders to authenticate with either SPF or DKIM.\n550-5.7.27 Authentication results: DKIM = did not pass SPF [example.com] with ip: [192.0.2.44] = did not pass\n550 5.7.27 https://support.google.com/mail/answer/81126#authentication - gsmtp",
    ],
    [
      "gmail",
      "authentication/authfailure",
      "421-4.7.27 This mail has been rate limited because SPF does not pass. Gmail\n421-4.7.27 requires all large senders to authenticate with SPF. Authentication\n421 4.7.27 results: SPF [bounce.example.com] with ip: [192.0.2.44] = did not pass - gsmtp",
    ],
    [
      "gmail",
      "authentication/authfailure",
      "421-4.7.26 This mail has been rate limited because it is unauthenticated. Gmail\n421-4.7.26 requires all senders to authenticate with either SPF or DKIM.\n421 4.7.26  https://support.google.com/mail/answer/81126#authentication - gsmtp",
    ],
    [
      "gmail",
      "authentication/authfailure",
      "421-4.7.32 This mail has been rate limited because DMARC alignment fails for the\n421-4.7.32 From: header domain example.com. To learn more, go to\n421 4.7.32 https://support.google.com/mail/?p=DmarcRejection - gsmtp",
    ],
    [
      "gmail",
      "authentication/requireptr",
      "550-5.7.25 [192.0.2.44] The IP address sending this message does not have a\n550-5.7.25 PTR record setup, or the corresponding forward DNS entry does not\n550-5.7.25 point to the sending IP. As a policy, Gmail does not accept messages\n550 5.7.25 from IPs with missing PTR records. - gsmtp",
    ],
    [
      "gmail",
      "authentication/requireptr",
      "421-4.7.23 The sending IP does not match the IP address of the hostname specified in the pointer (PTR) record. https://support.google.com/mail/?p=IPReverseLookup - gsmtp",
    ],
    [
      "gmail",
      "reputation/blocked",
      "421-4.7.28 [192.0.2.44      15] Our system has detected an unusual rate of\n421-4.7.28 unsolicited mail originating from your IP address. To protect our\n421-4.7.28 users from spam, mail sent from your IP address has been temporarily\n421 4.7.28 rate limited. - gsmtp",
    ],
    [
      "gmail",
      "reputation/blocked",
      "550-5.7.1 [192.0.2.44] Our system has detected an unusual rate of\n550-5.7.1 unsolicited mail originating from your IP address. To protect our\n550-5.7.1 users from spam, mail sent from your IP address has been blocked.\n550 5.7.1 https://support.google.com/mail/?p=UnsolicitedIPError - gsmtp",
    ],
    [
      "gmail",
      "reputation/badreputation",
      "550-5.7.1 This message is likely suspicious due to the very low reputation of the\n550-5.7.1 sending domain. To best protect our users from spam, the message has been\n550 5.7.1 blocked. https://support.google.com/mail/?p=UnsolicitedMessageError - gsmtp",
    ],
    [
      "gmail",
      "reputation/badreputation",
      "421-4.7.0 [192.0.2.44 15] Our system has detected that this message is suspicious due to the very low reputation of the sending IP address. https://support.google.com/mail/answer/188131 - gsmtp",
    ],
    [
      "gmail",
      "content/spamdetected",
      "550-5.7.1 [192.0.2.44      12] Our system has detected that this message is\n550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n550-5.7.1 this message has been blocked. For more information, go to\n550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError - gsmtp",
    ],
    [
      "gmail",
      "policy/policyviolation",
      "552-5.7.0 This message was blocked because its content presents a potential\n552-5.7.0 security issue. Please visit\n552-5.7.0  https://support.google.com/mail/?p=BlockedMessage to review our\n552 5.7.0 message content and attachment content guidelines. - gsmtp",
    ],
    [
      "gmail",
      "content/mesgtoobig",
      "552-5.3.4 Your message exceeded Google's message size limits. For more information, visit\n552 5.3.4  https://support.google.com/mail/?p=MaxSizeError - gsmtp",
    ],
    [
      "gmail",
      "content/exceedlimit",
      "552 5.2.3 Your message exceeded Google's message size limits. https://support.google.com/mail/?p=MaxSizeError - gsmtp",
    ],
    [
      "gmail",
      "protocol/notcompliantrfc",
      "550-5.7.1 [192.0.2.44] Messages missing a valid address in the From: header, or\n550-5.7.1 having no From: header, are not accepted. For more information, go to\n550 5.7.1 https://support.google.com/mail/?p=RfcMessageNonCompliant - gsmtp",
    ],
    [
      "gmail",
      "protocol/notcompliantrfc",
      "550-5.7.1 [192.0.2.44] This message is not RFC 5322 compliant. There are multiple Subject headers. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp",
    ],
    [
      "gmail",
      "rate_limit/speeding",
      "450-4.2.1 The user you are trying to contact is receiving mail at a rate that\n450-4.2.1 prevents additional messages from being delivered. Please resend your\n450 4.2.1 message at a later time. - gsmtp",
    ],
    [
      "gmail",
      "rate_limit/speeding",
      "550 5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits go to https://support.google.com/a/answer/166852 - gsmtp",
    ],
    [
      "gmail",
      "protocol/failedstarttls",
      "421-4.7.0 TLS required for RCPT domain, closing connection. For more information,\n421 4.7.0 go to https://support.google.com/mail/?p=TlsRequired - gsmtp",
    ],
    [
      "gmail",
      "protocol/failedstarttls",
      "530 5.7.0 Must issue a STARTTLS command first. d9443c01a7336-1f2e3d4c5b6si12345.1 - gsmtp",
    ],
    [
      "gmail",
      "relay/norelaying",
      "550-5.7.0 Mail relay denied [192.0.2.44]. Invalid credentials for relay for one of\n550-5.7.0 the domains in: example.com (as obtained from HELO and MAIL FROM). - gsmtp",
    ],
    [
      "gmail",
      "reputation/blocked",
      "550-5.7.1 [192.0.2.44] The IP you're using to send mail is not authorized to\n550-5.7.1 send email directly to our servers. Please use the SMTP relay at your\n550 5.7.1 service provider instead. - gsmtp",
    ],
    [
      "gmail",
      "transient/systemerror",
      "421-4.3.0 Temporary System Problem.  Try again later (10). a3si45678qtb.12 - gsmtp",
    ],
    [
      "gmail",
      "protocol/syntaxerror",
      "555 5.5.2 Syntax error, cannot decode response. For more information, go to https://support.google.com/a/answer/3221692 - gsmtp",
    ],
    [
      "gmail",
      "rate_limit/toomanyconn",
      "452-4.5.3 Your message has too many recipients. For more information regarding\n452 4.5.3 Google's sending limits, visit https://support.google.com/mail/?p=TooManyRecipients - gsmtp",
    ],
    [
      "gmail",
      "unknown/delivered",
      "250 2.0.0 OK  1716100000 d2e1a72fcca58-6f4e5d3c2b1si12345b3a.300 - gsmtp",
    ],
  ]),
  ...rows("microsoft", [
    [
      "microsoft",
      "mailbox/userunknown",
      "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient someone@contoso.com not found by SMTP address lookup",
    ],
    ["microsoft", "mailbox/userunknown", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"],
    [
      "microsoft",
      "mailbox/userunknown",
      "550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [AM4PEPF00025F98.EURPRD83.prod.outlook.com]",
    ],
    [
      "microsoft",
      "mailbox/userunknown",
      "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [DB5EUR01FT019.eop-EUR01.prod.protection.outlook.com]",
    ],
    ["microsoft", "mailbox/userunknown", "#550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found ##"],
    [
      "microsoft",
      "mailbox_state/mailboxfull",
      "552 5.2.2 STOREDRV.Deliver; mailbox full. The recipient's mailbox is full and can't accept messages now. [Hostname=BY5PR11MB4000.namprd11.prod.outlook.com]",
    ],
    [
      "microsoft",
      "mailbox_state/mailboxfull",
      "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded",
    ],
    [
      "microsoft",
      "content/mesgtoobig",
      "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient [CH2PR04MB6712.namprd04.prod.outlook.com]",
    ],
    [
      "microsoft",
      "content/mesgtoobig",
      "552 5.3.4 Message size exceeds fixed maximum message size. [SN1NAM02FT010.eop-nam02.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "authentication/authfailure",
      "550 5.7.509 Access denied, sending domain EXAMPLE.COM does not pass DMARC verification and has a DMARC policy of reject. [DM6NAM10FT012.eop-nam10.prod.protection.outlook.com 2025-01-10T08:00:00.000Z 08DD31A1B2C3D4E5]",
    ],
    [
      "microsoft",
      "authentication/authfailure",
      "550 5.7.515 Access denied, sending domain [example.com] doesn't meet the required authentication level. [PH7PR12MB1234.namprd12.prod.outlook.com]",
    ],
    [
      null,
      "authentication/authfailure",
      "550 5.7.23 The message was rejected because of Sender Policy Framework violation",
    ],
    [
      "microsoft",
      "authentication/authfailure",
      "550 5.7.1 Unfortunately, messages from domain example.com weren't sent. The sender's domain failed DMARC verification. [BL6PEPF0001AB50.namprd02.prod.outlook.com]",
    ],
    [
      "microsoft",
      "relay/securityerror",
      "530 5.7.57 Client not authenticated to send mail. Error: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. [MAIL FROM] [LO4P123CA0123.GBRP123.PROD.OUTLOOK.COM]",
    ],
    [
      "microsoft",
      "relay/securityerror",
      "530 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM [BN6PR1101CA0012.namprd11.prod.outlook.com]",
    ],
    ["microsoft", "relay/norelaying", "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain"],
    [
      "microsoft",
      "relay/norelaying",
      "550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT0041.eop-nam02.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "relay/norelaying",
      "550 5.7.1 Unable to relay for someone@fabrikam.com (exchange server)",
      { source: "Exchange Server" },
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.606 Access denied, banned sending IP [192.0.2.44]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.1 Unfortunately, messages from [192.0.2.44] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM5EUR02FT012.eop-EUR02.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.1 Unfortunately, messages from [192.0.2.44] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). [VI1EUR04FT045.eop-eur04.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.607 Access denied, banned sending IP [192.0.2.44]. AS(3140) To request removal visit https://sender.office.com",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.608 Access denied, banned sending IP [192.0.2.44]. AS(3150) [BN8NAM11FT004.eop-nam11.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.511 Access denied, banned sender[192.0.2.44]. To request removal from this list, forward this message to delist@microsoft.com.",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.1 Service unavailable, Client host [192.0.2.44] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.44 (AS3130). [AM7EUR03FT058.eop-EUR03.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.1 Service unavailable, Client host [192.0.2.44] blocked using Customer Block list (AS16012607). [AM6EUR05FT017.eop-eur05.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains. [CO1NAM11FT063.eop-nam11.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "reputation/badreputation",
      "451 4.7.650 The mail server [192.0.2.44] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S843)",
    ],
    [
      "microsoft",
      "rate_limit/speeding",
      "451 4.7.500 Server busy. Please try again later from [192.0.2.44]. (AS761) [AM0EUR02FT051.eop-EUR02.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "rate_limit/speeding",
      "550 5.2.121 RecipientPerHourLimitExceeded; the recipient's rate limit for the message sender was exceeded",
    ],
    [
      "microsoft",
      "policy/policyviolation",
      "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed because the sender was not authenticated when sending to this group",
    ],
    [
      "microsoft",
      "policy/policyviolation",
      "550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized; Your message can't be delivered because delivery to this address is restricted.",
    ],
    [
      "microsoft",
      "policy/policyviolation",
      "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)",
    ],
    ["microsoft", "routing/hostunknown", "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain"],
    [
      "microsoft",
      "routing/hostunknown",
      "550 5.4.310 DNS domain fabrikam.invalid does not exist [Message=InfoDomainNonexistent] [LastAttemptedServerName=fabrikam.invalid]",
    ],
    [
      "microsoft",
      "routing/systemerror",
      "554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [CH3PR10MB7777.namprd10.prod.outlook.com]",
    ],
    [
      "microsoft",
      "transient/expired",
      "550 4.4.7 QUEUE.Expired; message expired [Hostname=MW4PR11MB5555.namprd11.prod.outlook.com]",
    ],
    [
      "microsoft",
      "content/spamdetected",
      "550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 Your message was classified as spam by the recipient's content filter",
    ],
    [
      "microsoft",
      "reputation/blocked",
      "550 5.1.8 Access denied, bad outbound sender AS(42004) [DB8PR10MB3456.EURPRD10.PROD.OUTLOOK.COM]",
    ],
    [
      "microsoft",
      "mailbox/userunknown",
      "550 5.1.1 <someone@hotmail.com>: Requested action not taken: mailbox unavailable (S2017062302) [DB5EUR03FT045.eop-EUR03.prod.protection.outlook.com]",
    ],
    [
      "microsoft",
      "transient/networkerror",
      "451 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mx.fabrikam.com] [LastAttemptedIP=192.0.2.80:25]",
      { source: "Exchange Online" },
    ],
  ]),
  ...rows("yahoo", [
    [
      "yahoo",
      "reputation/badreputation",
      "421 4.7.0 [TSS04] Messages from 192.0.2.44 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
    ],
    [
      "yahoo",
      "reputation/badreputation",
      "421 4.7.0 [TSS11] Messages from 192.0.2.44 temporarily deferred due to excessive user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
    ],
    [
      "yahoo",
      "reputation/badreputation",
      "421 4.7.0 [TS01] Messages from 192.0.2.44 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html",
    ],
    [
      "yahoo",
      "reputation/badreputation",
      "421 4.7.0 [TS02] Messages from 192.0.2.44 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html",
    ],
    [
      "yahoo",
      "reputation/blocked",
      "421 4.7.0 [TSS09] All messages from 192.0.2.44 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
    ],
    [
      "yahoo",
      "reputation/blocked",
      "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.44, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes",
    ],
    [
      "yahoo",
      "reputation/blocked",
      "553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL; see https://postmaster.yahooinc.com/error-codes",
    ],
    [
      "yahoo",
      "authentication/authfailure",
      "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.",
    ],
    [
      "yahoo",
      "policy/policyviolation",
      "554 5.7.9 Message not accepted for policy reasons.  See https://help.yahoo.com/kb/postmaster/SLN7253.html",
    ],
    [
      "yahoo",
      "authentication/authfailure",
      "550 5.7.26 This mail has been blocked because the sender did not pass DMARC for example.com. Yahoo requires senders to publish a DMARC policy. https://senders.yahooinc.com/best-practices",
    ],
    [
      "yahoo",
      "authentication/authfailure",
      "554 5.7.5 Permanent error evaluating DMARC policy - see https://senders.yahooinc.com/error-codes",
    ],
    [
      "yahoo",
      "policy/policyviolation",
      "554 5.7.9 [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes",
    ],
    [
      "yahoo",
      "mailbox/userunknown",
      "554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] - mta1234.mail.gq1.yahoo.com",
    ],
    [
      "yahoo",
      "mailbox/userunknown",
      "554 delivery error: dd This user doesn't have a aol.com account (someone@aol.com) [0] - mta6004.aol.mail.gq1.yahoo.com",
    ],
    [
      "yahoo",
      "mailbox/userunknown",
      "552 1 Requested mail action aborted, mailbox not found - mta4017.mail.bf1.yahoo.com",
    ],
    [
      "yahoo",
      "mailbox_state/suspend",
      "554 delivery error: dd Sorry your message to someone@yahoo.com cannot be delivered. This mailbox is disabled (554.30). - mta1010.mail.ne1.yahoo.com",
    ],
    [
      "yahoo",
      "mailbox_state/mailboxfull",
      "554 delivery error: dd Sorry your message to someone@yahoo.com cannot be delivered. This account is over quota. - mta7010.mail.bf1.yahoo.com",
    ],
    ["yahoo", "reputation/blocked", "554 5.7.1 :  (RTR:BL) https://postmaster.aol.com/error-codes#554rtrbl"],
    ["yahoo", "reputation/blocked", "421 4.7.1 :  (DYN:T1) https://postmaster.aol.com/error-codes#421dynt1"],
    ["yahoo", "reputation/blocked", "521 5.2.1 :  AOL will not accept delivery of this message."],
    [
      "yahoo",
      "reputation/badreputation",
      "421 Message from (192.0.2.44) temporarily deferred - 4.16.50. Please refer to https://help.yahoo.com/kb/postmaster/SLN3434.html",
    ],
    [
      "yahoo",
      "rate_limit/toomanyconn",
      "421 4.7.0 Too many concurrent connections from 192.0.2.44 to mta7.am0.yahoodns.net; try later",
    ],
    [
      "yahoo",
      "content/mesgtoobig",
      "552 5.3.4 Message size exceeds fixed limit - mta1002.mail.gq1.yahoo.com",
    ],
  ]),
  ...rows("icloud", [
    ["icloud", "mailbox/userunknown", "550 5.1.1 <someone@icloud.com>: user does not exist"],
    ["icloud", "mailbox_state/mailboxfull", "552 5.2.2 <someone@me.com>: user is over quota"],
    [
      "icloud",
      "policy/policyviolation",
      "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
    ],
    [
      "icloud",
      "policy/policyviolation",
      "550 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
    ],
    [
      "icloud",
      "authentication/authfailure",
      "554 5.7.1 [HME1] Message rejected due to example.com's DMARC policy. See https://support.apple.com/en-us/102322",
    ],
    [
      "icloud",
      "reputation/blocked",
      "550 5.7.0 Blocked - see https://support.apple.com/en-us/HT204137 - mail from 192.0.2.44 rejected, listed on Spamhaus SBL (icloud.com)",
    ],
    [
      "icloud",
      "authentication/requireptr",
      "550 5.7.1 Mail from 192.0.2.44 rejected: reverse DNS (PTR) lookup failed. See https://support.apple.com/en-us/102322 (mx01.mail.icloud.com)",
    ],
  ]),
  ...rows("isp", [
    [
      "comcast",
      "reputation/blocked",
      "554 resimta-po-01v.sys.comcast.net comcast 192.0.2.44 Comcast block for spam.  Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000",
    ],
    [
      "comcast",
      "reputation/blocked",
      "554 resimta-ch2-14v.sys.comcast.net comcast 192.0.2.44 found on one or more RBLs (Cloudmark). Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000001",
    ],
    [
      "comcast",
      "authentication/requireptr",
      "554 resimta-po-23v.sys.comcast.net comcast 192.0.2.44 Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry. Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000010",
    ],
    ["comcast", "mailbox/userunknown", "550 5.1.1 <someone@comcast.net> Not our Customer"],
    [
      "comcast",
      "authentication/authfailure",
      "550 5.2.0 resimta-po-11v.sys.comcast.net comcast Message rejected due to DMARC policy of example.com. Please see http://postmaster.comcast.net/smtp-error-codes.php#554DMARC",
    ],
    [
      "comcast",
      "rate_limit/toomanyconn",
      "421 resimta-ch2-08v.sys.comcast.net comcast 192.0.2.44 Too many sessions opened. Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000001",
    ],
    [
      "att",
      "reputation/blocked",
      "553 5.3.0 flpd576 DNSBL:RBL 521< 192.0.2.44 >_is_blocked.For assistance forward this email to abuse_rbl@abuse-att.net",
    ],
    [
      "att",
      "reputation/blocked",
      "553 5.3.0 alph763 DNSBL:ATTRBL 521< 192.0.2.44 >_is_blocked.For assistance forward this email to abuse_rbl@abuse-att.net",
    ],
    ["att", "mailbox/userunknown", "550 5.1.1 <someone@att.net>... User unknown"],
    [
      "orange",
      "reputation/blocked",
      "550 mwinf5c12 ME Adresse IP source bloquee pour l'envoi des messages. Blocked IP. OFR004_104 [104]",
    ],
    [
      "orange",
      "rate_limit/toomanyconn",
      "421 mwinf5c20 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]",
    ],
    [
      "orange",
      "mailbox/userunknown",
      "550 5.1.1 <someone@orange.fr>: Recipient address rejected: Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]",
    ],
    [
      "free",
      "mailbox/userunknown",
      "550 5.1.1 <someone@free.fr>: Recipient address rejected: free.fr user unknown",
    ],
    ["free", "rate_limit/speeding", "421 4.7.0 mx1.free.fr Too many messages from 192.0.2.44, slow down"],
    [
      "gmx",
      "reputation/blocked",
      "554-gmx.net (mxgmx016) Nemesis ESMTP Service not available\n554-No SMTP service\n554-IP address is block listed.\n554 For explanation visit https://postmaster.gmx.net/en/case?c=r0601&i=ip&v=192.0.2.44&r=1N0AbC-1sXyZ",
    ],
    ["gmx", "mailbox/userunknown", "550 Requested action not taken: mailbox unavailable (web.de)"],
    [
      "gmx",
      "authentication/requireptr",
      "554-web.de (mxweb112) Nemesis ESMTP Service not available 554-No SMTP service 554 Reject due to policy restrictions: no reverse DNS (PTR) for 192.0.2.44",
    ],
    [
      "mailru",
      "mailbox/userunknown",
      "550 Message was not accepted -- invalid mailbox.  Local mailbox someone@mail.ru is unavailable: user not found",
    ],
    [
      "mailru",
      "content/spamdetected",
      "550 spam message rejected. Please visit https://help.mail.ru/notspam-support/id?c=AbCdEf or  report details to abuse@corp.mail.ru. Error code: 12AB34CD.",
    ],
    ["mailru", "rate_limit/speeding", "421 Try again later: ratelimit exceeded for 192.0.2.44 (mail.ru)"],
    [
      "yandex",
      "content/spamdetected",
      "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1716100000-AbCdEf-yandex",
    ],
    ["yandex", "mailbox/userunknown", "550 5.7.1 No such user! (mx.yandex.ru)"],
    ["yandex", "policy/policyviolation", "550 5.7.1 Policy rejection on the target address (yandex)"],
    ["yandex", "mailbox_state/mailboxfull", "552 5.2.2 Mailbox size limit exceeded (yandex.net)"],
    ["zoho", "mailbox/userunknown", "550 5.1.1 User does not exist - <someone@zoho.com>"],
    ["zoho", "relay/norelaying", "553 Relaying disallowed. Invalid Domain - example.com (zoho mail)"],
    ["zoho", "policy/policyviolation", "554 5.7.7 Email policy violation detected (Zoho Mail)"],
    ["proton", "mailbox/userunknown", "550 5.1.1 <someone@proton.me>: Address does not exist"],
    [
      "proton",
      "authentication/authfailure",
      "550 5.7.1 Message rejected: DMARC policy of example.com requires rejection (proton.me)",
    ],
    [
      "fastmail",
      "mailbox/userunknown",
      "550 5.1.1 <someone@fastmail.com>: Recipient address rejected: User unknown in virtual mailbox table (messagingengine.com)",
    ],
    ["fastmail", "content/spamdetected", "550 5.7.1 Message rejected as spam (fastmail)"],
  ]),
];

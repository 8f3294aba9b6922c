import { defineRules } from "@/lib/bounce/rules/defaults";

/**
 * Microsoft 365 / Exchange Online / Outlook.com / Exchange Server. Microsoft uses three-digit detail codes
 * of its own (5.7.509, 5.7.515, 5.7.606–5.7.608, 4.7.650 ...) and component tags (RESOLVER.ADR...,
 * STOREDRV..., ROUTING...). Reference: Microsoft Learn, "Email non-delivery reports and SMTP errors in
 * Exchange Online".
 */
const SNDS =
  "Microsoft SNDS (sendersupport.olc.protection.outlook.com/snds) shows how Outlook.com sees the IP.";
const DELIST = "Request delisting at https://sender.office.com/ once the cause is fixed.";

export const MICROSOFT_RULES = defineRules([
  {
    id: "microsoft.dmarc-reject",
    provider: "microsoft",
    reason: "authfailure",
    match: { text: [/does not pass DMARC|DMARC (?:verification|policy)|failed DMARC/i] },
    sample: {
      text: "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject. [SN1PEPF0002F0AB.namprd05.prod.outlook.com 2024-05-01T10:00:00.000Z 08DC6A1B2C3D4E5F]",
      replyCode: 550,
      enhancedCode: "5.7.509",
    },
  },
  {
    id: "microsoft.auth-level",
    provider: "microsoft",
    reason: "authfailure",
    match: {
      text: [
        /required authentication level|doesn't meet the required authentication|does not meet the required authentication/i,
      ],
    },
    fixFirst: [
      "Outlook.com requires SPF and DKIM to pass, and DMARC (at least p=none) aligned, for high-volume senders (since May 2025).",
    ],
    sample: {
      text: "550 5.7.515 Access denied, sending domain [example.com] doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender. To learn more, go to https://go.microsoft.com/fwlink/?linkid=2298718 [AM4PEPF00027A5C.eurprd04.prod.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.7.515",
    },
  },
  {
    id: "microsoft.spf",
    provider: "microsoft",
    reason: "authfailure",
    match: { text: [/Sender Policy Framework|SPF (?:violation|check|fail|validation)/i] },
    sample: {
      text: "550 5.7.23 The message was rejected because of Sender Policy Framework violation [BN8NAM11FT045.eop-nam11.prod.protection.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.7.23",
    },
  },
  {
    id: "microsoft.auth-codes",
    provider: "microsoft",
    reason: "authfailure",
    match: { enhanced: ["5.7.509", "5.7.515", "5.7.23", "5.7.26"] },
    sample: {
      text: "550 5.7.26 This message failed authentication checks: sender domain example.com. [DM6NAM12FT012.eop-nam12.prod.protection.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.7.26",
    },
  },
  {
    id: "microsoft.client-not-authenticated",
    provider: "microsoft",
    reason: "securityerror",
    match: {
      text: [
        /Client (?:was )?not authenticated|SendAsDenied|Authentication unsuccessful|SmtpClientAuthentication is disabled/i,
      ],
    },
    fixFirst: [
      "Exchange Online refused unauthenticated submission: authenticate to smtp.office365.com on port 587 with STARTTLS, or use a connector.",
    ],
    sample: {
      text: "530 5.7.57 Client not authenticated to send mail. [MAIL FROM] [DM6PR02CA0085.namprd02.prod.outlook.com 2024-05-01T10:00:00.000Z]",
      replyCode: 530,
      enhancedCode: "5.7.57",
    },
  },
  {
    id: "microsoft.unable-to-relay",
    provider: "microsoft",
    reason: "norelaying",
    match: {
      text: [
        /Unable to relay|relay (?:access|not) (?:denied|permitted)|not permitted to relay|non-accepted domain|TenantAttribution/i,
      ],
    },
    fixFirst: [
      "In Microsoft 365, an inbound connector (by certificate or IP) lets your application relay; otherwise deliver to the recipient domain's MX.",
    ],
    sample: {
      text: "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain [DB5EUR03FT011.eop-EUR03.prod.protection.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.7.54",
    },
  },
  {
    id: "microsoft.banned-ip",
    provider: "microsoft",
    reason: "blocked",
    match: {
      text: [
        /banned sending IP|banned sender|traffic not accepted from this IP|block list \(S3150\)|\(S3150\)|\(S3140\)|on our block list|weren't sent|\b(?:SC|DY|OU)-00\d\b/i,
      ],
    },
    blocklist: { name: "Microsoft block list", lookupUrl: "https://sender.office.com/" },
    fixFirst: [DELIST, SNDS],
    sample: {
      text: "550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) [CO1NAM11FT034.eop-nam11.prod.protection.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.7.606",
    },
  },
  {
    id: "microsoft.banned-codes",
    provider: "microsoft",
    reason: "blocked",
    match: {
      enhanced: [
        "5.7.606",
        "5.7.607",
        "5.7.608",
        "5.7.511",
        "5.7.510",
        "5.7.708",
        "5.7.750",
        "5.7.705",
        "5.7.501",
        "5.7.502",
        "5.7.503",
      ],
    },
    blocklist: { name: "Microsoft block list", lookupUrl: "https://sender.office.com/" },
    fixFirst: [DELIST],
    sample: {
      text: "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 [BN8NAM12FT064.eop-nam12.prod.protection.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.7.750",
    },
  },
  {
    id: "microsoft.customer-blocklist",
    provider: "microsoft",
    reason: "blocked",
    match: { text: [/blocked using (?:Customer Block list|[a-z0-9 .-]{2,60})/i] },
    blocklist: (t) => {
      if (/customer block list/i.test(t))
        return { name: "Microsoft 365 tenant block list (recipient's admin)", lookupUrl: null };
      return null;
    },
    sample: {
      text: "550 5.7.1 Service unavailable, Client host [192.0.2.10] blocked using Customer Block list (AS16012607). To request removal from this list please forward this message to delist@messaging.microsoft.com. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526653 [AM6EUR05FT017.eop-eur05.prod.protection.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "microsoft.ip-reputation",
    provider: "microsoft",
    reason: "badreputation",
    match: { text: [/IP reputation|reputation of the sending|temporarily rate limited due to/i] },
    fixFirst: [SNDS],
    sample: {
      text: "451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [Name=Protocol Filter Agent][AGT=PFA][MxId=11BB4CD6F8E17D16] [BL02EPF0001A0FB.namprd09.prod.outlook.com 2024-05-01T10:00:00.000Z]",
      replyCode: 451,
      enhancedCode: "4.7.650",
    },
  },
  {
    id: "microsoft.server-busy",
    provider: "microsoft",
    reason: "speeding",
    match: {
      text: [
        /Server busy|please try again later|RecipientThresholdExceeded|exceeded (?:the )?(?:message rate|threshold)|Recipient(?:PerHour|Rate)Limit/i,
      ],
    },
    sample: {
      text: "451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (AS843) [DB3EUR04FT012.eop-eur04.prod.protection.outlook.com]",
      replyCode: 451,
      enhancedCode: "4.7.500",
    },
  },
  {
    id: "microsoft.recipient-not-found",
    provider: "microsoft",
    reason: "userunknown",
    match: {
      text: [
        /RESOLVER\.ADR\.Recip(?:ient)?NotFound|Recipient not found|Recipient address rejected: Access denied|mailbox unavailable|Requested action not taken: mailbox|RESOLVER\.ADR\.ExRecipNotFound/i,
      ],
    },
    fixFirst: [
      "Exchange could not find the recipient in its directory (directory-based edge blocking): the address does not exist.",
    ],
    sample: {
      text: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
      replyCode: 550,
      enhancedCode: "5.1.10",
      expect: { provider: "microsoft" },
    },
  },
  {
    id: "microsoft.quota",
    provider: "microsoft",
    reason: "mailboxfull",
    match: { text: [/QuotaExceeded|mailbox (?:is )?full|over quota|RecipQuota/i] },
    sample: {
      text: "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent exception with message Cannot open mailbox. [Hostname=DM6PR11MB1234.namprd11.prod.outlook.com]",
      replyCode: 554,
      enhancedCode: "5.2.2",
    },
  },
  {
    id: "microsoft.recip-size",
    provider: "microsoft",
    // RecipSizeLimit: the message is larger than this recipient accepts (sisimai: mesgtoobig).
    reason: "mesgtoobig",
    match: { text: [/RecipSizeLimit|too large for this recipient/i] },
    sample: {
      text: "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient",
      replyCode: 550,
      enhancedCode: "5.2.3",
      expect: { provider: "microsoft" },
    },
  },
  {
    id: "microsoft.sender-not-authenticated-for-group",
    provider: "microsoft",
    reason: "policyviolation",
    match: {
      text: [
        /SenderNotAuthenticatedFor|RESOLVER\.RST\.(?:NotAuthorized|AuthRequired|RestrictedToRecipientsPermission)|delivery to this address is restricted|does not allow external forwarding|RESOLVER\.RST/i,
      ],
    },
    sample: {
      text: "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed because the sender was not authenticated when sending to this group",
      replyCode: 550,
      enhancedCode: "5.7.133",
      expect: { provider: "microsoft" },
    },
  },
  {
    id: "microsoft.no-next-hop",
    provider: "microsoft",
    reason: "hostunknown",
    match: {
      text: [
        /NonExistentDomain|ROUTING\.NoNextHop|Domain Lookup Failed|DNS domain does not exist|InfoDomainNonexistent|unable to route/i,
      ],
    },
    sample: {
      text: "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain",
      replyCode: 554,
      enhancedCode: "5.4.4",
    },
  },
  {
    id: "microsoft.loop",
    provider: "microsoft",
    reason: "systemerror",
    family: "routing",
    match: { text: [/Hop count exceeded|mail loop|loop detected/i] },
    sample: {
      text: "554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [BN1NAM02FT023.eop-nam02.prod.protection.outlook.com]",
      replyCode: 554,
      enhancedCode: "5.4.14",
    },
  },
  {
    id: "microsoft.expired",
    provider: "microsoft",
    reason: "expired",
    match: { text: [/QUEUE\.Expired|message expired|expired; /i] },
    sample: {
      text: "550 4.4.7 QUEUE.Expired; message expired [Hostname=SN6PR11MB1234.namprd11.prod.outlook.com]",
      replyCode: 550,
      enhancedCode: "4.4.7",
    },
  },
  {
    id: "microsoft.spam",
    provider: "microsoft",
    reason: "spamdetected",
    match: { text: [/detected as spam|message was classified as spam|content filter|spam abuse/i] },
    sample: {
      text: "550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 Message rejected as spam by Content Filtering. [BN3NAM04FT061.eop-NAM04.prod.protection.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.7.350",
    },
  },
  {
    id: "microsoft.outbound-spam",
    provider: "microsoft",
    reason: "blocked",
    match: {
      text: [
        /bad outbound sender|outbound spam|restricted from sending|sending limit|exceeded (?:your|the) (?:daily )?(?:recipient|sending) limit/i,
      ],
    },
    fixFirst: [
      "The sending account in your own Microsoft 365 tenant is restricted: check the Restricted entities page in the Defender portal, secure the account, then release it.",
    ],
    sample: {
      text: "550 5.1.8 Access denied, bad outbound sender AS(42004) [BL0PR02MB1234.namprd02.prod.outlook.com]",
      replyCode: 550,
      enhancedCode: "5.1.8",
    },
  },
]);

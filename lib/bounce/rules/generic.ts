import type { Reason } from "@/lib/bounce/types";
import { defineRules } from "@/lib/bounce/rules/defaults";

/**
 * Provider-independent wordings, most specific first. Patterns are alternations of literal phrases with
 * bounded gaps (`.{0,40}`), never nested or unbounded quantifiers, so matching is linear in the input.
 * Order: non-bounces, blocklists (they mention "spam" and "blocked"), authentication, relay and access,
 * addresses, mailbox state, content, rate, routing, protocol, sender, policy, system.
 */
/**
 * Orange / La Poste refusal tags: [reason, tag numbers, a reply in their style]. The tag's last three
 * digits are the cause (postmaster.orange.fr, "codes d'erreur"); what precedes them (OFR004_, LPN105_)
 * names the filter that answered. Tags documented only as "service refused, please try later" state no
 * cause at all: `undefined`, as sisimai's Rhost::FrancePTT reads them, rather than a guess from the words.
 */
const ORANGE_TAGS: [Reason, string[], string][] = [
  [
    "blocked",
    ["101", "102", "103", "401", "510", "999"],
    "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. LPN004_510",
  ],
  [
    "toomanyconn",
    ["104"],
    "421 4.7.0 Trop de connexions, ralentissez. Too many connections, slow down. LPN105_104",
  ],
  [
    "securityerror",
    ["305", "402"],
    "550 5.7.0 Authentification requise. Authentication Required. LPN105_402",
  ],
  ["rejected", ["403", "405", "415", "421"], "550 5.0.1 Emetteur invalide. Invalid Sender. LPN105_405"],
  [
    "userunknown",
    ["416", "418"],
    "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. LPN416",
  ],
  ["mailboxfull", ["417"], "552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417"],
  [
    "suspend",
    ["420", "426"],
    "550 5.5.0 Le compte du destinataire est bloque. The recipient account is blocked. LPN007_426",
  ],
  ["systemerror", ["505"], "451 4.3.0 Erreur systeme, veuillez essayer plus tard. System error. OFR_505"],
  ["spamdetected", ["506"], "550 5.7.1 Mail rejete. Mail rejected. OFR_506"],
  ["mesgtoobig", ["514"], "552 5.3.4 Taille limite du message atteinte. Message size limit reached. OFR_514"],
  [
    "policyviolation",
    ["517", "630"],
    "550 5.7.1 Message refuse, non conforme a notre politique. Policy violation. OFR_517",
  ],
  [
    "undefined",
    ["105", "107", "108", "109", "201", "423", "424", "513"],
    "421 4.2.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. LPN006_107",
  ],
];

/** Cox AUP codes: [reason, code alternation, a reply in Cox's style]. */
const COX_CODES: [Reason, string, string][] = [
  [
    "blocked",
    "CXBL|CDRBL|IPBL\\d{4,5}",
    "554 cxr.mx.east.cox.net cox 192.0.2.9 rejected IP blocked for spam-like behavior. AUP#CXBL",
  ],
  ["requireptr", "CXDNS", "554 cxr.mx.east.cox.net cox 192.0.2.9 reverse DNS lookup failed. AUP#CXDNS"],
  ["authfailure", "CXSNDR", "550 cxr.mx.east.cox.net cox sender domain failed SPF/DKIM checks. AUP#CXSNDR"],
  ["rejected", "CXSMTP", "554 cxr.mx.east.cox.net cox unable to verify the sender is legitimate. AUP#CXSMTP"],
  [
    "toomanyconn",
    "CXCNCT|CXMXRT",
    "421 cxr.mx.east.cox.net cox too many concurrent connections from 192.0.2.9. AUP#CXCNCT",
  ],
  [
    "securityerror",
    "CXTHRT|CXMJ",
    "550 cxr.mx.east.cox.net cox sending limited due to suspicious account activity. AUP#CXTHRT",
  ],
  [
    "spamdetected",
    "URLBL\\d{3,4}",
    "554 cxr.mx.east.cox.net cox message contains a listed URL. AUP#URLBL011",
  ],
];

export const GENERIC_RULES = defineRules([
  // ---- Non-bounces -------------------------------------------------------------------------------
  {
    id: "generic.vacation",
    reason: "vacation",
    match: {
      text: [
        /out of (?:the )?office|auto-?reply|automatic reply|autoreply|on vacation|on holiday|on leave until|away from (?:the office|my desk)|will be back on|limited access to (?:my )?e-?mail|Auto-Submitted: auto-replied|abwesend|absence du bureau/i,
      ],
    },
    sample: {
      text: "Automatic reply: I am out of the office until Monday 3 June with limited access to email.",
    },
  },
  {
    id: "generic.feedback",
    reason: "feedback",
    match: {
      text: [
        /Feedback-Type: ?abuse|message\/feedback-report|complaint about a message|abuse report|Feedback-Type:/i,
      ],
    },
    sample: {
      text: "This is an email abuse report for an email message received from IP 192.0.2.10. Feedback-Type: abuse",
    },
  },
  {
    id: "generic.delivered",
    reason: "delivered",
    match: { code: [250, 251, 252] },
    sample: {
      text: "250 2.0.0 OK 1700000000 a1b2c3d4e5f6 - gsmtp",
      replyCode: 250,
      enhancedCode: "2.0.0",
      expect: { provider: "gmail" },
    },
  },
  {
    id: "generic.delivered-enhanced",
    reason: "delivered",
    match: { enhanced: ["2."] },
    sample: { text: "2.1.5 Delivery to the recipient was successful.", enhancedCode: "2.1.5" },
  },

  // ---- Orange / La Poste (FrancePTT) ------------------------------------------------------------
  // Their MTAs end every refusal with a tag such as "OFR_416", "LPN105_104" or "OUK_513"; the last three
  // digits say why, in French and English alike, so the tag decides before any wording.
  ...ORANGE_TAGS.map(([reason, codes, text]) => ({
    id: `orange.tag-${codes[0]}`,
    reason,
    match: { text: [new RegExp(`\\b(?:LPN(?:AAA)?|OFR|OUK)(?:\\d{3})?[_-]?(?:${codes.join("|")})\\b`, "i")] },
    sample: {
      text,
      replyCode: Number(text.slice(0, 3)),
      enhancedCode: /^\d{3} (\d\.\d\.\d)/.exec(text)?.[1],
    },
  })),

  // ---- Cox --------------------------------------------------------------------------------------
  // Cox appends "AUP#<code>" to refusals (cox.com "email error codes"); the code names the cause.
  ...COX_CODES.map(([reason, tag, text]) => ({
    id: `cox.aup-${tag.replace(/[^A-Za-z]/g, "").toLowerCase()}`,
    reason,
    match: { text: [new RegExp(`AUP#(?:${tag})\\b`, "i")] },
    sample: { text, replyCode: Number(text.slice(0, 3)) },
  })),

  // ---- Blocklists and reputation -----------------------------------------------------------------
  {
    id: "generic.blocklist-named",
    reason: "blocked",
    match: {
      text: [
        /spamhaus|spamcop|barracudacentral|\bsorbs\b|uceprotect|abuseat|psbl\.surriel|mailspike|invaluement|dnsbl\.manitu|backscatterer|spamrats|abusix|gbudb|\b0spam|cloudmark/i,
      ],
    },
    blocklist: "named",
    sample: {
      text: "554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10",
      replyCode: 554,
      enhancedCode: "5.7.1",
      expect: { provider: "postfix" },
    },
  },
  // A blocklist that names the sender's *address* (not the IP) refuses the envelope sender: sisimai's rejected.
  {
    id: "generic.sender-blacklisted",
    reason: "rejected",
    match: {
      text: [
        /(?:your|sender|sender's|the sender) (?:e-?mail )?address (?:has been |is )?(?:black|block|deny) ?listed|sender is in (?:my|our) (?:black|block) ?list|sending (?:to\/from|from) an address that has been (?:black|block)listed/i,
      ],
    },
    sample: {
      text: "550 Your email address has been blacklisted. If you believe this is an error, contact the recipient by other means.",
      replyCode: 550,
    },
  },
  {
    id: "generic.blocklist-words",
    reason: "blocked",
    match: {
      text: [
        /\b(?:RBL|DNSBL|RHSBL|DNSRBL)\b|black ?list(?:ed)?|block ?list(?:ed)?|blocked using|(?<!not )listed (?:at|in|on|by) |is listed|on our (?:block|black) ?list|banned sending|denied by reputation|looks suspiciously like (?:a )?spammer|poor reputation|bad reputation|IP (?:address )?(?:is |has been )?(?:blocked|banned|blacklisted)|(?:IP|host|sender) (?:has been )?(?:temporarily )?blacklisted/i,
      ],
    },
    blocklist: "named",
    sample: {
      text: "550 5.7.1 Mail from 192.0.2.10 refused - listed at bl.example-dnsbl.net, see https://bl.example-dnsbl.net/lookup",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "generic.dynamic-ip",
    reason: "blocked",
    match: {
      text: [
        /dynamic (?:ip|address|pool|range)|dial-?up|residential (?:ip|address|range)|end-user (?:ip|range|address)|generic (?:reverse|rdns|ptr)|looks like a (?:dynamic|residential)|consumer (?:ip|address|network)/i,
      ],
    },
    fixFirst: [
      "The receiver refuses mail sent directly from residential/dynamic IP space: send through your provider's authenticated relay or a mail service with a static IP and proper PTR.",
    ],
    sample: {
      text: "550 5.7.1 Mail from dynamic IP address 192.0.2.10 is not accepted; please use your ISP's mail relay",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "generic.reputation",
    reason: "badreputation",
    match: {
      text: [/reputation|unsolicited (?:bulk )?mail originating|too many complaints|user complaints/i],
    },
    sample: {
      text: "421 4.7.0 Temporarily deferred due to low reputation of the sending domain example.com",
      replyCode: 421,
      enhancedCode: "4.7.0",
    },
  },

  // ---- Authentication of the sender --------------------------------------------------------------
  {
    id: "generic.dmarc",
    reason: "authfailure",
    match: { text: [/\bDMARC\b|author domain.{0,30}alignment|From: ?domain.{0,30}align/i] },
    sample: {
      text: "550 5.7.1 Email rejected per DMARC policy for example.com (p=reject)",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "generic.spf",
    reason: "authfailure",
    match: {
      text: [
        /\bSPF\b.{0,40}(?:fail|reject|unauthori[sz]ed|prohibited|not (?:pass|permit|authori[sz]|allow|designat)|check|violation|softfail|validation|error|record)|(?:fail(?:ed|s)?|violat\w{0,5}|rejected by|not pass\w{0,2}) (?:the )?\bSPF\b|sender policy framework|not (?:a )?(?:permitted|designated|authori[sz]ed) sender|designates [0-9a-f.:]{3,45} as not permitted|(?:does not|doesn't) designate .{1,60} as (?:a )?permitted sender|is not allowed to send mail from/i,
      ],
    },
    sample: {
      text: "550 5.7.23 Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=sender@example.com;ip=192.0.2.10;r=mx.example.net",
      replyCode: 550,
      enhancedCode: "5.7.23",
    },
  },
  // SMTP AUTH (RFC 4954) refusals concern the client's own login, not SPF/DKIM/DMARC: sisimai's securityerror.
  // They must come before the DKIM rule, whose "authentication failed" wording they share.
  {
    id: "generic.smtp-auth-failed",
    reason: "securityerror",
    match: { code: [530, 534, 535, 538, 454], text: [/auth/i] },
    sample: {
      text: "535 5.7.8 Error: authentication failed: authentication failure",
      replyCode: 535,
      enhancedCode: "5.7.8",
    },
  },
  {
    id: "generic.unauthenticated-senders",
    reason: "securityerror",
    match: {
      text: [
        /unauthenticated (?:senders?|users?|clients?|relay(?:ing)?) (?:are )?(?:not (?:allowed|accepted|permitted)|prohibited|refused)|authentification (?:requise|invalide)|code d'authentification|authentication turned on in your e-?mail client|insecure mail relay/i,
      ],
    },
    sample: { text: "554 5.7.1 Unauthenticated senders not allowed", replyCode: 554, enhancedCode: "5.7.1" },
  },
  {
    id: "generic.dkim",
    reason: "authfailure",
    match: {
      text: [
        /\bDKIM\b.{0,40}(?:fail|invalid|missing|required|not (?:pass|valid|verif)|no valid|signature)|(?:no|invalid|bad) DKIM|DomainKeys|unauthenticated (?:mail|email|message|sender)|failed (?:email )?authentication|required authentication level|authentication requirements|authentication (?:checks? )?fail|not (?:properly )?authenticated.{0,20}(?:SPF|DKIM|domain)/i,
      ],
    },
    sample: {
      text: "550 5.7.20 Message rejected: no valid DKIM signature found for the author domain example.com",
      replyCode: 550,
      enhancedCode: "5.7.20",
    },
  },

  // ---- Reverse DNS -------------------------------------------------------------------------------
  {
    id: "generic.relay-denied",
    reason: "norelaying",
    match: {
      text: [
        /relay(?:ing)? (?:access )?(?:denied|not (?:permitted|allowed|authori[sz]ed)|prohibited|disallowed|refused|rejected)|(?:not|isn't) (?:allowed|permitted|authori[sz]ed) to relay|unable to relay|we do not relay|cannot relay|can't relay|no relaying|relay not permitted|not a gateway|not in my list of allowed rcpthosts|isn't in my list of allowed rcpthosts|open relay|relay access|mail relay denied|relay(?:ing)?(?: mail)? to .{1,80} (?:is )?(?:not (?:allowed|permitted)|prohibited|denied|refused)/i,
      ],
    },
    sample: {
      text: "554 5.7.1 <someone@example.org>: Relay access denied",
      replyCode: 554,
      enhancedCode: "5.7.1",
      expect: { provider: "postfix" },
    },
  },
  {
    id: "generic.ptr",
    reason: "requireptr",
    match: {
      text: [
        /reverse (?:DNS|lookup|hostname|host name|name|mapping)|\brDNS\b|\bPTR\b|cannot find your hostname|cannot find your reverse|no (?:reverse|PTR)|IP name lookup failed|client host name (?:unknown|lookup)|unresolvable client|hostname (?:does not|doesn't) (?:match|resolve)|forward.{0,20}confirmed|FCrDNS|Client host rejected: cannot find your/i,
      ],
    },
    sample: {
      text: "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.10]",
      replyCode: 450,
      enhancedCode: "4.7.1",
      expect: { provider: "postfix" },
    },
  },

  // ---- Relay and access --------------------------------------------------------------------------
  {
    id: "generic.auth-required",
    reason: "securityerror",
    match: {
      text: [
        /authentication (?:is )?required|requires? authentication|must (?:authenticate|be authenticated)|auth(?:entication)? (?:credentials )?(?:invalid|failed|unsuccessful)|not authenticated|authentication unsuccessful|please authenticate|SMTP AUTH (?:is )?(?:required|disabled)|sender (?:address )?(?:is )?not (?:owned|authori[sz]ed) by|not owned by (?:auth(?:enticated)? )?user|invalid credentials|username and password not accepted|permissions? to send as|not (?:allowed|permitted) to send as/i,
      ],
    },
    sample: {
      text: "553 5.7.1 Please authenticate before sending mail",
      replyCode: 553,
      enhancedCode: "5.7.1",
    },
  },

  // ---- TLS ---------------------------------------------------------------------------------------
  {
    id: "generic.tls",
    reason: "failedstarttls",
    match: {
      text: [
        /STARTTLS|TLS (?:is )?(?:required|needed|mandatory|handshake|negotiation|failed|error|not available|unavailable)|must use TLS|encryption (?:is )?(?:required|needed)|requires? (?:a )?(?:secure|encrypted) (?:connection|channel)|REQUIRETLS|SSL (?:handshake|routines|error)|certificate (?:verification|verify) failed|unsupported protocol/i,
      ],
    },
    sample: { text: "530 5.7.0 Must issue a STARTTLS command first", replyCode: 530, enhancedCode: "5.7.0" },
  },

  // ---- Addresses ---------------------------------------------------------------------------------
  {
    id: "generic.null-mx",
    reason: "notaccept",
    match: {
      text: [
        /null MX|does not accept (?:e-?)?mail(?! from)|doesn't accept (?:e-?)?mail(?! from)|not accepting (?:any )?(?:e-?)?mail|accepts no mail|domain (?:does not|doesn't) receive (?:e-?)?mail/i,
      ],
    },
    sample: {
      text: "556 5.1.10 Recipient address has null MX: example.net does not accept mail",
      replyCode: 556,
      enhancedCode: "5.1.10",
    },
  },
  {
    id: "generic.sender-rejected",
    reason: "rejected",
    match: {
      text: [
        /sender (?:address )?(?:rejected|refused|denied|invalid|unknown|not (?:allowed|accepted|valid))|sender address .{0,80}is not (?:a )?valid|Sender address rejected|delivery not authori[sz]ed, message refused|your access to submit messages|this server does not accept mail from|returned mail not accepted|mail from not owned by|(?:bad|invalid|unknown|unverified|unverifiable) sender|sender (?:domain|verify) (?:failed|rejected|invalid|must resolve|must exist|does not exist)|sender verification failed|sender verify failed|administrative prohibition|BATV|bogus mail from|empty envelope senders?|null sender is not allowed|unroutable sender|sender is spammer|sender not pre-approved|sender domain is empty|fully qualified email address required|no third-party DSNs|(?:domain|address) of sender (?:address )?(?:does not|must) (?:exist|resolve)|MAIL FROM.{0,30}(?:rejected|refused|denied|invalid)|mail from address (?:is )?(?:invalid|not allowed)|sender (?:is )?(?:blocked|on (?:the )?(?:block|deny)list)|your (?:domain|address) (?:has been |is )?(?:blocked|banned|rejected)/i,
      ],
    },
    sample: {
      text: "553 5.1.8 <sender@example.invalid>: Sender address rejected: Domain not found",
      replyCode: 553,
      enhancedCode: "5.1.8",
      expect: { provider: "postfix" },
    },
  },
  // RFC 3463 X.1.3 is the *destination* address syntax: whatever the words, that recipient cannot receive
  // mail, which sisimai reports as userunknown (X.1.7 is the sender's, handled above as rejected).
  {
    id: "generic.recipient-syntax",
    reason: "userunknown",
    match: { enhanced: ["5.1.3"] },
    sample: {
      text: "501 5.1.3 Bad recipient address syntax: <john..doe@example.org>",
      replyCode: 501,
      enhancedCode: "5.1.3",
    },
  },
  {
    id: "generic.address-syntax",
    reason: "syntaxerror",
    match: {
      text: [
        /(?:address|mailbox|recipient|sender) syntax|syntax (?:error )?(?:in|of) (?:the )?(?:address|recipient|mailbox|parameters)|(?:invalid|illegal|malformed|bad) (?:address format|e-?mail address format)|malformed (?:address|recipient|mailbox)|address contains (?:illegal|invalid) characters/i,
      ],
    },
    sample: { text: "501 Bad address syntax: <john..doe@example.org>", replyCode: 501 },
  },
  {
    id: "generic.greylisted",
    reason: "systemerror",
    match: { text: [/gr[ae]ylist|greylisting in effect/i] },
    sample: {
      text: "450 4.2.0 <someone@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html",
      replyCode: 450,
      enhancedCode: "4.2.0",
      expect: { provider: "postfix" },
    },
  },
  {
    id: "generic.suspended",
    reason: "suspend",
    match: {
      text: [
        /(?:account|mailbox|user|address|recipient) (?:has been |is |was )?(?:disabled|suspended|inactive|deactivated|locked|expired|blocked by administrator|closed|frozen|terminated|discontinued|not active)|(?:disabled|suspended|inactive|deactivated|closed|expired) (?:account|mailbox|user|recipient)|not accepting (?:any )?messages|account (?:is )?unavailable|user account disabled|mailbox (?:is )?disabled|is no longer active|currently suspended|temporar(?:il)?y (?:locked|inactive)|inactive user|deactivated mailbox|suspend the service|user suspended|account is locked|mailbox is frozen|due to inactivity|extended inactivity|account that you tried to reach (?:is|has been) (?:disabled|deactivated|suspended)/i,
      ],
    },
    sample: {
      text: "550 5.2.1 <someone@example.org>: Mailbox disabled, not accepting messages",
      replyCode: 550,
      enhancedCode: "5.2.1",
    },
  },
  {
    id: "generic.user-unknown",
    reason: "userunknown",
    match: {
      text: [
        /user(?:name)? unknown|addressee unknown|recipient validation|unknown (?:user|recipient|mailbox|local[- ]?part|address|e-?mail address|alias)|no such (?:user|mailbox|recipient|address|account|person|local user)|user (?:does not|doesn't|not) exist|(?:mailbox|recipient|address|account|user|addressee|email address|e-mail address) (?:does not|doesn't|did not|not) exist|user not found|(?:recipient|address|mailbox|user|account) (?:was )?not found|invalid (?:recipient|mailbox|address|user|e-?mail address)|not a valid (?:recipient|mailbox|user|address)|no mailbox (?:here|by that name|found|available)|mailbox (?:is )?unavailable|mailbox not (?:found|present)|address (?:unknown|invalid)|(?<!(?:sender|recipient) )address rejected(?!:)|recipient (?:unknown|rejected|invalid|not (?:ok|exist|accepted|local))|unknown virtual user|invalid or unknown|not listed in (?:public name|domino directory)|bad (?:destination )?(?:recipient|mailbox|address)(?! (?:address )?syntax)|non-?existent (?:user|recipient|mailbox|address)|no (?:one|user) (?:at|by) (?:this address|that name)|not a known user|is not an active address|no longer (?:accepts mail|valid|in use|exists)|badrcptto|validrcptto|unknown or illegal alias|utilisateur inconnu|undeliverable address|destinataire (?:inconnu|invalide)|adresse (?:inconnue|invalide)|(?:benutzer|empf(?:ä|ae)nger|adresse|postfach|mailbox) (?:ist )?(?:unbekannt|existiert nicht|nicht gefunden)|unbekannte[rs]? (?:benutzer|empf(?:ä|ae)nger)|kein(?:en)? (?:solche[rn]? )?(?:benutzer|empf(?:ä|ae)nger|postfach)|usuario (?:desconocido|inexistente|no existe)|no existe (?:el|ese|dicho) usuario|utente (?:sconosciuto|inesistente)|nessun utente|usu(?:á|a)rio (?:desconhecido|inexistente)|onbekende (?:gebruiker|ontvanger)|存在しない|存在しません|宛先不明|不明な宛先|用户不存在|收件人不存在|address not present|address lookup failed|there is no one at this address|Recipient address rejected: (?:User|Invalid|Unknown|Access denied)|in (?:local recipient|virtual (?:mailbox|alias)|relay recipient) table|RESOLVER\.ADR/i,
      ],
    },
    sample: {
      text: "550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown in local recipient table",
      replyCode: 550,
      enhancedCode: "5.1.1",
      expect: { provider: "postfix" },
    },
  },
  {
    id: "generic.hasmoved",
    reason: "hasmoved",
    match: {
      text: [
        /has moved|moved (?:to|permanently)|no forwarding address|no longer (?:with|at|works)|left (?:the )?(?:company|organi[sz]ation)|mailbox owner has changed/i,
      ],
    },
    sample: {
      text: "550 5.1.6 Recipient mailbox has moved, no forwarding address",
      replyCode: 550,
      enhancedCode: "5.1.6",
    },
  },

  // ---- Mailbox state -----------------------------------------------------------------------------
  {
    id: "generic.mailbox-full",
    reason: "mailboxfull",
    match: {
      text: [
        /mailbox (?:is )?(?:full|over ?quota|size limit exceeded|has exceeded|exceeds)|over ?quota|quota (?:exceeded|exceed|full)|exceeded (?:storage|(?:the |its |their )?quota)|(?:disk|storage) (?:quota|space) (?:exceeded|full)|insufficient (?:disk )?(?:space|storage)|user has (?:too many messages|exceeded)|mail ?box full|inbox is full|postfach (?:ist )?(?:voll|(?:ü|ue)berf(?:ü|ue)llt)|speicherplatz|zu ?viele (?:e-?)?mails|zuviele (?:e-?)?mails|quota (?:d(?:é|e)pass(?:é|e)|atteint)|bo(?:î|i)te (?:aux lettres |mail |du destinataire )?(?:est )?pleine|buz(?:ó|o)n (?:lleno|completo)|casella (?:piena|di posta piena)|caixa (?:postal )?(?:cheia|lotada)|容量(?:を)?(?:超過|オーバー)|メールボックスがいっぱい|邮箱已满|storage allocation|account is full|mailbox (?:disk )?quota|maildir (?:over|quota)|out of storage|not enough (?:disk )?space|no space left for user|mailfolder is full|too much mail data|dis[ck] quota|does not have enough space|full mailbox|over (?:the )?(?:allowed |disk )?quota|quota violation|reached disk quota|exceed maximum allowed storage|space has been used up|destinataire pleine|exceeding receiving limits/i,
      ],
    },
    sample: {
      text: "552 5.2.2 <someone@example.org>: Mailbox is full / Quota exceeded",
      replyCode: 552,
      enhancedCode: "5.2.2",
    },
  },

  // ---- Content -----------------------------------------------------------------------------------
  {
    id: "generic.virus",
    reason: "virusdetected",
    match: {
      text: [
        /virus|malware|infected|trojan|worm\b|malicious|dangerous (?:attachment|content|file)|(?:banned|blocked|forbidden|prohibited|unsafe) (?:attachment|file ?type|file name|extension)|executable (?:attachment|content|file)|phishing/i,
      ],
    },
    sample: {
      text: "554 5.7.1 Message rejected: Virus found (Eicar-Signature) in attachment document.zip",
      replyCode: 554,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "generic.exceed-limit",
    reason: "exceedlimit",
    match: {
      text: [
        /administrative limit|too large for this recipient|exceeds (?:the )?(?:recipient|per-user|user|mailbox)(?:'s)? (?:size |message size )?limit/i,
      ],
    },
    sample: {
      text: "552 5.2.3 Message length exceeds administrative limit",
      replyCode: 552,
      enhancedCode: "5.2.3",
    },
  },
  // RFC 3463 X.2.3 is the per-mailbox limit, whatever words say "size": exceedlimit, not mesgtoobig.
  {
    id: "generic.exceed-limit-code",
    reason: "exceedlimit",
    match: { enhanced: ["5.2.3", "4.2.3"] },
    sample: {
      text: "552 5.2.3 Message size exceeds fixed maximum message size (10485760)",
      replyCode: 552,
      enhancedCode: "5.2.3",
    },
  },
  {
    id: "generic.size",
    reason: "mesgtoobig",
    match: {
      text: [
        /message (?:size |length )?(?:exceeds|too (?:big|large)|is too (?:big|large)|size exceeds)|size (?:limit )?exceeded|exceeds? (?:the )?(?:fixed )?(?:maximum|max)(?: allowed)? (?:message )?size|too large|too big|message size|maximum size|size limit/i,
      ],
    },
    sample: {
      text: "552 5.3.4 Message size exceeds fixed maximum message size",
      replyCode: 552,
      enhancedCode: "5.3.4",
    },
  },
  {
    id: "generic.spam",
    reason: "spamdetected",
    match: {
      text: [
        /\bspam\b|spamming|junk (?:mail|e-?mail)|unsolicited|bulk (?:mail|e-?mail)|content (?:filter|rejected|policy|scan)|rejected (?:by|due to) (?:content|the content|filter)|message (?:looks|appears|considered|classified|content) (?:like |as |to be )?(?:spam|suspicious)|suspicious (?:content|message|url|link)|high (?:spam )?score|(?:identified|detected|blocked|rejected|flagged|marked) as spam|spam score|content rejected|score (?:too high|exceeded)|spam ?assassin|\bUBE\b|unacceptable content|anti-?spam|recurrent pattern|URIBL|spam-like|URL (?:in|found in).{0,30}(?:blacklist|blocklist|message)|contains? (?:a )?(?:blocked|prohibited|banned) (?:url|link|word|content)|(?:blocked|prohibited|banned) (?:url|link|words?) |UCE\b/i,
      ],
    },
    sample: {
      text: "550 5.7.1 Message rejected as spam by content filter (score 9.8 > 5.0)",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "generic.content-error",
    reason: "contenterror",
    match: {
      text: [
        /\bMIME\b|8-?bit (?:data|characters|content)|8BITMIME|SMTPUTF8|(?:invalid|illegal|bad|malformed|non-ascii) (?:character|charset|encoding|content|header|line|address)|bare (?:LF|CR|linefeed)|line (?:too long|length exceeded)|conversion (?:failed|required)|media not supported|content (?:error|not available)|header (?:too long|is invalid|syntax)/i,
      ],
    },
    sample: {
      text: "554 5.6.0 Message contains invalid header lines: bare LF is not allowed",
      replyCode: 554,
      enhancedCode: "5.6.0",
    },
  },
  {
    id: "generic.not-rfc-compliant",
    reason: "notcompliantrfc",
    match: {
      text: [
        /RFC ?(?:5322|2822|822)|(?:not|non)[- ]compliant|not RFC[- ]?compliant|duplicate (?:header|From|Date|Subject|Message-ID|To)|multiple (?:From|Date|Subject|Message-ID|To|Sender) (?:header|field)|missing (?:(?:a |the )?(?:valid )?(?:From|Date|Message-ID)\b|(?:required )?header)|(?:no|invalid|malformed) (?:From|Date|Message-ID)(?::)? (?:header|field)|header (?:field )?(?:missing|malformed)/i,
      ],
    },
    sample: {
      text: "550 5.7.1 Message is not RFC 5322 compliant: duplicate Date header",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },

  // ---- Rate limits -------------------------------------------------------------------------------
  {
    id: "generic.too-many-connections",
    reason: "toomanyconn",
    match: {
      text: [
        /too many (?:concurrent |simultaneous |open )?(?:smtp )?(?:connections|sessions)|connection (?:limit|rate limit) (?:exceeded|reached)|(?:maximum|max|too many) (?:number of )?(?:concurrent )?connections|concurrency limit|too many (?:recipients|rcpt)|recipient (?:limit|count) (?:exceeded|reached)|too many hosts|max(?:imum)? (?:number of )?messages? per (?:connection|session) (?:reached|exceeded)|max(?:imum)? (?:number of )?recipients/i,
      ],
    },
    sample: {
      text: "421 4.7.0 mx.example.net Error: too many connections from 192.0.2.10",
      replyCode: 421,
      enhancedCode: "4.7.0",
    },
  },
  {
    id: "generic.rate-limited",
    reason: "speeding",
    match: {
      text: [
        /rate[- ]?limit|rate (?:exceeded|too high)|too (?:many messages|much mail|fast)|sending (?:too|at a) (?:rate|fast)|throttl|slow down|(?:message|mail|send(?:ing)?) (?:rate|quota|limit) (?:exceeded|reached)|exceeded (?:the )?(?:message|sending|hourly|daily|rate) (?:rate|limit|quota)|(?:hourly|daily) (?:limit|quota)|receiving mail at a rate|receiving mail too quickly|try again (?:in|after) \d{1,4} (?:seconds|minutes)|temporarily (?:limited|rate)/i,
      ],
    },
    sample: {
      text: "450 4.2.1 Rate limited: too many messages from 192.0.2.10, try again in 15 minutes",
      replyCode: 450,
      enhancedCode: "4.2.1",
    },
  },

  // ---- Routing and network -----------------------------------------------------------------------
  {
    id: "generic.host-unknown",
    reason: "hostunknown",
    match: {
      text: [
        /host (?:or domain name )?(?:not found|unknown)|domain (?:not found|does not exist|doesn't exist|unknown|name not found|lookup failed)|(?:unknown|nonexistent|non-existent|invalid|unrouteable|unroutable) (?:mail )?domain|NXDOMAIN|Name or service not known|no (?:valid )?(?:MX|A) (?:or A )?(?:record|host)s?|MX records point to non-existent hosts|Name server: .{1,80}: host not found|Host unknown|no such (?:domain|host)|unknown host|recipient domain (?:must exist|not found|does not exist)|no mail exchanger|domain (?:is )?(?:not|no longer) (?:registered|valid)|(?:could|can) not (?:find|resolve) (?:the )?(?:domain|host|mail exchanger)|all relevant MX records|nonexistent domain|unrouteable address|domain is not reachable|domain must exist|mail domain mentioned in email address is unknown|unknown domain name|the account or domain may not exist|(?:DNS )?domain [a-z0-9.-]{1,100} (?:does not exist|not found)/i,
      ],
    },
    sample: {
      text: "550 5.1.2 Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found",
      replyCode: 550,
      enhancedCode: "5.1.2",
      expect: { provider: "postfix" },
    },
  },
  {
    id: "generic.expired",
    reason: "expired",
    match: {
      text: [
        /retry timeout exceeded|giving up on|message timed out|in the queue too long|not reachable within the allowed queue period|could not find a gateway for|expired after sitting in queue|has not been collected after|(?:delayed and )?has now failed|(?:delivery|message|queue) (?:time|lifetime)?\s?(?:has )?expired|message expired|too long in (?:the )?queue|could not be delivered for \d{1,4} (?:days|hours)|Cannot send message for \d{1,4} days|gave up|giving up|delivery time expired|maximum queue (?:time|lifetime)|retry time not reached for any host|was not delivered within|has not been delivered (?:for|within)/i,
      ],
    },
    sample: { text: "retry timeout exceeded", expect: { provider: "exim" } },
  },
  {
    id: "generic.loop",
    // A mail loop is a routing fault between the hosts (sisimai: networkerror), not a failure of one system.
    reason: "networkerror",
    family: "routing",
    retry: false,
    match: {
      text: [
        /mail (?:forwarding |routing )?loop|loops back to myself|forwarding loop|loop was found|routing loop|too many hops|hop count exceeded|Too many "Received" headers/i,
      ],
    },
    sample: {
      text: "554 5.4.6 Too many hops 26 (25 max): from <sender@example.com> via localhost",
      replyCode: 554,
      enhancedCode: "5.4.6",
    },
  },
  {
    id: "generic.network",
    reason: "networkerror",
    match: {
      text: [
        /connection (?:timed out|refused|reset|closed|dropped|lost)|timed out|timeout|lost connection|no route to host|network (?:is )?unreachable|host (?:is )?unreachable|couldn't connect|could not connect|unable to connect|failed to connect|connect to .{1,120} (?:failed|refused)|DNS (?:lookup|query|resolution) (?:failed|error|timeout)|temporary (?:DNS|lookup) failure|(?:DNS|name server) (?:error|failure|timeout|SERVFAIL)|SERVFAIL|temporary lookup failure|name server reply|lookup error|read error|(?:wasn't|was not|not) able to establish an SMTP connection|broken pipe|bad connection|TCP (?:connection|error)/i,
      ],
    },
    sample: {
      text: "connect to mx.example.org[192.0.2.25]:25: Connection refused",
      expect: { provider: "postfix" },
    },
  },

  // ---- Protocol ----------------------------------------------------------------------------------
  {
    id: "generic.syntax",
    reason: "syntaxerror",
    match: {
      text: [
        /syntax error|(?:bad|invalid|illegal|malformed) (?:address|recipient address|sender address|mailbox) syntax|(?:bad|invalid|illegal|malformed) (?:command|parameter|argument|address format|email address)|command (?:not recognized|unrecognized|not implemented)|unrecognized command|bad sequence of commands|need fully-qualified|fully qualified (?:host|domain)|invalid (?:HELO|EHLO)|HELO.{0,30}(?:invalid|required|syntax)|line too long|address (?:syntax|format) (?:error|invalid)|not (?:a )?valid (?:RFC ?5321 )?address|5\.5\.[24] /i,
      ],
    },
    sample: { text: '500 5.5.1 Command unrecognized: "XEXCH50"', replyCode: 500, enhancedCode: "5.5.1" },
  },

  // ---- Sender rejected ---------------------------------------------------------------------------
  {
    id: "generic.filtered",
    reason: "filtered",
    match: {
      text: [
        /recipient (?:has )?(?:blocked|refuses|rejected|does not accept mail from)|blocked by (?:the )?recipient|(?:user|recipient)'?s? (?:filter|block ?list|blacklist|rules)|filtered|refuses to accept your mail|does not want|not (?:accept|receive) (?:mail|messages|e-?mail) from (?:you|your|this sender)|sender is on (?:the )?user'?s|only accepting mail from specific|recipient preferences|this account is protected by|user reject|blocked by the recipient|extended inactivity/i,
      ],
    },
    sample: {
      text: "550 5.7.1 The recipient has blocked messages from your address",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },

  // ---- Policy ------------------------------------------------------------------------------------
  {
    id: "generic.mail-from-refused",
    reason: "rejected",
    match: {
      stage: ["mail_from"],
      text: [/denied|rejected|refused|not allowed|not accepted|blocked|prohibited/i],
    },
    sample: {
      text: "550 5.7.1 <sender@example.com>... Access denied",
      replyCode: 550,
      enhancedCode: "5.7.1",
      stage: "mail_from",
      expect: { provider: "sendmail" },
    },
  },
  // "Delivery not authorized" is RFC 3463's own text for X.7.1 (section 3.8), not a policy of the
  // recipient's: it is left to the code (sisimai: securityerror). So is a bare "policy violation" naming no
  // policy: the word "policy" counts only when the reply says whose policy, or that it is the reason.
  {
    id: "generic.policy",
    reason: "policyviolation",
    match: {
      text: [
        /\b(?:local|security|content|site|sender|sending|dmarc|our|spam|usage|acceptable use|organi[sz]ation(?:al)?|domain's|company|mail|email|by|for|to|of|under|with|against|violates?|violat(?:ed|ion of)) polic(?:y|ies)|polic(?:y|ies) (?:reasons?|restrictions?|rejection|rejected|block(?:ed)?|settings?|denied)|illegal attachment|members-only list|closed mailing list|organi[sz]ational settings|protocol violation|mass mailer|administrative(?:ly)? prohibit|prohibited|not (?:permitted|allowed)|denied by local|forbidden|restricted|refused by (?:local )?(?:admin|rule)|rejected by (?:local )?(?:rule|administrator|configuration)|geo-?block|country/i,
      ],
    },
    sample: {
      text: "550 5.7.1 Message rejected by local policy",
      replyCode: 550,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "generic.blocked-word",
    reason: "blocked",
    match: {
      // "Access denied" alone does not say what was denied (sisimai leaves it to the status code).
      text: [/\bblocked\b|\bbanned\b|(?<!access )\bdenied\b|refused|\bcompromised\b/i],
      code: [421, 450, 451, 521, 550, 553, 554],
    },
    blocklist: "named",
    sample: { text: "554 5.7.1 Connection from 192.0.2.10 blocked", replyCode: 554, enhancedCode: "5.7.1" },
  },

  // ---- Receiving system --------------------------------------------------------------------------
  {
    id: "generic.system-full",
    reason: "systemfull",
    match: {
      text: [
        /(?:system|disk|server|spool|queue) (?:is )?(?:full|out of (?:disk )?space)|(?:mail )?system congestion|system (?:is )?congested|insufficient system storage|mail system full|no space left on device/i,
      ],
    },
    sample: { text: "452 4.3.1 Insufficient system storage", replyCode: 452, enhancedCode: "4.3.1" },
  },
  {
    id: "generic.not-accepting",
    reason: "notaccept",
    match: {
      text: [
        /not accepting (?:network )?messages|no SMTP service|SMTP service (?:not available|unavailable)|does not accept incoming mail|service not available|service unavailable/i,
      ],
      code: [521, 554, 556, 550],
    },
    sample: {
      text: "521 5.3.2 mail.example.org does not accept incoming mail",
      replyCode: 521,
      enhancedCode: "5.3.2",
    },
  },
  // RFC 3463 X.3.2 "system not accepting network messages" (shutdown, load, maintenance): notaccept, even when
  // the words only say "try again".
  {
    id: "generic.not-accepting-code",
    reason: "notaccept",
    match: { enhanced: ["4.3.2", "5.3.2"] },
    sample: {
      text: "421 4.3.2 Service shutting down, try again later",
      replyCode: 421,
      enhancedCode: "4.3.2",
    },
  },
  {
    id: "generic.system-error",
    reason: "systemerror",
    match: {
      text: [
        /(?:local|temporary|internal|system|server|mail system|transient) (?:error|problem|failure)|error in processing|configuration error|misconfigured|incorrectly configured|temporarily unavailable|service (?:temporarily )?unavailable|resources? (?:temporarily )?unavailable|try again|internal server error|service not available|closing transmission channel|unexpected error|mailbox temporarily unavailable|too busy|server busy|database (?:error|failure)|queue file write error|directory (?:server )?(?:failure|error)|can't create user output file|interrupted system call|encountered an error while being processed|server is misconfigured|service currently unavailable|timeout waiting for input|transaction failed|internal error reading data/i,
      ],
    },
    sample: {
      text: "451 4.3.0 Error: queue file write error",
      replyCode: 451,
      enhancedCode: "4.3.0",
      expect: { provider: "postfix" },
    },
  },
  {
    id: "generic.on-hold",
    reason: "onhold",
    match: {
      text: [
        /on hold|held for (?:review|moderation|approval)|held until|list moderator|moderator|quarantined|awaiting (?:approval|moderation)|pending (?:approval|moderation)/i,
      ],
    },
    sample: {
      text: "Your message to the list is being held until the list moderator can review it for approval.",
    },
  },
  // ---- Gave up on a temporary failure -------------------------------------------------------------
  // RFC 3464 section 2.3.3: Action "failed" with a 4.x.x status means the sender's MTA stopped retrying a
  // temporary failure; when no wording rule names something specific, the message expired in the queue. Listed last: the
  // words of the last reply (a block, a DNS failure, a full disk) say more than the fact of giving up.
  {
    id: "generic.gave-up",
    reason: "expired",
    match: { dsnAction: ["failed"], enhanced: ["4."] },
    sample: {
      text: "452 4.2.0 Message deferred, please come back later",
      replyCode: 452,
      enhancedCode: "4.2.0",
      dsnAction: "failed",
    },
  },
  {
    id: "generic.gave-up-reply",
    reason: "expired",
    match: { dsnAction: ["failed"], code: [421, 450, 451, 452, 454] },
    sample: {
      text: "451 Requested action aborted",
      replyCode: 451,
      dsnAction: "failed",
    },
  },
]);

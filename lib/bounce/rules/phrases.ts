import type { Reason } from "@/lib/bounce/types";
import { defineRules, type RuleDef } from "@/lib/bounce/rules/defaults";
import type { Rule, Tier } from "@/lib/bounce/rules/types";

/**
 * Phrase table: one phrase per line, each with the reason it means, its tier and an example it must match
 * (tested: the example is matched by its phrase, and classified by it, so no rule of a higher tier or
 * listed earlier claims it). Phrases are lower-case literals matched anywhere in the reply, or small
 * regular expressions with bounded gaps only. See docs/bounce-reasons.md for what each reason means.
 *
 * Tier "mta": the MTA's own prose naming the failure (its NDR text, not a relayed reply). Like sisimai's
 * MTA modules, these decide the reason outright: the precedence of docs/bounce-reasons.md does not
 * revise them. Tier "generic": wording any server may use; the precedence may still revise it (user
 * unknown wording outside RCPT TO is sisimai's `filtered`).
 */
export interface Phrase {
  tier: Extract<Tier, "mta" | "generic">;
  reason: Reason;
  phrase: string | RegExp;
  example: string;
  /** Who writes it, when it is one MTA's or provider's wording. */
  source?: string;
}

export const PHRASES: Phrase[] = [
  // ---- Recipient does not exist, in an MTA's own words (final) ------------------------------------
  {
    tier: "mta",
    reason: "userunknown",
    phrase: "the recipient name is not recognized",
    example: "The recipient name is not recognized MSEXCH:IMS:KIJITORA:NEKO 0 (000C05A6) Unknown Recipient",
    source: "Exchange 5.5/2003 Internet Mail Service",
  },
  {
    tier: "mta",
    reason: "userunknown",
    phrase: "invalid final delivery userid",
    example: "Invalid final delivery userid: nekochan@example.jp",
    source: "IMail Server",
  },
  {
    tier: "mta",
    reason: "userunknown",
    phrase: "no valid recipients for this mm",
    example: "Message could not be delivered to mobile. Error: No valid recipients for this MM",
    source: "Verizon MMS gateway",
  },
  {
    tier: "mta",
    reason: "userunknown",
    phrase: "not listed in public name & address book",
    example: "User not listed in public Name & Address Book",
    source: "Lotus Domino",
  },
  {
    tier: "mta",
    reason: "userunknown",
    phrase:
      /\u30c7\u30a3\u30ec\u30af\u30c8\u30ea(?:\u306e\u30ea\u30b9\u30c8\u306b\u3042\u308a\u307e\u305b\u3093|\u306b\u306f\u898b\u3064\u304b\u308a\u307e\u305b\u3093)/,
    example:
      "\u30e6\u30fc\u30b6\u30fcNeko (neko@example.jp) \u306f Domino \u30c7\u30a3\u30ec\u30af\u30c8\u30ea\u306b\u306f\u898b\u3064\u304b\u308a\u307e\u305b\u3093\u3002",
    source: "Lotus Domino (Japanese)",
  },
  // ---- Recipient does not exist, generic wording (revised by the precedence) ----------------------
  {
    tier: "generic",
    reason: "userunknown",
    phrase: /this user doesn't have an? [a-z0-9.-]{1,80} account/,
    example: "552 1 Requested mail action aborted, This user doesn't have a example.co.jp account",
  },
  {
    tier: "generic",
    reason: "userunknown",
    phrase: "the email account that you tried to reach does not exist",
    example: "550 5.1.1 The email account that you tried to reach does not exist.",
  },
  // ---- Mailbox state --------------------------------------------------------------------------------
  {
    tier: "generic",
    reason: "mailboxfull",
    phrase: "number of messages in recipient's mailbox exceeded",
    example: "The number of messages in recipient's mailbox exceeded the local limit.",
    source: "Biglobe",
  },
  {
    tier: "generic",
    reason: "systemfull",
    phrase: /insufficient disk space|mail system full/,
    example: "452 4.4.5 Insufficient disk space; try again later",
  },
  // ---- Expired: the sending MTA gave up --------------------------------------------------------------
  {
    tier: "generic",
    reason: "expired",
    phrase: "envelope expired",
    example: "Envelope expired",
    source: "OpenSMTPD",
  },
  {
    tier: "mta",
    reason: "expired",
    phrase: /delivery failed \d{1,4} attempts/,
    example: "Delivery failed 20 attempts: kijitora@example.com",
    source: "IMail Server",
  },
  {
    tier: "generic",
    reason: "expired",
    phrase: "did not accept our requests to connect",
    example:
      "The recipient server did not accept our requests to connect. Learn more at https://support.google.com/mail/answer/7720 [example.org 192.0.2.153: socket error]",
    source: "Gmail",
  },
  {
    tier: "generic",
    reason: "expired",
    // A connection that kept timing out until the queue lifetime ran out (sisimai: expired, not networkerror).
    phrase:
      /connect to [^\n]{1,300}: connection timed out|no answer from host|host (?:is )?not reachable|was not reachable within the allowed queue period|message expired after sitting in queue/,
    example: "421 4.4.1 mx.example.org, Host not reachable.",
  },
  // ---- Network: DNS lookup failures and loops (not a verdict on the domain) -----------------------
  {
    tier: "generic",
    reason: "networkerror",
    phrase: /dns error: [^\n]{0,40}dns type '[a-z]{1,5}' lookup of/,
    example:
      "DNS Error: 80335577 DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found: example.jp",
    source: "Gmail",
  },
  {
    tier: "generic",
    reason: "networkerror",
    phrase:
      /host not found, try again|host name lookup failure|unable to resolve route|unrouteable mail domain/,
    example: "Name service error for domain example.com: Host not found, try again",
  },
  // ---- Blocked: the client (IP, host name, HELO) refused ------------------------------------------
  {
    tier: "generic",
    reason: "blocked",
    phrase: "please use the smtp server of your isp",
    example: "550 5.7.0 <neko@example.jp>... Please use the smtp server of your ISP.",
  },
  {
    tier: "generic",
    reason: "blocked",
    phrase: "server refused to talk to me",
    example:
      "connect to mx.example.com[192.0.2.232]: server refused to talk to me: 421 Service not available, closing transmission channel",
    source: "Postfix",
  },
  {
    tier: "generic",
    reason: "blocked",
    phrase: /may not be (?:a )?mail exchanger|which is an open relay|invalid ip for sending mail of domain/,
    example: "450 4.7.1 <c135.example.jp[192.0.2.56]>: Client host rejected: may not be mail exchanger",
  },
  {
    tier: "generic",
    reason: "blocked",
    // Microsoft 365's refusal of an IP without sending history or with a poor one (5.7.708).
    phrase: "traffic not accepted from this ip",
    example: "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.",
    source: "Microsoft 365",
  },
  {
    tier: "mta",
    reason: "blocked",
    phrase: "but my name was rejected",
    example:
      "Connected to 192.0.2.112 but my name was rejected. Remote host said: 501 5.0.0 Invalid domain name",
    source: "qmail",
  },
  {
    tier: "generic",
    reason: "requireptr",
    phrase: /unverif(?:y|i)able sending ips?/,
    example: "450 service permits 2 unverifyable sending IPs - mx.example.com is not 203.0.113.2",
  },
  // ---- Rate ----------------------------------------------------------------------------------------
  {
    tier: "generic",
    reason: "speeding",
    phrase: /too many recipients (?:this|per|in the last) (?:hour|day|minute)/,
    example: "550 203.0.113.222 has sent to too many recipients this hour. IB607",
  },
  {
    tier: "generic",
    reason: "toomanyconn",
    phrase: "connection frequency limited",
    example:
      "550 Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722",
    source: "Tencent QQ Mail",
  },
  // ---- Destination ----------------------------------------------------------------------------------
  {
    tier: "generic",
    reason: "notaccept",
    // The domain exists but names no mail host at all (no MX, no address): it does not accept mail.
    phrase: "couldn't find a mail exchanger or ip address",
    example: "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)",
    source: "qmail",
  },
  // ---- Sender and relay ------------------------------------------------------------------------------
  {
    tier: "generic",
    reason: "norelaying",
    phrase:
      /(?:is )?not configured to relay mail|email address is not verified\. the following identities failed/,
    example: "501 5.7.1 This system is not configured to relay mail from <a@example.net> to <b@example.jp>",
  },
  {
    tier: "generic",
    reason: "rejected",
    // The envelope or header sender's domain is refused (GoDaddy IB506 and others).
    phrase: /please provide a valid from|from: domain is invalid/,
    example: "550 <a@example.com> From: Domain is invalid. Please provide a valid From: IB506",
  },
  {
    tier: "generic",
    reason: "securityerror",
    phrase: /turn on smtp authentication|smtp authentication is required/,
    example: "550 Please turn on SMTP Authentication in your mail client.",
    source: "MessageLabs",
  },
  {
    tier: "generic",
    reason: "hostunknown",
    phrase: "the account or domain may not exist",
    example:
      "The mail server could not deliver mail to a@example.net. The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.",
    source: "Exim (cPanel)",
  },
  // ---- Sender refused ---------------------------------------------------------------------------------
  {
    // Exchange Online's refusal at DATA of every recipient for the sending organisation ("Access denied",
    // 5.4.1 with a tenant host): the recipients are not judged, the sender is (sisimai: `rejected`).
    tier: "mta",
    reason: "rejected",
    phrase: /all recipient addresses rejected ?: ?access denied/,
    example:
      "550 5.4.1 All recipient addresses rejected : Access denied [DM6NAM12FT040.eop-nam12.prod.protection.outlook.com]",
    source: "Exchange Online",
  },
  // ---- Content -----------------------------------------------------------------------------------------
  {
    tier: "generic",
    reason: "notcompliantrfc",
    phrase: "multiple addresses in from:",
    example: "550 5.7.1 Messages with multiple addresses in From: header are not accepted.",
  },
  {
    tier: "generic",
    reason: "contenterror",
    phrase: "duplicate header '",
    example: "554 Transaction failed: Duplicate header 'DKIM-Signature'.",
  },
  {
    tier: "generic",
    reason: "spamdetected",
    phrase: "rejected due to spam classification",
    example: "Your email to group a@example.com was rejected due to spam classification.",
    source: "Google Groups",
  },
  // ---- Receiving system ---------------------------------------------------------------------------------
  {
    tier: "generic",
    reason: "systemerror",
    phrase: "could not load drd for domain",
    example: "451 Could not load DRD for domain (example.com) rcpt (a@example.com)",
  },
  // A local delivery program (a pipe to a command, procmail, maildrop) failed on the destination host:
  // sisimai's `mailererror`, which the contract names `systemerror` (docs/bounce-reasons.md).
  {
    tier: "mta",
    reason: "systemerror",
    phrase: /(?:^|\s)pipe to \|\s{0,2}\S/,
    example:
      "pipe to |/usr/local/bin/autoreply a@example.com generated by a@example.com: Child process of autoreply_pipe transport returned 75 (could mean temporary error) from command: /usr/local/bin/autoreply",
    source: "Exim (pipe transport)",
  },
  {
    tier: "mta",
    reason: "systemerror",
    phrase: /"\|[^"\n]{1,300}"\.\.\./,
    example: '554 "|/usr/bin/procmail -f- || exit 75 #a"... Service unavailable',
    source: "Sendmail (prog mailer)",
  },
  {
    tier: "generic",
    reason: "systemerror",
    phrase: /\bmailer error\b/,
    example: "554 5.3.0 <a@example.net>: Recipient address rejected: Mailer error",
  },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The phrase as a case-insensitive regular expression. */
export function phraseRegExp(p: Phrase): RegExp {
  return typeof p.phrase === "string"
    ? new RegExp(escape(p.phrase), "i")
    : new RegExp(p.phrase.source, p.phrase.flags.includes("i") ? p.phrase.flags : `${p.phrase.flags}i`);
}

/** Phrase rules, in the form the classifier runs: ids "phrase.<reason>.<n>". */
export const PHRASE_RULES: Rule[] = defineRules(
  PHRASES.map((p, i): RuleDef => ({
    id: `phrase.${p.reason}.${i + 1}`,
    reason: p.reason,
    tier: p.tier,
    match: { text: [phraseRegExp(p)] },
    sample: { text: p.example },
  })),
);

import type { Family, Reason } from "@/lib/bounce/types";
import type { Rule } from "@/lib/bounce/rules/types";

/** What each reason usually means for the sender: the family, action, retry policy, fix and checks. */
export interface ReasonDefaults {
  family: Family;
  action: string;
  retry: boolean;
  fix: string[];
  linkedChecks: string[];
}

const AUTH_CHECKS = ["spf", "dkim", "dmarc"];
const REPUTATION_CHECKS = ["dnsbl", "ptr"];
const SUBMISSION =
  "Send through your provider's submission service: port 587 with STARTTLS, or port 465 with implicit TLS, and authenticate with SMTP AUTH (RFC 6409, RFC 8314).";

export const REASON_DEFAULTS: Record<Reason, ReasonDefaults> = {
  userunknown: {
    family: "mailbox",
    action: "suppress the address",
    retry: false,
    fix: [
      "Suppress the address: the mailbox does not exist, and repeated sends to unknown users hurt your reputation.",
      "Check the address for typos (e.g. gmial.com) and confirm it through another channel if it matters.",
      "Use confirmed opt-in so unknown addresses do not enter the list.",
    ],
    linkedChecks: ["mx"],
  },
  mailboxfull: {
    family: "mailbox_state",
    action: "retry later; suppress if it persists",
    retry: true,
    fix: [
      "Retry later: the recipient's mailbox is over quota and may be emptied.",
      "Suppress the address after repeated mailbox-full bounces over several days (often an abandoned mailbox).",
    ],
    linkedChecks: [],
  },
  suspend: {
    family: "mailbox_state",
    action: "suppress the address",
    retry: false,
    fix: [
      "Suppress the address: the account is disabled, suspended or inactive.",
      "Ask the recipient for a current address through another channel.",
    ],
    linkedChecks: [],
  },
  hasmoved: {
    family: "mailbox_state",
    action: "update or suppress the address",
    retry: false,
    fix: [
      "The mailbox has moved without forwarding (RFC 3463 X.1.6): update the address if a new one is given, otherwise suppress it.",
    ],
    linkedChecks: [],
  },
  filtered: {
    family: "policy",
    action: "stop sending to this recipient",
    retry: false,
    fix: [
      "The recipient (or their administrator) filters your mail: stop sending unless they ask to be re-added.",
      "If the recipient wants the mail, they should allow-list your sending address or domain.",
    ],
    linkedChecks: [],
  },
  norelaying: {
    family: "relay",
    action: "fix the route or authenticate",
    retry: false,
    fix: [
      "The server refused to relay for you: it is not the recipient domain's mail server and you did not authenticate.",
      "Deliver to the recipient domain's MX hosts, or send through your own provider as an authenticated user.",
      SUBMISSION,
      "If you run the relay, add your client network or domain to its relay allowances (e.g. Postfix mynetworks, Exchange receive connector, Microsoft 365 inbound connector).",
    ],
    linkedChecks: ["mx"],
  },
  authfailure: {
    family: "authentication",
    action: "fix SPF/DKIM/DMARC for the sender domain",
    retry: false,
    fix: [
      "Publish an SPF record that authorises every IP and service that sends for the domain (RFC 7208).",
      "Sign with DKIM using the From: domain (or an aligned subdomain), with a 2048-bit key published in DNS (RFC 6376).",
      "Make sure SPF or DKIM aligns with the From: domain so DMARC passes (RFC 7489 section 3.1), then resend.",
    ],
    linkedChecks: AUTH_CHECKS,
  },
  requireptr: {
    family: "authentication",
    action: "add a PTR record for the sending IP",
    retry: false,
    fix: [
      "Ask the owner of the sending IP (your host or ISP) to set a PTR record to a host name of yours.",
      "Make that host name resolve back to the same IP (forward-confirmed reverse DNS), and use it as the HELO name.",
    ],
    linkedChecks: ["ptr"],
  },
  blocked: {
    family: "reputation",
    action: "investigate the IP's reputation and request delisting",
    retry: false,
    fix: [
      "Look up the sending IP on the blocklist named in the reply and follow its delisting procedure.",
      "Find and stop the cause first (compromised account, open relay, purchased list, missing bounce handling), or delisting will not last.",
      "Check the IP has a PTR record that forward-confirms, and that the provider's postmaster pages do not list it.",
    ],
    linkedChecks: REPUTATION_CHECKS,
  },
  badreputation: {
    family: "reputation",
    action: "reduce volume and repair reputation",
    retry: true,
    fix: [
      "Slow down and send only to engaged, opted-in recipients while reputation recovers.",
      "Check the provider's postmaster tools (Google Postmaster Tools, Microsoft SNDS, Yahoo Sender Hub) for spam-rate and reputation data.",
      "Authenticate all mail (SPF, DKIM, DMARC) so reputation attaches to your domain, and honour unsubscribes quickly.",
    ],
    linkedChecks: [...REPUTATION_CHECKS, ...AUTH_CHECKS],
  },
  spamdetected: {
    family: "content",
    action: "review the content and list quality",
    retry: false,
    fix: [
      "The receiver's filter judged the message to be spam: review the content, links and URL domains it contains.",
      "Send only to recipients who asked for the mail, and include a working one-click unsubscribe (RFC 8058).",
      "Check authentication and IP reputation: filters weigh them with the content.",
    ],
    linkedChecks: [...AUTH_CHECKS, "dnsbl"],
  },
  virusdetected: {
    family: "content",
    action: "remove the infected or dangerous content",
    retry: false,
    fix: [
      "The message (usually an attachment) was flagged as malware or dangerous content: scan the sending system.",
      "Remove the attachment or send a link instead; avoid executable and macro-enabled file types.",
    ],
    linkedChecks: [],
  },
  policyviolation: {
    family: "policy",
    action: "comply with the receiver's policy",
    retry: false,
    fix: [
      "The receiving organisation's policy refused the message: read the reply's words for which rule applied.",
      "Ask the recipient's administrator to allow your sender, or change what triggered the policy.",
    ],
    linkedChecks: [],
  },
  rejected: {
    family: "policy",
    action: "fix the sender address",
    retry: false,
    fix: [
      "The receiver refused the envelope sender (MAIL FROM): use a sender address whose domain exists and accepts mail (has MX or A records).",
      "Make sure the sender domain is not blocked by the recipient and that the address is not on the recipient's block list.",
    ],
    linkedChecks: ["mx", "spf"],
  },
  securityerror: {
    family: "relay",
    action: "authenticate to the server",
    retry: false,
    fix: [
      "The server requires authentication before it accepts mail from you.",
      SUBMISSION,
      "Check the username, password or app password, and that SMTP AUTH is enabled for the mailbox.",
    ],
    linkedChecks: [],
  },
  contenterror: {
    family: "content",
    action: "fix the message format",
    retry: false,
    fix: [
      "The message content or encoding was refused: check MIME structure, character sets and attachments.",
      "Use 8BITMIME/SMTPUTF8 only when the server offers them; otherwise encode headers and bodies (RFC 2047, RFC 2045).",
    ],
    linkedChecks: [],
  },
  mesgtoobig: {
    family: "content",
    action: "send a smaller message",
    retry: false,
    fix: [
      "The message exceeds the receiver's size limit: shrink attachments or send a download link.",
      "Remember base64 encoding adds about a third to attachment size.",
    ],
    linkedChecks: [],
  },
  exceedlimit: {
    family: "content",
    action: "send a smaller message",
    retry: false,
    fix: [
      "The message exceeds the recipient's administrative limit (RFC 3463 X.2.3): shrink it or send a link.",
    ],
    linkedChecks: [],
  },
  speeding: {
    family: "rate_limit",
    action: "slow down and retry later",
    retry: true,
    fix: [
      "You are sending faster than the receiver allows: queue and retry with back-off.",
      "Lower the per-domain concurrency and message rate, and ramp up new IPs or domains gradually.",
    ],
    linkedChecks: [],
  },
  toomanyconn: {
    family: "rate_limit",
    action: "open fewer connections and retry later",
    retry: true,
    fix: [
      "Open fewer simultaneous connections to this receiver and send fewer recipients per message or per connection.",
      "Retry later with back-off; the deferral is temporary.",
    ],
    linkedChecks: [],
  },
  expired: {
    family: "transient",
    action: "find why delivery kept failing",
    retry: false,
    fix: [
      "The message stayed in the queue until its lifetime ran out: earlier attempts failed temporarily.",
      "Look at the last temporary error in the mail log for the real cause (host down, greylisting, rate limiting).",
    ],
    linkedChecks: ["mx"],
  },
  hostunknown: {
    family: "routing",
    action: "fix the recipient domain or suppress",
    retry: false,
    fix: [
      "The recipient domain does not exist or has no mail server: check the address for typos.",
      "Suppress the address if the domain is gone.",
    ],
    linkedChecks: ["mx"],
  },
  notaccept: {
    family: "routing",
    action: "suppress the address",
    retry: false,
    fix: [
      "The domain declares it accepts no mail (null MX, RFC 7505) or its server refuses all mail: suppress the address.",
    ],
    linkedChecks: ["mx"],
  },
  networkerror: {
    family: "transient",
    action: "retry later",
    retry: true,
    fix: [
      "The connection to the receiving server failed (timeout, refused, reset or DNS error): retry later.",
      "If it persists, check the recipient domain's MX hosts resolve and accept connections on port 25, and that your outbound port 25 is not blocked.",
    ],
    linkedChecks: ["mx"],
  },
  systemerror: {
    family: "transient",
    action: "retry later",
    retry: true,
    fix: ["The receiving system had an internal problem: retry later; contact the recipient if it persists."],
    linkedChecks: [],
  },
  systemfull: {
    family: "transient",
    action: "retry later",
    retry: true,
    fix: ["The receiving system is out of storage (RFC 3463 X.3.1): retry later."],
    linkedChecks: [],
  },
  syntaxerror: {
    family: "protocol",
    action: "fix the SMTP command or address syntax",
    retry: false,
    fix: [
      "The server could not parse a command or address: check the address syntax and your sending software's SMTP implementation (RFC 5321 section 4.1).",
    ],
    linkedChecks: [],
  },
  notcompliantrfc: {
    family: "protocol",
    action: "fix the message headers",
    retry: false,
    fix: [
      "The message is not RFC 5322 compliant: exactly one From:, one Date:, at most one Subject:/To:/Message-ID: header, valid address syntax.",
      "Fix the sending application or library that builds the headers, then resend.",
    ],
    linkedChecks: [],
  },
  failedstarttls: {
    family: "protocol",
    action: "enable TLS",
    retry: false,
    fix: [
      "The receiver requires TLS: issue STARTTLS before MAIL FROM (RFC 3207) and support TLS 1.2 or later.",
      "Check your MTA's TLS settings (e.g. Postfix smtp_tls_security_level = may or encrypt) and its CA certificates.",
    ],
    linkedChecks: ["mta_sts"],
  },
  onhold: {
    family: "transient",
    action: "wait for the final result",
    retry: true,
    fix: ["The message is held; the final result is not known yet."],
    linkedChecks: [],
  },
  undefined: {
    family: "unknown",
    action: "read the reply and contact the receiver's postmaster",
    retry: false,
    fix: [
      "The reply does not say clearly what failed: read the full text, and contact the recipient's postmaster with it if needed.",
    ],
    linkedChecks: [],
  },
  delivered: {
    family: "unknown",
    action: "none: the message was delivered",
    retry: false,
    fix: ["Nothing to fix: this is a successful delivery notification."],
    linkedChecks: [],
  },
  feedback: {
    family: "unknown",
    action: "suppress the complaining recipient",
    retry: false,
    fix: [
      "This is a spam complaint (feedback loop report, RFC 5965): suppress the recipient and review why they complained.",
    ],
    linkedChecks: [],
  },
  vacation: {
    family: "unknown",
    action: "none: an automatic reply",
    retry: false,
    fix: ["Nothing to fix: this is an out-of-office or auto-reply (RFC 3834), not a bounce."],
    linkedChecks: [],
  },
};

/** A rule definition before defaults: only what differs from its reason's defaults needs spelling out. */
export type RuleDef = Omit<Rule, "family" | "action" | "retry" | "fix" | "linkedChecks"> &
  Partial<Pick<Rule, "family" | "action" | "retry" | "fix" | "linkedChecks">> & {
    /** Fix steps added before the reason's defaults (provider-specific advice). */
    fixFirst?: string[];
  };

/**
 * Rules with their defaults filled in. Every rule (and its `match`) is built with the same fields in the
 * same order, absent ones undefined: the classifier reads a rule's fields at one place for every rule, and
 * objects of a single shape keep those reads fast in V8 (a spread of each definition gave one shape per
 * combination of fields).
 */
export function defineRules(defs: RuleDef[]): Rule[] {
  return defs.map((d) => {
    const base = REASON_DEFAULTS[d.reason];
    const m = d.match;
    const match: EveryKey<Rule["match"]> = {
      text: m.text,
      code: m.code,
      enhanced: m.enhanced,
      stage: m.stage,
      dsnAction: m.dsnAction,
    };
    const rule: EveryKey<Rule> = {
      id: d.id,
      family: d.family ?? base.family,
      reason: d.reason,
      tier: d.tier,
      provider: d.provider,
      match,
      blocklist: d.blocklist,
      action: d.action ?? base.action,
      retry: d.retry ?? base.retry,
      fix: [...(d.fixFirst ?? []), ...(d.fix ?? base.fix)],
      linkedChecks: d.linkedChecks ?? base.linkedChecks,
      sample: d.sample,
    };
    return rule;
  });
}

/**
 * `T` with every key written out, an optional one as undefined when absent: a field added to Rule and not
 * copied by defineRules fails to compile instead of being dropped.
 */
type EveryKey<T> = { [K in keyof Required<T>]: T[K] };

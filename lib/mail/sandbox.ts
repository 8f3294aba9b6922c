/**
 * The sandbox: recipients that choose the server's reply, so an application's bounce handling can be tested
 * over real SMTP instead of against live mailboxes. Pure: an address → what to answer, and when.
 *
 *   reply-<code>[-<enhanced>]@<domain>     that reply (e.g. reply-550-5.7.26@), at RCPT TO by default
 *   scenario-<name>@<domain>               a provider's real wording (SCENARIOS below)
 *   ...+mail / +rcpt / +data               the stage: MAIL FROM (when the address is the envelope sender),
 *                                          RCPT TO, or after DATA
 *   ...+dsn                                accept, then send back an RFC 3464 delivery status notification
 *   ...+<anything else>                    ignored: a tag to find the session by
 */
import { providerReply } from "./replies";

export type Stage = "mail" | "rcpt" | "data";

export interface SandboxReply {
  code: number;
  enhanced: string | null;
  /** The whole reply line: "550 5.7.26 ...". */
  text: string;
}

export interface SandboxDirective {
  /** "reply-550-5.7.26" or the scenario name ("gmail-dmarc"). */
  scenario: string;
  stage: Stage;
  dsn: boolean;
  tags: string[];
  /** For reply- addresses: the reply. Scenarios compute theirs with the session (see scenarioReply). */
  reply?: SandboxReply;
}

export interface Scenario {
  name: string;
  /** Where the real provider answers. */
  stage: Stage;
  /** The bounce rule whose sample is the reply; the classifier must diagnose it as `expect`. */
  ruleId: string;
  /** Rewrites the sample's code (a scenario that must be a 421 where the provider also uses 450). */
  description: string;
  expect: { family: string; reason: string };
}

/** Named scenarios: each one a real provider reply, from the bounce rules' samples. */
export const SCENARIOS: Record<string, Scenario> = {
  "gmail-dmarc": {
    name: "gmail-dmarc",
    stage: "data",
    ruleId: "gmail.dmarc",
    description: "Gmail refuses the message after DATA for the From: domain's DMARC policy (550 5.7.26).",
    expect: { family: "authentication", reason: "authfailure" },
  },
  "gmail-unauthenticated": {
    name: "gmail-unauthenticated",
    stage: "data",
    ruleId: "gmail.unauthenticated",
    description: "Gmail refuses mail that passes neither SPF nor DKIM (550 5.7.26).",
    expect: { family: "authentication", reason: "authfailure" },
  },
  "gmail-ptr": {
    name: "gmail-ptr",
    stage: "rcpt",
    ruleId: "gmail.ptr",
    description: "Gmail refuses an IP without forward-confirmed reverse DNS (550 5.7.25).",
    expect: { family: "authentication", reason: "requireptr" },
  },
  "yahoo-tss04": {
    name: "yahoo-tss04",
    stage: "rcpt",
    ruleId: "yahoo.tss-deferred",
    description: "Yahoo defers for volume or complaints ([TSS04], 421 4.7.0).",
    // sisimai's semantics: TSS04 is the sending IP's standing (badreputation), not the sender address.
    expect: { family: "reputation", reason: "badreputation" },
  },
  "microsoft-auth": {
    name: "microsoft-auth",
    stage: "data",
    ruleId: "microsoft.auth-level",
    description: "Outlook.com refuses a bulk sender below its authentication requirements (550 5.7.515).",
    expect: { family: "authentication", reason: "authfailure" },
  },
  spamhaus: {
    name: "spamhaus",
    stage: "rcpt",
    ruleId: "generic.blocklist-named",
    description: "A Postfix receiver refuses a client listed in Spamhaus ZEN (554 5.7.1).",
    expect: { family: "reputation", reason: "blocked" },
  },
  greylist: {
    name: "greylist",
    stage: "rcpt",
    ruleId: "generic.greylisted",
    description: "Postgrey defers the first attempt (450 4.2.0) and accepts the retry.",
    expect: { family: "transient", reason: "systemerror" },
  },
  rate: {
    name: "rate",
    stage: "rcpt",
    ruleId: "gmail.unsolicited-rate",
    description: "Accepts the first N messages from a client, then rate-limits it (421 4.7.28).",
    expect: { family: "reputation", reason: "blocked" },
  },
};

const STAGES = new Set<Stage>(["mail", "rcpt", "data"]);

/**
 * Reads a sandbox address's local part; null when it is not one. Codes must be a real failure or success
 * reply (2xx, 4xx, 5xx per RFC 5321 §4.2.1) and an enhanced code must share its class (RFC 3463 §2).
 */
export function parseSandboxAddress(address: string): SandboxDirective | null {
  const at = address.lastIndexOf("@");
  const local = (at < 0 ? address : address.slice(0, at)).toLowerCase();
  const [base = "", ...tags] = local.split("+");
  let stage: Stage | null = null;
  let dsn = false;
  const rest: string[] = [];
  for (const t of tags) {
    if (STAGES.has(t as Stage)) stage = t as Stage;
    else if (t === "dsn") dsn = true;
    else if (t) rest.push(t);
  }
  const reply = /^reply-([245]\d\d)(?:-([245])\.(\d{1,3})\.(\d{1,3}))?$/.exec(base);
  if (reply) {
    const code = Number(reply[1]);
    const enhanced = reply[2] ? `${reply[2]}.${reply[3]}.${reply[4]}` : null;
    if (enhanced && enhanced[0] !== String(code)[0]) return null;
    return {
      scenario: base,
      stage: stage ?? "rcpt",
      dsn,
      tags: rest,
      reply: {
        code,
        enhanced,
        text: `${code}${enhanced ? ` ${enhanced}` : ""} ${defaultWording(code, enhanced)}`,
      },
    };
  }
  const scenario = /^scenario-([a-z0-9-]+)$/.exec(base);
  if (scenario && SCENARIOS[scenario[1]!]) {
    const s = SCENARIOS[scenario[1]!]!;
    return { scenario: s.name, stage: stage ?? s.stage, dsn, tags: rest };
  }
  return null;
}

/** Words for a reply- address's code, so the reply reads like a reply (the code is what tests assert). */
function defaultWording(code: number, enhanced: string | null): string {
  if (code < 400) return "Sandbox: accepted as requested";
  const subject = enhanced ? enhanced.split(".").slice(1).join(".") : "";
  const words: Record<string, string> = {
    "1.1": "The email account that you tried to reach does not exist",
    "2.2": "The mailbox is full",
    "7.1": "Message rejected by policy",
    "7.26": "Unauthenticated email is not accepted due to the domain's DMARC policy",
    "7.25": "The sending IP has no PTR record",
    "3.4": "Message size exceeds the limit",
    "4.7": "Delivery time expired",
  };
  return `${words[subject] ?? (code >= 500 ? "Rejected" : "Try again later")} (sandbox reply)`;
}

/** A rule configured per address pattern (MXRAY_SMTP_SANDBOX_RULES): recipients matching it get its reply. */
export interface SandboxRule {
  /** A regular expression matched against the whole recipient address, case-insensitively. */
  pattern: string;
  /** The whole reply: "550 5.7.1 Message rejected by policy". */
  reply: string;
  stage?: Stage;
}

const REPLY_RE = /^([245]\d\d)(?: ([245]\.\d{1,3}\.\d{1,3}))?(?: (.+))?$/;

/** Checks configured rules (from JSON); throws a message naming the bad rule. */
export function parseSandboxRules(json: string): SandboxRule[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error(`MXRAY_SMTP_SANDBOX_RULES is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(value)) throw new Error("MXRAY_SMTP_SANDBOX_RULES must be a JSON array of rules");
  return value.map((r: unknown, i) => {
    const rule = r as Partial<SandboxRule>;
    if (typeof rule?.pattern !== "string" || typeof rule.reply !== "string") {
      throw new Error(`MXRAY_SMTP_SANDBOX_RULES[${i}]: needs "pattern" and "reply" strings`);
    }
    try {
      new RegExp(rule.pattern, "i");
    } catch (e) {
      throw new Error(`MXRAY_SMTP_SANDBOX_RULES[${i}].pattern: ${(e as Error).message}`);
    }
    const m = REPLY_RE.exec(rule.reply.trim());
    if (!m || (m[2] && m[2][0] !== m[1]![0])) {
      throw new Error(
        `MXRAY_SMTP_SANDBOX_RULES[${i}].reply: "<code> [<enhanced>] <text>", e.g. "550 5.7.1 Rejected"`,
      );
    }
    if (rule.stage !== undefined && !STAGES.has(rule.stage)) {
      throw new Error(`MXRAY_SMTP_SANDBOX_RULES[${i}].stage: mail, rcpt or data`);
    }
    return { pattern: rule.pattern, reply: rule.reply.trim(), ...(rule.stage ? { stage: rule.stage } : {}) };
  });
}

/** The first configured rule whose pattern matches the whole address, as a directive. */
export function matchSandboxRule(rules: SandboxRule[], address: string): SandboxDirective | null {
  for (const [i, r] of rules.entries()) {
    if (!new RegExp(`^(?:${r.pattern})$`, "i").test(address)) continue;
    const m = REPLY_RE.exec(r.reply)!;
    return {
      scenario: `rule-${i + 1}`,
      stage: r.stage ?? "rcpt",
      dsn: false,
      tags: [],
      reply: { code: Number(m[1]), enhanced: m[2] ?? null, text: r.reply },
    };
  }
  return null;
}

export interface ScenarioContext {
  clientIp: string;
  senderDomain: string | null;
  recipient: string;
}

/** A scenario's reply, with the client's IP, the sender's domain and the recipient in the provider's words. */
export function scenarioReply(name: string, ctx: ScenarioContext): SandboxReply {
  const s = SCENARIOS[name];
  if (!s) throw new Error(`unknown scenario ${name}`);
  const r = providerReply(s.ruleId, { domain: ctx.senderDomain, ip: ctx.clientIp });
  const text = r.text
    .replace(/<someone@example\.org>/g, `<${ctx.recipient}>`)
    .replace(/example\.org/g, ctx.recipient.split("@").pop() ?? "example.org");
  return { code: r.replyCode, enhanced: r.enhancedCode, text };
}

/**
 * Greylisting (RFC 6647 §2): the first attempt of a (client IP, sender, recipient) triplet is deferred; a retry
 * after `minDelayMs` is accepted. State is in memory: a restart greylists again, as postgrey without its db.
 */
export class Greylist {
  private seen = new Map<string, number>();
  constructor(
    private readonly minDelayMs = 0,
    private readonly maxEntries = 100_000,
  ) {}
  /** True when this attempt must be deferred. */
  check(ip: string, sender: string, recipient: string, now = Date.now()): boolean {
    const key = `${ip}\u0000${sender.toLowerCase()}\u0000${recipient.toLowerCase()}`;
    const first = this.seen.get(key);
    if (first === undefined) {
      if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
      this.seen.set(key, now);
      return true;
    }
    return now - first < this.minDelayMs;
  }
}

/** scenario-rate: counts accepted messages per client IP in a sliding window; over `limit`, 421. */
export class RateCounter {
  private hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60 * 60_000,
  ) {}
  /** True when one more message from `key` would exceed the limit (the caller then answers 421). */
  exceeded(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.hits.set(key, recent);
    return recent.length >= this.limit;
  }
  record(key: string, now = Date.now()): void {
    const list = this.hits.get(key) ?? [];
    list.push(now);
    this.hits.set(key, list);
  }
}

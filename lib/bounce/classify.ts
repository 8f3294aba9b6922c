/**
 * Classifies one parsed bounce: which rule explains it, and everything the diagnosis JSON promises.
 *
 * Words and provider decide before codes: RFC 3463 codes are coarse (5.7.1 covers relay denial,
 * blocklists, spam and local policy) and some providers give registered codes their own meaning
 * (Gmail's X.7.27 is SPF failure; the registry's is "sender has null MX", RFC 7505 section 4.2).
 */
import type { Diagnosis, Family, ParsedBounce, Reason, Stage } from "@/lib/bounce/types";
import { describeEnhancedCode, parseEnhancedCode, permanenceOfClass } from "@/lib/bounce/enhanced-codes";
import {
  PROVIDERS,
  detectProvider,
  providerFromHost,
  providerFromQuotedHost,
  providerName,
} from "@/lib/bounce/providers";
import { RULES } from "@/lib/bounce/rules";
import type { Blocklist, Rule } from "@/lib/bounce/rules/types";
import { BLOCKLISTS } from "@/lib/bounce/rules/blocklists";
import { literalPrefilter } from "@/lib/bounce/rules/prefilter";
import { REASON_DEFAULTS } from "@/lib/bounce/rules/defaults";
import { detectMta, mtaRule } from "@/lib/bounce/mta";
import { applyPrecedence, tierOf } from "@/lib/bounce/precedence";
import { senderDomainFromReply } from "@/lib/bounce/parse/addr";

/** Longest text classified: replies are short; whole messages only need their first screen. */
export const MAX_CLASSIFY_CHARS = 8192;

interface CompiledRule {
  rule: Rule;
  /** Per regex: literal prefilter (indices into LITERALS), or null when the regex always runs. */
  text: { re: RegExp; lits: number[] | null }[] | null;
  codes: Set<number> | null;
  exact: Set<string> | null;
  prefixes: string[] | null;
  stages: Set<Stage> | null;
  actions: Set<string> | null;
}

const LITERALS: string[] = [];
const LITERAL_INDEX = new Map<string, number>();

function literalId(l: string): number {
  let i = LITERAL_INDEX.get(l);
  if (i === undefined) {
    i = LITERALS.length;
    LITERALS.push(l);
    LITERAL_INDEX.set(l, i);
  }
  return i;
}

function compile(rule: Rule): CompiledRule {
  const m = rule.match;
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const e of m.enhanced ?? []) {
    // "5.7.26" is exact; "5.7." or "5." are prefixes.
    if (e.endsWith(".") || e.split(".").length < 3) prefixes.push(e.endsWith(".") ? e : `${e}.`);
    else exact.push(e);
  }
  return {
    rule,
    text: m.text
      ? m.text.map((re) => {
          const lits = literalPrefilter(re);
          return { re, lits: lits ? lits.map(literalId) : null };
        })
      : null,
    codes: m.code ? new Set(m.code) : null,
    exact: m.enhanced ? new Set(exact) : null,
    prefixes: m.enhanced ? prefixes : null,
    stages: m.stage ? new Set(m.stage) : null,
    actions: m.dsnAction ? new Set(m.dsnAction) : null,
  };
}

const COMPILED: CompiledRule[] = RULES.map(compile);
// Provider rules precede every generic rule in RULES (tested), so "the provider's own rules, then the
// generic ones" keeps the priority order while skipping other providers' rules without looking at them.
const BY_PROVIDER = new Map<string, CompiledRule[]>();
const GENERIC: CompiledRule[] = [];
for (const c of COMPILED) {
  const pid = c.rule.provider;
  if (pid === undefined) GENERIC.push(c);
  else {
    const list = BY_PROVIDER.get(pid) ?? [];
    list.push(c);
    BY_PROVIDER.set(pid, list);
  }
}

// Which generic rules a literal can wake: a rule whose every pattern has a literal prefilter can only
// match when one of its literals is in the text; the others (no text criterion, or a pattern without a
// prefilter) are always tried. findRule then runs `matches` only on those, in priority order.
const GENERIC_ALWAYS = new Uint8Array(GENERIC.length);
const RULES_OF_LITERAL = new Map<number, number[]>();
GENERIC.forEach((c, i) => {
  if (c.text === null || c.text.some((t) => t.lits === null)) {
    GENERIC_ALWAYS[i] = 1;
    return;
  }
  for (const t of c.text)
    for (const id of t.lits!) {
      const list = RULES_OF_LITERAL.get(id) ?? [];
      if (list[list.length - 1] !== i) list.push(i);
      RULES_OF_LITERAL.set(id, list);
    }
});
const CANDIDATE = new Uint8Array(GENERIC.length);

// Provider signatures share the literal table, so one scan of the text serves rules and providers.
const PROVIDER_LITS: (number[] | null)[] = PROVIDERS.map((p) => {
  const lits = p.text ? literalPrefilter(p.text) : null;
  return lits ? lits.map(literalId) : null;
});

function providerOf(
  text: string,
  found: Uint8Array,
  remoteMta: string | null,
  hints: string[],
  lower: string,
): string | null {
  if (hints.length > 0) return detectProvider(text, remoteMta, hints, lower);
  const byHost = providerFromHost(remoteMta);
  if (byHost) return byHost;
  for (let i = 0; i < PROVIDERS.length; i++) {
    const p = PROVIDERS[i]!;
    if (!p.text) continue;
    const lits = PROVIDER_LITS[i];
    if (lits && !anyFound(lits, found)) continue;
    if (p.text.test(text)) return p.id;
  }
  return providerFromQuotedHost(text);
}

// An enhanced code in running text: after a space, "#", "(" or "[" or at the start, and not the head of a
// longer dotted number (Yahoo's "4.16.55.1", IP addresses).
const ENHANCED_IN_TEXT = /(?:^|[\s#([])([245]\.\d{1,3}\.\d{1,3})(?![.\d])/;
const QUOTED_REPLY = /(?:^|\s)([245]\d\d)[- ]'([245]\.\d{1,3}\.\d{1,3}) ([^']{1,2000})'/;
const REPLY_IN_TEXT = /^\s{0,8}#?([2345]\d\d)(?:[\s-]|$)/;

/**
 * RFC 3463 section 2 allows 1-3 digit subjects, but only 0-7 exist; "4.16.55" (Yahoo's internal error
 * numbers) is not an enhanced code and would otherwise be read as one.
 */
function plausibleEnhanced(code: string | null): string | null {
  const c = code ? parseEnhancedCode(code) : null;
  return c && c.subject <= 7 ? c.code : null;
}

/**
 * Refused at the greeting or in reply to HELO/EHLO with nothing more specific said: the sending host was
 * turned away, `blocked` (sisimai's last resort, Reason::anotherone). A bare code of the syntax class
 * (X.5.x, 50x) cannot be about a command's syntax when no command had been sent yet.
 */
function refusedAtConnect(ruled: Reason, rule: Rule | null, stage: Stage | null): boolean {
  if (stage !== "connect" && stage !== "helo") return false;
  if (rule === null) return ruled === "onhold";
  // Generic words about an address or a domain ("Invalid domain name") before RCPT TO cannot be about the
  // recipient, who had not been named yet: they are about the client's own name (its HELO argument).
  if (RECIPIENT_REASONS.has(ruled) && tierOf(rule) === "generic") return true;
  return stage === "connect" && ruled === "syntaxerror" && rule.match.text === undefined;
}

const RECIPIENT_REASONS: ReadonlySet<Reason> = new Set(["userunknown", "hostunknown", "notaccept"]);

const STAGE_PATTERNS: [RegExp, Stage][] = [
  [
    /end of (?:DATA|data command|message)|after (?:end of )?data|after the message|\(in reply to end of/i,
    "after_data",
  ],
  [/in reply to (?:the )?RCPT|after RCPT|RCPT TO:? command|Recipient address rejected/i, "rcpt_to"],
  [/in reply to (?:the )?MAIL|after MAIL FROM|MAIL FROM:? command|Sender address rejected/i, "mail_from"],
  [/in reply to (?:the )?DATA|after DATA command|DATA command/i, "data"],
  [/in reply to (?:the )?(?:HELO|EHLO)|Helo command rejected|after (?:HELO|EHLO)/i, "helo"],
  [/in reply to (?:the )?AUTH|AUTH command/i, "auth"],
  [/initial (?:connection|greeting)|SMTP greeting|while connected|connection greeting|banner/i, "connect"],
];

// Stage phrases and blocklist names share the literal table too (one scan serves every prefilter).
const STAGE_LITS = STAGE_PATTERNS.map(([re]) => literalPrefilter(re)?.map(literalId) ?? null);
const BLOCKLIST_LITS = BLOCKLISTS.map((b) => literalPrefilter(b.re)?.map(literalId) ?? null);

function anyFound(lits: number[] | null, found: Uint8Array): boolean {
  if (lits === null) return true;
  for (const id of lits) if (found[id] === 1) return true;
  return false;
}

function inferStage(text: string, found: Uint8Array): Stage | null {
  for (let i = 0; i < STAGE_PATTERNS.length; i++) {
    if (!anyFound(STAGE_LITS[i]!, found)) continue;
    const [re, st] = STAGE_PATTERNS[i]!;
    if (re.test(text)) return st;
  }
  return null;
}

/**
 * All rule literals present in the text, found in one pass over it. A hash of each position's first three
 * characters says whether any literal can start there (4,096 slots, 4 KB: the table stays in the CPU
 * cache, so most positions cost one read); where one can, the literals are followed in a trie from that
 * position, so literals sharing a prefix ("mailbox ", "mailbox full", "mailbox is") are compared once,
 * not once each.
 */
const SLOT_BITS = 12;
/** Trie of the literals: node 0 is the root; children are a linked list (first child, next sibling). */
let TRIE_CHILD = new Int32Array(0);
let TRIE_NEXT = new Int32Array(0);
let TRIE_CODE = new Uint16Array(0);
/** Literal id ending at the node, or -1. */
let TRIE_TERM = new Int32Array(0);
/** The root's children by character code (-1: none), so a walk's first step is one read. */
let TRIE_ROOT = new Int32Array(0);
/** The nodes two ASCII characters down, by (first << 7 | second): most walks start there. */
let TRIE_ROOT2 = new Int32Array(0);
/** 1 where some literal's first three characters hash to the slot. */
let TRI_SLOTS: Uint8Array | null = null;
let FOUND = new Uint8Array(0);
/** The literal ids the last scanLiterals found, FOUND_COUNT of them (valid while FOUND is that scan's). */
let FOUND_IDS = new Uint32Array(0);
let FOUND_COUNT = 0;

function triSlot(s: string, i: number): number {
  const k =
    ((s.charCodeAt(i) & 0x7f) << 14) | ((s.charCodeAt(i + 1) & 0x7f) << 7) | (s.charCodeAt(i + 2) & 0x7f);
  return Math.imul(k, 0x9e3779b1) >>> (32 - SLOT_BITS);
}

function buildTrie(): Uint8Array {
  if (TRI_SLOTS) return TRI_SLOTS;
  const slots = new Uint8Array(1 << SLOT_BITS);
  const child: number[] = [-1];
  const next: number[] = [-1];
  const code: number[] = [0];
  const term: number[] = [-1];
  LITERALS.forEach((l, id) => {
    slots[triSlot(l, 0)] = 1;
    let node = 0;
    for (let k = 0; k < l.length; k++) {
      const c = l.charCodeAt(k);
      let x = child[node]!;
      while (x !== -1 && code[x] !== c) x = next[x]!;
      if (x === -1) {
        x = code.length;
        child.push(-1);
        next.push(child[node]!);
        code.push(c);
        term.push(-1);
        child[node] = x;
      }
      node = x;
    }
    term[node] = id;
  });
  TRIE_CHILD = Int32Array.from(child);
  TRIE_NEXT = Int32Array.from(next);
  TRIE_CODE = Uint16Array.from(code);
  TRIE_TERM = Int32Array.from(term);
  TRIE_ROOT = new Int32Array(65536).fill(-1);
  TRIE_ROOT2 = new Int32Array(1 << 14).fill(-1);
  for (let x = child[0]!; x !== -1; x = next[x]!) {
    TRIE_ROOT[code[x]!] = x;
    if (code[x]! < 128)
      for (let y = child[x]!; y !== -1; y = next[y]!)
        if (code[y]! < 128) TRIE_ROOT2[(code[x]! << 7) | code[y]!] = y;
  }
  TRI_SLOTS = slots;
  FOUND = new Uint8Array(LITERALS.length);
  FOUND_IDS = new Uint32Array(LITERALS.length);
  return slots;
}

/** Marks every literal present in `lower`; the returned buffer is reused by the next call. */
function scanLiterals(lower: string): Uint8Array {
  const slots = buildTrie();
  // Module bindings read once into locals for the loop.
  const found = FOUND;
  const foundIds = FOUND_IDS;
  const root = TRIE_ROOT;
  const root2 = TRIE_ROOT2;
  const childOf = TRIE_CHILD;
  const nextOf = TRIE_NEXT;
  const codeOf = TRIE_CODE;
  const termOf = TRIE_TERM;
  let count = FOUND_COUNT;
  for (let k = 0; k < count; k++) found[foundIds[k]!] = 0;
  count = 0;
  const n = lower.length;
  for (let i = 0; i + 2 < n; i++) {
    if (slots[triSlot(lower, i)] === 0) continue;
    const c0 = lower.charCodeAt(i);
    const c1 = lower.charCodeAt(i + 1);
    let node: number;
    let q: number;
    // Every literal has three characters or more, so no node above the third ends one.
    if ((c0 | c1) < 128) {
      node = root2[(c0 << 7) | c1]!;
      q = i + 2;
    } else {
      node = root[c0]!;
      q = i + 1;
    }
    for (; node !== -1; q++) {
      const id = termOf[node]!;
      if (id !== -1 && found[id] === 0) {
        found[id] = 1;
        foundIds[count++] = id;
      }
      if (q >= n) break;
      const c = lower.charCodeAt(q);
      let x = childOf[node]!;
      while (x !== -1 && codeOf[x] !== c) x = nextOf[x]!;
      node = x;
    }
  }
  FOUND_COUNT = count;
  return found;
}

function matches(
  c: CompiledRule,
  text: string,
  found: Uint8Array,
  reply: number | null,
  enh: string | null,
  stage: Stage | null,
  action: string | null,
): boolean {
  if (c.codes && (reply === null || !c.codes.has(reply))) return false;
  if (c.exact && c.prefixes) {
    if (enh === null) return false;
    if (!c.exact.has(enh)) {
      let ok = false;
      for (const p of c.prefixes) if (enh.startsWith(p)) ok = true;
      if (!ok) return false;
    }
  }
  if (c.stages && (stage === null || !c.stages.has(stage))) return false;
  if (c.actions && (action === null || !c.actions.has(action))) return false;
  if (c.text) {
    let any = false;
    for (const t of c.text) {
      if (t.lits) {
        let hit = false;
        for (const id of t.lits) {
          if (found[id] === 1) {
            hit = true;
            break;
          }
        }
        if (!hit) continue;
      }
      if (t.re.test(text)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

/** The first rule (in priority order) that explains the bounce, or null. */
export function findRule(
  text: string,
  provider: string | null,
  reply: number | null,
  enh: string | null,
  stage: Stage | null,
  lower: string = text.toLowerCase(),
  found: Uint8Array = scanLiterals(lower),
  action: string | null = null,
): Rule | null {
  if (provider !== null) {
    const own = BY_PROVIDER.get(provider);
    if (own) for (const c of own) if (matches(c, text, found, reply, enh, stage, action)) return c.rule;
  }
  // Wake the rules whose literals are in the text (the found list belongs to `found` when it is the
  // shared scan buffer; any other buffer is read whole). No closure here: one per call was measurable.
  WOKEN_COUNT = 0;
  if (found === FOUND) for (let k = 0; k < FOUND_COUNT; k++) wake(FOUND_IDS[k]!);
  else for (let id = 0; id < found.length; id++) if (found[id] === 1) wake(id);
  let hit: Rule | null = null;
  for (let i = 0; i < GENERIC.length; i++) {
    if (GENERIC_ALWAYS[i] === 0 && CANDIDATE[i] === 0) continue;
    const c = GENERIC[i]!;
    if (matches(c, text, found, reply, enh, stage, action)) {
      hit = c.rule;
      break;
    }
  }
  for (let k = 0; k < WOKEN_COUNT; k++) CANDIDATE[WOKEN[k]!] = 0;
  return hit;
}

/** The generic rules woken by the current findRule, WOKEN_COUNT of them (CANDIDATE marks them). */
const WOKEN = new Uint32Array(GENERIC.length);
let WOKEN_COUNT = 0;

function wake(id: number): void {
  const rules = RULES_OF_LITERAL.get(id);
  if (rules === undefined) return;
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k]!;
    if (CANDIDATE[r] === 0) {
      CANDIDATE[r] = 1;
      WOKEN[WOKEN_COUNT++] = r;
    }
  }
}

const REASON_PHRASES: Record<Reason, string> = {
  userunknown: "the recipient address does not exist",
  mailboxfull: "the recipient's mailbox is full",
  suspend: "the recipient's account is disabled or inactive",
  hasmoved: "the recipient's mailbox has moved",
  filtered: "the recipient filters mail from this sender",
  norelaying: "the server will not relay for this sender",
  authfailure: "it failed sender authentication (SPF/DKIM/DMARC)",
  requireptr: "the sending IP has no valid reverse DNS (PTR)",
  blocked: "the sending IP or domain is blocked",
  badreputation: "of the sender's poor reputation",
  spamdetected: "it was judged to be spam",
  virusdetected: "it contained a virus or dangerous content",
  policyviolation: "of the receiver's policy",
  rejected: "the sender address was refused",
  securityerror: "the client did not authenticate (or security requirements were not met)",
  contenterror: "of a content or encoding error",
  mesgtoobig: "the message is too big",
  exceedlimit: "the message exceeds the recipient's limit",
  speeding: "the sender is sending too fast",
  toomanyconn: "of too many connections or recipients",
  expired: "delivery kept failing until the message expired",
  hostunknown: "the recipient domain does not exist or has no mail server",
  notaccept: "the destination does not accept mail",
  networkerror: "of a network or connection error",
  systemerror: "of a problem on the receiving system",
  systemfull: "the receiving system is out of storage",
  syntaxerror: "of a syntax error in a command or address",
  notcompliantrfc: "the message is not RFC 5322 compliant",
  failedstarttls: "TLS (STARTTLS) is required or failed",
  onhold: "it is on hold",
  undefined: "of an unspecified error",
  delivered: "",
  feedback: "",
  vacation: "",
};

function summarize(
  d: Omit<Diagnosis, "summary" | "fix" | "linkedChecks" | "ruleId">,
  codeOnly: boolean,
): string {
  const who = providerName(d.provider) ?? "The receiving server";
  const code = d.enhancedCode ?? (d.replyCode !== null ? String(d.replyCode) : null);
  const codePart = code ? ` (${code})` : "";
  if (d.reason === "delivered") return `${who} accepted the message${codePart}: nothing to fix.`;
  if (d.reason === "vacation") return `An automatic reply (out of office), not a bounce: nothing to fix.`;
  if (d.reason === "feedback")
    return `A spam complaint (feedback report)${d.recipient ? ` from ${d.recipient}` : ""}: ${d.action}.`;
  if (d.family === "unknown") {
    return `${who} refused or delayed the message${codePart}, but the reply does not say why in words we recognise: ${d.action}.`;
  }
  const verb = d.permanent === false ? "deferred" : "rejected";
  let tail = d.action;
  if (d.family === "authentication" && d.senderDomain)
    tail = `${d.action.replace(/ for the sender domain$/, "")} for ${d.senderDomain}`;
  if (d.family === "reputation" && d.sendingIp) tail = `${d.action} (${d.sendingIp})`;
  if (d.blocklist) tail = `${tail}; listed on ${d.blocklist.name}`;
  const hedge = codeOnly ? " (judged from the status code alone)" : "";
  return `${who} ${verb} the message because ${REASON_PHRASES[d.reason]}${codePart}${hedge}: ${tail}.`;
}

function namedBlocklist(text: string, found: Uint8Array): Blocklist | null {
  for (let i = 0; i < BLOCKLISTS.length; i++) {
    const b = BLOCKLISTS[i]!;
    if (anyFound(BLOCKLIST_LITS[i]!, found) && b.re.test(text))
      return { name: b.name, lookupUrl: b.lookupUrl };
  }
  return null;
}

const MEANINGS = new Map<string, string | null>();
function meaningOf(code: string): string | null {
  let m = MEANINGS.get(code);
  if (m === undefined) {
    m = describeEnhancedCode(code);
    if (MEANINGS.size < 4096) MEANINGS.set(code, m);
  }
  return m;
}

/**
 * Codes a provider uses with its own meaning, not the registry's (RFC 3463 and the IANA registry): Microsoft
 * answers an unknown recipient with 5.1.10 (registered as "recipient address has null MX", RFC 7505), and
 * Gmail's X.7.27 to X.7.30 name its sender-authentication checks (registered: null MX, ARC, REQUIRETLS),
 * Yahoo's 5.7.9 is a policy refusal (registered: authentication mechanism too weak).
 */
const PROVIDER_MEANINGS: Record<string, Record<string, string>> = {
  microsoft: {
    "5.1.10": "Permanent failure: Recipient not found (Microsoft 365: RESOLVER.ADR.RecipientNotFound)",
  },
  yahoo: {
    "5.7.9": "Permanent failure: Message not accepted for policy reasons (Yahoo)",
  },
  gmail: {
    "5.7.26": "Permanent failure: Sender authentication failed (Gmail: SPF/DKIM/DMARC)",
    "5.7.27": "Permanent failure: Sender authentication failed (Gmail: SPF did not pass)",
    "4.7.27": "Persistent transient failure: Sender authentication failed (Gmail: SPF did not pass)",
    "4.7.28": "Persistent transient failure: Unusual rate of unsolicited mail (Gmail rate limit)",
    "5.7.28": "Permanent failure: Unusual rate of unsolicited mail (Gmail)",
    "5.7.29": "Permanent failure: Sender authentication failed (Gmail: unauthenticated sender)",
    "4.7.29": "Persistent transient failure: Sender authentication failed (Gmail: unauthenticated sender)",
    "5.7.30": "Permanent failure: Sender authentication failed (Gmail: DKIM did not pass)",
    "4.7.30": "Persistent transient failure: Sender authentication failed (Gmail: DKIM did not pass)",
  },
};

function providerMeaning(provider: string | null, code: string): string | null {
  return provider ? (PROVIDER_MEANINGS[provider]?.[code] ?? null) : null;
}

const NO_RETRY_WORDS = /will not succeed|do not retry|don't retry|permanently (?:deferred|rejected|blocked)/i;

/** Classifies one parsed bounce into a full diagnosis. Pure and synchronous. */
export function classify(p: ParsedBounce): Diagnosis {
  let text = p.text.length > MAX_CLASSIFY_CHARS ? p.text.slice(0, MAX_CLASSIFY_CHARS) : p.text;
  let replyCode = p.replyCode;
  let enhanced = plausibleEnhanced(p.enhancedCode);
  // A relay's own status wrapping the remote server's reply in quotes (Amazon SES: "5.1.0 - Unknown address
  // error 550-'5.7.1 <...>... Access denied'"): the quoted reply is what the receiving server said.
  const quoted = text.includes("'") ? QUOTED_REPLY.exec(text) : null;
  if (quoted) {
    replyCode = Number(quoted[1]);
    enhanced = plausibleEnhanced(quoted[2]!) ?? enhanced;
    text = quoted[3]!;
  }
  const lower = text.toLowerCase();

  if (replyCode === null) {
    const m = REPLY_IN_TEXT.exec(text);
    if (m) replyCode = Number(m[1]);
  }
  if (enhanced === null) {
    const m = ENHANCED_IN_TEXT.exec(text);
    if (m) enhanced = plausibleEnhanced(m[1]!);
  }
  const found = scanLiterals(lower);
  const stage = p.stage ?? inferStage(text, found);
  const provider = providerOf(text, found, p.remoteMta, p.hints, lower);

  const action = p.dsnAction?.toLowerCase() ?? null;
  // The notice's own MTA speaks first when its words name the failure (lib/bounce/mta).
  const mta = detectMta(p.hints);
  let rule =
    (mta ? mtaRule(mta, text, p.hints) : null) ??
    findRule(text, provider, replyCode, enhanced, stage, lower, found, action);
  // A DSN that says "delivered"/"relayed"/"expanded" with nothing failing is a success report (RFC 3464 2.3.3).
  if (!rule && action !== null && /^(?:delivered|relayed|expanded)$/.test(action)) {
    rule = RULES.find((r) => r.id === "generic.delivered") ?? null;
  }

  // No rule explains words that are there: sisimai's "onhold" (not enough to judge), keeping "undefined" for a
  // bounce that carries no words at all. The family stays unknown and the advice that of "undefined".
  const ruled: Reason = rule?.reason ?? (/\S/.test(text) ? "onhold" : "undefined");
  const fromMessage = p.hints.length > 0 || action !== null;
  const reason = refusedAtConnect(ruled, rule, stage)
    ? "blocked"
    : applyPrecedence(ruled, rule, enhanced, p.stage, fromMessage);
  const family: Family = reason === ruled ? (rule?.family ?? "unknown") : REASON_DEFAULTS[reason].family;
  const defaults = REASON_DEFAULTS[rule || reason !== ruled ? reason : "undefined"];
  // Advice follows the reason: a revised verdict takes its reason's defaults, not the rule's.
  const advice = reason === ruled ? rule : null;

  let permanent: boolean | null = null;
  const klass = enhanced ? Number(enhanced[0]) : replyCode !== null ? Math.floor(replyCode / 100) : null;
  if (klass === 5 || klass === 4) permanent = permanenceOfClass(klass);
  // The sending MTA gave up: final for this message, whatever the last (temporary) reply was.
  if (action === "failed" && klass === 4) permanent = true;
  else if (klass === null && action === "failed") permanent = true;
  else if (klass === null && action === "delayed") permanent = false;
  if (reason === "delivered" || reason === "vacation" || reason === "feedback") permanent = null;

  let retry: boolean;
  // A full mailbox is a soft bounce even when refused with 5.2.2 (sisimai: not a hard bounce): the recipient
  // may make room, so a later message may get through; the advice "retry later" must agree.
  if (reason === "mailboxfull") retry = !NO_RETRY_WORDS.test(text);
  else if (permanent === true) retry = false;
  else if (permanent === false) retry = !(/not|permanent/.test(lower) && NO_RETRY_WORDS.test(text));
  else retry = advice?.retry ?? defaults.retry;

  let blocklist: Blocklist | null = null;
  if (rule?.blocklist)
    blocklist = typeof rule.blocklist === "function" ? rule.blocklist(text) : rule.blocklist;
  if (!blocklist && family === "reputation") blocklist = namedBlocklist(text, found);

  const codeOnly =
    rule !== null &&
    rule.match.text === undefined &&
    (rule.id.startsWith("code.") || rule.id.startsWith("reply."));
  // One object literal with every field (no spread): a single stable shape that V8 allocates cheaply.
  const d: Diagnosis = {
    replyCode,
    enhancedCode: enhanced,
    enhancedMeaning: enhanced ? (providerMeaning(provider, enhanced) ?? meaningOf(enhanced)) : null,
    permanent,
    family,
    reason,
    provider,
    stage,
    recipient: p.recipient,
    // The reply's own words name the sender's domain when the bounce came without the original message.
    senderDomain: p.senderDomain ?? senderDomainFromReply(text, lower),
    sendingIp: p.sendingIp,
    remoteMta: p.remoteMta,
    blocklist,
    action: advice?.action ?? defaults.action,
    retry,
    summary: "",
    fix: advice?.fix ?? defaults.fix,
    linkedChecks: advice?.linkedChecks ?? defaults.linkedChecks,
    ruleId: rule?.id ?? null,
  };
  d.summary = summarize(d, codeOnly);
  // Copies, so callers may modify a diagnosis without touching the shared rule data.
  d.fix = blocklist?.lookupUrl
    ? [`Look up the sending IP on ${blocklist.name}: ${blocklist.lookupUrl}`, ...d.fix]
    : d.fix.slice();
  d.linkedChecks = d.linkedChecks.slice();
  return d;
}

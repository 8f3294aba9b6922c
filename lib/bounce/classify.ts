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
  PROVIDER_LITERALS,
  type ProviderScan,
  detectProviderScanned,
  providerScan,
  providerName,
} from "@/lib/bounce/providers";
import { RULES } from "@/lib/bounce/rules";
import type { Blocklist, Rule } from "@/lib/bounce/rules/types";
import type { MtaModule } from "@/lib/bounce/mta/types";
import { BLOCKLISTS } from "@/lib/bounce/rules/blocklists";
import { MIN_LITERAL, literalPrefilter } from "@/lib/bounce/rules/prefilter";
import { LiteralHits, LiteralTable } from "@/lib/bounce/rules/literal-scan";
import { REASON_DEFAULTS } from "@/lib/bounce/rules/defaults";
import { MTA_DETECT_LITERALS, type MtaHintScan, detectMta, mtaRule } from "@/lib/bounce/mta";
import { applyPrecedence, tierOf } from "@/lib/bounce/precedence";
import { senderDomainFromReply } from "@/lib/bounce/parse/addr";
import { charCodeAt, indexOf, slice, toLowerCase } from "@/lib/string-fns";

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

/** Every literal the classifier's prefilters name (rules, providers, stages, blocklists): one scan serves all. */
const TEXT_LITERALS = new LiteralTable();

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
          return { re, lits: TEXT_LITERALS.ids(literalPrefilter(re)) };
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
// generic ones" keeps the priority order while skipping other providers' rules.
/** Every provider's rules, in priority order, and the provider of each. */
const OWN: CompiledRule[] = [];
const OWN_PROVIDER: string[] = [];
const GENERIC: CompiledRule[] = [];
for (const c of COMPILED) {
  const pid = c.rule.provider;
  if (pid === undefined) GENERIC.push(c);
  else {
    OWN.push(c);
    OWN_PROVIDER.push(pid);
  }
}

/** Whether a rule can only match where one of its patterns' literals is in the text (see below). */
const prefiltered = (c: CompiledRule): boolean => c.text !== null && c.text.every((t) => t.lits !== null);

// A provider's own rules are woken like the generic ones below: by the literals in the text, or, when a
// pattern has no prefilter (or the rule none), on every bounce of that provider.
/** By provider: the indices (in OWN) of its rules tried on every bounce of it (an entry per provider). */
const OWN_ALWAYS = new Map<string, number[]>();
/** By literal id: the indices (in OWN) of the provider rules it wakes, whatever their provider. */
const OWN_OF_LITERAL: (number[] | undefined)[] = [];
OWN.forEach((c, i) => {
  const always = OWN_ALWAYS.get(OWN_PROVIDER[i]!) ?? [];
  OWN_ALWAYS.set(OWN_PROVIDER[i]!, always);
  if (!prefiltered(c)) {
    always.push(i);
    return;
  }
  for (const t of c.text!)
    for (const id of t.lits!) {
      const list = (OWN_OF_LITERAL[id] ??= []);
      if (list[list.length - 1] !== i) list.push(i);
    }
});

// Which generic rules a literal can wake: a rule whose every pattern has a literal prefilter can only
// match when one of its literals is in the text. The others, when they require an enhanced code (or else
// a reply code), are woken by the bounce's code instead; the rest are always tried. findRule then runs
// `matches`, which checks every criterion again, only on those, in priority order.
/** The generic rules tried on every bounce (by index in GENERIC). */
const GENERIC_ALWAYS: number[] = [];
const RULES_OF_LITERAL: (number[] | undefined)[] = [];
/**
 * By enhanced code: the rules requiring it. Prefixes ending with a dot ("5.", "5.7.") are listed here
 * first, then moved to RULES_OF_CLASS and RULES_OF_SUBJECT below.
 */
const RULES_OF_ENHANCED = new Map<string, number[]>();
const RULES_OF_REPLY = new Map<number, number[]>();
function addTo<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key) ?? [];
  if (list[list.length - 1] !== i) list.push(i);
  map.set(key, list);
}
GENERIC.forEach((c, i) => {
  if (!prefiltered(c)) {
    if (c.exact && c.prefixes)
      for (const key of [...c.exact, ...c.prefixes]) addTo(RULES_OF_ENHANCED, key, i);
    else if (c.codes) for (const code of c.codes) addTo(RULES_OF_REPLY, code, i);
    else GENERIC_ALWAYS.push(i);
    return;
  }
  for (const t of c.text!)
    for (const id of t.lits!) {
      const list = (RULES_OF_LITERAL[id] ??= []);
      if (list[list.length - 1] !== i) list.push(i);
    }
});

// The prefixes listed are a class ("5.") or a class and subject ("5.7.", the subject without a leading
// zero, RFC 3463 section 2): keyed by numbers, a code's prefixes are looked up without making a string of
// each. A prefix of another shape is a mistake in the rules, refused when they load.
const PREFIX_SHAPE = /^([245])\.(?:(0|[1-9]\d{0,2})\.)?$/;
/** By the class digit's character code: the rules requiring that class. */
const RULES_OF_CLASS = new Map<number, number[]>();
/** By class digit's character code * 1000 + subject: the rules requiring that class and subject. */
const RULES_OF_SUBJECT = new Map<number, number[]>();
for (const [key, rules] of RULES_OF_ENHANCED) {
  if (!key.endsWith(".")) continue;
  const m = PREFIX_SHAPE.exec(key);
  if (!m) throw new Error(`enhanced-code prefix of an unexpected shape in the rules: ${key}`);
  if (m[2] === undefined) RULES_OF_CLASS.set(key.charCodeAt(0), rules);
  else RULES_OF_SUBJECT.set(key.charCodeAt(0) * 1000 + Number(m[2]), rules);
  RULES_OF_ENHANCED.delete(key);
}

/**
 * The subject of `enh` as a number, when the text from `from` to the dot at `dot` is one written as a
 * listed prefix writes it (one to three digits, no leading zero); else -1.
 */
function subjectAt(enh: string, from: number, dot: number): number {
  const len = dot - from;
  if (len < 1 || len > 3 || (len > 1 && enh.charCodeAt(from) === 48)) return -1;
  let n = 0;
  for (let i = from; i < dot; i++) {
    const c = enh.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

// Provider signatures share the literal table, so one scan of the text serves rules and providers; the
// hints (header lines) are scanned once on their own for the providers' and the MTA modules' literals.
const PROVIDER_TEXT_IDS = PROVIDER_LITERALS.map((l) => TEXT_LITERALS.ids(l));
const HINT_LITERALS = new LiteralTable();
const PROVIDER_HINT_IDS = PROVIDER_LITERALS.map((l) => HINT_LITERALS.ids(l));
/**
 * Openings the parser writes into most notices' hints (lib/bounce/parse): its field labels, and the usual
 * sender of a notice. An MTA module's literal made of one of these and a tail ("subject: auto reply",
 * "mailer-daemon@gmail.com") is scanned for by its tail alone, which occurs wherever the whole does: the
 * gate is as sound, and the scan no longer walks the trie along the opening at every hint that has it.
 */
const HINT_OPENINGS = [
  "from: ",
  "subject: ",
  "x-failed-recipients: ",
  "x-spasign: ",
  "header: x-",
  "report-type: ",
  "feedback-type: ",
  "x-powermta-bouncecategory: ",
  "mailer-daemon",
];
function hintTail(literal: string): string {
  let tail = literal;
  for (const o of HINT_OPENINGS)
    if (
      literal.startsWith(o) &&
      literal.length - o.length >= MIN_LITERAL &&
      literal.length - o.length < tail.length
    )
      tail = literal.slice(o.length);
  return tail;
}
const MTA_HINT_IDS = MTA_DETECT_LITERALS.map((m) =>
  m.map((lits) => HINT_LITERALS.ids(lits ? lits.map(hintTail) : null)),
);

/** The scan buffers (reused by every call) and the provider and MTA module scan states over them. */
let TEXT_HITS: LiteralHits | null = null;
let HINT_HITS: LiteralHits | null = null;
let PROVIDER_SCAN: ProviderScan | null = null;
let MTA_SCAN: MtaHintScan | null = null;

/** Marks every literal present in `lower`; the returned buffer is reused by the next call. */
function scanLiterals(lower: string): LiteralHits {
  return TEXT_LITERALS.scan(lower, (TEXT_HITS ??= TEXT_LITERALS.hits()));
}

/**
 * What a bounce's hints say on their own: their joined and lower-cased forms, the MTA module they name,
 * and (in HINT_HITS, until the next hint scan) their literals. The recipients of one notice share its
 * hints, so this is worked out once per notice (see classifyAll).
 */
interface HintFacts {
  hints: readonly string[];
  joined: string;
  lower: string;
  mta: MtaModule | null;
}

function sameHints(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hintFacts(hints: readonly string[]): HintFacts {
  const hintHits = (HINT_HITS ??= HINT_LITERALS.hits());
  const joined = hints.length > 0 ? hints.join("\n") : "";
  const lower = joined.toLowerCase();
  // Cleared when there are no hints too: the buffer must not keep another notice's literals.
  HINT_LITERALS.scan(lower, hintHits);
  const mta = detectMta(hints, (MTA_SCAN ??= { hits: hintHits, ids: MTA_HINT_IDS }));
  return { hints, joined, lower, mta };
}

/** The provider of one bounce, from its text (scanned into `found`), remote MTA and hints. */
function providerOf(text: string, found: LiteralHits, remoteMta: string | null, h: HintFacts): string | null {
  // `found` is always the one text buffer (TEXT_HITS), the hints' always HINT_HITS: the scan state is made once.
  PROVIDER_SCAN ??= providerScan(found, PROVIDER_TEXT_IDS, HINT_HITS!, PROVIDER_HINT_IDS);
  return detectProviderScanned(text, remoteMta, h.hints, h.joined, h.lower, PROVIDER_SCAN);
}

// An enhanced code in running text: after a space, "#", "(" or "[" or at the start, and not the head of a
// longer dotted number (Yahoo's "4.16.55.1", IP addresses).
const ENHANCED_IN_TEXT = /(?:^|[\s#([])([245]\.\d{1,3}\.\d{1,3})(?![.\d])/;
const QUOTED_REPLY = /(?:^|\s)([245]\d\d)[- ]'([245]\.\d{1,3}\.\d{1,3}) ([^']{1,2000})'/;
const REPLY_IN_TEXT = /^\s{0,8}#?([2345]\d\d)(?:[\s-]|$)/;
const NON_SPACE = /\S/;
const NOT_OR_PERMANENT = /not|permanent/;

/**
 * Whether `text` opens with a character REPLY_IN_TEXT's match can open with: white space, "#" or a class
 * digit 2-5. Every \s character is at or below U+0020 or at or above U+00A0, so a text opening with a
 * letter, which most replies without a code do, needs no regex call.
 */
function mayOpenWithReply(text: string): boolean {
  const c = charCodeAt(text, 0);
  return c === 35 || (c >= 50 && c <= 53) || c <= 32 || c >= 160;
}

const isClassDigit = (c: number): boolean => c === 50 || c === 52 || c === 53;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Whether `text` holds what every ENHANCED_IN_TEXT match does: a class digit, a dot and a digit. Most
 * replies without a code hold no such triple, and a search for dots costs a fraction of the regex, which
 * tries its opening at every position.
 */
function mayHoldEnhanced(text: string): boolean {
  for (let j = text.indexOf(".", 1); j !== -1; j = text.indexOf(".", j + 1))
    if (isClassDigit(text.charCodeAt(j - 1)) && isDigit(text.charCodeAt(j + 1))) return true;
  return false;
}

/**
 * Whether `text` holds what every QUOTED_REPLY match opens with: a reply code, "-" or " ", a quote, a class
 * digit and a dot. Prose quotes ("don't") rarely follow a code, so the regex seldom has to run.
 */
function mayQuoteReply(text: string): boolean {
  for (let j = indexOf(text, "'", 4); j !== -1; j = indexOf(text, "'", j + 1)) {
    const sep = charCodeAt(text, j - 1);
    if (
      (sep === 45 || sep === 32) &&
      isClassDigit(charCodeAt(text, j - 4)) &&
      isDigit(charCodeAt(text, j - 3)) &&
      isDigit(charCodeAt(text, j - 2)) &&
      isClassDigit(charCodeAt(text, j + 1)) &&
      charCodeAt(text, j + 2) === 46
    )
      return true;
  }
  return false;
}

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
const STAGE_LITS = STAGE_PATTERNS.map(([re]) => TEXT_LITERALS.ids(literalPrefilter(re)));
const BLOCKLIST_LITS = BLOCKLISTS.map((b) => TEXT_LITERALS.ids(literalPrefilter(b.re)));

function inferStage(text: string, found: LiteralHits): Stage | null {
  for (let i = 0; i < STAGE_PATTERNS.length; i++) {
    if (!found.any(STAGE_LITS[i]!)) continue;
    const [re, st] = STAGE_PATTERNS[i]!;
    if (re.test(text)) return st;
  }
  return null;
}

function matches(
  c: CompiledRule,
  text: string,
  found: LiteralHits,
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
      if (t.lits && !found.any(t.lits)) continue;
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
  found: LiteralHits = scanLiterals(lower),
  action: string | null = null,
): Rule | null {
  const ids = found.ids;
  if (provider !== null) {
    const always = OWN_ALWAYS.get(provider);
    if (always !== undefined) {
      for (let k = 0; k < found.count; k++) OWN_WOKEN.wake(OWN_OF_LITERAL[ids[k]!], OWN_PROVIDER, provider);
      OWN_WOKEN.wake(always, OWN_PROVIDER, provider);
      const own = OWN_WOKEN.first(text, found, reply, enh, stage, action);
      if (own !== null) return own;
    }
  }
  // Wake the rules whose literals are in the text, and those keyed by the codes. No closure here: one per
  // call was measurable.
  const woken = GENERIC_WOKEN;
  for (let k = 0; k < found.count; k++) woken.wake(RULES_OF_LITERAL[ids[k]!]);
  if (enh !== null) {
    woken.wake(RULES_OF_ENHANCED.get(enh));
    // The listed prefixes end at a code's first or second dot, the first one after the class digit.
    if (enh.charCodeAt(1) === 46) {
      const klass = enh.charCodeAt(0);
      woken.wake(RULES_OF_CLASS.get(klass));
      const dot = enh.indexOf(".", 2);
      const subject = dot === -1 ? -1 : subjectAt(enh, 2, dot);
      if (subject !== -1) woken.wake(RULES_OF_SUBJECT.get(klass * 1000 + subject));
    }
  }
  if (reply !== null) woken.wake(RULES_OF_REPLY.get(reply));
  woken.wake(GENERIC_ALWAYS);
  return woken.first(text, found, reply, enh, stage, action);
}

/**
 * The rules (of one list) woken for the current findRule, each once: a few, about nine of 205 on a bounce,
 * tried in priority order (their index in the list) without visiting the others.
 */
class WokenRules {
  private readonly marked: Uint8Array;
  private readonly woken: Uint32Array;
  private count = 0;

  constructor(private readonly rules: readonly CompiledRule[]) {
    this.marked = new Uint8Array(rules.length);
    this.woken = new Uint32Array(rules.length);
  }

  /** Wakes the rules at `indices`; with `owners`, only those whose owner is `owner`. */
  wake(indices: readonly number[] | undefined, owners?: readonly string[], owner?: string): void {
    if (indices === undefined) return;
    for (let k = 0; k < indices.length; k++) {
      const r = indices[k]!;
      if (this.marked[r] === 0 && (owners === undefined || owners[r] === owner)) {
        this.marked[r] = 1;
        this.woken[this.count++] = r;
      }
    }
  }

  /** The first woken rule that matches, in priority order (or null); the set is emptied for the next call. */
  first(
    text: string,
    found: LiteralHits,
    reply: number | null,
    enh: string | null,
    stage: Stage | null,
    action: string | null,
  ): Rule | null {
    const woken = this.woken;
    const count = this.count;
    // Sorted by insertion: there are a few.
    for (let k = 1; k < count; k++) {
      const r = woken[k]!;
      let j = k - 1;
      for (; j >= 0 && woken[j]! > r; j--) woken[j + 1] = woken[j]!;
      woken[j + 1] = r;
    }
    let hit: Rule | null = null;
    for (let k = 0; k < count; k++) {
      const c = this.rules[woken[k]!]!;
      if (matches(c, text, found, reply, enh, stage, action)) {
        hit = c.rule;
        break;
      }
    }
    for (let k = 0; k < count; k++) this.marked[woken[k]!] = 0;
    this.count = 0;
    return hit;
  }
}

const GENERIC_WOKEN = new WokenRules(GENERIC);
const OWN_WOKEN = new WokenRules(OWN);

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

/** blocklistFromText(text), with the prefilters checked against the text's literal scan. */
function namedBlocklist(text: string, found: LiteralHits): Blocklist | null {
  for (let i = 0; i < BLOCKLISTS.length; i++) {
    const b = BLOCKLISTS[i]!;
    if (found.any(BLOCKLIST_LITS[i]!) && b.re.test(text)) return { name: b.name, lookupUrl: b.lookupUrl };
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
const PROVIDER_MEANING_TEXTS: Record<string, Record<string, string>> = {
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

// In maps: the code is a string made per bounce, and an object's property lookup by such a string first
// looks it up in the engine's table of property names.
const PROVIDER_MEANINGS = new Map(
  Object.entries(PROVIDER_MEANING_TEXTS).map(([p, byCode]) => [p, new Map(Object.entries(byCode))]),
);

function providerMeaning(provider: string | null, code: string): string | null {
  return provider ? (PROVIDER_MEANINGS.get(provider)?.get(code) ?? null) : null;
}

const NO_RETRY_WORDS = /will not succeed|do not retry|don't retry|permanently (?:deferred|rejected|blocked)/i;
const NO_RETRY_LITS = TEXT_LITERALS.ids(literalPrefilter(NO_RETRY_WORDS));

/** Whether the text says retrying is pointless (gated by the text's literal scan, `found`). */
function saysNoRetry(text: string, found: LiteralHits): boolean {
  return found.any(NO_RETRY_LITS) && NO_RETRY_WORDS.test(text);
}

/** Classifies one parsed bounce into a full diagnosis. Pure and synchronous. */
export function classify(p: ParsedBounce): Diagnosis {
  return classifyWith(p, hintFacts(p.hints));
}

/**
 * Classifies each parsed bounce of one notice, as `parsed.map(classify)`: the recipients of a notice
 * share its hints, whose scan and MTA detection are done once for them all.
 */
export function classifyAll(parsed: readonly ParsedBounce[]): Diagnosis[] {
  const out: Diagnosis[] = [];
  let h: HintFacts | null = null;
  for (const p of parsed) {
    if (h === null || !sameHints(h.hints, p.hints)) h = hintFacts(p.hints);
    out.push(classifyWith(p, h));
  }
  return out;
}

/** A DSN action reporting success (RFC 3464 section 2.3.3). */
const SUCCESS_ACTIONS: ReadonlySet<string> = new Set(["delivered", "relayed", "expanded"]);
const DELIVERED_RULE = RULES.find((r) => r.id === "generic.delivered") ?? null;

function classifyWith(p: ParsedBounce, h: HintFacts): Diagnosis {
  let text = p.text.length > MAX_CLASSIFY_CHARS ? slice(p.text, 0, MAX_CLASSIFY_CHARS) : p.text;
  let replyCode = p.replyCode;
  let enhanced = plausibleEnhanced(p.enhancedCode);
  // A relay's own status wrapping the remote server's reply in quotes (Amazon SES: "5.1.0 - Unknown address
  // error 550-'5.7.1 <...>... Access denied'"): the quoted reply is what the receiving server said.
  const quoted = mayQuoteReply(text) ? QUOTED_REPLY.exec(text) : null;
  if (quoted) {
    replyCode = Number(quoted[1]);
    enhanced = plausibleEnhanced(quoted[2]!) ?? enhanced;
    text = quoted[3]!;
  }
  const lower = toLowerCase(text);

  if (replyCode === null) {
    const m = mayOpenWithReply(text) ? REPLY_IN_TEXT.exec(text) : null;
    if (m) replyCode = Number(m[1]);
  }
  if (enhanced === null) {
    const m = mayHoldEnhanced(text) ? ENHANCED_IN_TEXT.exec(text) : null;
    if (m) enhanced = plausibleEnhanced(m[1]!);
  }
  const found = scanLiterals(lower);
  const stage = p.stage ?? inferStage(text, found);
  const provider = providerOf(text, found, p.remoteMta, h);
  const mta = h.mta;

  const action = p.dsnAction?.toLowerCase() ?? null;
  // The notice's own MTA speaks first when its words name the failure (lib/bounce/mta).
  let rule =
    (mta ? mtaRule(mta, text, p.hints) : null) ??
    findRule(text, provider, replyCode, enhanced, stage, lower, found, action);
  // A DSN that says "delivered"/"relayed"/"expanded" with nothing failing is a success report (RFC 3464 2.3.3).
  if (!rule && action !== null && SUCCESS_ACTIONS.has(action)) rule = DELIVERED_RULE;

  // No rule explains words that are there: sisimai's "onhold" (not enough to judge), keeping "undefined" for a
  // bounce that carries no words at all. The family stays unknown and the advice that of "undefined".
  const ruled: Reason = rule?.reason ?? (NON_SPACE.test(text) ? "onhold" : "undefined");
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
  if (reason === "mailboxfull") retry = !saysNoRetry(text, found);
  else if (permanent === true) retry = false;
  else if (permanent === false) retry = !(saysNoRetry(text, found) && NOT_OR_PERMANENT.test(lower));
  else retry = advice?.retry ?? defaults.retry;

  // The blocklist a rule names, else (for a reputation refusal, or a rule deferring to the text) the one
  // the text names: asked at most once.
  const given = rule?.blocklist;
  let blocklist: Blocklist | null = null;
  if (typeof given === "function") blocklist = given(text);
  else if (given !== undefined && given !== "named") blocklist = given;
  if (!blocklist && (given === "named" || family === "reputation")) blocklist = namedBlocklist(text, found);

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

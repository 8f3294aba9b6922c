import { classify as defaultClassify } from "@/lib/bounce/classify";
import type { Diagnosis, Family, ParsedBounce, Reason } from "@/lib/bounce/types";
import { AppError } from "@/lib/errors";
import { domainOf, firstAddress, ipFromReplyText } from "@/lib/bounce/parse/addr";
import { stripControls } from "@/lib/bounce/parse/clean";

const CONTROL_TEST = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const cleanLine = (l: string) => (CONTROL_TEST.test(l) ? stripControls(l) : l);
import { parseBounce, parseReplyLine } from "@/lib/bounce/parse";
import { CsvReader, detectDelimiter } from "./csv";
import {
  csvColumns,
  detectFormat,
  parseCsvRecord,
  parseEximLine,
  parsePostfixLine,
  type BulkEvent,
  type BulkFormat,
  type CsvColumns,
} from "./formats";
import { readLineBatches, type BulkSource } from "./lines";

export type { BulkFormat } from "./formats";
export type { BulkSource } from "./lines";

export type Band = "low" | "watch" | "act";

export interface BulkExample {
  text: string;
  recipient: string | null;
  replyCode: number | null;
  enhancedCode: string | null;
}

export interface BulkGroup {
  key: string;
  /** Bounces + deferrals in this group. */
  count: number;
  bounces: number;
  deferrals: number;
  /** count / sent, when the sent figure is known. */
  share: number | null;
  band: Band | null;
  examples: BulkExample[];
}

export interface BulkAction {
  action: string;
  family: Family;
  reason: Reason;
  count: number;
  bounces: number;
  deferrals: number;
  /** count × severity of the family: the order actions are listed in. */
  score: number;
  share: number | null;
  band: Band | null;
  fix: string[];
  linkedChecks: string[];
  example: BulkExample | null;
}

export interface BulkSummary {
  format: BulkFormat;
  totals: {
    lines: number;
    bounces: number;
    deferrals: number;
    /** Deliveries seen in the log (Postfix status=sent, Exim =>), null when the format has none. */
    delivered: number | null;
    /** Non-empty lines/records that were not a recognised event. */
    unparsed: number;
    /** The sent figure shares are computed against: `totalSent` when given, else delivered + bounced. */
    sent: number | null;
    sentSource: "given" | "log" | null;
    bounceRate: number | null;
    band: Band | null;
  };
  groups: {
    family: BulkGroup[];
    enhancedCode: BulkGroup[];
    recipientDomain: BulkGroup[];
    provider: BulkGroup[];
    sendingIp: BulkGroup[];
  };
  actions: BulkAction[];
  /** True when a grouping had more distinct keys than kept (the rest are counted under "other"). */
  truncated: boolean;
  elapsedMs: number;
}

export interface AnalyzeOptions {
  totalSent?: number;
  format?: "auto" | BulkFormat;
  classify?: (p: ParsedBounce) => Diagnosis;
  maxExamples?: number;
  /** Groups listed per grouping (default 20). */
  topN?: number;
  /** Distinct keys kept per grouping before counting under "other" (default 10,000). */
  maxKeys?: number;
}

/** Priority bands of the bounce-rate guides: under 1 % low, 1-3 % watch, over 3 % act. */
export function bandOf(share: number | null): Band | null {
  if (share === null || !Number.isFinite(share)) return null;
  if (share < 0.01) return "low";
  if (share <= 0.03) return "watch";
  return "act";
}

/** How much one event of a family weighs when ordering actions (sender-side fixes first). */
const SEVERITY: Record<Family, number> = {
  authentication: 3,
  reputation: 3,
  relay: 2.5,
  content: 2,
  policy: 2,
  protocol: 2,
  routing: 1.5,
  rate_limit: 1.5,
  mailbox: 1,
  mailbox_state: 1,
  transient: 0.5,
  unknown: 0.5,
};

const OTHER = "other";
const UNKNOWN = "unknown";
const MAX_MBOX_MESSAGE_CHARS = 1024 * 1024;
const CACHE_MAX = 20_000;

interface Acc {
  count: number;
  bounces: number;
  deferrals: number;
  examples: BulkExample[];
}

/**
 * A copy of `s` that shares no memory with the text it was cut from. Parsed fields are often slices of a
 * log line, and V8 keeps a slice's whole parent string (the line, and the read chunk the line is a slice
 * of) alive: the few strings kept for the whole run (group keys, examples) must not pin the chunks of a
 * gigabyte log. UTF-16 round trip: exact for any string, lone surrogates included.
 */
function detached(s: string): string {
  return Buffer.from(s, "utf16le").toString("utf16le");
}

/** An example as kept for the whole run: its strings detached from the line they were read from. */
function kept(e: BulkExample): BulkExample {
  return {
    ...e,
    text: detached(e.text),
    recipient: e.recipient === null ? null : detached(e.recipient),
    enhancedCode: e.enhancedCode === null ? null : detached(e.enhancedCode),
  };
}

class Grouping {
  readonly map = new Map<string, Acc>();
  truncated = false;
  constructor(
    private readonly maxKeys: number,
    private readonly maxExamples: number,
  ) {}

  add(key: string, kind: "bounce" | "deferral", ex: () => BulkExample): void {
    let a = this.map.get(key);
    if (!a) {
      if (this.map.size >= this.maxKeys) {
        this.truncated = true;
        key = OTHER;
        a = this.map.get(key);
      }
      if (!a) {
        a = { count: 0, bounces: 0, deferrals: 0, examples: [] };
        this.map.set(detached(key), a);
      }
    }
    a.count++;
    if (kind === "bounce") a.bounces++;
    else a.deferrals++;
    if (a.examples.length < this.maxExamples) {
      const e = ex();
      if (!a.examples.some((x) => x.text === e.text)) a.examples.push(kept(e));
    }
  }

  top(n: number, sent: number | null): BulkGroup[] {
    return [...this.map.entries()]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([key, a]) => {
        const share = sent ? a.count / sent : null;
        return {
          key,
          count: a.count,
          bounces: a.bounces,
          deferrals: a.deferrals,
          share,
          band: bandOf(share),
          examples: a.examples,
        };
      });
  }
}

/**
 * Key of the classification cache: the reply with what varies per message masked (addresses, IPs,
 * hex/queue ids, numbers), so "550 5.1.1 <a@x>: unknown" and "550 5.1.1 <b@y>: unknown" classify once.
 * The remote host is part of the key (the provider is detected from it), digits masked too.
 */
export function cacheKey(p: ParsedBounce): string {
  let t = p.text.length > 600 ? p.text.slice(0, 600) : p.text;
  if (t.includes("@")) t = t.replace(/[^\s<>()[\]"',;:]{1,64}@[^\s<>()[\]"',;:]{1,255}/g, "@");
  t = t
    .replace(/[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}/gi, "#")
    .replace(/\b[0-9A-Za-z_-]*\d[0-9A-Za-z_-]*\b/g, "#");
  const host = p.remoteMta ? p.remoteMta.replace(/\d+/g, "#") : "";
  return `${p.replyCode}|${p.enhancedCode}|${p.stage}|${host}|${p.dsnAction}|${t}`;
}

/** The parts of a diagnosis that depend only on the cache key. */
type Classified = Pick<
  Diagnosis,
  "family" | "reason" | "provider" | "action" | "fix" | "linkedChecks" | "enhancedCode"
>;

class Lru {
  private m = new Map<string, Classified>();
  hits = 0;
  misses = 0;
  constructor(private readonly max: number) {}
  get(k: string): Classified | undefined {
    const v = this.m.get(k);
    if (v !== undefined) {
      this.hits++;
      // Re-insert to mark as recently used (Map keeps insertion order).
      this.m.delete(k);
      this.m.set(k, v);
    } else this.misses++;
    return v;
  }
  set(k: string, v: Classified): void {
    if (this.m.size >= this.max) {
      const oldest = this.m.keys().next().value;
      if (oldest !== undefined) this.m.delete(oldest);
    }
    this.m.set(k, v);
  }
}

/**
 * The address a reply names ("<a@example.com>: Recipient address rejected", "a@example.com... User
 * unknown") is the recipient, unless the reply is about the sender (MAIL FROM rejections name it too).
 */
function recipientFromReplyText(text: string): string | null {
  if (/\bsender\b|\bMAIL FROM\b|\bfrom=/i.test(text)) return null;
  return firstAddress(text);
}

/**
 * Analyse many bounces from a stream: a Postfix or Exim log, an mbox, a CSV export of ESP bounce events
 * or one reply per line. Reads line by line; memory is bounded by the grouping caps and the
 * classification cache, never by the size of the input.
 */
export async function analyzeBounces(source: BulkSource, opts: AnalyzeOptions = {}): Promise<BulkSummary> {
  const t0 = performance.now();
  const classifyFn = opts.classify ?? defaultClassify;
  const maxExamples = opts.maxExamples ?? 3;
  const maxKeys = opts.maxKeys ?? 10_000;
  const topN = opts.topN ?? 20;
  const cache = new Lru(CACHE_MAX);

  const g = {
    family: new Grouping(maxKeys, maxExamples),
    enhancedCode: new Grouping(maxKeys, maxExamples),
    recipientDomain: new Grouping(maxKeys, maxExamples),
    provider: new Grouping(maxKeys, maxExamples),
    sendingIp: new Grouping(maxKeys, maxExamples),
  };
  const actions = new Map<
    string,
    { family: Family; reason: Reason; action: string; fix: string[]; linkedChecks: string[]; acc: Acc }
  >();
  let actionsTruncated = false;
  let lines = 0;
  let bounces = 0;
  let deferrals = 0;
  let delivered = 0;
  let sawDeliveries = false;
  let unparsed = 0;

  const record = (ev: BulkEvent | null) => {
    if (!ev) {
      unparsed++;
      return;
    }
    if (ev.kind === "delivered") {
      delivered++;
      sawDeliveries = true;
      return;
    }
    const p = ev.parsed;
    if (!p) return;
    if (ev.kind === "bounce") bounces++;
    else deferrals++;
    p.text = cleanLine(p.text);
    p.sendingIp ??= ipFromReplyText(p.text);
    const key = cacheKey(p);
    let c = cache.get(key);
    if (!c) {
      let d: Diagnosis | null = null;
      try {
        d = classifyFn(p);
      } catch {
        d = null;
      }
      c = d
        ? {
            family: d.family,
            reason: d.reason,
            provider: d.provider,
            action: d.action,
            fix: d.fix,
            linkedChecks: d.linkedChecks,
            enhancedCode: d.enhancedCode,
          }
        : {
            family: "unknown",
            reason: "undefined",
            provider: null,
            action: "Read the reply text",
            fix: [],
            linkedChecks: [],
            enhancedCode: p.enhancedCode,
          };
      cache.set(key, c);
    }
    const kind = ev.kind;
    const ex = (): BulkExample => ({
      text: p.text.length > 300 ? p.text.slice(0, 300) : p.text,
      recipient: p.recipient,
      replyCode: p.replyCode,
      enhancedCode: p.enhancedCode,
    });
    g.family.add(c.family, kind, ex);
    g.enhancedCode.add(p.enhancedCode ?? c.enhancedCode ?? UNKNOWN, kind, ex);
    g.recipientDomain.add(domainOf(p.recipient) ?? UNKNOWN, kind, ex);
    g.provider.add(c.provider ?? UNKNOWN, kind, ex);
    g.sendingIp.add(p.sendingIp ?? UNKNOWN, kind, ex);
    const ak = `${c.family}|${c.reason}|${c.action}`;
    let a = actions.get(ak);
    if (!a) {
      if (actions.size >= maxKeys) {
        actionsTruncated = true;
        return;
      }
      a = {
        family: c.family,
        reason: c.reason,
        action: c.action,
        fix: c.fix,
        linkedChecks: c.linkedChecks,
        acc: { count: 0, bounces: 0, deferrals: 0, examples: [] },
      };
      actions.set(ak, a);
    }
    a.acc.count++;
    if (kind === "bounce") a.acc.bounces++;
    else a.acc.deferrals++;
    if (a.acc.examples.length === 0) a.acc.examples.push(kept(ex()));
  };

  const batches = readLineBatches(source);
  // Look at the first non-empty lines to pick the format, then replay them.
  const head: string[] = [];
  let sawText = false;
  while (head.length < 50) {
    const n = await batches.next();
    if (n.done) break;
    for (const raw of n.value) {
      const l = cleanLine(raw);
      if (l.trim() !== "") sawText = true;
      head.push(l);
    }
  }
  if (!sawText) throw new AppError("empty_input", "The file holds no bounces: it is empty.");
  const format: BulkFormat =
    opts.format && opts.format !== "auto"
      ? opts.format
      : detectFormat(head.filter((l) => l.trim() !== "").slice(0, 50));
  const reader = makeReader(format, record);

  for (const l of head) {
    lines++;
    reader.line(l);
  }
  // Log lines are matched as they are (control characters cannot break the field patterns); the text
  // kept from them is cleaned in record(). Other formats clean each line before parsing.
  const clean = format === "postfix" || format === "exim" ? (l: string) => l : cleanLine;
  for await (const batch of batches) {
    for (const raw of batch) {
      lines++;
      reader.line(clean(raw));
    }
  }
  reader.end();

  const deliveredOut = format === "postfix" || format === "exim" || sawDeliveries ? delivered : null;
  let sent: number | null = null;
  let sentSource: "given" | "log" | null = null;
  if (typeof opts.totalSent === "number" && opts.totalSent > 0) {
    sent = opts.totalSent;
    sentSource = "given";
  } else if (deliveredOut !== null && deliveredOut > 0) {
    // Each recipient of the log ends delivered or bounced; deferrals are attempts, not messages.
    sent = deliveredOut + bounces;
    sentSource = "log";
  }
  const bounceRate = sent ? bounces / sent : null;
  const actionList: BulkAction[] = [...actions.values()]
    .map((a) => {
      const share = sent ? a.acc.count / sent : null;
      return {
        action: a.action,
        family: a.family,
        reason: a.reason,
        count: a.acc.count,
        bounces: a.acc.bounces,
        deferrals: a.acc.deferrals,
        score: Math.round(a.acc.count * SEVERITY[a.family] * 100) / 100,
        share,
        band: bandOf(share),
        fix: a.fix,
        linkedChecks: a.linkedChecks,
        example: a.acc.examples[0] ?? null,
      };
    })
    .sort((x, y) => y.score - x.score || y.count - x.count || x.action.localeCompare(y.action))
    .slice(0, topN);

  return {
    format,
    totals: {
      lines,
      bounces,
      deferrals,
      delivered: deliveredOut,
      unparsed,
      sent,
      sentSource,
      bounceRate,
      band: bandOf(bounceRate),
    },
    groups: {
      family: g.family.top(topN, sent),
      enhancedCode: g.enhancedCode.top(topN, sent),
      recipientDomain: g.recipientDomain.top(topN, sent),
      provider: g.provider.top(topN, sent),
      sendingIp: g.sendingIp.top(topN, sent),
    },
    actions: actionList,
    truncated: actionsTruncated || Object.values(g).some((x) => x.truncated),
    elapsedMs: Math.round(performance.now() - t0),
  };
}

/**
 * A line without any reply code counts only when it reads as words ("User unknown"): binary or
 * undecodable input (U+FFFD from invalid UTF-8, symbol soup) is skipped, never reported as bounces.
 */
function readableWords(text: string): boolean {
  if (text.length < 8 || text.includes("\uFFFD")) return false;
  const words = text.match(/\p{L}{3,}/gu);
  if (!words || words.length < 2) return false;
  const letters = words.reduce((n, w) => n + w.length, 0);
  return letters / text.length >= 0.6;
}

interface LineReader {
  line(l: string): void;
  end(): void;
}

/** One synchronous line handler per format; `record` receives each event (null: not understood). */
function makeReader(format: BulkFormat, record: (ev: BulkEvent | null) => void): LineReader {
  if (format === "postfix" || format === "exim") {
    const parse = format === "postfix" ? parsePostfixLine : parseEximLine;
    return {
      line(l) {
        if (l === "") return;
        const ev = parse(l);
        // Log lines that are not deliveries (connect, qmgr, cleanup...) are normal: not "unparsed".
        if (ev) record(ev);
      },
      end() {},
    };
  }
  if (format === "lines") {
    return {
      line(l) {
        if (l.trim() === "") return;
        const parsed: ParsedBounce | null = parseReplyLine(l);
        if (
          !parsed ||
          (parsed.replyCode === null && parsed.enhancedCode === null && !readableWords(parsed.text))
        ) {
          record(null);
          return;
        }
        parsed.recipient ??= recipientFromReplyText(parsed.text);
        const cls =
          parsed.enhancedCode?.[0] ?? (parsed.replyCode !== null ? String(parsed.replyCode)[0] : "5");
        if (cls === "2") record({ kind: "delivered", parsed: null });
        else record({ kind: cls === "4" ? "deferral" : "bounce", parsed });
      },
      end() {},
    };
  }
  if (format === "csv") {
    let csv: CsvReader | null = null;
    let cols: CsvColumns | null = null;
    const onRecord = (rec: string[]) => {
      if (!cols) {
        cols = csvColumns(rec);
        if (!cols) throw new AppError("invalid_input", "The CSV header names no recipient/email column.");
        return;
      }
      if (rec.length === 1 && rec[0]!.trim() === "") return;
      record(parseCsvRecord(rec, cols));
    };
    return {
      line(l) {
        if (!csv) {
          if (l.trim() === "") return;
          csv = new CsvReader(detectDelimiter(l));
        }
        const rec = csv.push(l);
        if (rec) onRecord(rec);
      },
      end() {
        const last = csv?.flush();
        if (last) onRecord(last);
      },
    };
  }
  // mbox (RFC 4155): messages start at "From " lines; each message is parsed as one bounce message.
  let msg: string[] = [];
  let size = 0;
  const flush = () => {
    const text = msg.join("\n");
    msg = [];
    size = 0;
    if (text.trim() === "") return;
    let parsed: ParsedBounce[] = [];
    try {
      parsed = parseBounce(text);
    } catch {
      parsed = [];
    }
    const useful = parsed.filter(
      (p) => p.replyCode !== null || p.enhancedCode !== null || p.recipient !== null,
    );
    if (useful.length === 0) {
      record(null);
      return;
    }
    for (const p of useful) {
      const cls = p.enhancedCode?.[0] ?? (p.replyCode !== null ? String(p.replyCode)[0] : null);
      if (
        p.dsnAction === "delivered" ||
        p.dsnAction === "relayed" ||
        p.dsnAction === "expanded" ||
        cls === "2"
      ) {
        record({ kind: "delivered", parsed: null });
        continue;
      }
      record({ kind: p.dsnAction === "delayed" || cls === "4" ? "deferral" : "bounce", parsed: p });
    }
  };
  return {
    line(l) {
      if (/^From \S/.test(l)) {
        flush();
        return;
      }
      if (size < MAX_MBOX_MESSAGE_CHARS) {
        // RFC 4155: body lines beginning ">From " were quoted on the way in.
        const line = l.startsWith(">From ") ? l.slice(1) : l;
        msg.push(line);
        size += line.length + 1;
      }
    },
    end: flush,
  };
}

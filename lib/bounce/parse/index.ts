import type { ParsedBounce, Stage } from "@/lib/bounce/types";
import {
  allAddresses,
  cleanHost,
  domainOf,
  ipFromReplyText,
  normalizeAddress,
  receivedByHost,
  receivedClientIp,
  receivedFromHost,
  senderDomainFrom,
} from "./addr";
import { parseEximLine, parsePostfixLine } from "@/lib/bounce/bulk/formats";
import { cleanInput, squash, squashedPrefix, stripControls } from "./clean";
import { hasDsnFields, parseDeliveryStatus, type DsnRecord } from "./dsn";
import { parseJsonInput } from "./json";
import { MAX_RECIPIENTS, MAX_TEXT_CHARS } from "./limits";
import { BOUNCE_MARKERS, LOCAL_BOUNCE_MARKERS, scanBounceText, type TextRecord } from "./mta";
import { isLineTerminator } from "@/lib/bounce/mta/text";
import {
  looksLikeHeaders,
  looksQuotedPrintable,
  parseHeaders,
  decodeIso2022,
  decodeQuotedPrintableText,
  parseMimeBody,
  splitHead,
  type Header,
  type MimePart,
} from "./mime";
import { parseReply, stageFromPhrase } from "./reply";
import { emptyParsed, parseTranscript, transcriptScore } from "./transcript";
import { slice } from "@/lib/string-fns";

export type InputKind = "reply" | "transcript" | "message" | "unknown";

const REPLYISH_RE = /(?:^|[\s:;'"(])(?:[2-5][0-5]\d[ -]|[245]\.\d{1,3}\.\d{1,3}(?!\d|\.\d))/;
const FIELD_RE =
  /^(Status|Remote-MTA|Final-Recipient|Original-Recipient|Action|Reporting-MTA|Last-Attempt-Date|Arrival-Date|Diagnostic-Code)\s*:\s*(.*)$/i;

/** Which form a pasted bounce has. Never throws; empty or control-only text is "unknown". */
export function detectInputKind(text: string): InputKind {
  const raw = String(text ?? "");
  return kindOf(stripControls(raw.slice(0, 256 * 1024)), raw, null);
}

/**
 * True when `s` opens with a printable ASCII character, which no leading `^\s*` or BOM pattern passes over:
 * every \s character (the BOM among them) is U+0020 or below, or beyond ASCII.
 */
function opensAscii(s: string): boolean {
  const c = s.charCodeAt(0);
  return c > 0x20 && c < 0x80;
}

/** /^[[{]/.test(s): a JSON array or object opens here. */
function opensBracket(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 0x5b || c === 0x7b;
}

/** What kindOf's JSON test gave for its `raw` text, kept so the text is not parsed again. */
interface JsonRead {
  read: boolean;
  parsed: ParsedBounce[] | null;
}

/**
 * The input kind of `stripped`, the first 256 KiB of `raw` with controls already stripped. `headers` is
 * looksLikeHeaders of `raw` when the caller knows it (null: work it out).
 */
function kindOf(stripped: string, raw: string, headers: boolean | null, json?: JsonRead): InputKind {
  const t = opensAscii(stripped) ? stripped : stripped.replace(/^\uFEFF/, "").replace(/^\s+/, "");
  if (t === "") return "unknown";
  const head = t.slice(0, 64 * 1024);
  // An ESP event (SES, Mailgun, SendGrid, Postmark) pasted as JSON is a whole bounce report.
  if (opensBracket(t)) {
    const parsed = parseJsonInput(raw);
    if (json) {
      json.read = true;
      json.parsed = parsed;
    }
    if (parsed !== null) return "message";
  }
  // Nothing was trimmed off the front: the header test on the same first 4 KiB has the same answer.
  if (headers !== null && t.length === stripped.length ? headers : looksLikeHeaders(head)) return "message";
  if (BOUNCE_MARKERS.test(head) || LOCAL_BOUNCE_MARKERS.test(head)) return "message";
  if (/^(?:Final-Recipient|Reporting-MTA)\s*:/im.test(head) && hasDsnFields(head)) return "message";
  const ts = transcriptScore(head);
  if (ts.commands >= 1 && ts.replies >= 1) return "transcript";
  if (ts.explicit >= 2 && ts.replies >= 1) return "transcript";
  if (REPLYISH_RE.test(head.slice(0, 4096)) || /^(?:Diagnostic-Code|Status|Remote-MTA)\s*:/im.test(head))
    return "reply";
  // A short line of words ("User unknown", "mailbox full") is a reply without code.
  const nonEmpty = head.split("\n").filter((l) => l.trim() !== "");
  if (head.length <= 2000 && nonEmpty.length <= 20 && /\p{L}{2}/u.test(head)) return "reply";
  return "unknown";
}

/**
 * Parse any bounce input into one ParsedBounce per recipient (at least one). Throws AppError
 * "empty_input" for empty/whitespace input; anything else gets a best-effort answer, never a crash.
 */
export function parseBounce(text: string): ParsedBounce[] {
  let t = cleanInput(text);
  try {
    let headers = looksLikeHeaders(t);
    // Controls are stripped once; text decoded below may hold new ones, and is stripped again to classify.
    let clean = true;
    // A pasted ISO-2022-JP notice without its MIME headers (RFC 1468): decode the escapes here.
    if (!headers && t.includes("\u001b$B")) {
      t = decodeIso2022(t);
      headers = looksLikeHeaders(t);
      clean = false;
    }
    // A quoted-printable body pasted without its headers (soft breaks cut words and codes: "5.1.=\n1").
    if (!headers && looksQuotedPrintable(t)) {
      t = decodeQuotedPrintableText(t);
      headers = looksLikeHeaders(t);
      clean = false;
    }
    // detectInputKind(t) when t was decoded above; the JSON read of t is kept either way.
    const json: JsonRead = { read: false, parsed: null };
    const kind = kindOf(
      clean ? cleanPrefix(t) : stripControls(t.slice(0, 256 * 1024)),
      t,
      clean ? headers : null,
      json,
    );
    let out: ParsedBounce[];
    if (kind === "message") {
      const jsonLike = opensAscii(t) ? opensBracket(t) : /^\s*[[{]/.test(t);
      const asJson = jsonLike ? (json.read ? json.parsed : parseJsonInput(t)) : null;
      out = asJson ?? parseMessage(t, headers);
    } else if (kind === "transcript") out = parseTranscript(t);
    else if (kind === "reply") out = parseLogLines(t) ?? [parseReplyInput(t)];
    else out = parseUnknown(t);
    if (out.length === 0) out = parseUnknown(t);
    for (const p of out) p.sendingIp ??= ipFromReplyText(p.text);
    return out.length > MAX_RECIPIENTS ? out.slice(0, MAX_RECIPIENTS) : out;
  } catch {
    // Best effort: a parser bug on odd input must not take the request down.
    return [emptyParsed(squashedPrefix(t, MAX_TEXT_CHARS * 4, MAX_TEXT_CHARS))];
  }
}

/**
 * What detectInputKind's stripControls(text.slice(0, 256 KiB)) gives for text that cleanInput already
 * stripped: the same prefix, less an ESC the cut left at its end (an ESC is kept only before "$" or "(").
 */
function cleanPrefix(t: string): string {
  const cut = t.length > 256 * 1024 ? t.slice(0, 256 * 1024) : t;
  return cut.endsWith("\u001b") ? cut.slice(0, -1) : cut;
}

/**
 * Mail log lines pasted as one bounce (`postfix/smtp[...]: ... status=bounced (...)`, Exim `**`/`==`
 * lines): read with the bulk analyzer's line parsers, one result per failed recipient line.
 */
function parseLogLines(t: string): ParsedBounce[] | null {
  const lines = t.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0 || lines.length > 1000) return null;
  const out: ParsedBounce[] = [];
  for (const l of lines) {
    const ev = /\bstatus=(?:bounced|deferred|expired)\b/.test(l)
      ? parsePostfixLine(l)
      : / (?:\*\*|==) \S+@/.test(l)
        ? parseEximLine(l)
        : null;
    if (ev?.parsed) out.push(ev.parsed);
  }
  return out.length ? out : null;
}

/**
 * One line of a "one reply per line" file: a reply (with or without prefixes) or a mail log line. Skips
 * the input-kind detection of parseBounce, which a single line does not need; never throws.
 */
export function parseReplyLine(line: string): ParsedBounce {
  const t = line.length > MAX_TEXT_CHARS * 4 ? line.slice(0, MAX_TEXT_CHARS * 4) : line;
  try {
    // JSON Lines of ESP events: an object per line; one without a bounce in it is not a reply.
    if (/^\s*\{/.test(t)) return parseJsonInput(t)?.[0] ?? emptyParsed("");
    const p = (/\bstatus=|\s(?:\*\*|==)\s/.test(t) ? parseLogLines(t)?.[0] : undefined) ?? parseReplyInput(t);
    p.sendingIp ??= ipFromReplyText(p.text);
    return p;
  } catch {
    return emptyParsed(squash(t).slice(0, MAX_TEXT_CHARS));
  }
}

/** A reply, possibly with RFC 3464 field prefixes (Status:, Remote-MTA:, Diagnostic-Code:) around it. */
function parseReplyInput(t: string): ParsedBounce {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  let lastField: string | null = null;
  for (const line of t.split("\n", 2000)) {
    const m = FIELD_RE.exec(line.trim());
    if (m) {
      const name = (m[1] ?? "").toLowerCase();
      lastField = name;
      if (name === "diagnostic-code") rest.push(m[2] ?? "");
      else fields[name] = m[2] ?? "";
      continue;
    }
    if (lastField && lastField !== "diagnostic-code" && /^\s/.test(line) && line.trim()) {
      fields[lastField] += " " + line.trim();
      continue;
    }
    if (line.trim()) lastField = lastField === "diagnostic-code" ? lastField : null;
    rest.push(line);
  }
  const r = parseReply(rest.join("\n"));
  const status = /([245]\.\d{1,3}\.\d{1,3})/.exec(fields["status"] ?? "")?.[1] ?? null;
  return {
    replyCode: r.replyCode,
    enhancedCode: r.enhancedCode ?? status,
    text: r.text,
    stage: r.stage,
    recipient: normalizeAddress(fields["final-recipient"]) ?? normalizeAddress(fields["original-recipient"]),
    senderDomain: null,
    sendingIp: null,
    remoteMta: cleanHost(fields["remote-mta"]) ?? r.remoteMta,
    dsnAction: fields["action"]?.trim().toLowerCase().split(/\s/)[0] || null,
    hints: fields["reporting-mta"] ? [`reporting-mta: ${cleanHost(fields["reporting-mta"]) ?? ""}`] : [],
  };
}

function parseUnknown(t: string): ParsedBounce[] {
  const scan = scanBounceText(t);
  if (scan.records.length) return scan.records.map((r) => fromText(r, null));
  return [emptyParsed(squashedPrefix(t, MAX_TEXT_CHARS * 4, MAX_TEXT_CHARS))];
}

/**
 * The status to report: the reply's own, unless it is X.0.0 ("other undefined status", RFC 3463 section
 * 3.1) and the DSN's Status field of the same class says more (Sendmail: "550 5.0.0 ... Insufficient
 * permission" in the transcript, "Status: 5.3.0" in the report).
 */
function moreSpecific(reply: string | null, dsn: string | null): string | null {
  if (reply === null) return dsn;
  if (dsn !== null && reply.endsWith(".0.0") && dsn[0] === reply[0] && !dsn.endsWith(".0.0")) return dsn;
  return reply;
}

function fromText(rec: TextRecord, dsn: DsnRecord | null): ParsedBounce {
  const diag = dsn?.diagnostic ?? null;
  const first = parseReply(diag ?? rec.raw);
  let r = first;
  // The same text would give the same reply again.
  if (diag && r.replyCode === null && rec.raw && rec.raw !== diag) {
    // "Diagnostic-Code: X-Postfix; ..." without a code: the human-readable part may quote the reply.
    const alt = parseReply(rec.raw);
    if (alt.replyCode !== null) r = alt;
  }
  // parseReply(diag) falls back on stageFromPhrase(diag) itself: when it found no stage, neither would this.
  const stage: Stage | null =
    r.stage ?? rec.stage ?? (diag && first.stage !== null ? stageFromPhrase(diag) : null);
  return {
    replyCode: r.replyCode,
    enhancedCode: moreSpecific(r.enhancedCode, dsn?.status ?? null),
    text: r.text,
    stage,
    recipient: dsn?.recipient ?? rec.recipient,
    senderDomain: domainOf(dsn?.sender ?? null),
    sendingIp: null,
    remoteMta: dsn?.remoteMta ?? r.remoteMta ?? rec.remoteMta,
    dsnAction: dsn?.action ?? null,
    hints: dsn?.category ? [`x-powermta-bouncecategory: ${dsn.category}`] : [],
  };
}

const EMPTY_TEXT_RECORD: TextRecord = {
  recipient: null,
  raw: "",
  remoteMta: null,
  stage: null,
  source: "generic",
};

/** Pair DSN per-recipient records with the recipients found in the human-readable text. */
function merge(dsn: DsnRecord[], text: TextRecord[]): ParsedBounce[] {
  if (dsn.length === 0) return text.map((r) => fromText(r, null));
  // Each text record's recipient lower-cased once, not once per DSN record and field compared with it.
  const named = text.map((r) => (r.recipient ? r.recipient.toLowerCase() : null));
  return dsn.map((d) => {
    const same =
      sameRecipient(text, named, d.recipient) ??
      sameRecipient(text, named, d.originalRecipient) ??
      (text.length === 1 && dsn.length === 1 ? text[0] : undefined);
    return fromText(same ?? EMPTY_TEXT_RECORD, d);
  });
}

/** The first text record whose recipient (`named`: lower-cased) is `address`, case ignored. */
function sameRecipient(
  text: TextRecord[],
  named: (string | null)[],
  address: string | null,
): TextRecord | undefined {
  if (!address) return undefined;
  const i = named.indexOf(address.toLowerCase());
  return i < 0 ? undefined : text[i];
}

/** What reportLeaves finds under a message's root part. */
interface ReportLeaves {
  leaves: MimePart[];
  originals: MimePart[];
  /**
   * The text of the HTML alternatives converted to be compared (kept, they are not converted again); null
   * until one is (most messages have none: no map is built for them).
   */
  htmlText: Map<MimePart, string> | null;
}

/**
 * Leaves outside any returned original (message/rfc822), depth first. RFC 2046 §5.1.4: the parts of a
 * multipart/alternative carry the same content, so a notice sent as both text/plain and text/html is
 * read once, from the plain text; the HTML is still read when the plain text is much shorter than the
 * HTML's (a stub such as "this message is in HTML").
 */
function reportLeaves(root: MimePart): ReportLeaves {
  const found: ReportLeaves = { leaves: [], originals: [], htmlText: null };
  const { leaves, originals } = found;
  const stack: MimePart[] = [root];
  let n = 0;
  while (stack.length && n++ < 5000) {
    const p = stack.pop()!;
    if (p.type === "message/rfc822" || p.type === "message/global") {
      originals.push(p);
      continue;
    }
    if (p.children.length) {
      const plain = p.type === "multipart/alternative" ? plainAlternative(p) : null;
      for (let i = p.children.length - 1; i >= 0; i--) {
        const c = p.children[i]!;
        if (plain && c.type === "text/html" && c.children.length === 0 && saysNoMoreThan(plain, c, found))
          continue;
        stack.push(c);
      }
      continue;
    }
    leaves.push(p);
  }
  return found;
}

/** The text/plain leaf of a multipart/alternative, if any. */
function plainAlternative(alt: MimePart): MimePart | null {
  for (const c of alt.children) if (c.type === "text/plain" && c.children.length === 0) return c;
  return null;
}

/** True when an HTML alternative's text is at most twice as long as the plain alternative's. */
function saysNoMoreThan(plain: MimePart, html: MimePart, found: ReportLeaves): boolean {
  const twice = plain.body.trim().length * 2;
  // htmlToText only shortens: no need to convert an HTML body that is already short enough.
  if (twice >= html.body.length) return true;
  const text = htmlToText(html.body);
  (found.htmlText ??= new Map()).set(html, text);
  return twice >= text.trim().length;
}

function htmlToText(html: string): string {
  const text = stripTags(
    html.slice(0, 2 * 1024 * 1024).replace(/<(?:br|\/p|\/div|\/tr|\/h\d)[^>]{0,200}>/gi, "\n"),
  );
  // Every entity replaced below starts with "&".
  if (!text.includes("&")) return text;
  return text
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#(\d{1,6});/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&amp;/g, "&");
}

/**
 * text.replace(/<[^>]{0,2000}>/g, ""), in linear time: a "<" starts a tag when the next ">" is at most
 * 2000 characters on. The regular expression reads up to 2000 characters again from every "<" it
 * tries, which a text of many "<" and no ">" makes a million-step loop per kilobyte.
 */
export function stripTags(text: string): string {
  let out = "";
  let from = 0;
  let gt = -1;
  for (let lt = text.indexOf("<"); lt >= 0; lt = text.indexOf("<", lt + 1)) {
    if (gt <= lt) {
      gt = text.indexOf(">", lt + 1);
      if (gt < 0) break;
    }
    if (gt - lt - 1 > 2000) continue;
    out += text.slice(from, lt);
    from = gt + 1;
    lt = gt;
  }
  return from === 0 ? text : out + text.slice(from);
}

const HINT_FIELDS = ["from", "subject", "x-mailer", "x-failed-recipients", "auto-submitted", "x-spasign"];
const SUBJECT_AT = HINT_FIELDS.indexOf("subject");
const FAILED_AT = HINT_FIELDS.indexOf("x-failed-recipients");

/**
 * The fields of the bounce's own header block that are read: the hints', the MIME structure's, and the
 * ones parseMessage reads (other fields are only named, in the "header:" hints).
 */
const TOP_FIELDS: ReadonlySet<string> = new Set([
  ...HINT_FIELDS,
  "received",
  "to",
  "content-type",
  "content-transfer-encoding",
]);

/** What parseMessage reads of the bounce's own header block, in one pass over its fields. */
interface OwnHeaders {
  /**
   * The quoted fields' hints, in HINT_FIELDS order (one per field name: they never equal one another),
   * then one "header:" hint per distinct X- field name (they never equal a quoted field's hint).
   */
  hints: string[];
  /** The Received hops (first five). */
  received: string[];
  to: string | null;
  subject: string | null;
  failedRecipients: string | null;
}

/**
 * The hints and read fields of the bounce's own header block (`names`: the block's X- field names, in
 * order). `headers` holds only TOP_FIELDS, so one walk finds the first value of each.
 */
function messageHints(headers: Header[], names: readonly string[]): OwnHeaders {
  const first: (string | undefined)[] = [];
  const received: string[] = [];
  let to: string | null = null;
  let hops = 0;
  for (const h of headers) {
    if (h.name === "received") {
      if (hops++ >= 5) continue;
      const from = receivedFromHost(h.value);
      const by = receivedByHost(h.value);
      if (from || by) received.push(`received: ${from ?? "?"} by ${by ?? "?"}`);
    } else if (h.name === "to") to ??= h.value;
    else {
      const i = HINT_FIELDS.indexOf(h.name);
      if (i >= 0) first[i] ??= h.value;
    }
  }
  const hints: string[] = [];
  for (let i = 0; i < HINT_FIELDS.length; i++) {
    const v = first[i];
    if (v) hints.push(`${HINT_FIELDS[i]!}: ${slice(v, 0, 300)}`);
  }
  // At most 40 distinct names: a list is searched faster than a set is built and hashed.
  const distinct: string[] = [];
  for (const name of names) {
    if (distinct.length < 40 && name.startsWith("x-") && !distinct.includes(name)) {
      distinct.push(name);
      hints.push(`header: ${name}`);
    }
  }
  return {
    hints,
    received,
    to,
    subject: first[SUBJECT_AT] ?? null,
    failedRecipients: first[FAILED_AT] ?? null,
  };
}

/** The fields of the returned original's header block that fromOriginal reads. */
const ORIGINAL_FIELDS: ReadonlySet<string> = new Set(["from", "return-path", "received"]);

/** Sender domain and sending IP from the returned original's headers (RFC 3462/6522 third part). */
function fromOriginal(headers: Header[] | null): { senderDomain: string | null; sendingIp: string | null } {
  if (!headers) return { senderDomain: null, sendingIp: null };
  let from: string | null = null;
  let returnPath: string | null = null;
  let sendingIp: string | null = null;
  let hops = 0;
  for (const h of headers) {
    if (h.name === "from") from ??= h.value;
    else if (h.name === "return-path") returnPath ??= h.value;
    else if (h.name === "received" && sendingIp === null && hops++ < 30)
      sendingIp = receivedClientIp(h.value);
  }
  return { senderDomain: senderDomainFrom(from) ?? senderDomainFrom(returnPath), sendingIp };
}

/** Leaf parts whose body parseMessage reads (the others are not decoded). */
const REPORT_PART_TYPES: ReadonlySet<string> = new Set([
  "message/delivery-status",
  "message/global-delivery-status",
  "text/delivery-status",
  "message/feedback-report",
  "text/rfc822-headers",
  "message/global-headers",
  "text/plain",
  "text/html",
]);

const MIME_OPTIONS = {
  originalHeadersOnly: true,
  originalFields: ORIGINAL_FIELDS,
  leafTypes: REPORT_PART_TYPES,
  partFields: new Set(["content-type", "content-transfer-encoding"]),
};

/** "-Recipient" in any case: every match of the (case-insensitive) recipient field patterns holds it. */
const RECIPIENT_WORD_RE = /-recipient/i;

/**
 * False when a text cannot hold a Final-Recipient or Original-Recipient field (RFC 3464 §2.3.1-2): one
 * literal search, much cheaper than the multiline field patterns over a notice that names neither.
 */
export function mayNameRecipient(text: string): boolean {
  return RECIPIENT_WORD_RE.test(text);
}

// The recipient field at a line's start, as a DSN writes it; the second also indented, as notices quote it.
// Global (with lastIndex) so that recipientFieldIn can start them at a line.
const RECIPIENT_FIELD_RE = /^(?:Final|Original)-Recipient\s*:/gim;
const INDENTED_RECIPIENT_FIELD_RE = /^[ \t]*(?:Final|Original)-Recipient\s*:/gim;

/**
 * Whether `field` (one of the two above) matches `text`; `k` is where "-recipient" first stands in it
 * (-1: nowhere), when the caller has searched already. A match holds "-recipient" on its own line, so
 * the search starts at the start of the line that holds the first one: no match starts before it, and the
 * regex would read the text up to it character by character. Lines start after LF, CR, U+2028 and U+2029,
 * as ^ sees them in a multiline regex.
 */
function recipientFieldIn(text: string, field: RegExp, k = text.search(RECIPIENT_WORD_RE)): boolean {
  if (k < 0) return false;
  let start = k;
  while (start > 0 && !isLineTerminator(text.charCodeAt(start - 1))) start--;
  field.lastIndex = start;
  return field.test(text);
}

/** Append to `list` the hints not already in it. */
function addHints(hints: readonly string[], list: string[]): void {
  for (const h of hints) if (!list.includes(h)) list.push(h);
}

/** `hasHeaders`: looksLikeHeaders(t), which the caller already knows. */
function parseMessage(t: string, hasHeaders: boolean): ParsedBounce[] {
  let headers: Header[] = [];
  let dsn: DsnRecord[] = [];
  let bodyText = t;
  let original: Header[] | null = null;
  const reportHints: string[] = [];
  const fieldNames: string[] = [];
  // mayNameRecipient(bodyText) when it is already known.
  let mayName: boolean | null = null;
  if (hasHeaders) {
    // An mbox "From " separator line before the header block is dropped (most pasted messages have none).
    const { head, body } = splitHead(t.startsWith("From ") ? t.replace(/^From \S[^\n]*\n/, "") : t);
    headers = parseHeaders(head, TOP_FIELDS, fieldNames);
    const root = parseMimeBody(headers, body, MIME_OPTIONS);
    // RFC 6522 report type (delivery-status, feedback-report for ARF, disposition-notification...).
    const reportType = root.type === "multipart/report" ? root.params["report-type"] : undefined;
    if (reportType) reportHints.push(`report-type: ${reportType.toLowerCase()}`);
    const { leaves, originals, htmlText } = reportLeaves(root);
    const texts: string[] = [];
    // Whether a text part may name a recipient, as far as it was tested (while no DSN record was read).
    let textsMayName = false;
    for (const p of leaves) {
      if (
        p.type === "message/delivery-status" ||
        p.type === "message/global-delivery-status" ||
        p.type === "text/delivery-status"
      ) {
        if (dsn.length < MAX_RECIPIENTS) dsn = dsn.concat(parseDeliveryStatus(p.body));
      } else if (p.type === "message/feedback-report") {
        // RFC 5965 §3.1: the Feedback-Type says what the complaint is about.
        const ft = /^Feedback-Type:\s*(\S+)/im.exec(p.body)?.[1];
        if (ft) reportHints.push(`feedback-type: ${ft.toLowerCase()}`);
      } else if (p.type === "text/rfc822-headers" || p.type === "message/global-headers") {
        original ??= parseHeaders(p.body, ORIGINAL_FIELDS);
      } else if (p.type === "text/plain" || p.type === "text/html") {
        const body = p.type === "text/html" ? (htmlText?.get(p) ?? htmlToText(p.body)) : p.body;
        // Both tests must pass; the recipient-field one, which most notices fail, goes first.
        const k = dsn.length ? -1 : body.search(RECIPIENT_WORD_RE);
        if (k >= 0) {
          textsMayName = true;
          if (recipientFieldIn(body, RECIPIENT_FIELD_RE, k) && hasDsnFields(body))
            dsn = parseDeliveryStatus(body);
        }
        texts.push(body);
      }
    }
    const orig = originals[0]?.children[0];
    if (!original && orig) original = orig.headers;
    bodyText = texts.join("\n\n");
    // No DSN record read: every text part was tested, and the blank lines joining them add no "-recipient".
    if (!dsn.length) mayName = textsMayName;
    if (!bodyText && root.children.length === 0) {
      bodyText = root.body;
      mayName = null;
    }
  } else if (hasDsnFields(t)) {
    dsn = parseDeliveryStatus(
      t.slice(t.search(/^(?:Reporting-MTA|Final-Recipient|Original-Recipient|Action)\s*:/im)),
    );
  }
  // RFC 3464 §2.3.1: Original-Recipient alone (no Final-Recipient) still names the recipient.
  if (
    dsn.length === 0 &&
    // recipientFieldIn answers false itself when the text has no "-recipient": the test is only skipped
    // when the text parts already said so.
    mayName !== false &&
    recipientFieldIn(bodyText.slice(0, 1024 * 1024), INDENTED_RECIPIENT_FIELD_RE)
  ) {
    // Delivery-status fields inline in a text body (no MIME report, or a report without a boundary).
    const at = bodyText.search(/^[ \t]*(?:Reporting-MTA|Final-Recipient|Original-Recipient)\s*:/im);
    dsn = parseDeliveryStatus(bodyText.slice(Math.max(0, at)));
  }
  const scan = scanBounceText(bodyText);
  if (!original && scan.originalHeaders) {
    // The header block ends at the first blank line (found, not split: the rest can be the whole original).
    const end = scan.originalHeaders.search(/\n\s*\n/);
    const head = end < 0 ? scan.originalHeaders : scan.originalHeaders.slice(0, end);
    original = parseHeaders(head, ORIGINAL_FIELDS);
  }
  const own = messageHints(headers, fieldNames);
  let records = merge(dsn, scan.records);
  // A recipient named without any reason words: keep the notice's own opening words for the classifier.
  let gist: string | null = null;
  for (const r of records)
    if (!r.text && r.replyCode === null && r.enhancedCode === null)
      r.text = gist ??= squashedPrefix(bodyText, 4000, 500);
  const failed = allAddresses(own.failedRecipients ?? "", MAX_RECIPIENTS);
  if (records.length === 0) {
    // Exim names the failed recipients in a header (X-Failed-Recipients) even when the body is unusual.
    const base = emptyParsed(
      squashedPrefix(bodyText, MAX_TEXT_CHARS * 4, MAX_TEXT_CHARS) || (own.subject ?? ""),
    );
    records = failed.length ? failed.map((a) => ({ ...base, recipient: a })) : [base];
  }
  if (failed.length && records.length === 1 && records[0]!.recipient === null) {
    // Exim's X-Failed-Recipients names them when the body did not (one result per address).
    const only = records[0]!;
    records = failed.map((a) => ({ ...only, recipient: a }));
  }
  const o = fromOriginal(original);
  // The NDR is addressed to the envelope sender (RFC 3464 §2, RFC 5321 §4.5.5): last resort for the domain.
  const ndrTo = senderDomainFrom(own.to);
  // The message's hints, deduplicated once: the quoted fields' and the "header:" ones are distinct by
  // construction, then the Received hops, the report's, the text's and the DSN's; each record adds its own
  // that are not among them. The lists are short: searching them costs less than hashing new strings.
  const shared = own.hints;
  addHints(own.received, shared);
  addHints(reportHints, shared);
  addHints(scan.hints, shared);
  const reporting = dsn.find((d) => d.reportingMta)?.reportingMta;
  if (reporting) {
    const h = `reporting-mta: ${reporting}`;
    if (!shared.includes(h)) shared.push(h);
  }
  const last = records.length - 1;
  for (let i = 0; i <= last; i++) {
    const r = records[i]!;
    r.senderDomain = o.senderDomain ?? r.senderDomain ?? ndrTo;
    r.sendingIp = o.sendingIp ?? r.sendingIp;
    const mine = r.hints;
    // The last record takes the shared list itself: nothing reads it after.
    r.hints = i === last ? shared : shared.slice();
    addHints(mine, r.hints);
  }
  return records;
}

import libmime from "libmime";
import { createRequire } from "node:module";
import { MAX_LINE_CHARS, MAX_MIME_DEPTH, MAX_MIME_PARTS } from "./limits";
import { charCodeAt, includes, indexOf, slice } from "@/lib/string-fns";

/**
 * A small synchronous MIME walker (RFC 2045/2046) on top of libmime (header values, RFC 2047 encoded
 * words, RFC 2231 parameters, charsets) with its own quoted-printable decoder. `parseBounce` is synchronous,
 * and mailparser only has an asynchronous stream API; the splitting here is linear (indexOf on the boundary) and bounded in
 * parts and depth, so a message with thousands of parts or deep nesting cannot hang it.
 */

export interface Header {
  /** Lower-case name. */
  name: string;
  /** Unfolded, RFC 2047-decoded value. */
  value: string;
}

export interface MimePart {
  headers: Header[];
  /** Lower-case media type, "text/plain" by default (RFC 2045 §5.2). */
  type: string;
  params: Record<string, string>;
  /** Decoded body text (transfer encoding and charset undone) for leaves; raw for multipart. */
  body: string;
  children: MimePart[];
}

/** Longest header block read for one part; real ones are a few KB. */
const MAX_HEADER_CHARS = 256 * 1024;
const MAX_HEADERS = 2000;

/** The first value of a field, by its lower-case name (Header.name is lower-case). */
export function headerValue(headers: Header[], name: string): string | null {
  for (const h of headers) if (h.name === name) return h.value;
  return null;
}

function safeDecodeWords(v: string): string {
  const at = indexOf(v, "=?");
  if (at < 0) return v;
  const m = ENCODED_WORD_RE.exec(v);
  if (m !== null && m.index === at && isOnlyWord(v, m) && !v.includes(JOIN_MARKER)) {
    const ascii = asciiQWord(v, m);
    if (ascii !== null) return ascii;
    const jis = jisBWord(v, m);
    if (jis !== null) return jis;
  }
  try {
    return jisWords(v) ?? libmime.decodeWords(v);
  } catch {
    return v;
  }
}

/**
 * Whether the encoded word `m`, which starts at the value's first "=?", is the only one libmime's
 * patterns can find: its joining of adjacent words and its removal of the space between them need a
 * second "=?" after a word. Inside the word, "=?" can only stand at its start, or just before its closing
 * "?=" when the text ends in "=" (base64 padding); neither starts a second word, so it is enough that no
 * "=?" starts at the closing "=" or after it.
 */
function isOnlyWord(v: string, m: RegExpExecArray): boolean {
  return v.indexOf("=?", m.index + m[0].length - 1) < 0;
}

/** The marker libmime.decodeWords puts between words it joins; it removes every one, even one of the value's own. */
const JOIN_MARKER = "__\0JOIN\0__";

/** An RFC 2047 §2 encoded word, as libmime.decodeWords finds it: charset, encoding, encoded text. */
const ENCODED_WORD_RE = /=\?([\w_\-*]+)\?([QqBb])\?([^?]*)\?=/;

/** Charsets whose bytes 0x00-0x7F are US-ASCII, as libmime decodes them. */
const ASCII_CHARSET_RE = /^(?:utf-8|us-ascii|iso-8859-\d{1,2})$/i;

/**
 * libmime.decodeWords for a value holding one "Q" encoded word (RFC 2047 §4.2: "_" is a space, "=XX" a
 * byte) in an ASCII-compatible charset whose bytes are all US-ASCII, such as a sender's display name:
 * those bytes are the characters, and no charset decoder is needed. Null for any other value (white space
 * in the word, a byte above 0x7F, another charset or encoding).
 */
function asciiQWord(v: string, m: RegExpExecArray): string | null {
  if ((m[2] !== "Q" && m[2] !== "q") || !ASCII_CHARSET_RE.test(m[1]!)) return null;
  const text = m[3]!;
  const len = text.length;
  let out = "";
  let from = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || isTrimmed(c)) return null;
    if (c === 0x5f) {
      out += text.slice(from, i) + " ";
      from = i + 1;
    } else if (c === 0x3d) {
      const byte = hexByte(text.charCodeAt(i + 1), text.charCodeAt(i + 2));
      if (byte < 0) continue;
      if (byte >= 0x80) return null;
      out += text.slice(from, i) + String.fromCharCode(byte);
      from = i + 3;
      i += 2;
    }
  }
  return v.slice(0, m.index) + out + text.slice(from) + v.slice(m.index + m[0].length);
}

/** The parts of encoding-japanese that libmime's ISO-2022-JP decoding ends in. */
interface JisDecoder {
  toCodes(bytes: Uint8Array): ArrayLike<number>;
  toText(codes: ArrayLike<number>): string;
}

/** Loaded on the first ISO-2022-JP word; null when encoding-japanese is not the one checked for. */
let jisDecoder: JisDecoder | null | undefined;

function loadJisDecoder(): JisDecoder | null {
  try {
    // libmime asks encoding-japanese's convert() for {from: "ISO-2022-JP", to: "UNICODE", type: "string"}.
    // convert() canonicalizes both names on every call (a fuzzy match over every alias name, with slices:
    // most of its time on a short word), then calls JISToUNICODE and joins the codes with
    // codeToString_fast. Those two functions are taken from the copy of encoding-japanese that libmime
    // itself loads, once the names are checked to lead to them.
    const fromLibmime = createRequire(createRequire(import.meta.url).resolve("libmime"));
    // The package's entry first: its util and config modules require each other, in that order only.
    fromLibmime("encoding-japanese");
    const util = fromLibmime("encoding-japanese/src/util.js") as {
      canonicalizeEncodingName?: (name: string) => string;
      codeToString_fast?: (codes: ArrayLike<number>) => string;
    };
    const convert = fromLibmime("encoding-japanese/src/encoding-convert.js") as {
      JISToUNICODE?: (data: Uint8Array) => ArrayLike<number>;
    };
    const { canonicalizeEncodingName: canonical, codeToString_fast: toText } = util;
    const toCodes = convert.JISToUNICODE;
    if (
      typeof canonical !== "function" ||
      typeof toText !== "function" ||
      typeof toCodes !== "function" ||
      canonical("ISO-2022-JP") !== "JIS" ||
      canonical("UNICODE") !== "UNICODE"
    )
      return null;
    return { toCodes, toText };
  } catch {
    return null;
  }
}

/**
 * libmime.decodeWords for a value holding one "B" encoded word (RFC 2047 §4.1) in ISO-2022-JP
 * (RFC 1468), the usual Japanese subject: the same base64 bytes, handed to the same encoding-japanese
 * converter libmime ends in, without libmime's word joining, its two charset normalizations and its
 * charset tests, and encoding-japanese's name canonicalization. Null for any other value, or when the
 * converter cannot be reached.
 */
function jisBWord(v: string, m: RegExpExecArray): string | null {
  const decoded = jisWord(m[1]!, m[2]!, m[3]!);
  return decoded === null ? null : v.slice(0, m.index) + decoded + v.slice(m.index + m[0].length);
}

/** A B word in ISO-2022-JP decoded as libmime.decodeWord decodes it; null for any other word. */
function jisWord(charset: string, encoding: string, text: string): string | null {
  if (encoding !== "B" && encoding !== "b") return null;
  // libmime drops an RFC 2231 §5 language tag ("*ja") and looks the name up lower-cased.
  const star = charset.indexOf("*");
  if ((star < 0 ? charset : charset.slice(0, star)).toLowerCase() !== "iso-2022-jp") return null;
  const decoder = (jisDecoder ??= loadJisDecoder());
  if (decoder === null) return null;
  try {
    return decoder.toText(decoder.toCodes(base64WordBytes(text)));
  } catch {
    // libmime falls back to other decoders on an exception: let it.
    return null;
  }
}

const JIS_WORD_RE = /=\?iso-2022-jp[?*]/i;

/** libmime with its ISO-2022-JP B words decoded as jisWord does; null when the converter cannot be reached. */
let jisMime: { decodeWords(v: string): string } | null | undefined;

/**
 * libmime.decodeWords for a value with several encoded words of which one is in ISO-2022-JP: libmime's own
 * steps (adjacent words in the same charset joined, the white space between words dropped, RFC 2047
 * §6.2), through a subclass whose decodeWord, which those steps end in for each word, decodes an
 * ISO-2022-JP B word as jisWord does and leaves the others to libmime. Null for other values.
 */
function jisWords(v: string): string | null {
  if (!JIS_WORD_RE.test(v)) return null;
  if (jisMime === undefined) {
    jisMime =
      (jisDecoder ??= loadJisDecoder()) === null
        ? null
        : new (class extends libmime.Libmime {
            override decodeWord(charset: string, encoding: string, text: string): string {
              return jisWord(charset, encoding, text) ?? super.decodeWord(charset, encoding, text);
            }
          })();
  }
  return jisMime === null ? null : jisMime.decodeWords(v);
}

/**
 * The bytes of a B word's text as libmime reads them: each run between "="s decoded as base64 on its
 * own, and joined. A text whose only "="s are its trailing padding is one run.
 */
function base64WordBytes(text: string): Buffer {
  const eq = text.indexOf("=");
  if (eq < 0) return Buffer.from(text, "base64");
  let i = eq + 1;
  while (i < text.length && text.charCodeAt(i) === 0x3d) i++;
  if (i === text.length) return Buffer.from(text.slice(0, eq), "base64");
  return Buffer.concat(
    text
      .split("=")
      .filter((s) => s !== "")
      .map((s) => Buffer.from(s, "base64")),
  );
}

/** Split "headers\n\nbody"; the header block ends at the first empty line (RFC 5322 §2.1). */
export function splitHead(text: string): { head: string; body: string } {
  const at = indexOf(text, "\n\n");
  if (at < 0) return { head: text, body: "" };
  return { head: slice(text, 0, at), body: slice(text, at + 2) };
}

/**
 * For a set of lower-case field names starting with a letter: by name length, a bit per first letter
 * (a = bit 0) that some name of that length has. A field whose length and first letter have no bit is
 * not in the set, which is known without lower-casing and hashing its name.
 */
const NAME_MASKS = new WeakMap<ReadonlySet<string>, Uint32Array | null>();

function nameMask(only: ReadonlySet<string>): Uint32Array | null {
  let mask = NAME_MASKS.get(only);
  if (mask !== undefined) return mask;
  mask = new Uint32Array(81);
  for (const n of only) {
    const c = n.charCodeAt(0);
    // A name that does not start with a lower-case letter, or is too long to be read: no shortcut.
    if (c < 0x61 || c > 0x7a || n.length > 80) {
      mask = null;
      break;
    }
    mask[n.length]! |= 1 << (c - 0x61);
  }
  NAME_MASKS.set(only, mask);
  return mask;
}

/**
 * A set's names by length: a name is looked for among the few of its length by string compares, which
 * is cheaper than hashing a new string for the set (and gives back the set's own string).
 */
const NAMES_BY_LENGTH = new WeakMap<ReadonlySet<string>, (string[] | undefined)[]>();

function namesByLength(only: ReadonlySet<string>): (string[] | undefined)[] {
  let byLength = NAMES_BY_LENGTH.get(only);
  if (byLength !== undefined) return byLength;
  byLength = [];
  for (const n of only) (byLength[n.length] ??= []).push(n);
  NAMES_BY_LENGTH.set(only, byLength);
  return byLength;
}

/** nameMask and namesByLength of one set. */
interface NameTables {
  only: ReadonlySet<string>;
  mask: Uint32Array | null;
  byLength: (string[] | undefined)[];
  /** The mask's bits for all lengths: the first letters of the set's names (0 without a mask). */
  letters: number;
}

/**
 * The tables of the last few sets read with, found by identity: the callers read with a handful of
 * constant sets, and a few compares cost less than the two WeakMap lookups on every header block.
 */
const RECENT_TABLES: NameTables[] = [];

function nameTables(only: ReadonlySet<string>): NameTables {
  for (const t of RECENT_TABLES) if (t.only === only) return t;
  const mask = nameMask(only);
  let letters = 0;
  if (mask !== null) for (const bits of mask) letters |= bits;
  const t = { only, mask, byLength: namesByLength(only), letters };
  // Bounded: sets beyond the first few are looked up in the WeakMaps each time.
  if (RECENT_TABLES.length < 8) RECENT_TABLES.push(t);
  return t;
}

/** The name in `names` equal to `name`, or null. */
function listedName(names: readonly string[] | undefined, name: string): string | null {
  if (names !== undefined) for (const n of names) if (n === name) return n;
  return null;
}

/** The first index in [from, to) that String.prototype.trim keeps (not \s), or `to`. */
export function trimmedFrom(s: string, from: number, to: number): number {
  let i = from;
  while (i < to && isTrimmed(charCodeAt(s, i))) i++;
  return i;
}

/** One past the last index in [from, to) that String.prototype.trim keeps, or `from`. */
function trimmedTo(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && isTrimmed(charCodeAt(s, i - 1))) i--;
  return i;
}

const NON_ASCII_SPACE_RE = /\s/;

/** White space or a line terminator (ECMAScript §12.2, §12.3): what trim() removes. */
function isTrimmed(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return NON_ASCII_SPACE_RE.test(String.fromCharCode(c));
}

/**
 * Parse an RFC 5322 header block: unfold continuation lines, decode encoded words. With `only`, just the
 * fields of those (lower-case) names are returned: the others are neither unfolded nor decoded, but still
 * count towards the MAX_HEADERS bound. `xNames`, when given, receives the lower-case name of every field
 * whose name starts with "X-", returned or not, in order.
 */
export function parseHeaders(head: string, only?: ReadonlySet<string>, xNames?: string[]): Header[] {
  const out: Header[] = [];
  readHeaders(head, false, out, only, xNames);
  return out;
}

/**
 * splitHead and parseHeaders of its head in one pass: the header block is read from the start of `text`
 * and ends at its first empty line (RFC 5322 §2.1), found while reading the lines, so the text is not
 * searched for it first and the head is not copied. The body is what follows that line, as splitHead
 * gives it.
 */
export function parseHead(
  text: string,
  only?: ReadonlySet<string>,
  xNames?: string[],
): { headers: Header[]; body: string } {
  const headers: Header[] = [];
  let bodyStart = readHeaders(text, true, headers, only, xNames);
  if (bodyStart < 0) {
    // The block was not read to its end (too long, or too many fields): find its end as splitHead does.
    const at = text.indexOf("\n\n");
    bodyStart = at < 0 ? text.length : at + 2;
  }
  return { headers, body: bodyStart < text.length ? text.slice(bodyStart) : "" };
}

/**
 * Read header fields from the start of `text` into `out` (see parseHeaders), at most MAX_HEADER_CHARS of
 * it. With `blankEnds`, the block ends at the first empty line that follows a line, and the index after
 * that line is returned (the text's length when the whole text was read without one). Otherwise, or when
 * a bound stopped the reading first, -1.
 */
function readHeaders(
  text: string,
  blankEnds: boolean,
  out: Header[],
  only: ReadonlySet<string> | undefined,
  xNames: string[] | undefined,
  exact = false,
): number {
  // Lines are read up to `end` without copying the text: a line running past it is cut there.
  const end = text.length > MAX_HEADER_CHARS ? MAX_HEADER_CHARS : text.length;
  const maxLine = MAX_LINE_CHARS;
  const tables = only === undefined ? null : nameTables(only);
  const mask = tables === null ? null : tables.mask;
  const byLength = tables === null ? null : tables.byLength;
  // First letters of the kept names; 0: every line is read in full.
  const letters = tables === null || exact ? 0 : tables.letters;
  const outAtStart = out.length;
  const xAtStart = xNames === undefined ? 0 : xNames.length;
  let fields = 0;
  // Lines skipped unread (see below): each may or may not have been a field, so the count of fields is
  // known to lie in [fields, fields + skipped]. While that stays under MAX_HEADERS, the bound cannot
  // have stopped the reading; otherwise the block is read again with no line skipped.
  let skipped = 0;
  // The field being read: its name ("" when it is neither kept nor an X- field; null before the first),
  // whether it is kept, whether it is an X- field, its value so far (each line's part trimmed as it is
  // read), and whether a continuation line was added to it (an empty one leaves a space to trim).
  let name: string | null = null;
  let keep = false;
  let isX = false;
  let value = "";
  let continued = false;
  let bodyStart = -1;
  let pos = 0;
  while (pos < end) {
    let nl = text.indexOf("\n", pos);
    if (nl < 0 || nl > end) nl = end;
    const lineEnd = nl - pos > maxLine ? pos + maxLine : nl;
    const first = text.charCodeAt(pos);
    if ((first === 0x20 || first === 0x09) && name !== null) {
      // RFC 5322 §2.2.3: a line starting with white space continues the field above.
      if (keep && value.length < maxLine * 4) {
        const from = trimmedFrom(text, pos, lineEnd);
        value += " " + text.slice(from, trimmedTo(text, from, lineEnd));
        continued = true;
      }
    } else if (first === 0x0a && blankEnds && pos > 0) {
      // An empty line after a line: the "\n\n" that ends splitHead's head (an empty first line does not).
      bodyStart = pos + 1;
      break;
    } else if (
      letters !== 0 &&
      !keep &&
      !mayStartField(first, letters) &&
      !(xNames !== undefined && (first | 0x20) === 0x78 && text.charCodeAt(pos + 1) === 0x2d)
    ) {
      // A line whose first character cannot start a kept name or an X- name for `xNames`, while the
      // field being read is not kept: its name is not read. Whether it starts a field or is ignored,
      // nothing kept changes: the field it would end adds no value (its X- name, if any, still goes to
      // `xNames` when the next field starts, in the same order), and the lines continuing it are dropped
      // either way. Only the count of fields could tell, and it is bounded as said above.
      if (fields + ++skipped >= MAX_HEADERS - 1) {
        out.length = outAtStart;
        if (xNames !== undefined) xNames.length = xAtStart;
        return readHeaders(text, blankEnds, out, only, xNames, true);
      }
    } else {
      // RFC 5322 §3.6.8: a field name is printable US-ASCII other than ":"; the first ":" ends it.
      const limit = Math.min(lineEnd, pos + 80);
      let colon = pos;
      while (colon < limit && isFieldNameChar(text.charCodeAt(colon))) colon++;
      if (colon > pos && colon < limit && text.charCodeAt(colon) === 0x3a) {
        if (name !== null) {
          if (keep) out.push({ name, value: safeDecodeWords(continued ? value.trim() : value) });
          if (isX) xNames?.push(name);
          if (++fields >= MAX_HEADERS) return -1;
          if (skipped !== 0 && fields + skipped >= MAX_HEADERS - 1) {
            out.length = outAtStart;
            if (xNames !== undefined) xNames.length = xAtStart;
            return readHeaders(text, blankEnds, out, only, xNames, true);
          }
        }
        // Lower-case first letter (field names are ASCII: "| 0x20" lower-cases exactly the letters).
        const c0 = text.charCodeAt(pos) | 0x20;
        isX = c0 === 0x78 && text.charCodeAt(pos + 1) === 0x2d;
        const len = colon - pos;
        const maybeKept =
          mask === null || (c0 >= 0x61 && c0 <= 0x7a && ((mask[len] ?? 0) & (1 << (c0 - 0x61))) !== 0);
        if (maybeKept || (isX && xNames)) {
          const lower = text.slice(pos, colon).toLowerCase();
          const listed = byLength !== null && maybeKept ? listedName(byLength[len], lower) : null;
          name = listed ?? lower;
          keep = byLength === null || listed !== null;
        } else {
          name = "";
          keep = false;
        }
        if (keep) {
          const from = trimmedFrom(text, colon + 1, lineEnd);
          value = text.slice(from, trimmedTo(text, from, lineEnd));
        } else value = "";
        continued = false;
      }
    }
    pos = nl + 1;
  }
  if (name !== null) {
    if (keep) out.push({ name, value: safeDecodeWords(continued ? value.trim() : value) });
    if (isX) xNames?.push(name);
  }
  // The whole text read with no empty line in it: the body is empty.
  if (bodyStart < 0 && blankEnds && end === text.length) bodyStart = text.length;
  return bodyStart;
}

/**
 * Whether a line starting with character code `c` can start a field whose name has a first letter in
 * `letters` (a bit per lower-case letter, as nameMask's). Field names are ASCII: "| 0x20" lower-cases
 * exactly the letters.
 */
function mayStartField(c: number, letters: number): boolean {
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x7a && (letters & (1 << (l - 0x61))) !== 0;
}

/** "!" to "~" less ":" (RFC 5322 ftext). */
function isFieldNameChar(c: number): boolean {
  return c >= 0x21 && c <= 0x7e && c !== 0x3a;
}

/** Field names that only a message header block has (any "X-" name counts too). */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  "from",
  "to",
  "subject",
  "date",
  "received",
  "return-path",
  "message-id",
  "mime-version",
  "content-type",
  "delivered-to",
]);

const KNOWN_MASK = nameMask(KNOWN_FIELDS) ?? new Uint32Array(81).fill(0xffffffff);

/**
 * The index of the ":" after the field name looksLikeHeaders accepts at `at` (whose character code is
 * `c`), or -1: /[A-Za-z][A-Za-z0-9-]{0,60}:/y tried at `at`, read in place (a sticky regular expression
 * cost more to start than these few characters cost to read). None of them ends a line.
 */
function nameColonAt(s: string, at: number, c: number): number {
  if (!isAsciiLetter(c)) return -1;
  const last = at + 61;
  let i = at + 1;
  for (; i < last; i++) {
    const d = charCodeAt(s, i);
    if (!(isAsciiLetter(d) || (d >= 0x30 && d <= 0x39) || d === 0x2d)) break;
  }
  return charCodeAt(s, i) === 0x3a ? i : -1;
}

function isAsciiLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x7a;
}

/** True when the text starts with what looks like an RFC 5322 header block (two or more fields). */
export function looksLikeHeaders(text: string): boolean {
  // The first 12 lines of the first 4 KiB, read in place rather than split.
  const head = text.length > 4096 ? slice(text, 0, 4096) : text;
  // Read once: texts reach here in many string representations (a megamorphic load each time).
  const n = head.length;
  let fields = 0;
  let known = 0;
  let pos = 0;
  for (let i = 0; i < 12 && pos <= n; i++) {
    let nl = indexOf(head, "\n", pos);
    if (nl < 0) nl = n;
    const lineStart = pos;
    pos = nl + 1;
    if (nl === lineStart) break;
    const c = charCodeAt(head, lineStart);
    if (c === 0x20 || c === 0x09) continue;
    const end = nameColonAt(head, lineStart, c);
    if (end < 0) {
      if (fields === 0 && /^From \S/.test(head.slice(lineStart, nl))) continue; // mbox separator
      return false;
    }
    fields++;
    if (known > 0) continue;
    // "X-" and a name character (the line reached its ":" past them), or a known name: its length and
    // lower-case first letter are checked before the name is lower-cased and looked up.
    const c0 = c | 0x20;
    const len = end - lineStart;
    if (c0 === 0x78 && charCodeAt(head, lineStart + 1) === 0x2d && len > 2) known++;
    else if (((KNOWN_MASK[len] ?? 0) & (1 << (c0 - 0x61))) !== 0) {
      if (KNOWN_FIELDS.has(slice(head, lineStart, end).toLowerCase())) known++;
    }
  }
  return fields >= 2 && known >= 1;
}

function parseContentType(v: string | null): { type: string; params: Record<string, string> } {
  if (!v) return { type: "text/plain", params: {} };
  try {
    const p = parsePlainHeaderValue(v) ?? libmime.parseHeaderValue(v);
    return { type: (p.value || "text/plain").toLowerCase().trim(), params: p.params ?? {} };
  } catch {
    return { type: "text/plain", params: {} };
  }
}

/**
 * libmime.parseHeaderValue for a value without backslash escapes or RFC 2231 continuations ("*"), which
 * is most Content-Type values: the same splitting (a value, then "key=value" pairs after each ";"; a
 * double-quoted stretch of a value keeps its ";" and loses its quotes; a ";" inside a key is kept in it;
 * a trailing key without "=" is an empty parameter), without building strings a character at a time.
 * Null for any other value.
 */
export function parsePlainHeaderValue(str: string): { value: string; params: Record<string, string> } | null {
  if (includes(str, "\\") || includes(str, "*")) return null;
  const params: Record<string, string> = {};
  let value = "";
  let key: string | null = null;
  let inKey = false;
  let inQuote = false;
  // Start of the key or value being read; a value is `acc` plus the text from `start` on.
  let start = 0;
  let acc = "";
  // The characters that change the state are found by searching, not read one at a time: a key ends at
  // "=" (nothing else counts inside one), a quoted stretch at '"', any other stretch at '"' or ";". The
  // next '"' and ";" are kept and searched for again only once passed, so no stretch is searched twice
  // (linear however many quotes or separators the value holds).
  let quote = indexOf(str, '"');
  let semi = indexOf(str, ";");
  for (let i = 0; ;) {
    if (inKey) {
      const eq = indexOf(str, "=", i);
      if (eq < 0) break;
      const from = trimmedFrom(str, start, eq);
      key = paramName(slice(str, from, trimmedTo(str, from, eq)).toLowerCase());
      inKey = false;
      start = i = eq + 1;
      acc = "";
      continue;
    }
    if (quote >= 0 && quote < i) quote = indexOf(str, '"', i);
    if (!inQuote && semi >= 0 && semi < i) semi = indexOf(str, ";", i);
    if (!inQuote && semi >= 0 && (quote < 0 || semi < quote)) {
      const v = trimmedValue(str, acc, start, semi);
      if (key === null) value = v;
      else params[key] = v;
      inKey = true;
      start = i = semi + 1;
    } else if (quote >= 0) {
      acc += slice(str, start, quote);
      start = i = quote + 1;
      inQuote = !inQuote;
    } else break;
  }
  if (!inKey) {
    const v = trimmedValue(str, acc, start, str.length);
    if (key === null) value = v;
    else params[key] = v;
  } else {
    const rest = slice(str, start).trim();
    if (rest) params[rest.toLowerCase()] = "";
  }
  return { value, params };
}

/** Parameter names of Content-Type and Content-Disposition values (RFC 2045, 2046, 2183, 3676, 6522). */
const PARAM_NAMES = ["charset", "boundary", "report-type", "name", "filename", "format", "delsp", "type"];

/**
 * The constant among PARAM_NAMES equal to `name`, or `name`: a constant is already in V8's string table,
 * so storing it as a property key does not look a new string up in that table first.
 */
function paramName(name: string): string {
  for (const n of PARAM_NAMES) if (n === name) return n;
  return name;
}

/** (acc + str.slice(start, end)).trim(), sliced once when nothing was accumulated (no quotes). */
function trimmedValue(str: string, acc: string, start: number, end: number): string {
  if (acc !== "") return (acc + slice(str, start, end)).trim();
  const from = trimmedFrom(str, start, end);
  return slice(str, from, trimmedTo(str, from, end));
}

/**
 * `/[\t ]$/m.test(text)`: a space or tab ends a line. The line ends are found with indexOf (a line end is
 * rare, a space is not: the regex tried every space); "\r", U+2028 and U+2029 also end a line for "$"
 * (ECMAScript LineTerminator), and text holding one is left to the regex.
 */
export function blankEndsLine(text: string): boolean {
  if (text.includes("\r") || text.includes("\u2028") || text.includes("\u2029")) return /[\t ]$/m.test(text);
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", nl + 1)) {
    const c = text.charCodeAt(nl - 1);
    if (c === 0x20 || c === 0x09) return true;
  }
  const last = text.charCodeAt(text.length - 1);
  return last === 0x20 || last === 0x09;
}

/** Value of an ASCII hex digit by character code, -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[0x41 + i] = HEX_VALUE[0x61 + i] = 10 + i;

/**
 * Quoted-printable to bytes (RFC 2045 §6.7), byte for byte as libqp.decode: white space at the end of a
 * line is dropped, soft line breaks ("=" before a line end, or ending the text) are removed, then "=XX"
 * is a byte, and anything else (a stray "=", a character above U+00FF) is kept as the low byte of its code
 * unit. One pass over the "="s does both: the text is written as latin1 once, and the runs between the
 * "="s that go are moved down in place; an escape's two digits are the two characters after its "=" once
 * soft breaks are removed (libqp removes them first: "=4=\n1" is "A").
 */
export function decodeQuotedPrintable(text: string): Uint8Array {
  // A run starts only where no space or tab precedes: libqp's /[\t ]+$/gm retried every position of a
  // long run that does not end its line, quadratic in the run's length (seconds for 40 000 spaces).
  const s = blankEndsLine(text) ? text.replace(/(?<![\t ])[\t ]+$/gm, "") : text;
  const out = Buffer.allocUnsafe(s.length);
  out.write(s, 0, "latin1");
  // Bytes of output so far, and the start of the text not yet moved to the output (len <= from).
  let len = 0;
  let from = 0;
  for (let at = s.indexOf("="); at >= 0; at = s.indexOf("=", at)) {
    let next = softBreakEnd(s, at);
    let byte = -1;
    if (next < 0) {
      const a = afterSoftBreaks(s, at + 1);
      const b = afterSoftBreaks(s, a + 1);
      byte = hexByte(s.charCodeAt(a), s.charCodeAt(b));
      if (byte < 0) {
        // A stray "=": kept.
        at++;
        continue;
      }
      next = b + 1;
    }
    if (at > from) {
      if (len === from) len = at;
      else if (at - from > SHORT_RUN) {
        out.copyWithin(len, from, at);
        len += at - from;
      } else for (let i = from; i < at; i++) out[len++] = out[i]!;
    }
    if (byte >= 0) out[len++] = byte;
    from = at = next;
  }
  if (from < s.length) {
    if (len !== from) out.copyWithin(len, from, s.length);
    len += s.length - from;
  }
  return out.subarray(0, len);
}

/**
 * Runs between escapes up to this many bytes are moved byte by byte: a call of copyWithin costs more than
 * moving a short run (most runs in encoded text are a word or two).
 */
const SHORT_RUN = 32;

/**
 * The index past a soft line break at `at` (libqp's /=(?:\r?\n|$)/g: "=" before LF or CRLF, or ending the
 * text), or -1 when there is none. Two such breaks never share a character, so finding them one at a time
 * finds what the regular expression's global replace removes.
 */
function softBreakEnd(s: string, at: number): number {
  if (s.charCodeAt(at) !== 0x3d) return -1;
  const c = s.charCodeAt(at + 1);
  if (c === 0x0a) return at + 2;
  if (c === 0x0d && s.charCodeAt(at + 2) === 0x0a) return at + 3;
  return at + 1 === s.length ? at + 1 : -1;
}

/** The first index from `i` on that is not inside a soft line break. */
function afterSoftBreaks(s: string, i: number): number {
  for (let end = softBreakEnd(s, i); end >= 0; end = softBreakEnd(s, i)) i = end;
  return i;
}

/** The byte that two hex digits (by character code, NaN past the text) spell, or -1. */
function hexByte(a: number, b: number): number {
  const hi = a < 128 ? (HEX_VALUE[a] ?? -1) : -1;
  const lo = b < 128 ? (HEX_VALUE[b] ?? -1) : -1;
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

function decodeBody(body: string, cte: string, cs: string | undefined): string {
  const enc = cte.toLowerCase().trim();
  let buf: Uint8Array | null = null;
  try {
    if (enc === "base64") buf = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
    else if (enc === "quoted-printable") buf = decodeQuotedPrintable(body);
  } catch {
    buf = null;
  }
  if (!buf) {
    // 7bit text in an ISO-2022 charset (RFC 1468) is still escape-coded: decode it, labelled or not.
    const iso2022 = /^iso-2022-/i.test(cs ?? "") || (!cs && body.includes("\u001b$B"));
    if (!iso2022 || !body.includes("\u001b") || /[^\u0000-\u007f]/.test(body.slice(0, 65536))) return body;
    try {
      return decodeCharset(Buffer.from(body, "latin1"), cs || "iso-2022-jp");
    } catch {
      return body;
    }
  }
  return decodeCharset(buf, cs || "utf-8");
}

/**
 * Bytes in a MIME charset to text, with Node's WHATWG TextDecoder (full ICU: ISO-2022-JP, Shift_JIS,
 * EUC-KR, GBK, KOI8-R...; labels as the Encoding Standard reads them, so ISO-8859-1 is windows-1252).
 * US-ASCII is read as UTF-8 (mislabelled 8-bit text is usually UTF-8); an unknown charset as UTF-8 too.
 */
function decodeCharset(buf: Uint8Array, label: string): string {
  const cs = label.trim().toLowerCase();
  let decoder = DECODERS.get(cs);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(/^(?:us-)?ascii$|^7bit$/.test(cs) ? "utf-8" : cs);
    } catch {
      decoder = new TextDecoder("utf-8");
    }
    // Labels come from the input: keep the table bounded.
    if (DECODERS.size < 64) DECODERS.set(cs, decoder);
  }
  return decoder.decode(buf);
}

/**
 * Decoders by charset label, made once: constructing one (an ICU converter) cost more than decoding a
 * typical part, and decode() without {stream: true} keeps no state between calls.
 */
const DECODERS = new Map<string, TextDecoder>();

/** Decode escape-coded ISO-2022-JP text (RFC 1468) held as a string of 7-bit characters. */
export function decodeIso2022(text: string): string {
  return decodeBody(text, "7bit", "iso-2022-jp");
}

/**
 * A body pasted without its headers but still quoted-printable (RFC 2045 §6.7): two or more soft line
 * breaks ("=" ending a line) and no line longer than the 76 characters the encoding allows.
 */
export function looksQuotedPrintable(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  const soft = head.match(/[^=\s]=\n/g)?.length ?? 0;
  if (soft < 2) return false;
  return head.split("\n", 2000).every((l) => l.length <= 78);
}

/** Undo quoted-printable (soft breaks, =XX escapes) on a pasted body, read as UTF-8. */
export function decodeQuotedPrintableText(text: string): string {
  return decodeBody(text, "quoted-printable", "utf-8");
}

/** Find the children of a multipart body: linear scan for "--boundary" at line starts (RFC 2046 §5.1.1). */
function splitMultipart(body: string, boundary: string, budget: { parts: number }): string[] {
  const delim = "--" + boundary;
  const parts: string[] = [];
  let pos = body.startsWith(delim) ? 0 : lineDelimiterAt(body, delim, 0);
  if (pos < 0) return parts;
  if (pos > 0) pos += 1;
  while (pos >= 0 && budget.parts < MAX_MIME_PARTS) {
    const lineEnd = body.indexOf("\n", pos);
    // The close-delimiter: the delimiter at `pos` followed by "--". (A body that starts with an empty line
    // and a delimiter has its first part, empty, read from that line: `pos` is at its "\n", not a "-".)
    if (
      body.charCodeAt(pos) === 0x2d &&
      body.charCodeAt(pos + delim.length) === 0x2d &&
      body.charCodeAt(pos + delim.length + 1) === 0x2d
    )
      break;
    if (lineEnd < 0) break;
    const next = lineDelimiterAt(body, delim, lineEnd);
    const end = next < 0 ? body.length : next;
    parts.push(body.slice(lineEnd + 1, end));
    budget.parts++;
    pos = next < 0 ? -1 : next + 1;
  }
  return parts;
}

/**
 * body.indexOf("\n" + delim, from): the delimiter is searched for and the line end before it checked,
 * which is about twice as fast as searching for the pattern that starts with a line end (every line
 * has one).
 */
function lineDelimiterAt(body: string, delim: string, from: number): number {
  for (let at = body.indexOf(delim, from + 1); at >= 0; at = body.indexOf(delim, at + 1))
    if (body.charCodeAt(at - 1) === 0x0a) return at - 1;
  return -1;
}

interface MimeOptions {
  /**
   * Read a returned message (message/rfc822, message/global) for its header block only: its body stays
   * undecoded and unsplit. A bounce is read from its report parts; the original it returns is only needed
   * for its headers (sender, Received), and decoding its body is most of the work on a large one.
   */
  originalHeadersOnly?: boolean;
  /** With originalHeadersOnly: the fields of the returned message's header block that are read (all if unset). */
  originalFields?: ReadonlySet<string>;
  /**
   * Media types whose body is read when the part is a leaf below the top level: other leaves (images,
   * attachments, a multipart without its boundary) keep an empty body instead of being decoded.
   * Unset: every body is decoded.
   */
  leafTypes?: ReadonlySet<string>;
  /**
   * The fields kept from the header block of each part of a multipart (all if unset): the walk itself
   * reads Content-Type and Content-Transfer-Encoding.
   */
  partFields?: ReadonlySet<string>;
}

/** Parse a whole message (headers + body) into a bounded tree of parts. */
export function parseMime(
  text: string,
  depth = 0,
  budget = { parts: 0 },
  options: MimeOptions = {},
): MimePart {
  const { headers, body } = parseHead(text);
  return buildPart(headers, body, depth, budget, options);
}

/** Parse a message whose header block the caller has read (parseMime less the header parsing). */
export function parseMimeBody(headers: Header[], body: string, options: MimeOptions = {}): MimePart {
  return buildPart(headers, body, 0, { parts: 0 }, options);
}

function buildPart(
  headers: Header[],
  rawBody: string,
  depth: number,
  budget: { parts: number },
  options: MimeOptions = {},
): MimePart {
  const { type, params } = parseContentType(headerValue(headers, "content-type"));
  const cte = headerValue(headers, "content-transfer-encoding") ?? "7bit";
  const part: MimePart = { headers, type, params, body: "", children: [] };
  budget.parts++;
  if (type.startsWith("multipart/") && params.boundary && depth < MAX_MIME_DEPTH) {
    part.body = "";
    for (const chunk of splitMultipart(rawBody, params.boundary, budget)) {
      if (budget.parts >= MAX_MIME_PARTS) break;
      // A part with no header block starts with the empty line (RFC 2046 §5.1.1: default text/plain).
      const { headers, body } =
        chunk.charCodeAt(0) === 0x0a
          ? { headers: [], body: chunk.slice(1) }
          : parseHead(chunk, options.partFields);
      part.children.push(buildPart(headers, body, depth + 1, budget, options));
    }
    // A multipart whose boundary never occurs (some gateways declare one and write plain text): keep the
    // text, read as the body of a single part, rather than lose it.
    if (part.children.length === 0 && (depth === 0 || !options.leafTypes || options.leafTypes.has(type)))
      part.body = decodeBody(rawBody, cte, params.charset);
    return part;
  }
  const isMessage = type === "message/rfc822" || type === "message/global";
  if (!isMessage && depth > 0 && options.leafTypes && !options.leafTypes.has(type)) return part;
  // RFC 2046 §5.2.1: message/rfc822 is 7bit, 8bit or binary, so its header block can be read undecoded.
  if (isMessage && options.originalHeadersOnly && isIdentityEncoding(cte)) {
    if (depth < MAX_MIME_DEPTH) {
      const { headers, body } = parseHead(rawBody, options.originalFields);
      budget.parts++;
      part.children.push({ headers, type: "text/plain", params: {}, body, children: [] });
    }
    part.body = rawBody;
    return part;
  }
  const decoded = decodeBody(rawBody, cte, params.charset);
  if (isMessage && depth < MAX_MIME_DEPTH) {
    part.children.push(parseMime(decoded, depth + 1, budget, options));
  }
  part.body = decoded;
  return part;
}

/**
 * RFC 2046 §5.2.1's identity encodings (or none): /^(?:7bit|8bit|binary)?$/i on the trimmed value, as
 * string compares. The only non-ASCII characters that lower-case to ASCII letters are U+0130 (to "i" and
 * a combining dot: two characters) and U+212A (to "k", which these words lack), so the answer is the same.
 */
function isIdentityEncoding(cte: string): boolean {
  const e = cte.trim().toLowerCase();
  return e === "" || e === "7bit" || e === "8bit" || e === "binary";
}

/** All parts, depth first, the root included. */
export function walkParts(root: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const stack: MimePart[] = [root];
  while (stack.length && out.length < MAX_MIME_PARTS * 2) {
    const p = stack.pop()!;
    out.push(p);
    for (let i = p.children.length - 1; i >= 0; i--) stack.push(p.children[i]!);
  }
  return out;
}

import type { Stage } from "@/lib/bounce/types";
import { MAX_LINE_CHARS } from "@/lib/bounce/parse/limits";
import { charCodeAt, slice, split, trimStart } from "@/lib/string-fns";

/**
 * One recipient as a notice's human-readable text reports it: the words of the remote reply and what the
 * prose says about where it failed. The recognizers of lib/bounce/mta read them from the text part of a
 * multipart/report as well as from a plain-text bounce with no DSN at all.
 */
export interface TextRecord {
  recipient: string | null;
  /** The reply words (fed to parseReply). */
  raw: string;
  remoteMta: string | null;
  stage: Stage | null;
  /** The recognizer (a notice format's id) that read it, "generic" for the format-independent ones. */
  source: string;
}

/**
 * A notice format's text recognizer, one module each (as sisimai's Lhost modules): `gate` is a cheap test
 * for the format's own markers, `records` reads its recipients (an empty list when the layout is not
 * there after all, so the next recognizer runs).
 */
export interface TextFormat {
  id: string;
  name: string;
  /** The format read, with a reference. */
  format: string;
  /** `lower` is the text lower-cased, for literal checks before any regex. */
  gate: (text: string, lower: LowerText) => boolean;
  /** `ls` is lines(text), `lower` the text lower-cased (for literal checks before line-by-line regexes). */
  records: (text: string, ls: string[], lower: LowerText) => TextRecord[];
}

/** The text's lines, each cut at MAX_LINE_CHARS. */
export function lines(text: string): string[] {
  const ls = split(text, "\n");
  const max = MAX_LINE_CHARS;
  // No line of a text of at most `max` characters is longer: only a longer text has lines to look at.
  if (text.length > max)
    for (let i = 0; i < ls.length; i++) if (ls[i]!.length > max) ls[i] = slice(ls[i]!, 0, max);
  return ls;
}

export const indent = (l: string): number => l.length - trimStart(l).length;

/**
 * Appends to `out` the first paragraph of ls[from, to): its lines trimmed, the empty lines before it
 * skipped (none are while `out` already holds a line), ended by the next empty line.
 */
export function paragraph(ls: readonly string[], from: number, to: number, out: string[]): string[] {
  for (let i = from; i < ls.length && i < to; i++) {
    const l = ls[i]!.trim();
    if (l === "") {
      if (out.length) break;
      continue;
    }
    out.push(l);
  }
  return out;
}

/**
 * A run of three characters hashed to 32 bits (LowerText keeps the top bits), from its three bytes: the
 * low byte of each UTF-16 code unit, as Latin-1 writes it (see LowerText.of), in the low 24 bits of `k`.
 */
function runKey(k: number): number {
  return Math.imul(k, 0x9e3779b1);
}

/** The run `k` (its last three bytes so far) followed by code unit `c`. */
function roll(k: number, c: number): number {
  return ((k << 8) | (c & 0xff)) & 0xffffff;
}

/**
 * Lower-case words the recognizers look for in every text, with the runs of each hashed once, where the
 * list is made (at load): a lookup in a LowerText then reads one key per run instead of hashing three
 * characters of the word again.
 */
export class Words {
  /** The run keys (see runKey) of all the words, word after word. */
  readonly keys: Int32Array;
  /** Where the keys of each word end in `keys` (those of word k start where word k - 1's end). */
  readonly ends: Int32Array;

  private constructor(readonly list: readonly string[]) {
    let n = 0;
    for (const w of list) n += Math.max(0, w.length - 2);
    this.keys = new Int32Array(n);
    this.ends = new Int32Array(list.length);
    let at = 0;
    for (let k = 0; k < list.length; k++) {
      const w = list[k]!;
      let r = roll(roll(0, w.charCodeAt(0)), w.charCodeAt(1));
      for (let i = 2; i < w.length; i++) {
        r = roll(r, w.charCodeAt(i));
        this.keys[at++] = runKey(r);
      }
      this.ends[k] = at;
    }
  }

  static of(...list: string[]): Words {
    return new Words(list);
  }
}

/**
 * The hash width for a text of n characters: about eight hash values per character (at most n runs are
 * recorded, so most values stay clear), 2^10 to 2^13 values: a larger set no longer fits the first-level
 * cache, and its stores and clearing cost more than the denser 8 KB of a text of more than 1,000
 * characters, where a few more lookups go on to a search that finds nothing (on the corpus, 3.07 such
 * searches per message, 2.96 with sets of up to 64 KB).
 */
function tripleBits(n: number): number {
  let bits = 10;
  while (bits < 13 && 1 << bits < n * 8) bits++;
  return bits;
}

/**
 * A set of hashed runs, one byte per hash value (a store, where a bit would need a load, an or and a
 * store per character), kept for the next text of the same width: allocating a typed array of more than
 * 64 bytes (its store lives outside the heap) costs several times clearing one. `stamp` counts the texts
 * recorded in it: the runs it holds are those of the LowerText with the same stamp. A text's runs are
 * the bytes holding its mark (markOf(stamp), 1 to 255), so the set is cleared once every 255 texts, not
 * before each: bytes still holding an earlier text's mark do not count.
 */
interface RunSet {
  /** The set (the first 2^width bytes), then room for a chunk of the text being recorded (see CHUNK). */
  bits: Uint8Array;
  /** `bits` as a Buffer, to write the chunk. */
  buffer: Buffer;
  stamp: number;
}

/**
 * LowerText.of reads the text a chunk of this many characters at a time, written behind the set it
 * fills: a Latin-1 write copies the code units (each cut to its low byte: Node's Buffer docs, "latin1")
 * in native code, and a typed array is read about twice as fast as charCodeAt reads a string (one array
 * for both, as two cost a second round of checks per character). Cutting a code unit to a byte only makes
 * two runs hash alike: a collision, which costs a search and never skips one.
 */
const CHUNK = 16 * 1024;

/** The byte that marks the runs of the text recorded with `stamp` (from 1): 1 to 255 in turn. */
function markOf(stamp: number): number {
  return ((stamp - 1) % 255) + 1;
}

function runSet(width: number): RunSet {
  const buffer = Buffer.alloc((1 << width) + CHUNK);
  return { bits: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length), buffer, stamp: 0 };
}

/** One set per hash width (index: the width in bits). */
const RUN_SETS: RunSet[] = [];

/**
 * A text lower-cased, for the literal checks the recognizers make before their regexes. The recognizers
 * ask for some thirty phrases, nearly all absent, and each `includes` that fails reads the whole text: so
 * one pass records every run of three characters the text holds (hashed into a set sized to the
 * text), and a phrase with a run that is not recorded is absent without a search. A phrase that is
 * present has all its runs recorded, so `has` answers exactly as `includes` does; a hash collision only
 * costs the search. The set is reused by a later text of the same width: from then on `has` searches.
 */
export class LowerText {
  /** Whether `whole` holds a character beyond ASCII, once asked. */
  private beyondAscii: boolean | undefined;

  private constructor(
    /** The text lower-cased. */
    readonly s: string,
    /** `s`, or the text `s` is a prefix of. */
    private readonly whole: string,
    /** The runs of `whole` (the bytes holding `mark`), while `runs.stamp` is `stamp`. */
    private readonly runs: RunSet,
    private readonly stamp: number,
    private readonly mark: number,
    /** 32 minus the hash width. */
    private readonly shift: number,
  ) {}

  /** `text` lower-cased, with its runs recorded. */
  static of(text: string): LowerText {
    const s = text.toLowerCase();
    const n = s.length;
    const width = tripleBits(n);
    const shift = 32 - width;
    const runs = (RUN_SETS[width] ??= runSet(width));
    const bits = runs.bits;
    const start = 1 << width;
    const stamp = ++runs.stamp;
    const mark = markOf(stamp);
    // A new round of marks: no byte may hold one from the last round.
    if (mark === 1) bits.fill(0, 0, start);
    // The first two characters are recorded as runs behind zero bytes too: spare values, harmless.
    let k = 0;
    for (let at = 0; at < n; at += CHUNK) {
      const end = start + runs.buffer.write(n <= CHUNK ? s : s.slice(at, at + CHUNK), start, "latin1");
      for (let i = start; i < end; i++) {
        k = ((k << 8) | bits[i]!) & 0xffffff;
        bits[runKey(k) >>> shift] = mark;
      }
    }
    return new LowerText(s, s, runs, stamp, mark, shift);
  }

  /** Whether `s` (or the text it is a prefix of) holds a character beyond ASCII. */
  get nonAscii(): boolean {
    // A code unit beyond ASCII takes two or three bytes in UTF-8 (a surrogate pair four), ASCII one.
    return (this.beyondAscii ??= Buffer.byteLength(this.whole, "utf8") !== this.whole.length);
  }

  /**
   * The first `end` characters: a prefix's runs are among the whole text's, so the record is shared
   * (it may let a search run that finds nothing, never skip one that would find something). It stands
   * for the first `end` characters of the original text only when lower-casing kept its length.
   */
  prefix(end: number): LowerText {
    return new LowerText(this.s.slice(0, end), this.whole, this.runs, this.stamp, this.mark, this.shift);
  }

  /** `this.s.includes(word)` for a lower-case word, without the search when a run of it is missing. */
  has(word: string): boolean {
    if (this.runs.stamp !== this.stamp) return this.s.includes(word);
    const t = this.runs.bits;
    const shift = this.shift;
    const mark = this.mark;
    let r = roll(roll(0, word.charCodeAt(0)), word.charCodeAt(1));
    for (let i = 2; i < word.length; i++) {
      r = roll(r, word.charCodeAt(i));
      if (t[runKey(r) >>> shift] !== mark) return false;
    }
    return this.s.includes(word);
  }

  /** `this.has(words.list[k])`, with the word's run keys read from the list. */
  hasWord(words: Words, k: number): boolean {
    const word = words.list[k]!;
    if (this.runs.stamp !== this.stamp) return this.s.includes(word);
    const t = this.runs.bits;
    const shift = this.shift;
    const keys = words.keys;
    const mark = this.mark;
    for (let i = k > 0 ? words.ends[k - 1]! : 0, end = words.ends[k]!; i < end; i++) {
      if (t[keys[i]! >>> shift] !== mark) return false;
    }
    return this.s.includes(word);
  }
}

/**
 * A regex with literals that every match of it contains (lower-case): where the lower-cased text holds
 * none of them the regex cannot match, and a few `includes` scans rule it out instead of the regex engine
 * trying every position of the text (a regex anchored with `^` in multiline mode, or a case-insensitive
 * alternation, costs several times an `includes`). Each word must be a substring of every possible match
 * once lower-cased: for a case-insensitive regex, a match of an ASCII word lower-cases to the word itself.
 * Short words with an uncommon first character are the cheapest to look for. No words: the regex opens
 * with a literal run the engine finds about as fast as `includes` would, so a gate would only add a scan.
 */
export interface Gated {
  words?: Words;
  re: RegExp;
  /** `re` without its opening `^[ \t]*`, global: gatedTest asks atLineStart (see lineStartGated). */
  rest?: RegExp;
}

/**
 * The gate with its test made by atLineStart, for a multiline `re` that opens with `^[ \t]*` and then
 * words: irregexp tries such a regex at every position of the text (the blanks hide which character
 * comes first), while the rest alone lets it skip ahead to the words' first letters.
 */
export function lineStartGated(g: { words: Words; re: RegExp }): Gated {
  const open = "^[ \\t]*";
  if (!g.re.source.startsWith(open) || !g.re.multiline) throw new Error(`not a line-start regex: ${g.re}`);
  return { ...g, rest: new RegExp(g.re.source.slice(open.length), `${g.re.flags}g`) };
}

/**
 * Whether only blanks (spaces, tabs) stand before offset `at` on its line, as `^[ \t]*` before it in
 * multiline mode requires: a line starts after any line terminator (ECMA-262, 22.2.2.6, the assertion ^).
 */
export function blanksBefore(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && (charCodeAt(text, i - 1) === 0x20 || charCodeAt(text, i - 1) === 0x09)) i--;
  return i === 0 || isLineTerminator(charCodeAt(text, i - 1));
}

/** LF, CR, U+2028 or U+2029: a line starts after one, as `^` sees lines in a multiline regex. */
export function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/**
 * Whether `rest` (global) matches where only blanks stand before it on its line, as `^[ \t]*` then `rest`
 * in multiline mode does.
 */
function atLineStart(rest: RegExp, text: string): boolean {
  rest.lastIndex = 0;
  for (let m = rest.exec(text); m; m = rest.exec(text)) {
    if (blanksBefore(text, m.index)) return true;
    // A match may overlap one that starts later on its line or on the next: search on from the next character.
    rest.lastIndex = m.index + 1;
  }
  return false;
}

/** Whether the lower-cased text contains one of the words. */
export function hasAny(lower: LowerText, words: Words): boolean {
  for (let k = 0; k < words.list.length; k++) if (lower.hasWord(words, k)) return true;
  return false;
}

/** `g.re.exec(text)`, skipped when `lower` (the text lower-cased) holds none of the required words. */
export function gatedExec(g: Gated, text: string, lower: LowerText): RegExpExecArray | null {
  return !g.words || hasAny(lower, g.words) ? g.re.exec(text) : null;
}

/** `g.re.test(text)`, skipped when `lower` (the text lower-cased) holds none of the required words. */
export function gatedTest(g: Gated, text: string, lower: LowerText): boolean {
  return (!g.words || hasAny(lower, g.words)) && (g.rest ? atLineStart(g.rest, text) : g.re.test(text));
}

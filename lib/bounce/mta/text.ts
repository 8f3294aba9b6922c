import type { Stage } from "@/lib/bounce/types";
import { MAX_LINE_CHARS } from "@/lib/bounce/parse/limits";

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
  const ls = text.split("\n");
  const max = MAX_LINE_CHARS;
  for (let i = 0; i < ls.length; i++) if (ls[i]!.length > max) ls[i] = ls[i]!.slice(0, max);
  return ls;
}

export const indent = (l: string): number => l.length - l.trimStart().length;

/** A run of three consecutive UTF-16 code units hashed to 32 bits: tripleHash keeps its top bits. */
function runKey(a: number, b: number, c: number): number {
  return Math.imul(a * 961 + b * 31 + c, 0x9e3779b1);
}

/** A hash of three consecutive UTF-16 code units, `32 - shift` bits wide. */
function tripleHash(a: number, b: number, c: number, shift: number): number {
  return runKey(a, b, c) >>> shift;
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
      for (let i = 2; i < w.length; i++)
        this.keys[at++] = runKey(w.charCodeAt(i - 2), w.charCodeAt(i - 1), w.charCodeAt(i));
      this.ends[k] = at;
    }
  }

  static of(...list: string[]): Words {
    return new Words(list);
  }
}

/**
 * The hash width for a text of n characters: about eight hash values per character (at most n runs are
 * recorded, so most values stay clear), 2^10 to 2^16 values.
 */
function tripleBits(n: number): number {
  let bits = 10;
  while (bits < 16 && 1 << bits < n * 8) bits++;
  return bits;
}

/**
 * A set of hashed runs, one byte per hash value (a store, where a bit would need a load, an or and a
 * store per character), kept for the next text of the same width: allocating a typed array of more than
 * 64 bytes (its store lives outside the heap) costs several times clearing one. `stamp` counts the texts
 * recorded in it: the runs it holds are those of the LowerText with the same stamp.
 */
interface RunSet {
  bits: Uint8Array;
  stamp: number;
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
  private constructor(
    /** The text lower-cased. */
    readonly s: string,
    /** The runs of `s` (or of a text `s` is a prefix of), while `runs.stamp` is `stamp`. */
    private readonly runs: RunSet,
    private readonly stamp: number,
    /** 32 minus the hash width. */
    private readonly shift: number,
    /** Whether `s` (or the text it is a prefix of) holds a character beyond ASCII. */
    readonly nonAscii: boolean,
  ) {}

  /** `text` lower-cased, with its runs recorded. */
  static of(text: string): LowerText {
    const s = text.toLowerCase();
    const n = s.length;
    const width = tripleBits(n);
    const shift = 32 - width;
    const runs = (RUN_SETS[width] ??= { bits: new Uint8Array(1 << width), stamp: 0 });
    const triples = runs.bits;
    triples.fill(0);
    let a = n > 0 ? s.charCodeAt(0) : 0;
    let b = n > 1 ? s.charCodeAt(1) : 0;
    let all = a | b;
    for (let i = 2; i < n; i++) {
      const c = s.charCodeAt(i);
      all |= c;
      triples[tripleHash(a, b, c, shift)] = 1;
      a = b;
      b = c;
    }
    return new LowerText(s, runs, ++runs.stamp, shift, all > 0x7f);
  }

  /**
   * The first `end` characters: a prefix's runs are among the whole text's, so the record is shared
   * (it may let a search run that finds nothing, never skip one that would find something). It stands
   * for the first `end` characters of the original text only when lower-casing kept its length.
   */
  prefix(end: number): LowerText {
    return new LowerText(this.s.slice(0, end), this.runs, this.stamp, this.shift, this.nonAscii);
  }

  /** `this.s.includes(word)` for a lower-case word, without the search when a run of it is missing. */
  has(word: string): boolean {
    if (this.runs.stamp !== this.stamp) return this.s.includes(word);
    const t = this.runs.bits;
    const shift = this.shift;
    for (let i = 2; i < word.length; i++) {
      if (t[tripleHash(word.charCodeAt(i - 2), word.charCodeAt(i - 1), word.charCodeAt(i), shift)] === 0)
        return false;
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
    for (let i = k > 0 ? words.ends[k - 1]! : 0, end = words.ends[k]!; i < end; i++) {
      if (t[keys[i]! >>> shift] === 0) return false;
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
  while (i > 0 && (text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x09)) i--;
  const c = i > 0 ? text.charCodeAt(i - 1) : 0x0a;
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

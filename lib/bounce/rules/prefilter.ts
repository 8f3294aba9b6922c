/**
 * Literal prefilters for rule regexes: the cheap substring checks that must succeed before a regex can
 * match, so most rules are rejected without running a regex at all.
 *
 * The pattern is parsed by a real ECMAScript regex parser (@eslint-community/regexpp, the one ESLint
 * uses), never by hand, and the literals are derived from its syntax tree by rules that only ever keep
 * what every match must contain. For each part of the pattern four sets of strings are known, when small:
 * the strings it can match (exact), the ones every match starts with (prefix), ends with (suffix), and one
 * of which every match contains (inner).
 * - a character is exact; so is a small class (or \d), as its characters; an assertion (^, $, \b, a
 *   look-around) exactly matches the empty string, as it consumes nothing;
 * - a sequence joins its parts' sets: exact by exact is exact, an exact part extends the prefix of the
 *   next part (and the suffix of the one before), and a suffix followed by a prefix is contained;
 * - an alternation unites its branches' sets (a branch that requires nothing makes its inner null);
 * - an optional element adds the empty string to its exact set; one repeated at least once keeps its
 *   prefix, suffix and inner sets; one that may be absent otherwise requires nothing;
 * - other classes, escapes like \s \w and back-references match strings not known in advance.
 * Where a product of sets would grow too large the shorter, weaker set is kept. Of the sets a part
 * guarantees, the most selective is its requirement. Anything the derivation does not understand yields
 * null: the regex then always runs. A rule can thus be slowed down by a pattern we do not analyse, never
 * silently dropped.
 *
 * Deriving the literals of every rule costs a noticeable part of a CLI start, so the results are kept in
 * prefilter-cache.json, keyed by the exact flags and source of each pattern: a changed or new pattern
 * misses the cache and is derived here (correct, only slower), and a test checks that every cached entry
 * equals its derivation and that the cache covers every pattern in use (`npm run bounce:prefilter` rewrites it).
 */
import { RegExpParser, type AST } from "@eslint-community/regexpp";
import CACHE from "./prefilter-cache.json";

type Req = string[] | null;

/** Literals shorter than this are too common to filter on (and the scanner indexes three characters). */
export const MIN_LITERAL = 3;

/** Most strings an exact, prefix or suffix set may hold: products beyond it fall back to a weaker set. */
const MAX_SET = 32;

const parser = new RegExpParser({ ecmaVersion: 2024 });

/** What is known of the strings one part of a pattern matches (null: nothing). */
interface Info {
  exact: string[] | null;
  prefix: string[] | null;
  suffix: string[] | null;
  inner: Req;
}

const UNKNOWN: Info = { exact: null, prefix: null, suffix: null, inner: null };
const EMPTY: Info = { exact: [""], prefix: [""], suffix: [""], inner: null };

function exactly(strings: string[]): Info {
  const set = [...new Set(strings)];
  return { exact: set, prefix: set, suffix: set, inner: null };
}

function usable(req: Req): req is string[] {
  return req !== null && req.length > 0 && req.every((l) => l.length >= MIN_LITERAL);
}

/** How selective a requirement is: the shortest literal, fewer alternatives breaking ties. */
function better(a: Req, b: Req): Req {
  if (!usable(b)) return usable(a) ? a : null;
  if (!usable(a)) return b;
  const la = Math.min(...a.map((l) => l.length));
  const lb = Math.min(...b.map((l) => l.length));
  if (lb !== la) return lb > la ? b : a;
  return b.length < a.length ? b : a;
}

/** Every x followed by every y, or null when there would be more than MAX_SET. */
function product(xs: readonly string[], ys: readonly string[]): string[] | null {
  if (xs.length * ys.length > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of xs) for (const y of ys) out.add(x + y);
  return [...out];
}

function unite(sets: (string[] | null)[], limit: number): string[] | null {
  const out = new Set<string>();
  for (const set of sets) {
    if (set === null) return null;
    for (const l of set) out.add(l);
  }
  return out.size <= limit ? [...out] : null;
}

/** The most selective set an element guarantees one of its matches contains. */
function required(i: Info): Req {
  return better(better(better(i.inner, i.exact), i.prefix), i.suffix);
}

/** A part followed by another. */
function concat(a: Info, b: Info): Info {
  const exact = a.exact && b.exact ? product(a.exact, b.exact) : null;
  const prefix = a.exact ? (product(a.exact, b.prefix ?? [""]) ?? a.exact) : a.prefix;
  const suffix = b.exact ? (product(a.suffix ?? [""], b.exact) ?? b.exact) : b.suffix;
  const across = a.suffix && b.prefix ? product(a.suffix, b.prefix) : null;
  const inner = better(better(better(a.inner, b.inner), across), better(prefix, suffix));
  return { exact, prefix, suffix, inner };
}

function alternation(alternatives: AST.Alternative[], fold: (s: string) => string): Info {
  const infos = alternatives.map((alt) => sequence(alt.elements, fold));
  const reqs = infos.map(required);
  const all = (pick: (i: Info) => string[] | null) => unite(infos.map(pick), MAX_SET);
  return {
    exact: all((i) => i.exact),
    prefix: all((i) => i.prefix),
    suffix: all((i) => i.suffix),
    // A branch that requires nothing lets the alternation match without any literal.
    inner: reqs.every(usable) ? unite(reqs, Infinity) : null,
  };
}

/** Most characters a class may stand for and still be expanded (\d has ten). */
const MAX_CLASS_CHARS = 10;

/** The characters of a small character class (or \d), or null. */
function classChars(e: AST.Element, fold: (s: string) => string): string[] | null {
  if (e.type === "CharacterSet") {
    return e.kind === "digit" && !e.negate ? ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] : null;
  }
  if (e.type !== "CharacterClass" || e.negate || e.unicodeSets) return null;
  const out = new Set<string>();
  for (const x of e.elements) {
    if (x.type === "Character") out.add(fold(String.fromCodePoint(x.value)));
    else if (x.type === "CharacterClassRange" && x.max.value - x.min.value < MAX_CLASS_CHARS)
      for (let v = x.min.value; v <= x.max.value; v++) out.add(fold(String.fromCodePoint(v)));
    else return null;
    if (out.size > MAX_CLASS_CHARS) return null;
  }
  return out.size > 0 ? [...out] : null;
}

function element(e: AST.Element, fold: (s: string) => string): Info {
  switch (e.type) {
    case "Character":
      return exactly([fold(String.fromCodePoint(e.value))]);
    case "Assertion":
      return EMPTY;
    case "Group":
    case "CapturingGroup":
      return alternation(e.alternatives, fold);
    case "Quantifier": {
      const inner = element(e.element, fold);
      if (e.min === 1 && e.max === 1) return inner;
      if (e.min === 0) return e.max === 1 && inner.exact ? exactly(["", ...inner.exact]) : UNKNOWN;
      return { exact: null, prefix: inner.prefix, suffix: inner.suffix, inner: required(inner) };
    }
    default: {
      const chars = classChars(e, fold);
      return chars ? exactly(chars) : UNKNOWN;
    }
  }
}

function sequence(elements: AST.Element[], fold: (s: string) => string): Info {
  let acc = EMPTY;
  for (const e of elements) acc = concat(acc, element(e, fold));
  return acc;
}

// Lower-casing is not length-preserving or context-free for a few characters (final sigma, dotted capital
// I): literals containing them are not used, which only costs a regex run.
const UNSAFE_FOLD = /[\u03a3\u03c2\u03c3\u0130\u0131]/;

const CACHED = CACHE as Record<string, string[] | null>;
const USED = new Map<string, string[] | null>();

/** Every pattern whose prefilter was asked for in this process, with its literals (for the cache). */
export function prefiltersInUse(): ReadonlyMap<string, string[] | null> {
  return USED;
}

export const prefilterKey = (re: RegExp): string => `${re.flags}/${re.source}`;

/** Lower-cased literals, one of which must occur in the (lower-cased) text for `re` to match; or null. */
export function literalPrefilter(re: RegExp): string[] | null {
  const key = prefilterKey(re);
  const hit = Object.hasOwn(CACHED, key) ? CACHED[key]! : undefined;
  const lits = hit !== undefined ? hit : derivePrefilter(re);
  USED.set(key, lits);
  return lits ? [...lits] : null;
}

/** The derivation itself, without the cache. */
export function derivePrefilter(re: RegExp): string[] | null {
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(re.source, 0, re.source.length, {
      unicode: re.flags.includes("u"),
      unicodeSets: re.flags.includes("v"),
    });
  } catch {
    return null;
  }
  // The text scanned is lower-cased, so literals are too, whatever the regex's own case sensitivity.
  const fold = (s: string) => s.toLowerCase();
  const req = required(alternation(pattern.alternatives, fold));
  if (!usable(req) || req.some((l) => UNSAFE_FOLD.test(l))) return null;
  // A literal containing another of the set adds nothing (where it occurs, so does the other): fewer
  // literals, a smaller table to scan.
  const set = [...new Set(req)];
  return set.filter((l) => !set.some((o) => o !== l && l.includes(o)));
}

/** A parse of a pattern's source without the u and v flags, or null when it does not parse so. */
function parsePlain(source: string): AST.Pattern | null {
  try {
    return parser.parsePattern(source, 0, source.length, { unicode: false });
  } catch {
    return null;
  }
}

/** The top-level alternatives of a pattern's source, as written (one, the source, when it does not parse). */
export function topAlternatives(source: string): string[] {
  return parsePlain(source)?.alternatives.map((a) => a.raw) ?? [source];
}

/** An escaped ASCII punctuation character ("\."): it stands for itself. */
const ESCAPED_PUNCTUATION = /^\\[!-/:-@[-`{-~]$/;

/**
 * The text an alternative matches when it is plain: characters that stand for themselves, written as
 * themselves or as escaped ASCII punctuation ("\."), with no class, group, quantifier, assertion or other
 * escape (null otherwise).
 */
export function plainText(alternative: string): string | null {
  const pattern = parsePlain(alternative);
  if (!pattern || pattern.alternatives.length !== 1) return null;
  let text = "";
  for (const e of pattern.alternatives[0]!.elements) {
    if (e.type !== "Character" || (e.raw.length > 1 && !ESCAPED_PUNCTUATION.test(e.raw))) return null;
    text += String.fromCodePoint(e.value);
  }
  return text === "" ? null : text;
}

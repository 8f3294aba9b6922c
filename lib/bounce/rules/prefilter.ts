/**
 * Literal prefilters for rule regexes: the cheap substring checks that must succeed before a regex can
 * match, so most rules are rejected without running a regex at all.
 *
 * The pattern is parsed by a real ECMAScript regex parser (@eslint-community/regexpp, the one ESLint
 * uses), never by hand, and the literals are derived from its syntax tree by rules that only ever keep
 * what every match must contain:
 * - a run of plain characters in sequence is required as it stands;
 * - a sequence requires whichever of its parts' requirements is most selective;
 * - an alternation requires one of its branches' requirements (null if any branch requires nothing);
 * - a quantified element is required only when its minimum is at least one;
 * - classes, escapes like \s \d, look-arounds and back-references require nothing.
 * Anything the derivation does not understand yields null: the regex then always runs. A rule can thus be
 * slowed down by a pattern we do not analyse, never silently dropped.
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

const parser = new RegExpParser({ ecmaVersion: 2024 });

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

function union(alternatives: AST.Alternative[], fold: (s: string) => string): Req {
  const out = new Set<string>();
  for (const alt of alternatives) {
    const r = sequence(alt.elements, fold);
    if (!usable(r)) return null;
    for (const l of r) out.add(l);
  }
  return [...out];
}

/** The exact text an element always matches, or null when it can match different strings. */
function exactText(e: AST.Element, fold: (s: string) => string): string | null {
  if (e.type === "Character") return fold(String.fromCodePoint(e.value));
  if ((e.type === "Group" || e.type === "CapturingGroup") && e.alternatives.length === 1) {
    let s = "";
    for (const x of e.alternatives[0]!.elements) {
      const t = exactText(x, fold);
      if (t === null) return null;
      s += t;
    }
    return s;
  }
  return null;
}

/** Most characters a class may stand for and still be expanded (\d has ten). */
const MAX_CLASS_CHARS = 10;

/**
 * The characters one of which every match of `e` starts with, when `e` is a small character class (or
 * \d), possibly repeated at least once; null otherwise.
 */
function firstChars(e: AST.Element, fold: (s: string) => string): string[] | null {
  if (e.type === "Quantifier") return e.min >= 1 ? firstChars(e.element, fold) : null;
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

function element(e: AST.Element, fold: (s: string) => string): Req {
  switch (e.type) {
    case "Group":
    case "CapturingGroup":
      return union(e.alternatives, fold);
    case "Quantifier":
      return e.min >= 1 ? element(e.element, fold) : null;
    default:
      return null;
  }
}

function sequence(elements: AST.Element[], fold: (s: string) => string): Req {
  let best: Req = null;
  let run = "";
  const flush = () => {
    if (run.length >= MIN_LITERAL) best = better(best, [run]);
    run = "";
  };
  for (const e of elements) {
    const t = exactText(e, fold);
    if (t !== null) {
      run += t;
      continue;
    }
    // A run too short to use, followed by one of a few characters ("CS" then a digit): the run with each
    // of them is required as a whole.
    const next = run.length > 0 && run.length < MIN_LITERAL ? firstChars(e, fold) : null;
    if (next)
      best = better(
        best,
        next.map((c) => run + c),
      );
    flush();
    best = better(best, element(e, fold));
  }
  flush();
  return best;
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
  const req = union(pattern.alternatives, fold);
  if (!usable(req) || req.some((l) => UNSAFE_FOLD.test(l))) return null;
  return [...new Set(req)];
}

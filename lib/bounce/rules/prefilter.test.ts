import { describe, expect, it } from "vitest";
import "@/lib/bounce/classify";
import CACHE from "@/lib/bounce/rules/prefilter-cache.json";
import { derivePrefilter, literalPrefilter, prefiltersInUse } from "@/lib/bounce/rules/prefilter";
import { RULES } from "@/lib/bounce/rules";
import { PHRASES, phraseRegExp } from "@/lib/bounce/rules/phrases";

// The patterns the classifier asked for when it loaded, before the tests below ask for their own.
const IN_USE = [...prefiltersInUse().keys()];

/** The prefilter is sound for `re` on `text` when a match implies one of its literals is present. */
function sound(re: RegExp, text: string): boolean {
  const lits = literalPrefilter(re);
  if (lits === null || !re.test(text)) return true;
  const lower = text.toLowerCase();
  return lits.some((l) => lower.includes(l));
}

describe("literalPrefilter", () => {
  it("keeps runs, alternations and required groups; spells out small alternations and optional parts", () => {
    expect(literalPrefilter(/user unknown/i)).toEqual(["user unknown"]);
    expect(literalPrefilter(/mailbox (?:is )?full|over quota/i)).toEqual([
      "mailbox full",
      "mailbox is full",
      "over quota",
    ]);
    expect(literalPrefilter(/(?:mailbox|inbox) full/i)).toEqual(["mailbox full", "inbox full"]);
    expect(literalPrefilter(/^from: .*mailer-daemon@(?:googlemail|gmail)\.com/i)).toEqual([
      "mailer-daemon@googlemail.com",
      "mailer-daemon@gmail.com",
    ]);
    // A literal containing another one of the set is dropped: it occurs only where the other does.
    expect(literalPrefilter(/the mailbox|mailbox|mailboxes/i)).toEqual(["mailbox"]);
    // An optional part whose absence leaves too little, and parts of unknown text, require nothing.
    expect(literalPrefilter(/a(?:bcd)?e/)).toBeNull();
    expect(literalPrefilter(/\d{3} \w+/)).toBeNull();
    expect(literalPrefilter(/x{0,3}yz|abc/)).toBeNull();
  });

  it("spells out the few characters a small class allows", () => {
    const digits = "0123456789".split("");
    expect(literalPrefilter(/\bCS\d{2}\b/i)).toEqual(digits.map((d) => `cs${d}`));
    expect(literalPrefilter(/\(#\d\.\d{1,3}\)/)).toEqual(digits.map((d) => `(#${d}.`));
    expect(literalPrefilter(/AB[xY]z/)).toEqual(["abxz", "abyz"]);
    expect(literalPrefilter(/ab[a-c]/)).toEqual(["aba", "abb", "abc"]);
    // Not when the class may be absent, is negated, or allows too many characters.
    expect(literalPrefilter(/ab\d?/)).toBeNull();
    expect(literalPrefilter(/ab[^x]/)).toBeNull();
    expect(literalPrefilter(/ab[a-z]/)).toBeNull();
    expect(literalPrefilter(/a\d/)).toBeNull();
    for (const [re, text] of [
      [/\bCS\d{2}\b/i, "554 5.7.1 [CS01] Message rejected"],
      [/\(#\d\.\d{1,3}\.\d{1,3}\)/, "Sorry, no mailbox here by that name. (#5.1.1)"],
      [/AB[xY]z/, "..ABYz.."],
    ] as const) {
      expect(re.test(text)).toBe(true);
      expect(sound(re, text), `${re.source} on ${text}`).toBe(true);
    }
  });

  it("reads escapes as the characters they denote (\\u, \\x, escaped punctuation)", () => {
    expect(literalPrefilter(/\u30c7\u30a3\u30ec\u30af\u30c8\u30ea/)).toEqual([
      "\u30c7\u30a3\u30ec\u30af\u30c8\u30ea",
    ]);
    expect(literalPrefilter(/RFC\.5321/i)).toEqual(["rfc.5321"]);
    expect(literalPrefilter(/\x41BC/)).toEqual(["abc"]);
  });

  it("gives up (null) on what it cannot parse instead of guessing", () => {
    expect(literalPrefilter(new RegExp("(?<=abc)def"))).toEqual(["def"]);
    expect(literalPrefilter({ source: "(", flags: "" } as RegExp)).toBeNull();
  });

  it("never rejects a rule's, or a phrase's, own example", () => {
    for (const r of RULES)
      for (const re of r.match.text ?? [])
        expect(sound(re, r.sample.text), `${r.id}: ${re.source}`).toBe(true);
    for (const p of PHRASES) expect(sound(phraseRegExp(p), p.example), String(p.phrase)).toBe(true);
  });

  it("is sound on random texts built from the pattern's own literals", () => {
    // Random splices of rule literals and noise: whenever the regex matches, a literal must be present.
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const pool = RULES.flatMap((r) => [
      r.sample.text,
      ...(literalPrefilter(r.match.text?.[0] ?? /$^/) ?? []),
    ]);
    for (let i = 0; i < 1000; i++) {
      const text = Array.from({ length: 1 + rand(4) }, () => pool[rand(pool.length)]!).join(
        rand(2) ? " " : "\n",
      );
      const r = RULES[rand(RULES.length)]!;
      for (const re of r.match.text ?? []) expect(sound(re, text), `${r.id} on ${text}`).toBe(true);
    }
  });

  it("has a cache that matches the derivation and covers every pattern in use (npm run bounce:prefilter)", () => {
    const cache = CACHE as Record<string, string[] | null>;
    expect(IN_USE.length).toBeGreaterThan(100);
    for (const [key, lits] of Object.entries(cache)) {
      const slash = key.indexOf("/");
      expect(derivePrefilter(new RegExp(key.slice(slash + 1), key.slice(0, slash))), key).toEqual(lits);
    }
    const missing = IN_USE.filter((k) => !Object.hasOwn(cache, k));
    expect(missing, "stale cache: run npm run bounce:prefilter").toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { LiteralTable } from "@/lib/bounce/rules/literal-scan";

function found(literals: string[], text: string): string[] {
  const t = new LiteralTable();
  const ids = literals.map((l) => t.id(l));
  const hits = t.scan(text, t.hits());
  return literals.filter((_, i) => hits.has[ids[i]!] === 1);
}

describe("LiteralTable", () => {
  it("finds every literal present, overlapping or sharing a prefix, and no other", () => {
    const lits = ["mailbox ", "mailbox full", "mailbox is", "box full", "full", "quota", "охх"];
    expect(found(lits, "the mailbox full and over quota")).toEqual([
      "mailbox ",
      "mailbox full",
      "box full",
      "full",
      "quota",
    ]);
    expect(found(lits, "mailbox is")).toEqual(["mailbox ", "mailbox is"]);
    expect(found(lits, "mailbo")).toEqual([]);
    expect(found(lits, "")).toEqual([]);
  });

  it("matches at the very start and end and across non-ASCII text", () => {
    const lits = ["abc", "xyz", "\u30e6\u30fc\u30b6", "é-mail"];
    expect(found(lits, "abc")).toEqual(["abc"]);
    expect(found(lits, "--xyz")).toEqual(["xyz"]);
    expect(found(lits, "\u3042\u30e6\u30fc\u30b6\u3042 é-mail")).toEqual(["\u30e6\u30fc\u30b6", "é-mail"]);
    // "é" (U+00E9) and "i" share their low seven bits, which the position hashes keep.
    expect(found(["abé", "abi", "abéc"], "-abi-abéc")).toEqual(["abé", "abi", "abéc"]);
    expect(found(["abé", "abi"], "abi")).toEqual(["abi"]);
    expect(found(["abé", "abi"], "abé")).toEqual(["abé"]);
  });

  it("decides by the fourth character only where no three-character literal starts", () => {
    const lits = ["abc", "abcd", "bcde", "bcdx", "cde"];
    expect(found(lits, "xabc")).toEqual(["abc"]);
    expect(found(lits, "xabcd")).toEqual(["abc", "abcd"]);
    expect(found(lits, "abcde")).toEqual(["abc", "abcd", "bcde", "cde"]);
    // "bcd" starts longer literals only: at the end of the text there is no fourth character to read.
    expect(found(lits, "xbcd")).toEqual([]);
    expect(found(lits, "bcdy")).toEqual([]);
    expect(found(lits, "bcdx")).toEqual(["bcdx"]);
  });

  it("agrees with includes() on random texts", () => {
    let seed = 3;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    // Characters above 0x7fff fill the top bit of a node's packed word.
    const alphabet = "abc d.\u00e9\u30e6\uff41";
    const word = (n: number) => Array.from({ length: n }, () => alphabet[rand(alphabet.length)]).join("");
    const lits = [...new Set(Array.from({ length: 60 }, () => word(3 + rand(4))))];
    const t = new LiteralTable();
    const ids = lits.map((l) => t.id(l));
    const hits = t.hits();
    for (let k = 0; k < 300; k++) {
      const text = word(rand(80));
      t.scan(text, hits);
      lits.forEach((l, i) => expect(hits.has[ids[i]!] === 1, `${l} in ${text}`).toBe(text.includes(l)));
      expect(hits.count).toBe(lits.filter((l) => text.includes(l)).length);
    }
  });

  it("treats a missing prefilter as always present", () => {
    const t = new LiteralTable();
    const a = t.id("abc");
    const hits = t.scan("xyz", t.hits());
    expect(hits.any(null)).toBe(true);
    expect(hits.any([a])).toBe(false);
    expect(t.scan("-abc-", hits).any([a])).toBe(true);
  });
});

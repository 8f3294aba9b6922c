import { describe, expect, it } from "vitest";
import { squash, squashedPrefix } from "./clean";

describe("squashedPrefix", () => {
  const words = ["a", "bc", " ", "  ", "\n", "\t\n ", "\u00a0", "\u3000", "\ud83d\ude00", "word"];
  let seed = 3;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const texts = [
    "",
    "   ",
    " ".repeat(50) + "late start",
    "x".repeat(30),
    "ab ".repeat(20),
    "ab" + " ".repeat(20) + "cd",
    ...Array.from({ length: 300 }, () =>
      Array.from({ length: rnd(40) }, () => words[rnd(words.length)]).join(""),
    ),
  ];
  it("equals squash of the longer prefix, cut", () => {
    for (const t of texts)
      for (const [inChars, outChars] of [
        [40, 10],
        [40, 5],
        [12, 5],
        [20, 10],
        [8000, 2000],
      ] as const)
        expect(squashedPrefix(t, inChars, outChars)).toBe(squash(t.slice(0, inChars)).slice(0, outChars));
  });
});

describe("squash", () => {
  const byRegex = (t: string) => t.replace(/\s+/g, " ").trim();
  it.each([
    "",
    " ",
    "a",
    "a b c",
    " a",
    "a ",
    "a  b",
    "a\tb",
    "a\nb",
    "a\u00a0b",
    "a\u3000b",
    "\ufeffa",
    "a b\r",
    "x".repeat(50) + " " + "y".repeat(50),
    "a \n b",
    "a\t b",
    "a \u00a0 b c",
    "a   b\u2028\u2029c  ",
  ])("%j as the regular expression squashes it", (t) => {
    expect(squash(t)).toBe(byRegex(t));
  });

  it("squashes mixed runs as the regular expression does", () => {
    const parts = ["w", "xy", " ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\ufeff"];
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      let t = "";
      for (let k = 0; k < n % 30; k++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        t += parts[seed % parts.length];
      }
      expect(squash(t)).toBe(byRegex(t));
    }
  });
});

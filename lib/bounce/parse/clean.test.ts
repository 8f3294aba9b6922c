import { describe, expect, it } from "vitest";
import { seededInts } from "@/test-support/random";
import { squash, squashedPrefix, stripControls } from "./clean";

describe("squashedPrefix", () => {
  const words = ["a", "bc", " ", "  ", "\n", "\t\n ", "\u00a0", "\u3000", "\ud83d\ude00", "word"];
  const rnd = seededInts(3);
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

describe("stripControls", () => {
  // What it does, by regular expressions alone.
  const byRegex = (t: string) =>
    t
      .replace(/\r\n?/g, "\n")
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/g, "")
      .replace(/\u001b(?![$(])/g, "");

  it("finds every code unit the regular expression cleans, wherever it stands in a long text", () => {
    // Latin-1 and two-byte texts, each code unit at the start, inside a group of 16, at a group's end, in
    // each group of 16 of a round of 64, and in the spaces that complete the last round.
    for (const filler of ["a", "\u00e9", "\u300d"])
      for (const at of [0, 7, 15, 16, 47, 63, 64, 130, 199]) {
        const pad = filler.repeat(200);
        for (let c = 0; c < 0x10000; c++) {
          const t = pad.slice(0, at) + String.fromCharCode(c) + pad.slice(at + 1);
          const out = stripControls(t);
          if (out !== byRegex(t)) expect([c, at, filler, out]).toEqual([c, at, filler, byRegex(t)]);
        }
      }
  });

  it.each([
    ["short", "a\rb\u0001c\u001b$B\u001bd"],
    ["clean and long", "Subject: x\n".repeat(20_000)],
    ["a control past the first 64 KiB", "x".repeat(65_530) + "\u0007" + "y".repeat(100)],
    ["a control ending the first scan", "x".repeat(65_471) + "\u0007" + "y".repeat(100)],
    ["a control starting the second scan", "x".repeat(65_472) + "\u0007" + "y".repeat(100)],
    ["clean, one character past a scan", "x".repeat(65_473)],
    ["a control at the end of a long text", "x".repeat(140_000) + "\r"],
    ["CRLF two-byte text", "\u300d\u010d\r\n".repeat(100)],
    ["CRLF line ends only", "Subject: x\r\n".repeat(100)],
    ["CRLF line ends and a control", "Subject: x\r\n".repeat(100) + "\u0000\u001b(B\u001b"],
    ["low bytes of two-byte characters only", "\u010d\u011b\u0185\u3000".repeat(100)],
  ])("%s: as the regular expressions clean it", (_, t) => {
    expect(stripControls(t)).toBe(byRegex(t));
  });
});

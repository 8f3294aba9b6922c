import { describe, expect, it } from "vitest";
import * as fns from "./string-fns";

// Strings in the representations V8 gives them: flat, sliced, concatenated, internalized, two-byte, empty.
const base = "  Reporting-MTA: dns; mx.example\r\nStatus: 5.1.1  ";
const samples = [
  base,
  base.slice(1),
  base + String(base.length),
  `${base}\u00e9\u3042 `,
  `${base}\u3042`.slice(2),
  "",
  "x",
  "Status",
];

describe("string functions", () => {
  it("give what the string methods give, for every representation", () => {
    for (const s of samples) {
      for (let i = -1; i <= s.length; i++) expect(fns.charCodeAt(s, i)).toEqual(s.charCodeAt(i));
      for (const q of ["", "Status", "\n", "x", "\u3042"]) {
        expect(fns.indexOf(s, q)).toBe(s.indexOf(q));
        expect(fns.indexOf(s, q, 5)).toBe(s.indexOf(q, 5));
        expect(fns.includes(s, q)).toBe(s.includes(q));
        expect(fns.includes(s, q, 5)).toBe(s.includes(q, 5));
        expect(fns.startsWith(s, q)).toBe(s.startsWith(q));
        expect(fns.startsWith(s, q, 2)).toBe(s.startsWith(q, 2));
      }
      expect(fns.slice(s)).toBe(s.slice());
      expect(fns.slice(s, 3)).toBe(s.slice(3));
      expect(fns.slice(s, 2, -4)).toBe(s.slice(2, -4));
      expect(fns.trim(s)).toBe(s.trim());
      expect(fns.trimStart(s)).toBe(s.trimStart());
      expect(fns.trimEnd(s)).toBe(s.trimEnd());
      expect(fns.toLowerCase(s)).toBe(s.toLowerCase());
      expect(fns.split(s, "\n")).toEqual(s.split("\n"));
      expect(fns.split(s, "")).toEqual(s.split(""));
      expect(fns.replace(s, /\s+/g, "_")).toBe(s.replace(/\s+/g, "_"));
      expect(fns.replace(s, /t(a)/, "$1")).toBe(s.replace(/t(a)/, "$1"));
    }
  });
});

import { describe, expect, it } from "vitest";
import { normalizeQueryName } from "./names";

describe("normalizeQueryName", () => {
  it("lower-cases, drops the trailing dot, converts U-labels to A-labels", () => {
    expect(normalizeQueryName("Example.COM.")).toEqual({ ok: true, name: "example.com" });
    expect(normalizeQueryName("_dmarc.Example.com")).toEqual({ ok: true, name: "_dmarc.example.com" });
    expect(normalizeQueryName("bücher.TEST")).toEqual({ ok: true, name: "xn--bcher-kva.test" });
    expect(normalizeQueryName("4.3.2.1.in-addr.arpa")).toEqual({ ok: true, name: "4.3.2.1.in-addr.arpa" });
  });
  it('"." is the root (the empty name); "" stays an error', () => {
    expect(normalizeQueryName(".")).toEqual({ ok: true, name: "" });
    expect(normalizeQueryName(" . ")).toEqual({ ok: true, name: "" });
  });
  it("rejects invalid names", () => {
    for (const bad of [
      "",
      "..",
      "a..b",
      "a\tb.test",
      "x\u0000.test",
      `${"l".repeat(64)}.test`,
      `${"a.".repeat(127)}a`,
    ]) {
      expect(normalizeQueryName(bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("normalizeQueryName with unusual octets", () => {
  it("keeps spaces and other printable characters (RFC 2181 §11)", () => {
    expect(normalizeQueryName("A B.%{x}.Test")).toEqual({ ok: true, name: "a b.%{x}.test" });
  });
});

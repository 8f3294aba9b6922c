import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { expandMacros, MacroSyntaxError, truncateDomain, usesValidatedName, type MacroValues } from "./macro";

/** RFC 7208 §7.4's example values. */
const v4: MacroValues = {
  sender: "strong-bad@email.example.com",
  domain: "email.example.com",
  ip: ipaddr.parse("192.0.2.3"),
  helo: "mx.example.org",
  validatedName: "mx.example.org",
  receiver: "mx.example.net",
  now: 1_700_000_000,
};
const v6: MacroValues = { ...v4, ip: ipaddr.parse("2001:db8::cb01") };

describe("expandMacros (RFC 7208 §7.4 examples)", () => {
  it.each([
    ["%{s}", "strong-bad@email.example.com"],
    ["%{o}", "email.example.com"],
    ["%{d}", "email.example.com"],
    ["%{d4}", "email.example.com"],
    ["%{d3}", "email.example.com"],
    ["%{d2}", "example.com"],
    ["%{d1}", "com"],
    ["%{dr}", "com.example.email"],
    ["%{d2r}", "example.email"],
    ["%{l}", "strong-bad"],
    ["%{l-}", "strong.bad"],
    ["%{lr}", "strong-bad"],
    ["%{lr-}", "bad.strong"],
    ["%{l1r-}", "strong"],
    ["%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"],
    ["%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"],
    ["%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"],
    ["%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"],
    ["%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"],
    ["%{p}.%{h}", "mx.example.org.mx.example.org"],
    ["%%%_%-", "% %20"],
  ])("%s → %s", (spec, expected) => {
    expect(expandMacros(spec, v4)).toBe(expected);
  });

  it("writes an IPv6 client as dotted nibbles, reversed by r", () => {
    expect(expandMacros("%{ir}.%{v}._spf.%{d2}", v6)).toBe(
      "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
    );
  });

  it("URL-escapes upper-case macros (§7.3)", () => {
    const values = { ...v4, sender: "~jack&jill=up-a_b3.c@e8.example.com" };
    expect(expandMacros("why.html?l=%{L}", values)).toBe("why.html?l=~jack%26jill%3Dup-a_b3.c");
  });

  it("allows c, r and t only in explanations", () => {
    expect(() => expandMacros("%{c}", v6)).toThrow(MacroSyntaxError);
    expect(expandMacros("%{c} via %{r} at %{t}", v6, { explanation: true })).toBe(
      "2001:db8::cb01 via mx.example.net at 1700000000",
    );
  });

  it("refuses malformed macros", () => {
    for (const bad of ["%{", "%{x}", "%{d0}", "%a", "%{s"])
      expect(() => expandMacros(bad, v4)).toThrow(MacroSyntaxError);
  });

  it("gives 'unknown' for %{p} without a validated name, and says when %{p} is used", () => {
    expect(expandMacros("%{p}", { ...v4, validatedName: undefined } as MacroValues)).toBe("unknown");
    expect(usesValidatedName("%{p}.x")).toBe(true);
    expect(usesValidatedName("%{P2}.x")).toBe(true);
    expect(usesValidatedName("%{d}.x")).toBe(false);
  });
});

describe("truncateDomain (§7.3)", () => {
  it("drops labels from the left until the name fits 253 characters", () => {
    const long = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.example.com`;
    expect(long.length).toBeGreaterThan(253);
    expect(truncateDomain(long)).toBe(`${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.example.com`);
    expect(truncateDomain("example.com.")).toBe("example.com");
  });
});

import { describe, expect, it } from "vitest";
import {
  checkDomainSpec,
  isIp6Network,
  isLegacySpf2Record,
  isSpfRecord,
  parseSpf,
  scanMacroString,
  type SpfMechanism,
} from "./parse";

const mech = (record: string, i: number) => parseSpf(record).terms[i] as SpfMechanism;

describe("isSpfRecord (RFC 7208 §4.5)", () => {
  it("matches v=spf1 case-insensitively, followed by a space or the end", () => {
    expect(isSpfRecord("v=spf1 -all")).toBe(true);
    expect(isSpfRecord("V=SPF1 -all")).toBe(true);
    expect(isSpfRecord("v=spf1")).toBe(true);
    expect(isSpfRecord("v=spf10 -all")).toBe(false);
    expect(isSpfRecord(" v=spf1 -all")).toBe(false);
    expect(isSpfRecord("spf2.0/pra -all")).toBe(false);
    expect(isLegacySpf2Record("spf2.0/mfrom,pra ip4:192.0.2.1 -all")).toBe(true);
  });
});

describe("parseSpf", () => {
  it("parses every mechanism with qualifiers, domain-specs and dual cidr lengths", () => {
    const p = parseSpf(
      "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a a:mail.example.test/28//64 -mx:example.test//48 " +
        "?ptr ~exists:%{ir}.%{v}._spf.example.test include:_spf.example.test redirect=other.test exp=exp.example.test",
    );
    expect(p.errors).toEqual([]);
    expect(p.terms.map((t) => (t.kind === "mechanism" ? `${t.qualifier}${t.name}` : t.name))).toEqual([
      "+ip4",
      "+ip6",
      "+a",
      "+a",
      "-mx",
      "?ptr",
      "~exists",
      "+include",
      "redirect",
      "exp",
    ]);
    expect(mech(p.record, 0)).toMatchObject({ network: "192.0.2.0", cidr4: 24, lookups: 0, column: 8 });
    expect(mech(p.record, 1)).toMatchObject({ network: "2001:db8::", cidr6: 32 });
    expect(mech(p.record, 3)).toMatchObject({
      domainSpec: "mail.example.test",
      cidr4: 28,
      cidr6: 64,
      lookups: 1,
    });
    expect(mech(p.record, 4)).toMatchObject({
      domainSpec: "example.test",
      cidr6: 48,
      explicitQualifier: true,
    });
    // include, a, a, mx, ptr, exists + redirect (no "all", so the redirect is followed: §6.1)
    expect(p.lookups).toBe(7);
    expect(p.redirect?.value).toBe("other.test");
    expect(p.exp?.value).toBe("exp.example.test");
    expect(p.bytes).toBe(p.record.length);
  });

  it("ignores (and does not count) a redirect when the record has an all mechanism (§6.1)", () => {
    const p = parseSpf("v=spf1 redirect=a.example.test -all");
    expect(p.errors).toEqual([]);
    expect(p.redirect).toMatchObject({ ignored: true, lookups: 0 });
    expect(p.all).toMatchObject({ qualifier: "-", name: "all" });
    expect(p.lookups).toBe(0);
  });

  it("reports each syntax error with its 1-based column and token", () => {
    const p = parseSpf("v=spf1 ip4:192.0.2.300 foo:bar a:example.test/33 include -all");
    expect(p.errors.map((e) => [e.kind, e.column, e.token])).toEqual([
      ["bad_ip4", 12, "ip4:192.0.2.300"],
      ["unknown_mechanism", 24, "foo:bar"],
      ["bad_cidr", 46, "a:example.test/33"],
      ["missing_argument", 57, "include"],
    ]);
    expect("v=spf1 ip4:192.0.2.300 foo:bar a:example.test/33 include -all"[45]).toBe("/");
  });

  it("rejects a record that is not v=spf1", () => {
    expect(parseSpf("v=spf10 -all").errors[0]).toMatchObject({ kind: "not_spf", column: 1 });
    expect(parseSpf("v=spf1").errors).toEqual([]);
  });

  it("accepts several spaces between terms and a trailing space", () => {
    const p = parseSpf("v=spf1  mx   -all ");
    expect(p.errors).toEqual([]);
    expect(p.terms.map((t) => t.column)).toEqual([9, 14]);
  });

  it("flags bad characters such as a tab or non-ASCII", () => {
    const p = parseSpf("v=spf1 mx\t-all");
    expect(p.errors[0]).toMatchObject({ kind: "bad_character", column: 10 });
    const q = parseSpf("v=spf1 a:ex\u00e4mple.test -all");
    expect(q.errors[0]).toMatchObject({ kind: "bad_character", column: 12 });
    expect(q.bytes).toBe(q.record.length + 1);
  });

  it("validates domain-spec top labels (§7.1)", () => {
    expect(parseSpf("v=spf1 a:foo.bar.1 -all").errors[0]).toMatchObject({
      kind: "bad_domain_spec",
      column: 18,
    });
    expect(parseSpf("v=spf1 a:museum -all").errors[0]).toMatchObject({ kind: "bad_domain_spec" });
    expect(parseSpf("v=spf1 a:museum. -all").errors).toHaveLength(1);
    expect(parseSpf("v=spf1 a:foo-bar.a-b -all").errors).toEqual([]);
    expect(parseSpf("v=spf1 a:foo.-bar -all").errors).toHaveLength(1);
    expect(parseSpf("v=spf1 a:example.test. -all").errors).toEqual([]);
    expect(parseSpf("v=spf1 exists:%{i}._spf.%{d2} -all").errors).toEqual([]);
  });

  it("validates macros (§7.1)", () => {
    expect(parseSpf("v=spf1 exists:%{x}.example.test -all").errors[0]).toMatchObject({
      kind: "bad_macro",
      column: 15,
    });
    expect(parseSpf("v=spf1 exists:%{i0}.example.test -all").errors[0]).toMatchObject({ kind: "bad_macro" });
    expect(parseSpf("v=spf1 exists:%{c}.example.test -all").errors[0]).toMatchObject({ kind: "bad_macro" });
    expect(parseSpf("v=spf1 exists:%x.example.test -all").errors[0]).toMatchObject({ kind: "bad_macro" });
    expect(parseSpf("v=spf1 exists:%{ir}.%{l1r+-}.%{D}.example.test -all").errors).toEqual([]);
    expect(parseSpf("v=spf1 include:%{d -all").errors[0]).toMatchObject({ kind: "bad_macro" });
    expect(scanMacroString("%{c} at %{t}", { explanation: true }).errors).toEqual([]);
    expect(scanMacroString("%%%_%-").errors).toEqual([]);
    expect(checkDomainSpec("%{d}")).toBeNull();
  });

  it("reports duplicate redirect/exp modifiers and bad modifier values (§6)", () => {
    const p = parseSpf("v=spf1 redirect=a.example.test redirect=b.example.test");
    expect(p.errors).toEqual([expect.objectContaining({ kind: "duplicate_modifier", column: 32 })]);
    expect(p.lookups).toBe(1);
    expect(parseSpf("v=spf1 foo=%x -all").errors[0]).toMatchObject({ kind: "bad_macro", column: 12 });
    expect(parseSpf("v=spf1 foo=bar -all").errors).toEqual([]);
    expect(parseSpf("v=spf1 1foo=bar -all").errors[0]).toMatchObject({ kind: "bad_modifier" });
    expect(parseSpf("v=spf1 redirect= -all").errors[0]).toMatchObject({ kind: "bad_domain_spec" });
  });

  it("rejects arguments where none belong and bad cidr forms", () => {
    expect(parseSpf("v=spf1 -all:foo").errors[0]).toMatchObject({ kind: "unexpected_argument", column: 12 });
    expect(parseSpf("v=spf1 ip4:192.0.2.0/024").errors[0]).toMatchObject({ kind: "bad_cidr" });
    expect(parseSpf("v=spf1 ip6:2001:db8::/129").errors[0]).toMatchObject({ kind: "bad_cidr" });
    expect(parseSpf("v=spf1 ip6:2001:db8::1//64").errors[0]).toMatchObject({ kind: "bad_cidr" });
    expect(parseSpf("v=spf1 mx//129").errors[0]).toMatchObject({ kind: "bad_cidr", column: 10 });
    expect(parseSpf("v=spf1 ptr/24").errors[0]).toMatchObject({ kind: "bad_domain_spec" });
    expect(parseSpf("v=spf1 ip4").errors[0]).toMatchObject({ kind: "missing_argument" });
    expect(parseSpf("v=spf1 exists:").errors[0]).toMatchObject({ kind: "missing_argument" });
  });

  it("recognises IPv6 text forms (RFC 4291 §2.2)", () => {
    for (const ok of [
      "::",
      "::1",
      "2001:db8::1",
      "1:2:3:4:5:6:7:8",
      "::ffff:192.0.2.1",
      "2001:db8:0:0:0:0:192.0.2.1",
    ]) {
      expect(isIp6Network(ok), ok).toBe(true);
    }
    for (const bad of ["1::2::3", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "192.0.2.1", "12345::1", ":1"]) {
      expect(isIp6Network(bad), bad).toBe(false);
    }
  });
});

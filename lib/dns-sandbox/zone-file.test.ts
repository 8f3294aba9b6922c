import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTtl, parseZoneFile, parseZoneText, ZoneFileError } from "./zone-file";

const parse = (text: string) => parseZoneText(text, { file: "t.zone" }).records;

describe("parseZoneText", () => {
  it("resolves @, relative and absolute names against $ORIGIN and lower-cases them", () => {
    const r = parse(`$ORIGIN Example.TEST.
@ 60 IN A 192.0.2.1
www A 192.0.2.2
Other.Example.Net. A 192.0.2.3
$ORIGIN sub.example.test.
deep A 192.0.2.4
`);
    expect(r.map((x) => x.name)).toEqual([
      "example.test",
      "www.example.test",
      "other.example.net",
      "deep.sub.example.test",
    ]);
  });

  it("inherits an omitted owner, and takes TTL and class in either order", () => {
    const r = parse(`$ORIGIN a.test.
$TTL 1h
host 120 IN A 192.0.2.1
     IN 30 AAAA 2001:db8::1
     MX 10 mx
     TXT "x"
`);
    expect(r.map((x) => [x.name, x.type, x.ttl])).toEqual([
      ["host.a.test", "A", 120],
      ["host.a.test", "AAAA", 30],
      ["host.a.test", "MX", 3600],
      ["host.a.test", "TXT", 3600],
    ]);
    expect(r[2]!.data).toEqual({ preference: 10, exchange: "mx.a.test" });
  });

  it("uses the last explicit TTL when there is no $TTL (RFC 1035 §5.1)", () => {
    const r = parse(`$ORIGIN a.test.
x 42 A 192.0.2.1
y A 192.0.2.2`);
    expect(r[1]!.ttl).toBe(42);
  });

  it("joins parentheses across lines and drops comments", () => {
    const r = parse(`$ORIGIN a.test.
@ SOA ns1 hostmaster ( 7 ; serial
        1h 10m ; refresh, retry
        1w
        300 ) ; minimum
`);
    expect(r[0]!.data).toEqual({
      mname: "ns1.a.test",
      rname: "hostmaster.a.test",
      serial: 7,
      refresh: 3600,
      retry: 600,
      expire: 604800,
      minimum: 300,
    });
    // With no TTL anywhere, the SOA takes its MINIMUM.
    expect(r[0]!.ttl).toBe(300);
  });

  it('decodes quoted strings with \\" and \\DDD escapes, several strings per TXT', () => {
    const r = parse(`$ORIGIN a.test.
t TXT "a \\"quoted\\" ; not a comment" "\\065\\066C" plain\\032word
`);
    expect((r[0]!.data as Buffer[]).map((b) => b.toString())).toEqual([
      'a "quoted" ; not a comment',
      "ABC",
      "plain word",
    ]);
  });

  it("keeps a parenthesis inside a quoted string literal", () => {
    const r = parse(`$ORIGIN a.test.
t TXT "v=spf1 (not a group" ; x
`);
    expect((r[0]!.data as Buffer[])[0]!.toString()).toBe("v=spf1 (not a group");
  });

  it("parses every supported type", () => {
    const r = parse(`$ORIGIN a.test.
$TTL 300
@ NS ns1
@ CNAME x.b.test.
p PTR host
s SPF "v=spf1 -all"
t TLSA 3 1 1 ( ABCD
  ef01 )
@ CAA 0 issue "ca.example"
d DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118
k DNSKEY 257 3 8 AwEA AQAB
g TYPE65534 \\# 3 ABCDEF
e TYPE1 \\# 4 C0000201
_imaps._tcp SRV 0 1 993 mail
`);
    const byType = Object.fromEntries(r.map((x) => [x.type, x.data]));
    expect(byType.NS).toBe("ns1.a.test");
    expect(byType.CNAME).toBe("x.b.test");
    expect(byType.PTR).toBe("host.a.test");
    expect(byType.SPF).toEqual(Buffer.from("\x0bv=spf1 -all"));
    expect(byType.TLSA).toEqual({
      usage: 3,
      selector: 1,
      matchingType: 1,
      certificate: Buffer.from("abcdef01", "hex"),
    });
    expect(byType.CAA).toEqual({ flags: 0, tag: "issue", value: "ca.example" });
    expect(byType.DS).toMatchObject({ keyTag: 60485, algorithm: 5, digestType: 1 });
    expect((byType.DNSKEY as { key: Buffer }).key.toString("base64")).toBe("AwEAAQAB");
    expect(byType.SRV).toEqual({ priority: 0, weight: 1, port: 993, target: "mail.a.test" });
    expect(byType.UNKNOWN_65534).toEqual(Buffer.from("abcdef", "hex"));
    // RFC 3597 generic form of a known type decodes to that type's shape.
    expect(byType.A).toBe("192.0.2.1");
  });

  it("reports errors with file and line", () => {
    const cases: [string, RegExp][] = [
      ["$ORIGIN a.test.\n\nx A 999.1.1.1\n", /t\.zone:3: invalid IPv4/],
      ["$ORIGIN a.test.\nx A 192.0.2.1\nx FOO bar\n", /t\.zone:3: expected a record type/],
      ['$ORIGIN a.test.\nx TXT "open\n', /t\.zone:2: unterminated quoted string/],
      ["$ORIGIN a.test.\nx SOA ( a b 1 2 3 4 5\n", /t\.zone:2: unbalanced "\("/],
      ["x A 192.0.2.1\n", /t\.zone:1: relative name "x" before any \$ORIGIN/],
      ["$ORIGIN a.test.\n A 192.0.2.1\n", /t\.zone:2: record without an owner/],
      ["$ORIGIN a.test.\nx MX ten mx\n", /t\.zone:2: MX preference: expected a number/],
      [`$ORIGIN a.test.\nx TXT "${"a".repeat(256)}"\n`, /t\.zone:2: character-string longer than 255/],
      [`$ORIGIN a.test.\n${"l".repeat(64)} A 192.0.2.1\n`, /t\.zone:2: label longer than 63/],
      ["$ORIGIN a.test.\nx CH A 192.0.2.1\n", /t\.zone:2: class CH is not supported/],
      ["$ORIGIN a.test.\n$BOGUS 1\n", /t\.zone:2: unknown directive/],
      ["$ORIGIN a.test.\nx TYPE65000 abc\n", /t\.zone:2: .*RFC 3597/],
      ["$ORIGIN a.test.\nx A \\# 3 C00002\n", /t\.zone:2: \\# data is not a valid A record/],
    ];
    for (const [text, re] of cases) {
      expect(() => parseZoneText(text, { file: "t.zone" }), text).toThrow(re);
    }
    try {
      parseZoneText("$ORIGIN a.test.\nx AAAA 1.2.3.4\n", { file: "t.zone" });
    } catch (e) {
      expect(e).toBeInstanceOf(ZoneFileError);
      expect((e as ZoneFileError).line).toBe(2);
    }
  });
});

describe("parseZoneFile", () => {
  it("follows $INCLUDE relative to the including file, restoring the origin afterwards", () => {
    const dir = mkdtempSync(join(tmpdir(), "zone-test-"));
    writeFileSync(join(dir, "inc.db"), "host A 192.0.2.9\n");
    writeFileSync(
      join(dir, "main.zone"),
      "$ORIGIN a.test.\n$INCLUDE inc.db sub.a.test.\nafter A 192.0.2.10\n$INCLUDE missing.db\n",
    );
    expect(() => parseZoneFile(join(dir, "main.zone"))).toThrow(/main\.zone:4: \$INCLUDE missing\.db/);
    writeFileSync(
      join(dir, "main.zone"),
      "$ORIGIN a.test.\n$INCLUDE inc.db sub.a.test.\nafter A 192.0.2.10\n",
    );
    const r = parseZoneFile(join(dir, "main.zone")).records;
    expect(r.map((x) => x.name)).toEqual(["host.sub.a.test", "after.a.test"]);
    expect(r[0]!.source).toBe(`${join(dir, "inc.db")}:1`);
  });

  it("fails clearly for a missing file", () => {
    expect(() => parseZoneFile("/nonexistent/x.zone")).toThrow(/cannot read zone file/);
  });
});

describe("parseTtl", () => {
  it("accepts seconds and units, rejects junk", () => {
    expect(parseTtl("3600")).toBe(3600);
    expect(parseTtl("1h30m")).toBe(5400);
    expect(parseTtl("2W")).toBe(1209600);
    expect(parseTtl("1x")).toBeNull();
    expect(parseTtl("4294967295")).toBeNull();
  });
});

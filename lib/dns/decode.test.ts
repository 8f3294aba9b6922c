import dnsPacket, { type Answer } from "dns-packet";
import { describe, expect, it } from "vitest";
import { decodeData, presentRecord, splitCharacterStrings } from "./decode";

/** Encodes and decodes one record, as it would arrive from the wire. */
function wire(a: Answer): Answer {
  const p = dnsPacket.decode(dnsPacket.encode({ type: "response", id: 1, answers: [a] }));
  return p.answers![0]!;
}

describe("decodeData", () => {
  it("decodes every type into RecordDataMap shapes", () => {
    expect(decodeData("A", wire({ name: "a.test", type: "A", data: "192.0.2.1" }))).toBe("192.0.2.1");
    expect(decodeData("AAAA", wire({ name: "a.test", type: "AAAA", data: "2001:db8::1" }))).toBe(
      "2001:db8::1",
    );
    expect(
      decodeData("MX", wire({ name: "a.test", type: "MX", data: { preference: 5, exchange: "MX.A.Test." } })),
    ).toEqual({
      priority: 5,
      exchange: "mx.a.test",
    });
    // RFC 7505 null MX.
    expect(
      decodeData("MX", wire({ name: "a.test", type: "MX", data: { preference: 0, exchange: "." } })),
    ).toEqual({
      priority: 0,
      exchange: "",
    });
    expect(decodeData("TXT", wire({ name: "a.test", type: "TXT", data: ["v=spf1 ", "-all"] }))).toBe(
      "v=spf1 -all",
    );
    expect(decodeData("CNAME", wire({ name: "a.test", type: "CNAME", data: "B.Test" }))).toBe("b.test");
    expect(decodeData("PTR", wire({ name: "a.test", type: "PTR", data: "host.test." }))).toBe("host.test");
    expect(decodeData("NS", wire({ name: "a.test", type: "NS", data: "ns.test" }))).toBe("ns.test");
    const soa = { mname: "ns.test", rname: "h.test", serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 };
    expect(decodeData("SOA", wire({ name: "a.test", type: "SOA", data: soa }))).toEqual(soa);
    const tlsa = { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from("ABCD", "hex") };
    expect(decodeData("TLSA", wire({ name: "a.test", type: "TLSA", data: tlsa }))).toEqual({
      ...tlsa,
      certificate: "abcd",
    });
    expect(
      decodeData(
        "CAA",
        wire({ name: "a.test", type: "CAA", data: { flags: 128, tag: "issue", value: "ca.test" } }),
      ),
    ).toEqual({
      flags: 128,
      tag: "issue",
      value: "ca.test",
    });
    const ds = { keyTag: 1, algorithm: 8, digestType: 2, digest: Buffer.from("00ff", "hex") };
    expect(decodeData("DS", wire({ name: "a.test", type: "DS", data: ds }))).toEqual({
      ...ds,
      digest: "00ff",
    });
    const key = { flags: 257, algorithm: 13, key: Buffer.from("hello") };
    expect(decodeData("DNSKEY", wire({ name: "a.test", type: "DNSKEY", data: key }))).toEqual({
      flags: 257,
      algorithm: 13,
      key: Buffer.from("hello").toString("base64"),
    });
  });
});

describe("presentRecord", () => {
  it("renders presentation format", () => {
    expect(
      presentRecord(wire({ name: "a", type: "MX", data: { preference: 10, exchange: "mx.a.test" } })),
    ).toBe("10 mx.a.test");
    expect(presentRecord(wire({ name: "a", type: "MX", data: { preference: 0, exchange: "." } }))).toBe(
      "0 .",
    );
    expect(presentRecord(wire({ name: "a", type: "TXT", data: ['say "hi"', "x\\y\n"] }))).toBe(
      '"say \\"hi\\"" "x\\\\y\\010"',
    );
    expect(
      presentRecord(wire({ name: "a", type: "CAA", data: { flags: 0, tag: "issue", value: "ca" } })),
    ).toBe('0 issue "ca"');
    expect(
      presentRecord({ name: "a", type: "UNKNOWN_65534", data: Buffer.from([1, 2]) } as unknown as Answer),
    ).toBe("\\# 2 0102");
  });
  it("splits raw character-strings", () => {
    expect(splitCharacterStrings(Buffer.from("\x02ab\x00\x01c")).map(String)).toEqual(["ab", "", "c"]);
  });
});

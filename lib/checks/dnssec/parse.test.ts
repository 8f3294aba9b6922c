import { describe, expect, it } from "vitest";
import { dsDigest, keyTag, matchDs, summarizeDnskey } from "./parse";
import { nameWire } from "@/lib/dns/dnssec/canonical";

// RFC 4034 §5.4: the DS example for dskey.example.com.
const rfcKey = {
  flags: 256,
  algorithm: 5,
  key: "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==",
};

describe("key tags and DS digests (RFC 4034)", () => {
  it("computes the RFC 4034 §5.4 example", () => {
    expect(keyTag(rfcKey)).toBe(60485);
    expect(dsDigest("dskey.example.com", rfcKey, 1)).toBe("2bb183af5f22588179a53b0a98631fad1a292118");
    expect(dsDigest("DSKEY.example.com.", rfcKey, 1)).toBe("2bb183af5f22588179a53b0a98631fad1a292118");
  });
  it("returns null for unknown digest types", () => {
    expect(dsDigest("example.com", rfcKey, 99)).toBeNull();
  });
  it("encodes names canonically", () => {
    expect(nameWire("A.b").toString("hex")).toBe("0161016200");
    expect(nameWire("").toString("hex")).toBe("00");
  });
});

describe("matchDs", () => {
  const ds = {
    keyTag: 60485,
    algorithm: 5,
    digestType: 1,
    digest: "2BB183AF5F22588179A53B0A98631FAD1A292118",
  };
  it("matches a DS to its key", () => {
    expect(matchDs("dskey.example.com", [ds], [rfcKey])[0]?.result).toBe("match");
  });
  it("tells a wrong digest from a missing key", () => {
    expect(matchDs("dskey.example.com", [{ ...ds, digest: "00".repeat(20) }], [rfcKey])[0]?.result).toBe(
      "digest_mismatch",
    );
    expect(matchDs("dskey.example.com", [{ ...ds, keyTag: 1 }], [rfcKey])[0]?.result).toBe("no_key");
    expect(matchDs("other.example.com", [ds], [rfcKey])[0]?.result).toBe("digest_mismatch");
    expect(matchDs("dskey.example.com", [{ ...ds, digestType: 99 }], [rfcKey])[0]?.result).toBe(
      "unknown_digest",
    );
  });
});

describe("summarizeDnskey", () => {
  it("reads the flags", () => {
    expect(summarizeDnskey({ ...rfcKey, flags: 257 })).toMatchObject({
      sep: true,
      zoneKey: true,
      revoked: false,
    });
    expect(summarizeDnskey(rfcKey)).toMatchObject({ sep: false, zoneKey: true, algorithmName: "RSASHA1" });
    expect(summarizeDnskey({ ...rfcKey, flags: 385 }).revoked).toBe(true);
  });
});

/**
 * Published test vectors: RFC 5702 §6 (RSA/SHA-256, RSA/SHA-512), RFC 6605 §6 (ECDSA P-256, P-384, with
 * their DS digests), RFC 8080 §6.1 as corrected by erratum 4935 (Ed25519) and RFC 5155 Appendix A (NSEC3
 * hashes). Each signature verifies, and stops verifying when one octet of the data changes.
 */
import { describe, expect, it } from "vitest";
import {
  base32hex,
  compareNames,
  dsDigestOf,
  keyTagOf,
  nsec3Hash,
  type DnskeyWire,
  type Rr,
  type RrsigData,
} from "./canonical";
import { verifyRrset } from "./validator";

const key = (flags: number, algorithm: number, b64: string): DnskeyWire => ({
  flags,
  algorithm,
  key: Buffer.from(b64, "base64"),
});
const sig = (
  typeCovered: string,
  algorithm: number,
  labels: number,
  expiration: number,
  inception: number,
  keyTag: number,
  signersName: string,
  b64: string,
): RrsigData => ({
  typeCovered,
  algorithm,
  labels,
  originalTTL: 3600,
  expiration,
  inception,
  keyTag,
  signersName,
  signature: Buffer.from(b64, "base64"),
});
const a = (name: string, ip: string): Rr => ({ name, type: "A", ttl: 3600, data: ip });
const mx = (name: string, exchange: string): Rr => ({
  name,
  type: "MX",
  ttl: 3600,
  data: { preference: 10, exchange },
});

const VECTORS = [
  {
    rfc: "RFC 5702 §6.1 RSA/SHA-256",
    key: key(
      256,
      8,
      "AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=",
    ),
    tag: 9033,
    zone: "example.net",
    rrset: [a("www.example.net", "192.0.2.91")],
    other: [a("www.example.net", "192.0.2.92")],
    sig: sig(
      "A",
      8,
      3,
      1893456000,
      946684800,
      9033,
      "example.net.",
      "kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==",
    ),
    now: 1_000_000_000,
  },
  {
    rfc: "RFC 5702 §6.2 RSA/SHA-512",
    key: key(
      256,
      10,
      "AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFDxj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL",
    ),
    tag: 3740,
    zone: "example.net",
    rrset: [a("www.example.net", "192.0.2.91")],
    other: [a("www.example.net", "192.0.2.90")],
    sig: sig(
      "A",
      10,
      3,
      1893456000,
      946684800,
      3740,
      "example.net.",
      "tsb4wnjRUDnB1BUi+t6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRaeUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOLDiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw=",
    ),
    now: 1_000_000_000,
  },
  {
    rfc: "RFC 6605 §6.1 ECDSA P-256/SHA-256",
    key: key(
      257,
      13,
      "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
    ),
    tag: 55648,
    zone: "example.net",
    rrset: [a("www.example.net", "192.0.2.1")],
    other: [a("www.example.net", "192.0.2.2")],
    sig: sig(
      "A",
      13,
      3,
      1284026679,
      1281607479,
      55648,
      "example.net.",
      "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==",
    ),
    now: 1_283_000_000,
  },
  {
    rfc: "RFC 6605 §6.2 ECDSA P-384/SHA-384",
    key: key(
      257,
      14,
      "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40",
    ),
    tag: 10771,
    zone: "example.net",
    rrset: [a("www.example.net", "192.0.2.1")],
    other: [a("www.example.net", "192.0.2.3")],
    sig: sig(
      "A",
      14,
      3,
      1284027625,
      1281608425,
      10771,
      "example.net.",
      "/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm",
    ),
    now: 1_283_000_000,
  },
  {
    rfc: "RFC 8080 §6.1 Ed25519 (erratum 4935), first key",
    key: key(257, 15, "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="),
    tag: 3613,
    zone: "example.com",
    rrset: [mx("example.com", "mail.example.com")],
    other: [mx("example.com", "mail2.example.com")],
    sig: sig(
      "MX",
      15,
      2,
      1440021600,
      1438207200,
      3613,
      "example.com.",
      "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==",
    ),
    now: 1_439_000_000,
  },
  {
    rfc: "RFC 8080 §6.1 Ed25519 (erratum 4935), second key",
    key: key(257, 15, "zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs="),
    tag: 35217,
    zone: "example.com",
    rrset: [mx("example.com", "mail.example.com")],
    other: [mx("example.com", "mail.example.org")],
    sig: sig(
      "MX",
      15,
      2,
      1440021600,
      1438207200,
      35217,
      "example.com.",
      "zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQoSm5poJ7gD7AQR0O7KuI5k2pcBg==",
    ),
    now: 1_439_000_000,
  },
];

describe.each(VECTORS)("$rfc", (v) => {
  it("key tag", () => expect(keyTagOf(v.key)).toBe(v.tag));
  it("the published signature verifies", () => {
    expect(verifyRrset(v.rrset, [v.sig], v.zone, [v.key], v.now)).toEqual({ ok: true, sig: v.sig });
  });
  it("other data does not verify", () => {
    const r = verifyRrset(v.other, [v.sig], v.zone, [v.key], v.now);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining("does not verify") });
  });
  it("outside the validity window: expired / not yet valid", () => {
    expect(verifyRrset(v.rrset, [v.sig], v.zone, [v.key], v.sig.expiration + 1)).toEqual({
      ok: false,
      reason: expect.stringContaining("expired on"),
    });
    expect(verifyRrset(v.rrset, [v.sig], v.zone, [v.key], v.sig.inception - 1)).toEqual({
      ok: false,
      reason: expect.stringContaining("not valid before"),
    });
  });
  it("a key without the Zone Key flag, or revoked, cannot sign", () => {
    for (const flags of [v.key.flags & ~0x0100, v.key.flags | 0x0080]) {
      const r = verifyRrset(v.rrset, [v.sig], v.zone, [{ ...v.key, flags }], v.now);
      expect(r.ok).toBe(false);
    }
  });
});

it("RFC 4034 §6.2: names in RDATA and owners are folded to lower case before verifying", () => {
  const v = VECTORS[4]!;
  const upper: Rr[] = [
    { name: "example.com", type: "MX", ttl: 3600, data: { preference: 10, exchange: "MAIL.Example.COM." } },
  ];
  expect(verifyRrset(upper, [{ ...v.sig, signersName: "Example.COM" }], v.zone, [v.key], v.now).ok).toBe(
    true,
  );
});

describe("DS digests", () => {
  it("RFC 6605 §6.1: SHA-256 DS of the P-256 key", () => {
    const k = VECTORS[2]!.key;
    expect(dsDigestOf("example.net", k, 2)?.toString("hex")).toBe(
      "b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17",
    );
  });
  it("RFC 6605 §6.2: SHA-384 DS of the P-384 key", () => {
    const k = VECTORS[3]!.key;
    expect(dsDigestOf("example.net", k, 4)?.toString("hex")).toBe(
      "72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6",
    );
  });
  it("RFC 8080 §6.1: SHA-256 DS of both Ed25519 keys", () => {
    expect(dsDigestOf("example.com", VECTORS[4]!.key, 2)?.toString("hex")).toBe(
      "3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b",
    );
    expect(dsDigestOf("EXAMPLE.com.", VECTORS[5]!.key, 2)?.toString("hex")).toBe(
      "401781b934e392de492ec77ae2e15d70f6575a1c0bc59c5275c04ebe80c6614c",
    );
  });
});

describe("RFC 5155 Appendix A: NSEC3 hashes (salt aabbccdd, 12 iterations)", () => {
  const salt = Buffer.from("aabbccdd", "hex");
  it.each([
    ["example", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"],
    ["a.example", "35mthgpgcu1qg68fab165klnsnk3dpvl"],
    ["ai.example", "gjeqe526plbf1g8mklp59enfd789njgi"],
    ["ns1.example", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"],
    ["w.example", "k8udemvp1j2f7eg6jebps17vp3n8i58h"],
    ["*.w.example", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"],
    ["x.w.example", "b4um86eghhds6nea196smvmlo4ors995"],
    ["y.w.example", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"],
    ["xx.example", "t644ebqk9bibcna874givr6joj62mlhv"],
  ])("%s", (name, hash) => {
    expect(base32hex(nsec3Hash(name, salt, 12))).toBe(hash);
  });
});

describe("RFC 4034 §6.1 canonical order", () => {
  it("sorts the RFC's example names", () => {
    const sorted = [
      "example",
      "a.example",
      "yljkjljk.a.example",
      "Z.a.example",
      "zABC.a.EXAMPLE",
      "z.example",
      "*.z.example",
    ];
    const shuffled = [...sorted].reverse();
    expect(shuffled.sort(compareNames)).toEqual(sorted);
  });
});

import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { analyzeKey, looksLikeDkim, parseDkimRecord, parseTagList } from "./parse";
import { selectorsToTry } from "./selectors";

const rsa = (bits: number, type: "spki" | "pkcs1" = "spki") =>
  generateKeyPairSync("rsa", { modulusLength: bits })
    .publicKey.export({ type, format: "der" })
    .toString("base64");
const edRaw = () => {
  const der = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "der" });
  return der.subarray(der.length - 32).toString("base64");
};

describe("parseTagList (RFC 6376 §3.2)", () => {
  it("parses tags with folding whitespace and a trailing semicolon", () => {
    expect(parseTagList(" v = DKIM1 ;\r\n k=rsa; p=AB CD ;")).toEqual({
      tags: [
        { name: "v", value: "DKIM1" },
        { name: "k", value: "rsa" },
        { name: "p", value: "AB CD" },
      ],
    });
  });
  it("rejects duplicates, malformed tags and empty elements", () => {
    expect(parseTagList("k=rsa; k=rsa; p=x").error).toEqual({ reason: "duplicate_tag", tag: "k" });
    expect(parseTagList("k=rsa; junk; p=x").error?.reason).toBe("malformed_tag");
    expect(parseTagList("k=rsa;; p=x").error?.reason).toBe("malformed_tag");
    expect(parseTagList("1k=rsa").error?.reason).toBe("malformed_tag");
  });
});

describe("parseDkimRecord (RFC 6376 §3.6.1)", () => {
  it("applies defaults", () => {
    const r = parseDkimRecord("p=ABC");
    expect(r).toMatchObject({ keyType: "rsa", services: ["*"], flags: [], publicKey: "ABC", errors: [] });
    expect(r.hashes).toBeUndefined();
  });
  it("reads h, k, s, t and strips whitespace from p", () => {
    const r = parseDkimRecord("v=DKIM1; h=sha1:sha256; k=ED25519; s=email; t=y:s; n=note; p=AB C\tD");
    expect(r).toMatchObject({
      version: "DKIM1",
      hashes: ["sha1", "sha256"],
      keyType: "ed25519",
      services: ["email"],
      flags: ["y", "s"],
      notes: "note",
      publicKey: "ABCD",
    });
  });
  it("treats an empty p= as revoked, not an error", () => {
    const r = parseDkimRecord("v=DKIM1; p=");
    expect(r.errors).toEqual([]);
    expect(r.publicKey).toBe("");
  });
  it("flags v not first, a wrong version, missing p and duplicates", () => {
    expect(parseDkimRecord("k=rsa; v=DKIM1; p=x").errors[0]?.reason).toBe("v_not_first");
    expect(parseDkimRecord("v=DKIM2; p=x").errors[0]?.reason).toBe("invalid_version");
    expect(parseDkimRecord("v=DKIM1; k=rsa").errors[0]?.reason).toBe("missing_p");
    expect(parseDkimRecord("v=DKIM1; p=a; p=b").errors[0]?.reason).toBe("duplicate_tag");
  });
  it("recognises DKIM-looking records only", () => {
    expect(looksLikeDkim("v=DKIM1; p=abc")).toBe(true);
    expect(looksLikeDkim("k=rsa; p=abc")).toBe(true);
    expect(looksLikeDkim("p=abc")).toBe(true);
    expect(looksLikeDkim("v=spf1 include:x -all")).toBe(false);
    expect(looksLikeDkim("google-site-verification=abc")).toBe(false);
  });
});

describe("analyzeKey", () => {
  it.each([512, 1024, 2048])("measures a %i-bit RSA SPKI key", (bits) => {
    expect(analyzeKey("rsa", rsa(bits))).toEqual({ ok: true, type: "rsa", bits, encoding: "spki" });
  });
  it("accepts a PKCS#1 RSAPublicKey", () => {
    expect(analyzeKey("rsa", rsa(2048, "pkcs1"))).toEqual({
      ok: true,
      type: "rsa",
      bits: 2048,
      encoding: "pkcs1",
    });
  });
  it("accepts a raw 32-byte Ed25519 key (RFC 8463 §4.2)", () => {
    expect(analyzeKey("ed25519", edRaw())).toEqual({ ok: true, type: "ed25519", bits: 256, encoding: "raw" });
  });
  it("rejects an Ed25519 key of the wrong length (an SPKI-wrapped one, say)", () => {
    const spki = generateKeyPairSync("ed25519")
      .publicKey.export({ type: "spki", format: "der" })
      .toString("base64");
    expect(analyzeKey("ed25519", spki)).toMatchObject({ ok: false, reason: "bad_length" });
  });
  it("rejects truncated, non-base64, mismatched and unknown keys", () => {
    expect(analyzeKey("rsa", rsa(2048).slice(0, 200))).toMatchObject({ ok: false, reason: "undecodable" });
    expect(analyzeKey("rsa", "not base64!")).toMatchObject({ ok: false, reason: "not_base64" });
    const ecSpki = generateKeyPairSync("ed25519")
      .publicKey.export({ type: "spki", format: "der" })
      .toString("base64");
    expect(analyzeKey("rsa", ecSpki)).toMatchObject({ ok: false, reason: "type_mismatch" });
    expect(analyzeKey("dsa", "AAAA")).toMatchObject({ ok: false, reason: "unsupported_key_type" });
  });
});

describe("selectorsToTry", () => {
  it("puts the user's selectors first, lower-cased, without repeats", () => {
    const list = selectorsToTry(["Custom", "google", "custom"]);
    expect(list[0]).toEqual({ selector: "custom", fromUser: true });
    expect(list[1]).toEqual({ selector: "google", fromUser: true });
    expect(list.filter((s) => s.selector === "google")).toHaveLength(1);
    expect(list.map((s) => s.selector)).toEqual(
      expect.arrayContaining(["selector1", "s1", "k1", "mimecast20190104", "fm1"]),
    );
  });
});

/**
 * Our validator against zones Knot signed (lib/dns-sandbox/dnssec-chain.ts) under a test-only root: real
 * signatures, NSEC and NSEC3 chains as an independent implementation writes them, and broken zones.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DNSSEC_CHAIN } from "@/test-support/dns/dnssec-chain";
import { hasKnot, startSignedKnot, type SignedKnot } from "@/test-support/dns/knot";
import { createResolver } from "@/lib/dns/resolver";
import type { RRType } from "@/lib/dns/types";
import { parseTrustAnchors } from "./anchors";
import { createValidator } from "./validator";

describe.skipIf(!hasKnot)("validation of a Knot-signed chain", () => {
  let knot: SignedKnot;
  beforeAll(async () => {
    knot = await startSignedKnot(DNSSEC_CHAIN);
  }, 60_000);
  afterAll(() => knot?.stop());

  const validator = () => {
    const resolver = createResolver({ servers: knot.server, timeoutMs: 1500, retries: 0 });
    return { resolver, v: createValidator(resolver, { anchors: parseTrustAnchors(knot.trustAnchor) }) };
  };
  const check = async (name: string, type: RRType) => await validator().v.validate(name, type);

  it.each<[string, RRType, string]>([
    ["ok.example", "MX", "ok.example"],
    ["ok.example", "DNSKEY", "ok.example"],
    ["_25._tcp.mx1.ok.example", "TLSA", "ok.example"],
    ["ed.example", "MX", "ed.example"],
    ["p384.example", "MX", "p384.example"],
    ["rsa512.example", "MX", "rsa512.example"],
    ["example", "SOA", "example"],
    ["", "SOA", ""],
  ])("secure: %s %s (signed by %s)", async (name, type, zone) => {
    const r = await check(name, type);
    expect(r).toMatchObject({ security: "secure", zone });
    expect(r.reason).toBeUndefined();
  });

  it("the chain runs from the root through each zone cut", async () => {
    expect((await check("mx1.ok.example", "A")).chain).toEqual(["", "example", "ok.example"]);
  });

  it("CNAME to a signed target: both RRsets verified", async () => {
    expect(await check("www.ok.example", "A")).toMatchObject({ security: "secure", zone: "ok.example" });
  });

  it.each<[string, RRType, string]>([
    ["nothere.ok.example", "A", "NXDOMAIN, NSEC3"],
    ["mx1.ok.example", "TXT", "NODATA, NSEC3"],
    ["b.ok.example", "A", "empty non-terminal, NSEC3"],
    ["x.wild.ok.example", "TXT", "wildcard answer, NSEC3"],
    ["x.wild.ok.example", "MX", "wildcard NODATA, NSEC3"],
    ["nothere.ed.example", "A", "NXDOMAIN, NSEC"],
    ["mx1.ed.example", "MX", "NODATA, NSEC"],
    ["b.ed.example", "A", "empty non-terminal, NSEC"],
    ["x.wild.ed.example", "TXT", "wildcard answer, NSEC"],
    ["*.wild.ed.example", "TXT", "the wildcard asked by its own name, NSEC"],
    ["*.wild.ok.example", "TXT", "the wildcard asked by its own name, NSEC3"],
    ["nothere.zz", "A", "NXDOMAIN at the root"],
  ])("secure: %s %s (%s)", async (name, type) => {
    const r = await check(name, type);
    expect(r.reason).toBeUndefined();
    expect(r.security).toBe("secure");
  });

  it("insecure: a delegation without DS inside the parent's NSEC3 opt-out span", async () => {
    for (const [name, type] of [
      ["insecure.example", "MX"],
      ["_25._tcp.mx.insecure.example", "TLSA"],
    ] as const) {
      const r = await check(name, type);
      expect(r).toMatchObject({ security: "insecure", zone: "insecure.example" });
      expect(r.reason).toMatch(/opt-out/);
    }
  });

  it("insecure: a delegation whose missing DS an NSEC proves", async () => {
    const r = await check("child.ed.example", "MX");
    expect(r).toMatchObject({ security: "insecure", zone: "child.ed.example" });
    expect(r.reason).toMatch(/ed\.example proves child\.ed\.example has no DS/);
  });

  it.each([
    ["rekeyed.example", /no DNSKEY of rekeyed\.example .* matches its DS/],
    ["baddigest.example", /DS of baddigest\.example .* digest that matches no DNSKEY/],
    ["expired.example", /RRSIG over .* expired on/],
    ["altered.example", /RRSIG over altered\.example MX by key \d+ does not verify/],
  ])("bogus: %s", async (name, reason) => {
    const r = await check(name, "MX");
    expect(r.security).toBe("bogus");
    expect(r.reason).toMatch(reason);
  });

  it("a trust anchor that matches no root key: everything is bogus", async () => {
    const resolver = createResolver({ servers: knot.server, timeoutMs: 1500, retries: 0 });
    const wrong = knot.trustAnchor.replace(/[0-9a-f]{4}$/i, "0000");
    const v = createValidator(resolver, { anchors: parseTrustAnchors(wrong) });
    expect(await v.validate("ok.example", "MX")).toMatchObject({ security: "bogus" });
  });

  it("bounded cost: the chain's questions are asked once per resolver", async () => {
    const { resolver, v } = validator();
    await v.validate("ok.example", "MX");
    // MX, then DNSKEY ., DS example, DNSKEY example, DS ok.example, DNSKEY ok.example.
    expect(resolver.stats().queries).toBe(6);
    await v.validate("_25._tcp.mx1.ok.example", "TLSA");
    await v.validate("_25._tcp.mx2.ok.example", "TLSA");
    expect(resolver.stats().queries).toBe(8);
    expect(resolver.log.every((e) => e.type !== "DS" || e.name.split(".").length <= 2)).toBe(true);
  });

  it("within the report's query cap: past it, indeterminate (never bogus)", async () => {
    const resolver = createResolver({ servers: knot.server, timeoutMs: 1500, retries: 0, maxQueries: 3 });
    const v = createValidator(resolver, { anchors: parseTrustAnchors(knot.trustAnchor) });
    const r = await v.validate("ok.example", "MX");
    expect(r.security).toBe("indeterminate");
    expect(r.reason).toMatch(/query limit/);
  });
});

describe("indeterminate when the DNS does not answer", () => {
  it("an unreachable server: indeterminate with the reason", async () => {
    const resolver = createResolver({ servers: "127.0.0.1:9", timeoutMs: 100, retries: 0 });
    const v = createValidator(resolver, { anchors: parseTrustAnchors(". DS 1 13 2 00") });
    const r = await v.validate("example.com", "MX");
    expect(r.security).toBe("indeterminate");
  });
});

/** The validator's edges without a signed zone: anchors, unreachable anchors, CNAME loops, bad anchors. */
import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { parseTrustAnchors, trustAnchorsFrom, ROOT_ANCHORS_TEXT } from "./anchors";
import { createValidator } from "./validator";

const ZONE = `$ORIGIN loop.test.
@ 300 IN SOA ns.loop.test. h.loop.test. 1 2 3 4 5
a 300 IN CNAME b
b 300 IN CNAME a
c 300 IN A 192.0.2.1
`;

describe("createValidator", () => {
  const resolver = () => createMemoryResolver({ zoneText: [ZONE] });

  it("a server that refuses the anchor's zone: an unsigned answer is insecure, and says why", async () => {
    const v = createValidator(resolver(), { anchors: trustAnchorsFrom(undefined) });
    const r = await v.validate("c.loop.test", "A");
    expect(r).toMatchObject({ security: "insecure" });
    expect(r.reason).toBe(
      "c.loop.test A carries no RRSIG, and the resolver does not answer for the trust anchor's zone",
    );
  });

  it("an unsigned answer behind a refused anchor is insecure (nothing signed to authenticate)", async () => {
    const v = createValidator(resolver(), { anchors: trustAnchorsFrom(undefined) });
    const r = await v.validate("nothing.loop.test", "A");
    expect(r).toMatchObject({ security: "insecure" });
    expect(r.reason).toMatch(/NXDOMAIN answer for nothing\.loop\.test A carries no RRSIG/);
  });

  it("no anchor above the name: insecure, nothing asked about the chain", async () => {
    const res = resolver();
    const v = createValidator(res, { anchors: parseTrustAnchors("elsewhere.example. DS 1 13 2 00") });
    expect(await v.validate("c.loop.test", "A")).toMatchObject({
      security: "insecure",
      reason: "no trust anchor covers c.loop.test",
    });
    expect(res.log.map((e) => `${e.name} ${e.type}`)).toEqual(["c.loop.test A"]);
  });

  it("a CNAME loop ends (indeterminate), it does not wait for itself", async () => {
    const v = createValidator(resolver(), { anchors: parseTrustAnchors("test. DS 1 13 2 00") });
    expect((await v.validate("a.loop.test", "A")).security).toBe("indeterminate");
  });
});

describe("trust anchors", () => {
  it("the built-in root anchors: KSK-2017 and KSK-2024", () => {
    expect(parseTrustAnchors(ROOT_ANCHORS_TEXT).map((a) => ("ds" in a ? [a.zone, a.ds.keyTag] : []))).toEqual(
      [
        ["", 20326],
        ["", 38696],
      ],
    );
  });
  it("DNSKEY records, parentheses and comments", () => {
    const a = parseTrustAnchors(`example. 3600 IN DNSKEY 257 3 15 ( ; the KSK
      l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4= )`);
    expect(a).toEqual([{ zone: "example", dnskey: { flags: 257, algorithm: 15, key: expect.any(Buffer) } }]);
  });
  it("anything else is refused with the line", () => {
    expect(() => parseTrustAnchors(". IN A 192.0.2.1")).toThrow(/cannot read ". IN A 192.0.2.1"/);
    expect(() => parseTrustAnchors("; nothing")).toThrow(/no DS or DNSKEY/);
    expect(() => trustAnchorsFrom("/nonexistent/anchor.txt")).toThrow(/ENOENT/);
  });
});

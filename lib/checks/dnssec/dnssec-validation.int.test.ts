/**
 * The dnssec check with our own validation, over zones Knot signed under a test-only root
 * (lib/dns-sandbox/dnssec-chain.ts) whose DS is the trust anchor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DNSSEC_CHAIN } from "@/test-support/dns/dnssec-chain";
import { hasKnot, startSignedKnot, type SignedKnot } from "@/test-support/dns/knot";
import { createResolver } from "@/lib/dns/resolver";
import type { CheckResult } from "@/lib/checks/types";
import { dnssecCheck, type DnssecEvidence } from "./index";

describe.skipIf(!hasKnot)("dnssecCheck validating a Knot-signed chain", () => {
  let knot: SignedKnot;
  beforeAll(async () => {
    knot = await startSignedKnot(DNSSEC_CHAIN);
  }, 60_000);
  afterAll(() => knot?.stop());

  const run = (domain: string, trustAnchor = knot.trustAnchor) =>
    dnssecCheck({
      resolver: createResolver({ servers: knot.server, timeoutMs: 1500, retries: 0 }),
      domain,
      trustAnchor,
    });
  const codes = (r: CheckResult) => r.findings.map((f) => f.code);
  const ev = (r: CheckResult) => r.records[0] as DnssecEvidence;

  it.each(["ok.example", "ed.example", "p384.example", "rsa512.example", "mx1.ok.example"])(
    "%s: secure, pass, every answer validated from the anchor",
    async (domain) => {
      const r = await run(domain);
      expect(r.findings).toEqual([]);
      expect(r.status).toBe("pass");
      expect(ev(r).validated).toBe(true);
      expect(ev(r).validation?.map((v) => `${v.name} ${v.type} ${v.security}`)).toEqual([
        `${ev(r).apex} DNSKEY secure`,
        `${ev(r).apex} SOA secure`,
        `${domain} MX secure`,
      ]);
      expect(ev(r).validation?.[0]?.chain).toEqual(["", "example", ev(r).apex]);
    },
  );

  it.each([
    ["expired.example", /expired on/],
    ["altered.example", /altered\.example MX by key \d+ does not verify/],
  ])("%s: dnssec.bogus, fail, with the reason", async (domain, reason) => {
    const r = await run(domain);
    expect(codes(r)).toEqual(["dnssec.bogus"]);
    expect(r.status).toBe("fail");
    expect(String(r.findings[0]?.params.reason)).toMatch(reason);
    expect(ev(r).validated).toBe(false);
  });

  it("a DS that matches no key: dnssec.ds_mismatch (the more specific finding), validation bogus", async () => {
    for (const domain of ["rekeyed.example", "baddigest.example"]) {
      const r = await run(domain);
      expect(codes(r)).toEqual(["dnssec.ds_mismatch"]);
      expect(ev(r).validation?.every((v) => v.security === "bogus")).toBe(true);
    }
  });

  it("an unsigned zone under a signed parent: unsigned, nothing to validate", async () => {
    const r = await run("insecure.example");
    expect(codes(r)).toEqual(["dnssec.unsigned"]);
    expect(ev(r).validation).toBeUndefined();
  });

  it("a wrong trust anchor: every signed zone is bogus", async () => {
    const r = await run("ok.example", knot.trustAnchor.replace(/[0-9a-f]{4}$/i, "0000"));
    expect(codes(r)).toEqual(["dnssec.bogus"]);
  });

  it("the resolver's AD bit is not needed (Knot, authoritative, never sets it)", async () => {
    const r = await run("ok.example");
    expect(ev(r).resolverValidates).toBe(false);
    expect(ev(r).validated).toBe(true);
  });
});

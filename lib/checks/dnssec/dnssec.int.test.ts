import { describe, expect, it } from "vitest";
import { SERVERS, startSandboxServer, useFixtureServer } from "@/test-support/dns/fixture-servers";
import type { CheckResult } from "@/lib/checks/types";
import { DNSSEC_METHOD, dnssecCheck, type DnssecEvidence } from "./index";

const codes = (r: CheckResult) => r.findings.map((f) => f.code).sort();
const evidence = (r: CheckResult) => r.records[0] as DnssecEvidence;

// Authoritative servers never set AD: these cover the unsigned and DS-without-AD paths; the validated
// path is in index.test.ts with a resolver that reports AD.
describe.each(SERVERS)("dnssecCheck over real sockets ($name)", ({ start }) => {
  const server = useFixtureServer(start);
  const run = async (domain: string) => {
    const resolver = server().resolver();
    const result = await dnssecCheck({ resolver, domain });
    return { result, wire: resolver.stats().queries };
  };

  it("signed with a matching DS, no AD from this server: info, could not validate", async () => {
    const { result, wire } = await run("dnssec-signed.test");
    expect(result.findings).toEqual([
      {
        code: "dnssec.not_validated",
        severity: "info",
        params: { apex: "dnssec-signed.test", method: DNSSEC_METHOD },
      },
    ]);
    expect(result.status).toBe("info");
    const ev = evidence(result);
    expect(ev).toMatchObject({ apex: "dnssec-signed.test", method: DNSSEC_METHOD, validated: false });
    expect(ev.ds).toEqual([
      expect.objectContaining({
        algorithm: 13,
        algorithmName: "ECDSAP256SHA256",
        digestType: 2,
        match: "match",
      }),
    ]);
    expect(ev.dnskeys.map((k) => [k.flags, k.sep])).toEqual(
      expect.arrayContaining([
        [257, true],
        [256, false],
      ]),
    );
    expect(ev.dnskeys.find((k) => k.sep)?.keyTag).toBe(ev.ds[0]?.keyTag);
    expect(wire).toBe(3);
  });

  it("finds the apex above a host name: SOA, DNSKEY and DS each asked once", async () => {
    const { result, wire } = await run("www.dnssec-signed.test");
    expect(evidence(result).apex).toBe("dnssec-signed.test");
    expect(codes(result)).toEqual(["dnssec.not_validated"]);
    // SOA ×2, DNSKEY ×2, DS ×2, all sent at once.
    expect(wire).toBe(6);
  });

  it("dnssec.unsigned: low", async () => {
    const { result } = await run("dnssec-unsigned.test");
    expect(result.findings).toEqual([
      { code: "dnssec.unsigned", severity: "low", params: { apex: "dnssec-unsigned.test" } },
    ]);
    expect(result.status).toBe("warn");
    expect(codes((await run("dnssec-signed.test")).result)).not.toContain("dnssec.unsigned");
  });

  it("dnssec.no_ds: keys but no DS", async () => {
    const { result } = await run("dnssec-nods.test");
    expect(codes(result)).toEqual(["dnssec.no_ds"]);
    expect(result.findings[0]?.params.keyTags).toHaveLength(2);
    expect(codes((await run("dnssec-signed.test")).result)).not.toContain("dnssec.no_ds");
  });

  it("dnssec.dnskey_missing: a DS but no keys", async () => {
    const { result } = await run("dnssec-nokey.test");
    expect(codes(result)).toEqual(["dnssec.dnskey_missing"]);
    expect(result.status).toBe("fail");
  });

  it("dnssec.ds_mismatch: the DS digest matches no key", async () => {
    const { result } = await run("dnssec-mismatch.test");
    expect(codes(result)).toEqual(["dnssec.ds_mismatch"]);
    expect(evidence(result).ds[0]?.match).toBe("digest_mismatch");
    expect(result.status).toBe("fail");
    expect(codes((await run("dnssec-signed.test")).result)).not.toContain("dnssec.ds_mismatch");
  });

  it("dnssec.deprecated_algorithm: RSASHA1 with a SHA-1 DS", async () => {
    const { result } = await run("dnssec-old.test");
    expect(result.findings).toContainEqual({
      code: "dnssec.deprecated_algorithm",
      severity: "low",
      params: { algorithms: ["RSASHA1"], digestTypes: ["SHA-1"] },
    });
    expect(evidence(result).ds[0]?.match).toBe("match");
    expect(codes((await run("dnssec-signed.test")).result)).not.toContain("dnssec.deprecated_algorithm");
  });
});

describe("dnssecCheck with DNS failures (sandbox faults)", () => {
  const server = useFixtureServer(() =>
    startSandboxServer([{ match: "dnssec-unsigned.test", kind: "servfail", types: ["DNSKEY"] }]),
  );

  it("SERVFAIL for DNSKEY: error, not unsigned", async () => {
    const r = await dnssecCheck({ resolver: server().resolver(), domain: "dnssec-unsigned.test" });
    expect(r.status).toBe("error");
    expect(codes(r)).toEqual(["dnssec.dns_error"]);
  });
});

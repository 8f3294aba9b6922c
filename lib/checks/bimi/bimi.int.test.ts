import { describe, expect, it } from "vitest";
import { SERVERS, startSandboxServer, useFixtureServer } from "@/test-support/dns/fixture-servers";
import { dmarcCheck } from "@/lib/checks/dmarc";
import type { CheckResult } from "@/lib/checks/types";
import { bimiCheck, type BimiEvidence } from "./index";

const codes = (r: CheckResult) => r.findings.map((f) => f.code).sort();
const evidence = (r: CheckResult) => r.records[0] as BimiEvidence;

describe.each(SERVERS)("bimiCheck over real sockets ($name)", ({ start }) => {
  const server = useFixtureServer(start);
  const run = async (domain: string) => {
    const resolver = server().resolver();
    const result = await bimiCheck({ resolver, domain });
    return { result, wire: resolver.stats().queries };
  };

  it("a logo, a certificate and DMARC at reject: pass", async () => {
    const { result, wire } = await run("bimi-good.test");
    expect(result.findings).toEqual([]);
    expect(result.status).toBe("pass");
    expect(evidence(result)).toMatchObject({
      name: "default._bimi.bimi-good.test",
      source: "domain",
      logos: ["https://bimi-good.test/logo.svg"],
      authority: "https://bimi-good.test/vmc.pem",
      dmarc: { outcome: "found", policy: "reject", pct: 100, enforced: true },
    });
    // BIMI, and DMARC's tree walk (_dmarc.bimi-good.test, _dmarc.test).
    expect(wire).toBe(3);
  });

  it("a subdomain falls back to the organizational domain's BIMI and DMARC records", async () => {
    const { result, wire } = await run("shop.bimi-good.test");
    expect(result.findings).toEqual([]);
    expect(evidence(result)).toMatchObject({ source: "org", name: "default._bimi.bimi-good.test" });
    // default._bimi ×2 and the DMARC tree walk's three names.
    expect(wire).toBe(5);
  });

  it("bimi.dmarc_not_enforced (p=none) and bimi.no_vmc", async () => {
    const { result } = await run("bimi-weak.test");
    expect(result.findings).toEqual([
      { code: "bimi.no_vmc", severity: "info", params: {} },
      {
        code: "bimi.dmarc_not_enforced",
        severity: "medium",
        params: { reason: "policy_none", policy: "none", pct: 100, recordDomain: "bimi-weak.test" },
      },
    ]);
    expect(result.status).toBe("warn");
    const good = codes((await run("bimi-good.test")).result);
    expect(good).not.toContain("bimi.dmarc_not_enforced");
    expect(good).not.toContain("bimi.no_vmc");
  });

  it("bimi.dmarc_not_enforced: quarantine at pct=50 is not enough", async () => {
    const { result } = await run("bimi-pct.test");
    expect(result.findings).toEqual([
      {
        code: "bimi.dmarc_not_enforced",
        severity: "medium",
        params: { reason: "pct_partial", policy: "quarantine", pct: 50, recordDomain: "bimi-pct.test" },
      },
    ]);
  });

  it("bimi.missing: information only", async () => {
    const { result } = await run("bimi-missing.test");
    expect(result.findings).toEqual([
      { code: "bimi.missing", severity: "info", params: { name: "default._bimi.bimi-missing.test" } },
    ]);
    expect(result.status).toBe("info");
    expect(codes((await run("bimi-good.test")).result)).not.toContain("bimi.missing");
  });

  it("bimi.invalid: a plain-http logo; several records", async () => {
    const { result } = await run("bimi-invalid.test");
    expect(result.findings).toEqual([
      {
        code: "bimi.invalid",
        severity: "medium",
        params: { reason: "invalid_logo_url", tag: "l", value: "http://bimi-invalid.test/logo.svg" },
      },
    ]);
    const multi = (await run("multi.bimi-invalid.test")).result;
    expect(multi.findings).toEqual([
      {
        code: "bimi.invalid",
        severity: "medium",
        params: { reason: "multiple_records", name: "default._bimi.multi.bimi-invalid.test", count: 2 },
      },
    ]);
    expect(codes((await run("bimi-good.test")).result)).not.toContain("bimi.invalid");
  });

  it("bimi.declined: empty l= and a=", async () => {
    const { result } = await run("declined.bimi-invalid.test");
    expect(codes(result)).toEqual(["bimi.declined"]);
    expect(result.status).toBe("info");
  });

  it("shares DMARC answers with the DMARC check through the report's resolver", async () => {
    const resolver = server().resolver();
    const [dmarc, bimi] = await Promise.all([
      dmarcCheck({ resolver, domain: "shop.bimi-good.test" }),
      bimiCheck({ resolver, domain: "shop.bimi-good.test" }),
    ]);
    expect(dmarc.status).toBe("pass");
    expect(bimi.status).toBe("pass");
    // _dmarc ×3 (the tree walk) and default._bimi ×2, each on the wire once.
    expect(resolver.stats().queries).toBe(5);
  });
});

describe("bimiCheck with DNS failures (sandbox faults)", () => {
  const server = useFixtureServer(() => startSandboxServer());

  it("SERVFAIL for the BIMI record: error", async () => {
    server().sandbox.setFaults([{ match: "default._bimi.bimi-good.test", kind: "servfail" }]);
    const r = await bimiCheck({ resolver: server().resolver(), domain: "bimi-good.test" });
    expect(r.status).toBe("error");
    expect(codes(r)).toEqual(["bimi.dns_error"]);
  });

  it("DMARC unknown (timeout): error, not dmarc_not_enforced", async () => {
    server().sandbox.setFaults([{ match: "_dmarc.bimi-good.test", kind: "timeout" }]);
    const r = await bimiCheck({ resolver: server().resolver({ timeoutMs: 300 }), domain: "bimi-good.test" });
    expect(r.status).toBe("error");
    expect(codes(r)).toEqual(["bimi.dns_error"]);
  });
});

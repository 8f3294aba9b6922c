import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { SERVERS, startSandboxServer, useFixtureServer } from "@/test-support/dns/fixture-servers";
import { dmarcCheck, type DmarcEvidence } from "./index";

const codes = (r: CheckResult) => r.findings.map((f) => f.code).sort();
const evidence = (r: CheckResult) =>
  r.records.find((x) => (x as DmarcEvidence).kind === "dmarc") as DmarcEvidence;

describe.each(SERVERS)("dmarcCheck over real sockets ($name)", ({ start }) => {
  const server = useFixtureServer(start);
  const run = async (domain: string) => {
    const resolver = server().resolver();
    const result = await dmarcCheck({ resolver, domain });
    return { result, wire: resolver.stats().queries };
  };

  it("an enforced policy with reports: pass, nothing to report, the tree walk's two queries", async () => {
    const { result, wire } = await run("dmarc-reject.test");
    expect(result.status).toBe("pass");
    expect(result.findings).toEqual([]);
    // RFC 9989 §4.10: _dmarc.dmarc-reject.test and _dmarc.test (for the organizational domain), at once.
    expect(result.queries).toBe(2);
    expect(wire).toBe(2);
    const ev = evidence(result);
    expect(ev).toMatchObject({
      name: "_dmarc.dmarc-reject.test",
      source: "domain",
      recordDomain: "dmarc-reject.test",
    });
    expect(ev.effective.domain).toEqual({ policy: "reject", pct: 100, from: "p" });
    expect(ev.effective.subdomains).toMatchObject({ policy: "reject", from: "p" });
  });

  it("dmarc.inherited: a subdomain without a record uses the organizational domain's (both asked at once)", async () => {
    const { result, wire } = await run("a.b.dmarc-reject.test");
    expect(result.findings).toEqual([
      {
        code: "dmarc.inherited",
        severity: "info",
        params: { domain: "a.b.dmarc-reject.test", orgDomain: "dmarc-reject.test" },
      },
    ]);
    expect(result.status).toBe("pass");
    // The whole walk at once: a.b.dmarc-reject.test, b.dmarc-reject.test, dmarc-reject.test, test.
    expect(wire).toBe(4);
    expect(evidence(result).source).toBe("org");
    expect(evidence(result).walk?.map((s) => [s.domain, s.note])).toEqual([
      ["a.b.dmarc-reject.test", "no_record"],
      ["b.dmarc-reject.test", "no_record"],
      ["dmarc-reject.test", "policy"],
      ["test", "dns_error"],
    ]);
  });

  it("dmarc.missing: high, at the domain and at a subdomain", async () => {
    const { result } = await run("dmarc-missing.test");
    expect(result.findings).toEqual([
      {
        code: "dmarc.missing",
        severity: "high",
        params: { domain: "dmarc-missing.test", orgDomain: "dmarc-missing.test" },
      },
    ]);
    expect(result.status).toBe("fail");
    expect(codes((await run("x.dmarc-missing.test")).result)).toEqual(["dmarc.missing"]);
    expect(codes((await run("dmarc-reject.test")).result)).not.toContain("dmarc.missing");
  });

  it("dmarc.policy_none, dmarc.no_rua, dmarc.no_ruf, dmarc.relaxed_alignment", async () => {
    const { result } = await run("dmarc-none.test");
    expect(codes(result)).toEqual([
      "dmarc.no_rua",
      "dmarc.no_ruf",
      "dmarc.policy_none",
      "dmarc.relaxed_alignment",
    ]);
    expect(result.findings.find((f) => f.code === "dmarc.policy_none")?.severity).toBe("medium");
    expect(result.status).toBe("warn");
  });

  it("dmarc.multiple_records: no fallback to the organizational domain", async () => {
    const { result } = await run("dmarc-multi.test");
    expect(result.findings).toEqual([
      {
        code: "dmarc.multiple_records",
        severity: "high",
        params: { name: "_dmarc.dmarc-multi.test", count: 2 },
      },
    ]);
    expect(codes((await run("sub.dmarc-multi.test")).result)).toEqual(["dmarc.multiple_records"]);
  });

  it("dmarc.syntax_error (medium, record usable) and dmarc.unknown_tag", async () => {
    const { result } = await run("dmarc-syntax.test");
    const syntax = result.findings.filter((f) => f.code === "dmarc.syntax_error");
    expect(syntax.map((f) => [f.severity, f.params.tag, f.params.reason])).toEqual([
      ["medium", "pct", "invalid_value"],
      ["medium", "adkim", "invalid_value"],
    ]);
    expect(result.findings).toContainEqual({
      code: "dmarc.unknown_tag",
      severity: "low",
      params: { tag: "foo" },
    });
    expect(evidence(result).effective.domain).toEqual({ policy: "quarantine", pct: 100, from: "p" });
    expect(result.status).toBe("warn");
  });

  it("dmarc.syntax_error (high): no p= and no rua= means receivers ignore the record", async () => {
    const { result } = await run("broken.dmarc-syntax.test");
    expect(result.findings).toEqual([
      {
        code: "dmarc.syntax_error",
        severity: "high",
        params: { tag: "p", reason: "missing_p", usable: false },
      },
    ]);
    expect(result.status).toBe("fail");
  });

  it("dmarc.p_missing: treated as none thanks to rua", async () => {
    const { result } = await run("nop.dmarc-syntax.test");
    expect(codes(result)).toEqual([
      "dmarc.no_ruf",
      "dmarc.p_missing",
      "dmarc.policy_none",
      "dmarc.relaxed_alignment",
    ]);
    expect(codes(result)).not.toContain("dmarc.syntax_error");
    expect(codes((await run("dmarc-reject.test")).result)).not.toContain("dmarc.p_missing");
  });

  it("dmarc.pct_partial", async () => {
    const { result } = await run("dmarc-pct.test");
    expect(result.findings).toContainEqual({
      code: "dmarc.pct_partial",
      severity: "low",
      params: { pct: 25, policy: "quarantine" },
    });
    expect(codes((await run("dmarc-reject.test")).result)).not.toContain("dmarc.pct_partial");
  });

  it("dmarc.testing_mode (DMARCbis t=y)", async () => {
    const { result } = await run("testing.dmarc-pct.test");
    expect(result.findings).toContainEqual({
      code: "dmarc.testing_mode",
      severity: "low",
      params: { policy: "reject" },
    });
    expect(codes((await run("dmarc-reject.test")).result)).not.toContain("dmarc.testing_mode");
  });

  it("dmarc.subdomain_policy_weaker; an inheriting subdomain gets sp=none", async () => {
    const { result } = await run("dmarc-weak-sp.test");
    expect(result.findings).toContainEqual({
      code: "dmarc.subdomain_policy_weaker",
      severity: "low",
      params: { p: "reject", sp: "none" },
    });
    expect(evidence(result).effective.subdomains).toMatchObject({ policy: "none", from: "sp" });
    const sub = (await run("shop.dmarc-weak-sp.test")).result;
    expect(codes(sub)).toEqual([
      "dmarc.inherited",
      "dmarc.no_ruf",
      "dmarc.policy_none",
      "dmarc.relaxed_alignment",
    ]);
    expect(sub.findings.find((f) => f.code === "dmarc.policy_none")?.params.from).toBe("sp");
    expect(codes((await run("dmarc-reject.test")).result)).not.toContain("dmarc.subdomain_policy_weaker");
  });

  it("dmarc.external_rua_unauthorized only for the host that does not authorize (asked at once)", async () => {
    const { result, wire } = await run("dmarc-ext.test");
    expect(result.findings.filter((f) => f.code === "dmarc.external_rua_unauthorized")).toEqual([
      {
        code: "dmarc.external_rua_unauthorized",
        severity: "medium",
        params: {
          domain: "dmarc-unauth-reports.test",
          uris: ["mailto:agg@dmarc-unauth-reports.test"],
          name: "dmarc-ext.test._report._dmarc.dmarc-unauth-reports.test",
          recordDomain: "dmarc-ext.test",
        },
      },
    ]);
    expect(evidence(result).reportAuthorization).toEqual([
      {
        host: "dmarc-reports.test",
        name: "dmarc-ext.test._report._dmarc.dmarc-reports.test",
        authorized: true,
      },
      {
        host: "dmarc-unauth-reports.test",
        name: "dmarc-ext.test._report._dmarc.dmarc-unauth-reports.test",
        authorized: false,
      },
    ]);
    // Two _dmarc names of the walk and the authorization query.
    expect(wire).toBe(4);
    // Same-organization report addresses need no authorization.
    expect(evidence((await run("dmarc-reject.test")).result).reportAuthorization).toEqual([]);
  });
});

describe("dmarcCheck with DNS failures (sandbox faults)", () => {
  const server = useFixtureServer(() => startSandboxServer());

  it("SERVFAIL at _dmarc.<domain>: status error, never fail", async () => {
    server().sandbox.setFaults([{ match: "_dmarc.dmarc-missing.test", kind: "servfail" }]);
    const r = await dmarcCheck({ resolver: server().resolver(), domain: "dmarc-missing.test" });
    expect(r.status).toBe("error");
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: "dmarc.dns_error",
        params: expect.objectContaining({ status: "servfail" }),
      }),
    ]);
  });

  it("a timeout at the organizational domain after NXDOMAIN at the subdomain: error", async () => {
    server().sandbox.setFaults([{ match: "_dmarc.dmarc-reject.test", kind: "timeout" }]);
    const r = await dmarcCheck({
      resolver: server().resolver({ timeoutMs: 300 }),
      domain: "x.dmarc-reject.test",
    });
    expect(r.status).toBe("error");
    expect(r.findings[0]?.params.status).toBe("timeout");
  });

  it("REFUSED for an authorization record: reported as unknown, not as unauthorized", async () => {
    server().sandbox.setFaults([
      { match: "dmarc-ext.test._report._dmarc.dmarc-unauth-reports.test", kind: "refused" },
    ]);
    const r = await dmarcCheck({ resolver: server().resolver(), domain: "dmarc-ext.test" });
    expect(r.findings.map((f) => f.code)).not.toContain("dmarc.external_rua_unauthorized");
    expect(r.findings).toContainEqual(expect.objectContaining({ code: "dmarc.dns_error" }));
    expect(r.status).toBe("error");
  });
});

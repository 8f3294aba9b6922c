import { describe, expect, it } from "vitest";
import { SERVERS, startSandboxServer, useFixtureServer } from "@/test-support/dns/fixture-servers";
import type { CheckResult } from "@/lib/checks/types";
import { tlsRptCheck, type TlsRptEvidence } from "./index";

const codes = (r: CheckResult) => r.findings.map((f) => f.code).sort();

describe.each(SERVERS)("tlsRptCheck over real sockets ($name)", ({ start }) => {
  const server = useFixtureServer(start);
  const run = (domain: string) => tlsRptCheck({ resolver: server().resolver(), domain });

  it("a valid record with mailto: and https: destinations", async () => {
    const r = await run("tls-rpt-good.test");
    expect(r.status).toBe("pass");
    expect(r.findings).toEqual([]);
    expect((r.records[0] as TlsRptEvidence).rua).toEqual([
      { uri: "mailto:tlsrpt@tls-rpt-good.test", scheme: "mailto" },
      { uri: "https://reports.tls-rpt-good.test/v1/tlsrpt", scheme: "https" },
    ]);
    expect(r.queries).toBe(1);
  });

  it("tls_rpt.missing: low", async () => {
    const r = await run("tls-rpt-missing.test");
    expect(r.findings).toEqual([
      { code: "tls_rpt.missing", severity: "low", params: { name: "_smtp._tls.tls-rpt-missing.test" } },
    ]);
    expect(r.status).toBe("warn");
    expect(codes(await run("tls-rpt-good.test"))).not.toContain("tls_rpt.missing");
  });

  it("tls_rpt.invalid: a rua without a scheme; no rua at all", async () => {
    const r = await run("tls-rpt-invalid.test");
    expect(r.findings).toEqual([
      {
        code: "tls_rpt.invalid",
        severity: "medium",
        params: { reason: "invalid_uri", value: "tlsrpt@tls-rpt-invalid.test" },
      },
    ]);
    expect((await run("norua.tls-rpt-invalid.test")).findings).toEqual([
      { code: "tls_rpt.invalid", severity: "medium", params: { reason: "missing_rua" } },
    ]);
    expect(codes(await run("tls-rpt-good.test"))).not.toContain("tls_rpt.invalid");
  });

  it("tls_rpt.multiple_records", async () => {
    const r = await run("tls-rpt-multi.test");
    expect(r.findings).toEqual([
      {
        code: "tls_rpt.multiple_records",
        severity: "medium",
        params: { name: "_smtp._tls.tls-rpt-multi.test", count: 2 },
      },
    ]);
    expect(codes(await run("tls-rpt-good.test"))).not.toContain("tls_rpt.multiple_records");
  });
});

describe("tlsRptCheck with DNS failures (sandbox faults)", () => {
  const server = useFixtureServer(() =>
    startSandboxServer([{ match: "_smtp._tls.tls-rpt-missing.test", kind: "servfail" }]),
  );

  it("SERVFAIL: error, not missing", async () => {
    const r = await tlsRptCheck({ resolver: server().resolver(), domain: "tls-rpt-missing.test" });
    expect(r.status).toBe("error");
    expect(codes(r)).toEqual(["tls_rpt.dns_error"]);
  });
});

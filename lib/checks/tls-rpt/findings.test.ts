import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";
import type { CheckResult } from "@/lib/checks/types";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { catalogue } from "./findings";
import { tlsRptCheck } from "./index";
import { parseTlsRpt } from "./parse";

const zones = ZONE_FILES.map((f) => readFileSync(f, "utf8"));
const check = (domain: string) =>
  tlsRptCheck({ resolver: createMemoryResolver({ zoneText: zones }), domain });
const fixFor = (r: CheckResult, code: string, domain: string) => {
  const f = r.findings.find((x) => x.code === code);
  expect(f, code).toBeDefined();
  return catalogue[code]!.fix!({ params: f!.params, domain, result: r });
};

describe("tls_rpt catalogue", () => {
  it("documents every code the check emits, and only those", () => {
    const src = readFileSync(new URL("index.ts", import.meta.url), "utf8");
    const emitted = new Set([...src.matchAll(/"(tls_rpt\.[a-z_]+)"/g)].map((m) => m[1]!));
    emitted.add("tls_rpt.dns_error");
    expect(Object.keys(catalogue).sort()).toEqual([...emitted].sort());
  });

  it("tls_rpt.missing: the record to publish", async () => {
    const r = await check("tls-rpt-missing.test");
    expect(fixFor(r, "tls_rpt.missing", "tls-rpt-missing.test")?.records).toEqual([
      {
        name: "_smtp._tls.tls-rpt-missing.test",
        type: "TXT",
        value: "v=TLSRPTv1; rua=mailto:tlsrpt@tls-rpt-missing.test",
      },
    ]);
  });

  it("tls_rpt.invalid: a scheme-less address becomes mailto:", async () => {
    const r = await check("tls-rpt-invalid.test");
    const rec = fixFor(r, "tls_rpt.invalid", "tls-rpt-invalid.test")!.records![0]!;
    expect(rec.value).toBe("v=TLSRPTv1; rua=mailto:tlsrpt@tls-rpt-invalid.test");
    expect(parseTlsRpt(rec.value).problems).toEqual([]);
  });

  it("tls_rpt.multiple_records: one record with every destination", async () => {
    const r = await check("tls-rpt-multi.test");
    expect(fixFor(r, "tls_rpt.multiple_records", "tls-rpt-multi.test")?.records?.[0]?.value).toBe(
      "v=TLSRPTv1; rua=mailto:a@tls-rpt-multi.test,mailto:b@tls-rpt-multi.test",
    );
  });
});

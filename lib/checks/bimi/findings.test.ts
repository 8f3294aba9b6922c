import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";
import type { CheckResult } from "@/lib/checks/types";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { catalogue } from "./findings";
import { bimiCheck } from "./index";

const zones = ZONE_FILES.map((f) => readFileSync(f, "utf8"));
const check = (domain: string) => bimiCheck({ resolver: createMemoryResolver({ zoneText: zones }), domain });
const fixFor = (r: CheckResult, code: string, domain: string) => {
  const f = r.findings.find((x) => x.code === code);
  expect(f, code).toBeDefined();
  return catalogue[code]!.fix!({ params: f!.params, domain, result: r });
};

describe("bimi catalogue", () => {
  it("documents every code the check emits, and only those", () => {
    const src = readFileSync(new URL("index.ts", import.meta.url), "utf8");
    const emitted = new Set([...src.matchAll(/"(bimi\.[a-z_]+)"/g)].map((m) => m[1]!));
    emitted.add("bimi.dns_error");
    expect(Object.keys(catalogue).sort()).toEqual([...emitted].sort());
  });

  it("bimi.dmarc_not_enforced: the DMARC prerequisite at the record's domain", async () => {
    const r = await check("bimi-weak.test");
    expect(fixFor(r, "bimi.dmarc_not_enforced", "bimi-weak.test")?.records).toEqual([
      {
        name: "_dmarc.bimi-weak.test",
        type: "TXT",
        value: "v=DMARC1; p=quarantine; rua=mailto:dmarc@bimi-weak.test",
      },
    ]);
    // Existing reporting addresses are kept; pct goes.
    const pct = await check("bimi-pct.test");
    expect(fixFor(pct, "bimi.dmarc_not_enforced", "bimi-pct.test")?.records?.[0]?.value).toBe(
      "v=DMARC1; p=quarantine; rua=mailto:dmarc@bimi-pct.test",
    );
  });

  it("bimi.no_vmc: the record with the current logo and an a= to fill in", async () => {
    const r = await check("bimi-weak.test");
    expect(fixFor(r, "bimi.no_vmc", "bimi-weak.test")?.records).toEqual([
      {
        name: "default._bimi.bimi-weak.test",
        type: "TXT",
        value: "v=BIMI1; l=https://bimi-weak.test/logo.svg; a=https://bimi-weak.test/bimi/vmc.pem",
      },
    ]);
  });

  it("bimi.invalid: an https logo URL replaces the plain-http one", async () => {
    const r = await check("bimi-invalid.test");
    expect(fixFor(r, "bimi.invalid", "bimi-invalid.test")?.records?.[0]?.value).toBe(
      "v=BIMI1; l=https://bimi-invalid.test/bimi/logo.svg; a=https://bimi-invalid.test/vmc.pem",
    );
  });
});

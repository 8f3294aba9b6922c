import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";
import { catalogue } from "./findings";
import { dmarcCheck } from "./index";
import { isDmarcRecord, parseDmarc } from "./parse";

const zones = ZONE_FILES.map((f) => readFileSync(f, "utf8"));
const check = (domain: string) => dmarcCheck({ resolver: createMemoryResolver({ zoneText: zones }), domain });
const fixFor = (r: CheckResult, code: string, domain: string) => {
  const f = r.findings.find((x) => x.code === code);
  expect(f, code).toBeDefined();
  return catalogue[code]!.fix!({ params: f!.params, domain, result: r });
};

describe("dmarc catalogue", () => {
  it("documents every code the check emits, and only those", () => {
    const src = ["index.ts", "discover.ts"]
      .map((f) => readFileSync(new URL(f, import.meta.url), "utf8"))
      .join("\n");
    const emitted = new Set([...src.matchAll(/"(dmarc\.[a-z_]+)"/g)].map((m) => m[1]!));
    emitted.add("dmarc.dns_error");
    expect(Object.keys(catalogue).sort()).toEqual([...emitted].sort());
  });

  it("dmarc.missing: a starter record at _dmarc.<domain>", async () => {
    const r = await check("dmarc-missing.test");
    expect(fixFor(r, "dmarc.missing", "dmarc-missing.test")?.records).toEqual([
      {
        name: "_dmarc.dmarc-missing.test",
        type: "TXT",
        value: "v=DMARC1; p=none; rua=mailto:dmarc-reports@dmarc-missing.test",
      },
    ]);
  });

  it("dmarc.policy_none: the next step up, keeping existing tags and adding rua", async () => {
    const r = await check("dmarc-none.test");
    expect(fixFor(r, "dmarc.policy_none", "dmarc-none.test")?.records).toEqual([
      {
        name: "_dmarc.dmarc-none.test",
        type: "TXT",
        value: "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@dmarc-none.test",
      },
    ]);
  });

  it("dmarc.policy_none inherited through sp=none: raise sp at the organizational domain", async () => {
    const r = await check("shop.dmarc-weak-sp.test");
    const fix = fixFor(r, "dmarc.policy_none", "shop.dmarc-weak-sp.test");
    expect(fix?.records).toEqual([
      {
        name: "_dmarc.dmarc-weak-sp.test",
        type: "TXT",
        value: "v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@dmarc-weak-sp.test",
      },
    ]);
  });

  it("dmarc.syntax_error and dmarc.unknown_tag: the record without the bad tags", async () => {
    const r = await check("dmarc-syntax.test");
    const expected = [
      {
        name: "_dmarc.dmarc-syntax.test",
        type: "TXT",
        value: "v=DMARC1; p=quarantine; rua=mailto:dmarc@dmarc-syntax.test",
      },
    ];
    expect(fixFor(r, "dmarc.syntax_error", "dmarc-syntax.test")?.records).toEqual(expected);
    expect(fixFor(r, "dmarc.unknown_tag", "dmarc-syntax.test")?.records).toEqual(expected);
    const broken = await check("broken.dmarc-syntax.test");
    const value = fixFor(broken, "dmarc.syntax_error", "broken.dmarc-syntax.test")!.records![0]!.value;
    expect(value).toBe("v=DMARC1; p=none; sp=none");
    // The fixed record is itself clean.
    expect(isDmarcRecord(value) && parseDmarc(value).problems).toEqual([]);
  });

  it("dmarc.pct_partial and dmarc.subdomain_policy_weaker: the tag removed", async () => {
    const pct = await check("dmarc-pct.test");
    expect(fixFor(pct, "dmarc.pct_partial", "dmarc-pct.test")?.records?.[0]?.value).toBe(
      "v=DMARC1; p=quarantine; rua=mailto:dmarc@dmarc-pct.test",
    );
    const sp = await check("dmarc-weak-sp.test");
    expect(fixFor(sp, "dmarc.subdomain_policy_weaker", "dmarc-weak-sp.test")?.records?.[0]?.value).toBe(
      "v=DMARC1; p=reject; rua=mailto:dmarc@dmarc-weak-sp.test",
    );
  });

  it("dmarc.external_rua_unauthorized: the authorization record to publish at the report host", async () => {
    const r = await check("dmarc-ext.test");
    expect(fixFor(r, "dmarc.external_rua_unauthorized", "dmarc-ext.test")?.records).toEqual([
      { name: "dmarc-ext.test._report._dmarc.dmarc-unauth-reports.test", type: "TXT", value: "v=DMARC1" },
    ]);
  });

  it("dmarc.multiple_records: keep one", async () => {
    const r = await check("dmarc-multi.test");
    expect(fixFor(r, "dmarc.multiple_records", "dmarc-multi.test")?.records).toEqual([
      {
        name: "_dmarc.dmarc-multi.test",
        type: "TXT",
        value: "v=DMARC1; p=reject; rua=mailto:dmarc@dmarc-multi.test",
      },
    ]);
  });

  it("describes findings in words with their params", async () => {
    const r = await check("dmarc-pct.test");
    const f = r.findings.find((x) => x.code === "dmarc.pct_partial")!;
    expect(catalogue["dmarc.pct_partial"]!.describe!(f.params)).toBe(
      "The quarantine policy applies to 25% of failing mail.",
    );
  });
});

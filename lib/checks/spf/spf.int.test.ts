/**
 * The SPF check over real sockets: the fixture DNS server serves e2e/fixtures/zones (spf-checks.zone holds
 * this check's domains), and each run uses its own resolver, as one report does.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResolver } from "@/lib/dns/resolver";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import type { CheckResult } from "@/lib/checks/types";
import { catalogue } from "./findings";
import { spfCheck, type SpfRecords } from "./index";

const ZONES = fileURLToPath(new URL("../../../e2e/fixtures/zones", import.meta.url));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: ZONES, faults: [{ match: "slow.spf.test", kind: "servfail" }] });
});
afterAll(async () => {
  await sandbox?.close();
});

async function check(name: string, extra: { ip?: string; helo?: string; sender?: string } = {}) {
  const resolver = createResolver({ servers: sandbox.server, timeoutMs: 1000, retries: 0 });
  const result: CheckResult = await spfCheck({ resolver, domain: `${name}.spf.test`, ...extra });
  const rec = result.records[0] as SpfRecords;
  // One report's resolver asks each (name, type) once: the check and the verdict share its answers.
  const asked = resolver.log.map((e) => `${e.type} ${e.name}`);
  expect(asked.length, `questions for ${name}`).toBe(new Set(asked).size);
  for (const f of result.findings) expect(catalogue[f.code], f.code).toBeDefined();
  return { result, rec, codes: result.findings.map((f) => f.code), resolver };
}

/** code → [a domain that triggers it, a domain that does not]. */
const CASES: Record<string, [string, string]> = {
  "spf.missing": ["missing", "good"],
  "spf.legacy_spf2": ["legacy", "good"],
  "spf.multiple_records": ["multiple", "good"],
  "spf.syntax_error": ["syntax", "good"],
  "spf.pass_all": ["passall", "good"],
  "spf.neutral_all": ["neutral", "good"],
  "spf.no_all": ["noall", "redirect"],
  "spf.ptr_mechanism": ["ptr", "good"],
  "spf.include_missing": ["incmissing", "good"],
  "spf.redirect_missing": ["redirmissing", "redirect"],
  "spf.include_loop": ["loop", "good"],
  "spf.duplicate_include": ["dup", "good"],
  "spf.too_many_lookups": ["toomany", "ten"],
  "spf.void_lookups": ["voids", "good"],
  "spf.record_too_long": ["long", "good"],
  "spf.redirect_and_all": ["redirall", "redirect"],
  "spf.terms_after_all": ["afterall", "good"],
  "spf.mx_too_many_names": ["mxmany", "mxten"],
  "spf.dns_error": ["dnserror", "good"],
};

describe("spfCheck against the fixture DNS server", () => {
  for (const [code, [yes, no]] of Object.entries(CASES)) {
    it(`${code}: ${yes}.spf.test triggers it, ${no}.spf.test does not`, async () => {
      expect((await check(yes)).codes).toContain(code);
      expect((await check(no)).codes).not.toContain(code);
    });
  }

  it("passes the sound domain with its tree and lookup counts", async () => {
    const { result, rec, codes } = await check("good");
    expect(codes).toEqual([]);
    expect(result.status).toBe("pass");
    expect(rec.totals).toMatchObject({ lookups: 2, lookupLimit: 10, voids: 0, voidLimit: 2 });
    expect(rec.tree?.children.map((c) => [c.domain, c.via, c.status])).toEqual([
      ["_spf.provider.spf.test", "include", "ok"],
    ]);
  });

  it("counts lookups across includes: 13 over the limit, exactly 10 within it", async () => {
    const over = await check("toomany");
    expect(over.rec.totals.lookups).toBe(13);
    expect(over.result.findings.find((f) => f.code === "spf.too_many_lookups")?.params).toMatchObject({
      count: 13,
    });
    expect(over.rec.tree?.children.map((c) => c.totalLookups)).toEqual([6, 5]);
    expect((await check("ten")).rec.totals.lookups).toBe(10);
  });

  it("names the mechanism behind each void lookup", async () => {
    const { result } = await check("voids");
    const f = result.findings.find((x) => x.code === "spf.void_lookups");
    expect(f).toMatchObject({ severity: "high", params: { count: 3 } });
    expect(
      (f?.params.lookups as { term: string; status: string }[]).map((v) => `${v.term} ${v.status}`),
    ).toEqual(["a:gone1.spf.test nxdomain", "mx:gone2.spf.test nxdomain", "exists:gone3.spf.test nxdomain"]);
    expect((await check("onevoid")).result.findings.find((x) => x.code === "spf.void_lookups")).toMatchObject(
      {
        severity: "low",
        params: { count: 1 },
      },
    );
  });

  it("reports SERVFAIL as 'could not determine', never fail", async () => {
    const { result } = await check("dnserror");
    expect(result.status).toBe("error");
    expect(result.findings.find((f) => f.code === "spf.dns_error")?.params).toMatchObject({
      name: "slow.spf.test",
      status: "servfail",
    });
  });

  it("gives the verdict for an IP through our evaluator over the same resolver, with the mechanism matched", async () => {
    const pass = await check("good", { ip: "198.51.100.9" });
    expect(pass.rec.verdict).toMatchObject({
      result: "pass",
      mechanism: "include:_spf.provider.spf.test → ip4:198.51.100.0/24",
    });
    expect(pass.codes).toEqual([]);
    const fail = await check("good", { ip: "203.0.113.5" });
    expect(fail.rec.verdict?.result).toBe("fail");
    expect(fail.result.findings.find((f) => f.code === "spf.ip_not_authorized")).toMatchObject({
      severity: "high",
      params: { result: "fail", ip: "203.0.113.5" },
    });
    const neutral = await check("neutral", { ip: "203.0.113.5" });
    expect(neutral.result.findings.find((f) => f.code === "spf.ip_not_authorized")?.params.result).toBe(
      "neutral",
    );
    // SERVFAIL inside an include: temperror (RFC 7208 §4.4), "could not determine", never fail.
    const temp = await check("dnserror", { ip: "203.0.113.5" });
    expect(temp.rec.verdict?.result).toBe("temperror");
    expect(temp.result.status).toBe("error");
    expect(temp.result.findings.find((f) => f.code === "spf.ip_not_authorized")?.severity).toBe("info");
    const none = await check("missing", { ip: "203.0.113.5" });
    expect(none.result.findings.find((f) => f.code === "spf.ip_not_authorized")?.params.result).toBe("none");
  });
});

import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { catalogue, mergeSpfRecords } from "./findings";
import { spfCheck } from "./index";
import { parseSpf } from "./parse";
import { fakeResolver, type FakeZone } from "../../../test-support/dns/spf-fake-resolver";

const txt = (...records: string[]) => ({ TXT: records });

async function fixes(zone: FakeZone, extra: { ip?: string } = {}) {
  const result: CheckResult = await spfCheck({
    resolver: fakeResolver(zone),
    domain: "example.test",
    ...extra,
  });
  const out: Record<string, { text: string; records?: { name: string; value: string }[] } | null> = {};
  for (const f of result.findings) {
    const doc = catalogue[f.code];
    expect(doc, f.code).toBeDefined();
    expect(doc?.describe?.(f.params)).toBeTruthy();
    out[f.code] = doc?.fix?.({ params: f.params, result, domain: "example.test" }) ?? null;
  }
  return out;
}

const value = (fix: { records?: { value: string }[] } | null | undefined, i = 0) => fix?.records?.[i]?.value;

describe("SPF fixes are generated from the current record", () => {
  it("ends the record in ~all for +all, ?all and a missing all", async () => {
    expect(value((await fixes({ "example.test": txt("v=spf1 ip4:192.0.2.1 +all") }))["spf.pass_all"])).toBe(
      "v=spf1 ip4:192.0.2.1 ~all",
    );
    expect(
      value(
        (await fixes({ "example.test": txt("v=spf1 ip4:192.0.2.1 ?all exp=e.example.test") }))[
          "spf.neutral_all"
        ],
      ),
    ).toBe("v=spf1 ip4:192.0.2.1 ~all exp=e.example.test");
    expect(value((await fixes({ "example.test": txt("v=spf1 ip4:192.0.2.1") }))["spf.no_all"])).toBe(
      "v=spf1 ip4:192.0.2.1 ~all",
    );
  });

  it("merges several records into one", async () => {
    const f = await fixes({
      "example.test": txt("v=spf1 mx -all", "v=spf1 include:p.test ip4:192.0.2.1 ~all"),
    });
    expect(value(f["spf.multiple_records"])).toBe("v=spf1 mx include:p.test ip4:192.0.2.1 ~all");
    expect(mergeSpfRecords(["v=spf1 a -all", "v=spf1 +a ip4:192.0.2.9 -all"])).toBe(
      "v=spf1 a ip4:192.0.2.9 -all",
    );
  });

  it("suggests v=spf1 mx ~all for a missing record", async () => {
    expect((await fixes({}))["spf.missing"]?.records).toEqual([
      { name: "example.test", type: "TXT", value: "v=spf1 mx ~all" },
    ]);
  });

  it("cuts lookups: drops ptr and duplicate includes, flattens a/mx, and names the costliest includes", async () => {
    const zone: FakeZone = {
      "example.test": { ...txt("v=spf1 a ptr include:big.test include:big.test ~all"), A: ["192.0.2.5"] },
    };
    zone["big.test"] = txt(
      `v=spf1 ${Array.from({ length: 4 }, (_, i) => `a:h${i}.big.test`).join(" ")} -all`,
    );
    for (let i = 0; i < 4; i++) zone[`h${i}.big.test`] = { A: [`198.51.100.${i + 1}`] };
    const f = await fixes(zone);
    const fix = f["spf.too_many_lookups"];
    expect(value(fix)).toBe("v=spf1 ip4:192.0.2.5 include:big.test ~all");
    expect(fix?.text).toContain("include:big.test costs 5");
    expect(fix?.text).toContain("about 5 lookups");
    expect(value(f["spf.ptr_mechanism"])).toBe("v=spf1 a include:big.test include:big.test ~all");
    expect(value(f["spf.duplicate_include"])).toBe("v=spf1 a ptr include:big.test ~all");
  });

  it("offers no record when cutting at the root would change nothing", async () => {
    const zone: FakeZone = { "example.test": txt("v=spf1 include:big.test -all") };
    zone["big.test"] = txt(
      `v=spf1 ${Array.from({ length: 11 }, (_, i) => `a:h${i}.big.test`).join(" ")} -all`,
    );
    for (let i = 0; i < 11; i++) zone[`h${i}.big.test`] = { A: [`198.51.100.${i + 1}`] };
    const fix = (await fixes(zone))["spf.too_many_lookups"];
    expect(fix?.records).toBeUndefined();
    expect(fix?.text).toContain("include:big.test costs 12");
  });

  it("removes includes of domains without SPF, void terms and loops", async () => {
    const f = await fixes({
      "example.test": txt("v=spf1 include:gone.test a:old.example.test include:example.test -all"),
    });
    expect(value(f["spf.include_missing"])).toBe("v=spf1 a:old.example.test include:example.test -all");
    expect(value(f["spf.void_lookups"])).toBe("v=spf1 include:example.test -all");
    expect(value(f["spf.include_loop"])).toBe("v=spf1 include:gone.test a:old.example.test -all");
  });

  it("fixes syntax errors, redirect next to all, terms after all, long records and an unauthorized IP", async () => {
    const f = await fixes(
      { "example.test": txt("v=spf1 ip4:192.0.2.300 mx -all a redirect=x.test") },
      { ip: "203.0.113.9" },
    );
    expect(value(f["spf.syntax_error"])).toBe("v=spf1 mx a -all");
    expect(value(f["spf.redirect_and_all"])).toBe("v=spf1 ip4:192.0.2.300 mx a -all");
    expect(value(f["spf.terms_after_all"])).toBe("v=spf1 ip4:192.0.2.300 mx a -all");
    const ips = Array.from({ length: 30 }, (_, i) => `ip4:198.51.100.${i + 1}`).join(" ");
    const g = await fixes({
      "example.test": { ...txt(`v=spf1 mx ${ips} -all`), MX: [{ priority: 1, exchange: "mx.example.test" }] },
      "mx.example.test": { A: ["192.0.2.1"] },
    });
    const long = g["spf.record_too_long"];
    expect(value(long, 0)).toBe("v=spf1 include:_spf.example.test mx -all");
    expect(value(long, 1)).toBe(`v=spf1 ${ips} -all`);
    expect(long?.records?.[1]?.name).toBe("_spf.example.test");
    for (const fix of [f["spf.syntax_error"], ...Object.values(g)]) {
      for (const r of fix?.records ?? []) expect(parseSpf(r.value).errors, r.value).toEqual([]);
    }
  });

  it("has an entry for every code the check can emit", () => {
    for (const code of [
      "spf.missing",
      "spf.multiple_records",
      "spf.syntax_error",
      "spf.too_many_lookups",
      "spf.void_lookups",
      "spf.pass_all",
      "spf.neutral_all",
      "spf.no_all",
      "spf.ptr_mechanism",
      "spf.include_missing",
      "spf.include_loop",
      "spf.ip_not_authorized",
      "spf.redirect_missing",
      "spf.duplicate_include",
      "spf.record_too_long",
      "spf.legacy_spf2",
      "spf.redirect_and_all",
      "spf.terms_after_all",
      "spf.mx_too_many_names",
      "spf.dns_error",
    ]) {
      expect(catalogue[code]?.title, code).toBeTruthy();
    }
  });
});

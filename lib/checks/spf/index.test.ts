import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { spfCheck, type SpfRecords } from "./index";
import { countRounds, fakeResolver, type FakeZone } from "../../../test-support/dns/spf-fake-resolver";

const txt = (...records: string[]) => ({ TXT: records });

async function run(zone: FakeZone, domain = "example.test") {
  const resolver = fakeResolver(zone);
  const result = await spfCheck({ resolver, domain });
  const rec = result.records[0] as SpfRecords;
  const codes = result.findings.map((f) => f.code).sort();
  return {
    result,
    rec,
    codes,
    resolver,
    find: (code: string) => result.findings.find((f) => f.code === code),
  };
}

describe("spfCheck", () => {
  it("passes a sound record and draws its tree with lookup counts", async () => {
    const { result, rec, codes, resolver } = await run({
      "example.test": {
        ...txt("v=spf1 ip4:192.0.2.0/24 include:_spf.provider.test mx -all"),
        MX: [{ priority: 10, exchange: "mx.example.test" }],
      },
      "mx.example.test": { A: ["192.0.2.25"] },
      "_spf.provider.test": txt("v=spf1 a:out.provider.test ip6:2001:db8::/32 ~all"),
      "out.provider.test": { A: ["198.51.100.7"], AAAA: ["2001:db8::7"] },
    });
    expect(codes).toEqual([]);
    expect(result.status).toBe("pass");
    expect(rec.totals).toMatchObject({ lookups: 3, lookupLimit: 10, voids: 0, voidLimit: 2 });
    expect(rec.tree?.lookups).toBe(2);
    expect(rec.tree?.children[0]).toMatchObject({
      domain: "_spf.provider.test",
      via: "include",
      lookups: 1,
      totalLookups: 1,
    });
    expect(rec.tree?.terms.find((t) => t.name === "mx")?.addresses).toEqual(["192.0.2.25"]);
    // Nothing asked twice, and JSON-serializable.
    expect(new Set(resolver.asked).size).toBe(resolver.asked.length);
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
  });

  it("reports a missing record, and a leftover spf2.0 record", async () => {
    const { codes, result } = await run({
      "example.test": txt("spf2.0/pra ip4:192.0.2.1 -all", "google-site-verification=x"),
    });
    expect(codes).toEqual(["spf.legacy_spf2", "spf.missing"]);
    expect(result.status).toBe("fail");
    expect((await run({})).codes).toEqual(["spf.missing"]);
  });

  it("reports several v=spf1 records (permerror, §4.5), matching the version case-insensitively", async () => {
    const { codes, find } = await run({
      "example.test": txt("v=spf1 mx -all", "V=SPF1 ip4:192.0.2.1 -all", "v=spf10 x"),
    });
    expect(codes).toEqual(["spf.multiple_records"]);
    expect(find("spf.multiple_records")?.params.count).toBe(2);
  });

  it("reports +all, ?all, no all and a redirect whose target decides", async () => {
    expect((await run({ "example.test": txt("v=spf1 mx +all") })).find("spf.pass_all")?.severity).toBe(
      "critical",
    );
    expect((await run({ "example.test": txt("v=spf1 mx ?all") })).codes).toContain("spf.neutral_all");
    expect((await run({ "example.test": txt("v=spf1 ip4:192.0.2.1") })).codes).toEqual(["spf.no_all"]);
    const r = await run({
      "example.test": txt("v=spf1 ip4:192.0.2.1 redirect=_spf.example.test"),
      "_spf.example.test": txt("v=spf1 ip4:192.0.2.2 ?all"),
    });
    expect(r.codes).toEqual(["spf.neutral_all"]);
    expect(r.find("spf.neutral_all")?.params).toMatchObject({
      domain: "_spf.example.test",
      from: "example.test",
    });
    expect(r.rec.totals.lookups).toBe(1);
    // An include that passes everyone is as bad as +all.
    const inc = await run({
      "example.test": txt("v=spf1 include:open.test -all"),
      "open.test": txt("v=spf1 +all"),
    });
    expect(inc.find("spf.pass_all")?.params).toMatchObject({ domain: "open.test" });
    // ~all and -all are fine; an include's ?all is harmless.
    const ok = await run({
      "example.test": txt("v=spf1 include:n.test ~all"),
      "n.test": { ...txt("v=spf1 a ?all"), A: ["192.0.2.9"] },
    });
    expect(ok.codes).toEqual([]);
    expect(ok.result.status).toBe("pass");
  });

  it("counts lookups across the tree against 10 and names the costliest includes", async () => {
    const zone: FakeZone = { "example.test": txt("v=spf1 include:big.test include:small.test ptr -all") };
    zone["big.test"] = txt(
      `v=spf1 ${Array.from({ length: 9 }, (_, i) => `a:h${i}.big.test`).join(" ")} -all`,
    );
    for (let i = 0; i < 9; i++) zone[`h${i}.big.test`] = { A: [`192.0.2.${i + 1}`] };
    zone["small.test"] = txt("v=spf1 ip4:198.51.100.0/24 -all");
    const { find, rec, codes } = await run(zone);
    expect(rec.totals.lookups).toBe(12);
    expect(find("spf.too_many_lookups")?.params).toMatchObject({ count: 12, limit: 10 });
    expect((find("spf.too_many_lookups")?.params.costliest as { domain: string }[])[0]).toMatchObject({
      domain: "big.test",
      lookups: 10,
    });
    expect(codes).toContain("spf.ptr_mechanism");
  });

  it("counts void lookups against 2, naming the term that caused each", async () => {
    const { find } = await run({
      "example.test": txt(
        "v=spf1 a:gone1.test mx:gone2.test include:gone3.test exists:gone4.test ip4:192.0.2.1 -all",
      ),
      "gone2.test": txt("x"),
    });
    const f = find("spf.void_lookups");
    expect(f?.severity).toBe("high");
    expect(f?.params.count).toBe(4);
    expect(
      (f?.params.lookups as { term: string; status: string }[]).map((v) => `${v.term} ${v.status}`).sort(),
    ).toEqual([
      "a:gone1.test nxdomain",
      "exists:gone4.test nxdomain",
      "include:gone3.test nxdomain",
      "mx:gone2.test nodata",
    ]);
    const one = await run({ "example.test": txt("v=spf1 a:gone1.test -all") });
    expect(one.find("spf.void_lookups")).toMatchObject({ severity: "low", params: { count: 1 } });
  });

  it("treats target names no query can carry as non-existent, not as DNS failures", async () => {
    const long = `${"x".repeat(64)}.example.test`;
    const r = await run({ "example.test": txt(`v=spf1 a:${long} include:bad..example.test -all`) });
    expect(r.codes).toEqual(["spf.include_missing", "spf.void_lookups"]);
    expect(r.result.status).toBe("fail");
    expect(r.resolver.asked).toEqual(["TXT example.test"]);
  });

  it("reports includes without SPF, loops and duplicate includes", async () => {
    const r = await run({
      "example.test": txt("v=spf1 include:nospf.test include:a.test include:b.test -all"),
      "nospf.test": txt("some other text"),
      "a.test": txt("v=spf1 include:b.test -all"),
      "b.test": txt("v=spf1 include:example.test -all"),
    });
    expect(r.find("spf.include_missing")?.params).toMatchObject({
      domain: "nospf.test",
      from: "example.test",
    });
    expect(r.find("spf.include_loop")?.params).toMatchObject({ domain: "example.test" });
    expect(r.find("spf.duplicate_include")?.params).toMatchObject({ domain: "b.test", count: 2 });
    expect(new Set(r.resolver.asked).size).toBe(r.resolver.asked.length);
  });

  it("reports syntax errors with position, in the root and in includes", async () => {
    const r = await run({
      "example.test": txt("v=spf1 ip4:192.0.2.999 include:x.test -all"),
      "x.test": txt("v=spf1 a:bad..1 -all"),
    });
    const errs = r.result.findings.filter((f) => f.code === "spf.syntax_error");
    expect(errs.map((e) => [e.params.domain, e.params.column, e.params.token])).toEqual([
      ["example.test", 12, "ip4:192.0.2.999"],
      ["x.test", 15, "a:bad..1"],
    ]);
  });

  it("reports a long record, redirect next to all, terms after all and an mx with over 10 names", async () => {
    const ips = Array.from({ length: 30 }, (_, i) => `ip4:198.51.100.${i + 1}`).join(" ");
    expect(
      (await run({ "example.test": txt(`v=spf1 ${ips} -all`) })).find("spf.record_too_long")?.params.bytes,
    ).toBeGreaterThan(450);
    const r = await run({
      "example.test": {
        ...txt("v=spf1 mx -all a redirect=other.test"),
        MX: Array.from({ length: 11 }, (_, i) => ({ priority: i, exchange: `m${i}.example.test` })),
      },
    });
    expect(r.codes).toEqual([
      "spf.mx_too_many_names",
      "spf.redirect_and_all",
      "spf.terms_after_all",
      "spf.void_lookups",
    ]);
    expect(r.find("spf.mx_too_many_names")?.params.count).toBe(11);
    // The redirect is ignored (§6.1): not followed, not counted.
    expect(r.resolver.asked).not.toContain("TXT other.test");
    expect(r.rec.totals.lookups).toBe(2);
  });

  it("says 'could not determine' for DNS failures, never fail", async () => {
    const r = await run({ "example.test": "timeout" });
    expect(r.codes).toEqual(["spf.dns_error"]);
    expect(r.result.status).toBe("error");
    const inc = await run({ "example.test": txt("v=spf1 include:slow.test -all"), "slow.test": "servfail" });
    expect(inc.codes).toEqual(["spf.dns_error"]);
    expect(inc.result.status).toBe("error");
    expect(inc.rec.tree?.children[0]?.status).toBe("error");
  });

  it("asks every independent query at once: the longest dependent chain is the tree depth", async () => {
    const zone: FakeZone = {
      "example.test": {
        ...txt("v=spf1 include:a.test include:b.test mx a exists:e.example.test redirect=c.test"),
        MX: [{ priority: 1, exchange: "mx.example.test" }],
        AAAA: ["2001:db8::1"],
      },
      "a.test": txt("v=spf1 include:a2.test -all"),
      "a2.test": txt("v=spf1 ip4:192.0.2.1 -all"),
      "b.test": txt("v=spf1 -all"),
      "c.test": txt("v=spf1 -all"),
      "mx.example.test": { A: ["192.0.2.2"] },
      "e.example.test": { A: ["127.0.0.2"] },
    };
    const resolver = fakeResolver(zone, { held: true });
    const { value, rounds } = await countRounds(resolver, spfCheck({ resolver, domain: "example.test" }));
    // TXT example.test → (TXT a/b/c, MX, A/AAAA example.test, A e…) → (TXT a2.test, A/AAAA mx host)
    expect(rounds).toBe(3);
    expect(value.status).toBe("pass");
    expect(new Set(resolver.asked).size).toBe(resolver.asked.length);

    // With an IP, the verdict walks the record one term at a time, but every answer it needs is already
    // asked by the tree: it adds no round.
    const cached = fakeResolver(zone, { held: true, cache: true });
    const withIp = await countRounds(
      cached,
      spfCheck({ resolver: cached, domain: "example.test", ip: "203.0.113.9" }),
    );
    expect(withIp.rounds).toBe(3);
    expect((withIp.value.records[0] as SpfRecords).verdict).toMatchObject({
      result: "pass",
      mechanism: "exists:e.example.test",
    });
  });

  it("looks up ptr terms ahead of the verdict when the IP is known, and asks nothing twice", async () => {
    // The memory resolver caches and de-duplicates like the report's resolver.
    const resolver = createMemoryResolver({
      records: [
        { name: "example.test", type: "TXT", data: ["v=spf1 ptr -all"] },
        { name: "5.2.0.192.in-addr.arpa", type: "PTR", data: "mail.example.test" },
        { name: "mail.example.test", type: "A", data: "192.0.2.5" },
      ],
    });
    const result = await spfCheck({ resolver, domain: "example.test", ip: "192.0.2.5" });
    const rec = result.records[0] as SpfRecords;
    expect(rec.tree?.terms[0]).toMatchObject({
      name: "ptr",
      ptrNames: ["mail.example.test"],
      addresses: ["192.0.2.5"],
    });
    expect(rec.verdict).toMatchObject({
      result: "pass",
      sender: "postmaster@example.test",
      helo: "example.test",
    });
    expect(rec.verdict?.mechanism).toMatch(/^ptr/);
    expect(result.findings.map((f) => f.code)).toEqual(["spf.ptr_mechanism"]);
    const asked = resolver.log.map((e) => `${e.type} ${e.name}`);
    expect(asked).toContain("PTR 5.2.0.192.in-addr.arpa");
    expect(new Set(asked).size).toBe(asked.length);
  });

  it("skips without a domain", async () => {
    const result = await spfCheck({ resolver: fakeResolver({}) });
    expect(result.status).toBe("skipped");
  });
});

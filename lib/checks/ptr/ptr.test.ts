import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { tableResolver } from "@/test-support/dns/table-resolver";
import { catalogue } from "./findings";
import { ptrCheck } from "./index";

describe("ptrCheck (table resolver)", () => {
  it("is skipped without an IP", async () => {
    expect((await ptrCheck({ resolver: tableResolver({}), domain: "example.test" })).status).toBe("skipped");
  });

  it("asks the forward lookups of every PTR name at once, matching the family", async () => {
    const rev = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
    const resolver = tableResolver({
      [`${rev} PTR`]: ["a.example.test", "b.example.test"],
      "a.example.test AAAA": { answers: ["2001:db8::2"], delayMs: 30 },
      "b.example.test AAAA": ["2001:db8::1"],
    });
    const r = await ptrCheck({ resolver, ip: "2001:DB8::1" });
    expect(resolver.asked).toEqual([`${rev} PTR`, "a.example.test AAAA", "b.example.test AAAA"]);
    expect(r.findings.map((f) => f.code)).toEqual(["ptr.documentation_ip", "ptr.multiple"]);
    expect(r.status).toBe("pass");
  });

  it("is skipped for an invalid IP, saying so, without asking anything", async () => {
    const resolver = tableResolver({});
    const r = await ptrCheck({ resolver, ip: "192.0.2" });
    expect(r.status).toBe("skipped");
    expect(r.findings.map((f) => f.code)).toEqual(["ptr.invalid_ip"]);
    expect(resolver.asked).toEqual([]);
  });

  it("status error when the PTR lookup fails", async () => {
    const r = await ptrCheck({
      resolver: tableResolver({ "4.4.8.8.in-addr.arpa PTR": { status: "servfail" } }),
      ip: "8.8.4.4",
    });
    expect(r.status).toBe("error");
  });
});

describe("ptr catalogue", () => {
  const result: CheckResult = {
    check: "ptr",
    status: "fail",
    findings: [],
    records: [],
    queries: 0,
    durationMs: 0,
  };
  it("has an entry for every code", () => {
    expect(Object.keys(catalogue).sort()).toEqual(
      [
        "ptr.missing",
        "ptr.fcrdns_mismatch",
        "ptr.multiple",
        "ptr.generic_hostname",
        "ptr.private_ip",
        "ptr.documentation_ip",
        "ptr.invalid_ip",
        "ptr.dns_error",
      ].sort(),
    );
  });
  it("gives the PTR to ask for and the matching A record", () => {
    const fix = catalogue["ptr.missing"]!.fix!({
      params: { ip: "192.0.2.5", reverseName: "5.2.0.192.in-addr.arpa" },
      domain: "example.test",
      result,
    });
    expect(fix?.records).toEqual([
      { name: "5.2.0.192.in-addr.arpa.", type: "PTR", value: "mail.example.test." },
      { name: "mail.example.test.", type: "A", value: "192.0.2.5" },
    ]);
  });
});

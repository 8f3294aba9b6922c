import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { catalogue } from "./findings";

const result = (records: unknown[]): CheckResult => ({
  check: "mx",
  status: "fail",
  findings: [],
  records,
  queries: 0,
  durationMs: 0,
});

describe("mx catalogue", () => {
  it("documents every code the check emits", () => {
    expect(Object.keys(catalogue).sort()).toEqual(
      [
        "mx.missing",
        "mx.null_mx",
        "mx.null_mx_with_others",
        "mx.target_is_cname",
        "mx.target_is_ip",
        "mx.target_unresolvable",
        "mx.target_private_ip",
        "mx.duplicate_target",
        "mx.no_ipv6",
        "mx.hosts_limited",
        "mx.ptr_names_limited",
        "mx.target_fcrdns_mismatch",
        "mx.dns_error",
      ].sort(),
    );
  });

  it("suggests the null MX for a domain without MX", () => {
    const fix = catalogue["mx.missing"]!.fix!({
      params: { domain: "example.test", nxdomain: false, hasAddress: true, addresses: ["192.0.2.1"] },
      domain: "example.test",
      result: result([]),
    });
    expect(fix?.records).toEqual([{ name: "example.test.", type: "MX", value: "0 ." }]);
  });

  it("replaces a CNAME target with its canonical name at the same preference", () => {
    const fix = catalogue["mx.target_is_cname"]!.fix!({
      params: { exchange: "alias.example.test", canonical: "real.example.test" },
      domain: "example.test",
      result: result([{ priority: 20, exchange: "alias.example.test", kind: "name" }]),
    });
    expect(fix?.records).toEqual([{ name: "example.test.", type: "MX", value: "20 real.example.test." }]);
  });

  it("gives the PTR to ask for and the matching forward record", () => {
    const fix = catalogue["mx.target_fcrdns_mismatch"]!.fix!({
      params: {
        exchange: "mx.example.test",
        address: "2001:db8::25",
        reverseName: "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
        ptr: [],
        reason: "no_ptr",
      },
      domain: "example.test",
      result: result([]),
    });
    expect(fix?.records?.[1]).toEqual({ name: "mx.example.test.", type: "AAAA", value: "2001:db8::25" });
    expect(fix?.records?.[0]?.type).toBe("PTR");
  });

  it("describes findings in words with their params", () => {
    expect(
      catalogue["mx.target_private_ip"]!.describe!({
        exchange: "mx.example.test",
        address: "10.0.0.5",
        scope: "private",
      }),
    ).toContain("10.0.0.5");
  });
});

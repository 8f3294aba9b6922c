import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { catalogue, newPolicyId } from "./findings";
import {
  certMismatchFindings,
  MAX_AGE_LIMIT,
  mxMatches,
  parsePolicy,
  parseStsTxt,
  policyText,
  stsRecords,
} from "./parse";

describe("parseStsTxt (RFC 8461 §3.1)", () => {
  it("accepts valid records", () => {
    expect(parseStsTxt("v=STSv1; id=20160831085700Z;")).toEqual({
      ok: true,
      value: { id: "20160831085700Z", extensions: {} },
    });
    expect(parseStsTxt("v=STSv1;id=1")).toMatchObject({ ok: true, value: { id: "1" } });
    expect(parseStsTxt("v=STSv1; id=abc; ext-1=val")).toMatchObject({
      ok: true,
      value: { extensions: { "ext-1": "val" } },
    });
  });
  it.each([
    ["v=STSv1", "id field is missing"],
    ["v=STSv1; id=", "1 to 32"],
    ["v=STSv1; id=2026-11-23", "1 to 32"],
    [`v=STSv1; id=${"a".repeat(33)}`, "1 to 32"],
    ["v=STSv1; id=1; junk", "malformed"],
    ["v=STSv2; id=1", "must start"],
  ])("rejects %s", (record, detail) => {
    const r = parseStsTxt(record);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.detail).toContain(detail);
  });
  it("ignores TXT records that are not STS records", () => {
    expect(stsRecords(["v=spf1 -all", "v=STSv1; id=1", "v=STSv10; id=2", "v=STSv1"])).toEqual([
      "v=STSv1; id=1",
      "v=STSv1",
    ]);
  });
});

describe("parsePolicy (RFC 8461 §3.2)", () => {
  it("parses the RFC's example, CRLF or LF", () => {
    const text =
      "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n";
    expect(parsePolicy(text)).toEqual({
      policy: {
        version: "STSv1",
        mode: "enforce",
        maxAge: 604800,
        mx: ["mail.example.com", "*.example.net", "backupmx.example.com"],
        extensions: {},
      },
      errors: [],
    });
    expect(parsePolicy(text.replace(/\r/g, "")).errors).toEqual([]);
  });
  it("reports missing and invalid fields", () => {
    const codes = (t: string) => parsePolicy(t).errors.map((e) => e.code);
    expect(codes("mode: enforce\nmx: a.example\nmax_age: 1")).toEqual(["version"]);
    expect(codes("version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1")).toEqual(["mode"]);
    expect(codes("version: STSv1\nmode: enforce\nmx: a.example")).toEqual(["max_age"]);
    expect(codes(`version: STSv1\nmode: enforce\nmx: a.example\nmax_age: ${MAX_AGE_LIMIT + 1}`)).toEqual([
      "max_age",
    ]);
    expect(codes("version: STSv1\nmode: enforce\nmax_age: 86400")).toEqual(["mx_missing"]);
    expect(codes("version: STSv1\nmode: enforce\nmx: *.*.example\nmax_age: 86400")).toEqual(["mx_invalid"]);
    expect(codes("version: STSv1\nmode: none\nmax_age: 86400")).toEqual([]);
    expect(codes("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\nthis line is junk")).toEqual([
      "syntax",
    ]);
  });
  it("ignores unknown keys, keeps the first of repeated keys", () => {
    const r = parsePolicy(
      "version: STSv1\nmode: testing\nmode: enforce\nfoo: bar\nmx: a.example\nmax_age: 10",
    );
    expect(r.policy.mode).toBe("testing");
    expect(r.policy.extensions).toEqual({ foo: "bar" });
  });
});

describe("mxMatches (RFC 8461 §4.1)", () => {
  it.each([
    ["mail.example.com", "mail.example.com", true],
    ["MAIL.example.com.", "mail.example.com", true],
    ["mail.example.com", "*.example.com", true],
    ["example.com", "*.example.com", false],
    ["a.b.example.com", "*.example.com", false],
    ["mail.example.org", "*.example.com", false],
    ["mailexample.com", "*.example.com", false],
    ["other.example.com", "mail.example.com", false],
  ])("%s vs %s → %s", (host, pattern, expected) => {
    expect(mxMatches(host, pattern)).toBe(expected);
  });
});

describe("fixes", () => {
  const result = (mx: string[]): CheckResult => ({
    check: "mta_sts",
    status: "warn",
    findings: [],
    records: [{ txt: { records: [], id: null }, policy: null, mx }],
    queries: 0,
    durationMs: 0,
  });
  it("generates the TXT record and a policy listing the current MX hosts", () => {
    const fix = catalogue["mta_sts.missing"]!.fix!({
      params: { domain: "example.test" },
      domain: "example.test",
      result: result(["mx1.example.test", "mx2.example.test"]),
    });
    expect(fix?.records).toEqual([
      { name: "_mta-sts.example.test.", type: "TXT", value: `"v=STSv1; id=${newPolicyId()}"` },
    ]);
    expect(fix?.text).toContain(policyText(["mx1.example.test", "mx2.example.test"], "testing"));
    expect(parsePolicy(policyText(["mx1.example.test"], "enforce")).errors).toEqual([]);
    expect(newPolicyId(new Date("2026-11-23T12:00:00Z"))).toBe("2026112301");
  });
  it("has an entry for every code", () => {
    expect(Object.keys(catalogue).sort()).toEqual(
      [
        "mta_sts.missing",
        "mta_sts.invalid",
        "mta_sts.mx_mismatch",
        "mta_sts.cert_mismatch",
        "mta_sts.testing_mode",
        "mta_sts.mode_none",
        "mta_sts.policy_fetch_failed",
        "mta_sts.dns_error",
      ].sort(),
    );
  });
});

describe("certMismatchFindings (RFC 8461 §4.1-§4.2)", () => {
  const policy = { mode: "enforce" as const, mx: ["mx1.example.com", "*.mail.example.com"] };
  const ok = { tls: true, trusted: true, expired: false };
  it("accepts certificates naming the MX host within the policy", () => {
    expect(
      certMismatchFindings(policy, [
        { host: "mx1.example.com", names: ["mx1.example.com"], ...ok },
        { host: "a.mail.example.com", names: ["*.mail.example.com"], ...ok },
      ]),
    ).toEqual([]);
  });
  it("names the reason a compliant sender would refuse each host", () => {
    const f = certMismatchFindings(policy, [
      { host: "mx1.example.com", names: ["other.example.net"], ...ok },
      { host: "mx1.example.com", names: ["b.mail.example.com"], ...ok },
      { host: "mx1.example.com", names: ["mx1.example.com"], ...ok, trusted: false },
      { host: "mx1.example.com", names: ["mx1.example.com"], ...ok, expired: true },
      { host: "mx1.example.com", names: [], ...ok, tls: false },
    ]);
    expect(f.map((x) => [x.code, x.severity, x.params.reason])).toEqual([
      ["mta_sts.cert_mismatch", "high", "names_outside_policy"],
      ["mta_sts.cert_mismatch", "high", "host_not_named"],
      ["mta_sts.cert_mismatch", "high", "untrusted"],
      ["mta_sts.cert_mismatch", "high", "expired"],
      ["mta_sts.cert_mismatch", "high", "no_tls"],
    ]);
  });
  it("is medium in testing mode and silent in mode none", () => {
    const bad = [{ host: "mx1.example.com", names: ["x.example.net"], ...ok }];
    expect(certMismatchFindings({ ...policy, mode: "testing" }, bad)[0]!.severity).toBe("medium");
    expect(certMismatchFindings({ ...policy, mode: "none" }, bad)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { CheckName, CheckResult, CheckStatus, Finding } from "@/lib/checks/types";
import type { Grade } from "@/lib/scoring/score";
import { diffReports, findingKey } from "./diff";
import type { ReportDocument } from "./types";

function check(name: CheckName, status: CheckStatus, findings: Finding[] = []): CheckResult {
  return { check: name, status, findings, records: [], queries: 1, durationMs: 1 };
}

function doc(
  score: number,
  grade: Grade,
  checks: CheckResult[],
  extra: Partial<ReportDocument> = {},
): ReportDocument {
  return {
    schemaVersion: 1,
    id: "AAAAAAAAAAAAAAAAAAAAAA",
    createdAt: "2026-11-01T10:00:00.000Z",
    kind: "domain",
    input: { domain: "example.com" },
    status: "complete",
    score,
    grade,
    scoreRange: { min: score, max: score },
    scoringVersion: "2026.1",
    profile: "deliverability",
    deductions: [],
    unknown: [],
    checks: Object.fromEntries(checks.map((c) => [c.check, c])),
    dns: { queries: 10, elapsedMs: 20, servers: [] },
    ...extra,
  };
}

const f = (code: string, severity: Finding["severity"], params: Record<string, unknown> = {}): Finding => ({
  code,
  severity,
  params,
});

describe("findingKey", () => {
  it("tells findings on different selectors, hosts and zones apart, ignores measurements", () => {
    const a = findingKey("dkim", f("dkim.key_too_short", "high", { selector: "s1", bits: 512 }));
    const b = findingKey("dkim", f("dkim.key_too_short", "high", { selector: "s2", bits: 512 }));
    const c = findingKey("dkim", f("dkim.key_too_short", "high", { selector: "S1", bits: 1024 }));
    expect(a).not.toBe(b);
    expect(a).toBe(c);
    expect(findingKey("spf", f("spf.too_many_lookups", "high", { count: 14 }))).toBe(
      findingKey("spf", f("spf.too_many_lookups", "high", { count: 12 })),
    );
    expect(findingKey("dnsbl", f("dnsbl.listed", "high", { zone: "a.test", ip: "192.0.2.1" }))).not.toBe(
      findingKey("dnsbl", f("dnsbl.listed", "high", { zone: "b.test", ip: "192.0.2.1" })),
    );
    expect(findingKey("mx", f("mx.target_is_cname", "medium", { exchange: "MX.example.com." }))).toBe(
      "mx|mx.target_is_cname|exchange=mx.example.com",
    );
  });
});

describe("diffReports", () => {
  const before = doc(60, "C", [
    check("spf", "fail", [f("spf.too_many_lookups", "high", { count: 14 }), f("spf.neutral_all", "medium")]),
    check("dkim", "fail", [
      f("dkim.key_too_short", "high", { selector: "s1", bits: 512 }),
      f("dkim.key_too_short", "high", { selector: "s2", bits: 512 }),
    ]),
    check("dmarc", "warn", [f("dmarc.policy_none", "medium")]),
    check("mx", "pass"),
    check("bimi", "error"),
  ]);
  const after = doc(
    67,
    "B",
    [
      check("spf", "fail", [f("spf.too_many_lookups", "high", { count: 12 })]),
      check("dkim", "fail", [f("dkim.key_too_short", "high", { selector: "s2", bits: 1024 })]),
      check("dmarc", "error"),
      check("mx", "warn", [f("mx.target_is_cname", "medium", { exchange: "mx.example.com" })]),
      check("bimi", "warn", [f("bimi.missing", "low")]),
    ],
    {
      id: "BBBBBBBBBBBBBBBBBBBBBB",
      createdAt: "2026-11-02T10:00:00.000Z",
      previousId: "AAAAAAAAAAAAAAAAAAAAAA",
    },
  );
  const d = diffReports(before, after);

  it("computes the score delta and grade change", () => {
    expect(d.scoreDelta).toBe(7);
    expect(d.gradeChanged).toBe(true);
    expect(d.scoringVersionChanged).toBe(false);
    expect(d.previous).toMatchObject({ id: "AAAAAAAAAAAAAAAAAAAAAA", score: 60, grade: "C" });
    expect(d.current).toMatchObject({ id: "BBBBBBBBBBBBBBBBBBBBBB", score: 67, grade: "B" });
  });

  it("lists fixed, new and unchanged findings by identity, not by code alone", () => {
    expect(d.fixed.map((x) => x.key).sort()).toEqual([
      "dkim|dkim.key_too_short|selector=s1",
      "spf|spf.neutral_all",
    ]);
    expect(d.added.map((x) => x.key)).toEqual(["mx|mx.target_is_cname|exchange=mx.example.com"]);
    expect(d.unchanged.map((x) => x.key).sort()).toEqual([
      "dkim|dkim.key_too_short|selector=s2",
      "spf|spf.too_many_lookups",
    ]);
    // Unchanged carries the current finding (its params are today's).
    expect(d.unchanged.find((x) => x.code === "spf.too_many_lookups")?.params).toEqual({ count: 12 });
    expect(d.fixed[0]?.title).toBeTruthy();
    expect(d.fixed[0]?.title).not.toBe(d.fixed[0]?.code);
  });

  it("does not call a finding fixed or new when its check could not be determined on the other side", () => {
    expect(d.fixed.some((x) => x.code === "dmarc.policy_none")).toBe(false);
    expect(d.added.some((x) => x.code === "bimi.missing")).toBe(false);
    expect(d.undetermined.map((x) => [x.code, x.side]).sort()).toEqual([
      ["bimi.missing", "current"],
      ["dmarc.policy_none", "previous"],
    ]);
  });

  it("reports per-check status changes only", () => {
    expect(d.checks).toEqual([
      { check: "dmarc", label: "DMARC", before: "warn", after: "error" },
      { check: "mx", label: "MX", before: "pass", after: "warn" },
      { check: "bimi", label: "BIMI", before: "error", after: "warn" },
    ]);
  });

  it("matches repeated identical findings as a multiset", () => {
    const two = doc(50, "D", [
      check("spf", "fail", [f("spf.include_missing", "high"), f("spf.include_missing", "high")]),
    ]);
    const one = doc(55, "D", [check("spf", "fail", [f("spf.include_missing", "high")])]);
    const r = diffReports(two, one);
    expect(r.fixed).toHaveLength(1);
    expect(r.unchanged).toHaveLength(1);
    expect(r.added).toHaveLength(0);
    expect(r.gradeChanged).toBe(false);
    expect(diffReports(one, two).added).toHaveLength(1);
  });

  it("handles a check present on one side only and an identical pair", () => {
    const a = doc(90, "A", [check("spf", "pass")]);
    const b = doc(
      80,
      "B",
      [check("spf", "pass"), check("ptr", "fail", [f("ptr.missing", "high", { ip: "192.0.2.1" })])],
      {
        scoringVersion: "2026.2",
      },
    );
    const r = diffReports(a, b);
    expect(r.checks).toEqual([{ check: "ptr", label: "Reverse DNS", before: null, after: "fail" }]);
    expect(r.added).toHaveLength(0);
    expect(r.undetermined).toHaveLength(1);
    expect(r.scoreDelta).toBe(-10);
    expect(r.scoringVersionChanged).toBe(true);
    const same = diffReports(before, before);
    expect(same.fixed).toEqual([]);
    expect(same.added).toEqual([]);
    expect(same.checks).toEqual([]);
    expect(same.unchanged).toHaveLength(5);
  });

  it("an incomplete report is no score drop: the delta is null and findings of undetermined checks are not 'fixed'", () => {
    const before = doc(14, "F", [
      check("spf", "fail", [{ code: "spf.missing", severity: "critical", params: {} }]),
    ]);
    const after = doc(14, "F", [check("spf", "error")], {
      id: "BBBBBBBBBBBBBBBBBBBBBB",
      status: "incomplete",
      score: null,
      grade: null,
      scoreRange: { min: 0, max: 100 },
    });
    const d = diffReports(before, after);
    expect(d.scoreDelta).toBeNull();
    expect(d.gradeChanged).toBe(false);
    expect(d.fixed).toEqual([]);
    expect(d.undetermined.map((u) => u.code)).toEqual(["spf.missing"]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { explainFinding, FINDINGS } from "./index";

const result: CheckResult = {
  check: "spf",
  status: "fail",
  findings: [],
  records: [],
  queries: 0,
  durationMs: 0,
};
const CODE = "spf.explain_test_only";

describe("explainFinding", () => {
  afterEach(() => {
    delete FINDINGS[CODE];
  });

  it("does not hide a describe that throws", () => {
    FINDINGS[CODE] = {
      severity: "low",
      title: "t",
      meaning: "m",
      describe: () => {
        throw new Error("describe is broken");
      },
    };
    expect(() => explainFinding({ code: CODE, severity: "low", params: {} }, result, {})).toThrow(
      "describe is broken",
    );
  });

  it("does not hide a fix that throws", () => {
    FINDINGS[CODE] = {
      severity: "low",
      title: "t",
      meaning: "m",
      fix: () => {
        throw new Error("fix is broken");
      },
    };
    expect(() => explainFinding({ code: CODE, severity: "low", params: {} }, result, {})).toThrow(
      "fix is broken",
    );
  });

  it("explains a finding whose words work", () => {
    const e = explainFinding(
      { code: "spf.missing", severity: "high", params: { domain: "example.com" } },
      result,
      { domain: "example.com" },
    );
    expect(e.title).toBe(FINDINGS["spf.missing"]!.title);
    expect(e.fix?.text).toBeTruthy();
  });
});

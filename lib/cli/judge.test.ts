import { describe, expect, it } from "vitest";
import { judge } from "./main";

const doc = (over: Partial<Parameters<typeof judge>[0]>): Parameters<typeof judge>[0] => ({
  status: "complete",
  score: 80,
  scoreRange: { min: 80, max: 80 },
  unknown: [],
  ...over,
});

describe("--fail-under judges the worst case", () => {
  it("a complete report passes at or above N and fails below", () => {
    expect(judge(doc({}), 80)).toBeNull();
    expect(judge(doc({}), 81)).toMatch(/score 80 is below --fail-under 81/);
    expect(judge(doc({}), undefined)).toBeNull();
  });

  it("an incomplete report passes only when scoreRange.min >= N", () => {
    const inc = doc({
      status: "incomplete",
      score: null,
      scoreRange: { min: 55, max: 100 },
      unknown: ["dmarc"],
    });
    expect(judge(inc, 50)).toBeNull();
    expect(judge(inc, 80)).toMatch(
      /incomplete: 1 checks could not be determined; the score could be as low as 55/,
    );
  });

  it("a domain that does not exist is never judged done", () => {
    const gone = doc({ status: "domain_not_found", score: null, scoreRange: null });
    expect(judge(gone, undefined)).toMatch(/does not exist/);
    expect(judge(gone, 0)).toMatch(/does not exist/);
  });
});

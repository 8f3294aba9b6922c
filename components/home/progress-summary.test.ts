import { describe, expect, it } from "vitest";
import { progressSummary, type Progress } from "./progress-summary";

const plan: Progress["plan"] = ["mx", "spf", "dmarc"];

describe("progressSummary", () => {
  it("counts finished checks while they run", () => {
    expect(progressSummary({ plan, done: { mx: "pass" }, queries: 12 })).toBe(
      "Running checks: 1 of 3 finished · 12 DNS queries",
    );
  });

  it("never says done before the report is saved", () => {
    const all: Progress = { plan, done: { mx: "pass", spf: "warn", dmarc: "fail" }, queries: 30 };
    for (const p of [
      all,
      { ...all, saving: {} },
      { ...all, saving: { database: "preparing" as const } },
      { ...all, saving: { database: "opening" as const } },
    ]) {
      expect(progressSummary(p)).not.toMatch(/\bdone\b|saved/i);
    }
    expect(progressSummary({ ...all, saving: {} })).toBe("All 3 checks finished · saving the report…");
    expect(progressSummary({ ...all, saving: { database: "preparing" } })).toBe(
      "All 3 checks finished · preparing the database (first start only)…",
    );
    expect(progressSummary({ ...all, saving: {}, savedId: "abc" })).toBe("Report saved · opening it…");
  });
});

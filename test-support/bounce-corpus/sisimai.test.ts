import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/bounce/diagnose";
import { familyAgrees, findSisimaiCorpus, loadSisimaiCorpus, scoreSisimai, scoredStatus } from "./sisimai";

describe("sisimai corpus scoring", () => {
  it("agrees families with reasons and excludes sisimai's internal codes", () => {
    expect(familyAgrees("userunknown", "mailbox")).toBe(true);
    expect(familyAgrees("userunknown", "policy")).toBe(false);
    expect(familyAgrees("filtered", "content")).toBe(true);
    expect(familyAgrees("mailererror", "unknown")).toBe(false);
    expect(scoredStatus("5.0.910")).toBe(false);
    expect(scoredStatus("5.1.1")).toBe(true);
    expect(scoredStatus("")).toBe(false);
  });

  // The corpus lives outside the project (BSD licence, see its README); where it is present, the figures
  // must not fall below what this checkout reaches (bench:bounce prints them).
  const dir = findSisimaiCorpus();
  it.runIf(dir !== null)("keeps reason, family and status accuracy on the real corpus", () => {
    const s = scoreSisimai(loadSisimaiCorpus(dir!), diagnose);
    const pct = (f: keyof typeof s.byField) => (100 * s.byField[f].correct) / s.byField[f].checked;
    expect(pct("reason")).toBeGreaterThanOrEqual(93.5);
    expect(pct("family")).toBeGreaterThanOrEqual(95.5);
    expect(pct("status")).toBeGreaterThanOrEqual(97);
    expect(pct("recipients")).toBeGreaterThanOrEqual(99);
  });
});

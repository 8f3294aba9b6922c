import { describe, expect, it } from "vitest";
import { RULES } from "@/lib/bounce/rules";
import { classify } from "@/lib/bounce/classify";
import { fromReply } from "@/test-support/bounce-corpus/from-reply";
import { FAMILIES, REASONS } from "@/lib/bounce/types";

describe("rules", () => {
  it("have unique ids and valid families/reasons", () => {
    const ids = new Set<string>();
    for (const r of RULES) {
      expect(ids.has(r.id), r.id).toBe(false);
      ids.add(r.id);
      expect(FAMILIES).toContain(r.family);
      expect(REASONS).toContain(r.reason);
      expect(r.fix.length, r.id).toBeGreaterThan(0);
      expect(r.sample.text.length, r.id).toBeGreaterThan(0);
    }
  });

  it.each(RULES.map((r) => [r.id, r] as const))("%s classifies its own sample as labelled", (_id, r) => {
    const p = fromReply(r.sample.text, {
      ...(r.sample.stage ? { stage: r.sample.stage } : {}),
      ...(r.sample.remoteMta ? { remoteMta: r.sample.remoteMta } : {}),
      ...(r.sample.dsnAction ? { dsnAction: r.sample.dsnAction } : {}),
    });
    if (r.sample.replyCode !== undefined) expect(p.replyCode, "sample reply code").toBe(r.sample.replyCode);
    if (r.sample.enhancedCode !== undefined)
      expect(p.enhancedCode, "sample enhanced code").toBe(r.sample.enhancedCode);
    const d = classify(p);
    const want = {
      family: r.sample.expect?.family ?? r.family,
      reason: r.sample.expect?.reason ?? r.reason,
      ruleId: r.id,
      ...(r.provider !== undefined ? { provider: r.provider } : {}),
      ...(r.sample.expect && "provider" in r.sample.expect ? { provider: r.sample.expect.provider } : {}),
    };
    expect({
      family: d.family,
      reason: d.reason,
      ruleId: d.ruleId,
      ...("provider" in want ? { provider: d.provider } : {}),
    }).toEqual(want);
  });
});

import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CORPUS, loadCorpus } from "@/test-support/bounce-corpus";
import { evaluate, pct } from "@/test-support/bounce-corpus/evaluate";
import { diagnose } from "@/lib/bounce/diagnose";
import { FAMILIES } from "@/lib/bounce/types";

describe("labelled bounce corpus", () => {
  it("is read from its data files, and a malformed one is refused with its name and field", () => {
    const dir = mkdtempSync(join(tmpdir(), "mxray-corpus-"));
    try {
      const good = { ...CORPUS[0]! };
      writeFileSync(join(dir, "a.json"), JSON.stringify([good]));
      expect(loadCorpus(dir)).toEqual([good]);
      const bad = { ...good, expected: { ...good.expected, reason: "nosuchreason" } };
      writeFileSync(join(dir, "b.json"), JSON.stringify([bad]));
      expect(() => loadCorpus(dir)).toThrow(/^b\.json: 0\.expected\.reason: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is large and covers every family and the providers", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
    expect(new Set(CORPUS.map((s) => s.id)).size).toBe(CORPUS.length);
    const families = new Set(CORPUS.map((s) => s.expected.family));
    for (const f of FAMILIES) expect(families, f).toContain(f);
    const providers = new Set(CORPUS.map((s) => s.expected.provider));
    for (const p of [
      "gmail",
      "microsoft",
      "yahoo",
      "icloud",
      "amazonses",
      "postfix",
      "exim",
      "sendmail",
      "qmail",
      "mimecast",
      "proofpoint",
    ]) {
      expect(providers, p).toContain(p);
    }
  });

  it("is diagnosed with family >= 95% and reason >= 90% accuracy", () => {
    const acc = evaluate(CORPUS, diagnose);
    const lines = acc.misses.map(
      (m) =>
        `${m.id} ${m.field}: expected ${String(m.expected)}, got ${String(m.got)} | ${m.input.replace(/\s+/g, " ")}`,
    );
    if (lines.length) console.log(`corpus misses (${lines.length}):\n${lines.join("\n")}`);
    expect(pct(acc.byField.family)).toBeGreaterThanOrEqual(95);
    expect(pct(acc.byField.reason)).toBeGreaterThanOrEqual(90);
  });
});

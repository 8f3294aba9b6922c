import type { Diagnosis } from "@/lib/bounce/types";
import type { CorpusSample } from "@/test-support/bounce-corpus/types";

export const FIELDS = ["family", "reason", "enhancedCode", "replyCode", "stage", "provider"] as const;
export type Field = (typeof FIELDS)[number];

export interface Miss {
  id: string;
  field: Field;
  expected: unknown;
  got: unknown;
  input: string;
}

export interface Accuracy {
  total: number;
  byField: Record<Field, { correct: number; checked: number }>;
  misses: Miss[];
}

/** Scores diagnoses against labels, field by field; stage only where the sample labels it. */
export function evaluate(corpus: CorpusSample[], run: (input: string) => Diagnosis): Accuracy {
  const byField = Object.fromEntries(
    FIELDS.map((f) => [f, { correct: 0, checked: 0 }]),
  ) as Accuracy["byField"];
  const misses: Miss[] = [];
  for (const s of corpus) {
    const d = run(s.input);
    for (const f of FIELDS) {
      if (f === "stage" && s.expected.stage === undefined) continue;
      const want = s.expected[f] ?? null;
      const got = d[f] ?? null;
      byField[f].checked++;
      if (want === got) byField[f].correct++;
      else misses.push({ id: s.id, field: f, expected: want, got, input: s.input.slice(0, 160) });
    }
  }
  return { total: corpus.length, byField, misses };
}

export function pct(x: { correct: number; checked: number }): number {
  return x.checked === 0 ? 100 : (100 * x.correct) / x.checked;
}

/**
 * The labelled bounce corpus (accuracy test and `npm run bench:bounce`), kept as data: one JSON file per
 * batch in test-support/fixtures/bounce-corpus/ (see the README there), read in file-name order and checked
 * against the sample shape, so a malformed file fails loudly with its name and the faulty field.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { z } from "zod";
import { FAMILIES, REASONS } from "@/lib/bounce/types";
import type { CorpusSample } from "@/test-support/bounce-corpus/types";

export type { CorpusSample } from "@/test-support/bounce-corpus/types";

const CORPUS_DIR = fileURLToPath(new URL("../fixtures/bounce-corpus/", import.meta.url));

const STAGE = z.enum(["connect", "helo", "auth", "mail_from", "rcpt_to", "data", "after_data"]);
const SAMPLE = z.strictObject({
  id: z.string().min(1),
  source: z.string().min(1),
  input: z.string().min(1),
  expected: z.strictObject({
    family: z.enum(FAMILIES),
    reason: z.enum(REASONS),
    replyCode: z.number().int().min(200).max(599).nullable(),
    enhancedCode: z
      .string()
      .regex(/^[245]\.\d{1,3}\.\d{1,3}$/)
      .nullable(),
    stage: STAGE.nullable().optional(),
    provider: z.string().nullable(),
  }),
});

/** Every sample of every `*.json` file in `dir`, in file-name order. */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusSample[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  return files.flatMap((f) => {
    const parsed = z.array(SAMPLE).safeParse(JSON.parse(readFileSync(join(dir, f), "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${f}: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid corpus file"}`);
    }
    return parsed.data as CorpusSample[];
  });
}

/** The labelled bounce corpus. */
export const CORPUS: CorpusSample[] = loadCorpus();

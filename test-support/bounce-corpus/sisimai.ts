/**
 * Scoring against sisimai's labelled corpus of real bounce messages (BSD 2-Clause, kept outside the
 * project): `labels.json` gives, per file, one row per recipient in the order sisimai reports them, with
 * the delivery status (RFC 3463 code), the reply code and the reason. Used by `npm run bench:bounce` and
 * by the accuracy test when the corpus is present.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Diagnosis, Family, Reason } from "@/lib/bounce/types";
import { REASON_DEFAULTS } from "@/lib/bounce/rules/defaults";

export interface SisimaiRow {
  status: string;
  replycode: string;
  reason: string;
  hardbounce: number;
  feedbacktype: string;
}

export interface SisimaiFile {
  file: string;
  expected: SisimaiRow[];
}

/** Where the corpus is looked for: $MXRAY_SISIMAI_CORPUS, then the shared folder beside the checkout. */
export function findSisimaiCorpus(root = process.cwd()): string | null {
  const candidates = [
    process.env.MXRAY_SISIMAI_CORPUS,
    join(root, "../shared/corpora/sisimai-train"),
    join(root, "../../shared/corpora/sisimai-train"),
  ].filter((p): p is string => typeof p === "string" && p !== "");
  for (const c of candidates) if (existsSync(join(c, "labels.json"))) return resolve(c);
  return null;
}

export function loadSisimaiCorpus(dir: string): { file: string; text: string; expected: SisimaiRow[] }[] {
  const labels = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8")) as { files: SisimaiFile[] };
  return labels.files.map((f) => ({
    file: f.file,
    // Read as the CLI reads a file (UTF-8 with replacement), so the figures are what a user gets.
    text: readFileSync(join(dir, "emails", f.file), "utf8"),
    expected: f.expected,
  }));
}

/**
 * Families that agree with a reason. Most reasons have one family (the reason's default); a few straddle
 * two in the contract's vocabulary: sisimai's `filtered` is "refused by the recipient's filter" which is a
 * content or a policy refusal, `securityerror` covers both missing SMTP AUTH (relay) and failed sender
 * authentication, `rejected` (the envelope sender refused) can be policy or relay.
 */
const EXTRA_FAMILIES: Partial<Record<Reason, Family[]>> = {
  filtered: ["content"],
  securityerror: ["authentication"],
  rejected: ["relay", "authentication"],
  onhold: ["unknown"],
  networkerror: ["routing"],
};

export function familyAgrees(reason: string, family: Family): boolean {
  const base = (REASON_DEFAULTS as Record<string, { family: Family } | undefined>)[reason];
  if (!base) return false;
  return base.family === family || (EXTRA_FAMILIES[reason as Reason] ?? []).includes(family);
}

/** sisimai's internal codes (X.0.9xx) say "no code was given" in its own notation; they are not scored. */
export function scoredStatus(status: string): boolean {
  return /^[245]\.\d{1,3}\.\d{1,3}$/.test(status) && !/^[245]\.0\.9\d\d$/.test(status);
}

/**
 * sisimai reasons the contract has no name for, and the contract reason that means the same
 * (docs/bounce-reasons.md): `mailererror` (a local delivery program failed on the destination host) is
 * the contract's `systemerror`. Rows so labelled are scored against that name, and counted apart
 * (`renamed`) so the figures can also be read strictly.
 */
export const CONTRACT_NAME: Readonly<Record<string, Reason>> = { mailererror: "systemerror" };

export const SISIMAI_FIELDS = ["reason", "family", "status", "replyCode", "recipients"] as const;
export type SisimaiField = (typeof SISIMAI_FIELDS)[number];

export interface SisimaiMiss {
  file: string;
  row: number;
  field: SisimaiField;
  expected: string;
  got: string;
}

export interface SisimaiScore {
  files: number;
  rows: number;
  byField: Record<SisimaiField, { correct: number; checked: number }>;
  /** expected reason → got reason → count, over every labelled recipient. */
  confusion: Map<string, Map<string, number>>;
  misses: SisimaiMiss[];
  /** Rows whose sisimai reason was scored under its contract name (CONTRACT_NAME): labelled, and right. */
  renamed: { rows: number; correct: number; family: number };
}

/** One diagnosis per recipient, in the order the message gives them. */
export function perRecipient(d: Diagnosis): Diagnosis[] {
  return d.recipients && d.recipients.length > 0 ? d.recipients : [d];
}

export function scoreSisimai(
  corpus: { file: string; text: string; expected: SisimaiRow[] }[],
  run: (text: string) => Diagnosis,
): SisimaiScore {
  const byField = Object.fromEntries(
    SISIMAI_FIELDS.map((f) => [f, { correct: 0, checked: 0 }]),
  ) as SisimaiScore["byField"];
  const confusion = new Map<string, Map<string, number>>();
  const misses: SisimaiMiss[] = [];
  let rows = 0;
  const renamed = { rows: 0, correct: 0, family: 0 };
  const tally = (file: string, row: number, field: SisimaiField, ok: boolean, want: string, got: string) => {
    byField[field].checked++;
    if (ok) byField[field].correct++;
    else misses.push({ file, row, field, expected: want, got });
  };
  for (const c of corpus) {
    let got: Diagnosis[];
    try {
      got = perRecipient(run(c.text));
    } catch {
      got = [];
    }
    tally(
      c.file,
      -1,
      "recipients",
      got.length === c.expected.length,
      String(c.expected.length),
      String(got.length),
    );
    c.expected.forEach((want, i) => {
      rows++;
      const d = got[i];
      const reason = d?.reason ?? "(none)";
      const wantReason = CONTRACT_NAME[want.reason] ?? want.reason;
      // A renamed label shows as "mailererror>systemerror": sisimai's name, then the one scored.
      const key = wantReason === want.reason ? want.reason : `${want.reason}>${wantReason}`;
      const m = confusion.get(key) ?? new Map<string, number>();
      m.set(reason, (m.get(reason) ?? 0) + 1);
      confusion.set(key, m);
      const reasonOk = reason === wantReason;
      const familyOk = d !== undefined && familyAgrees(wantReason, d.family);
      if (wantReason !== want.reason) {
        renamed.rows++;
        if (reasonOk) renamed.correct++;
        if (familyOk) renamed.family++;
      }
      tally(c.file, i, "reason", reasonOk, wantReason, reason);
      tally(c.file, i, "family", familyOk, wantReason, d?.family ?? "(none)");
      if (scoredStatus(want.status)) {
        const s = d?.enhancedCode ?? "null";
        tally(c.file, i, "status", s === want.status, want.status, s);
      }
      const wantCode = want.replycode === "" ? "null" : want.replycode;
      const gotCode = d?.replyCode == null ? "null" : String(d.replyCode);
      tally(c.file, i, "replyCode", gotCode === wantCode, wantCode, gotCode);
    });
  }
  return { files: corpus.length, rows, byField, confusion, misses, renamed };
}

/** The confusion table as text: one line per expected reason, its count, hits and what it was taken for. */
export function confusionTable(conf: SisimaiScore["confusion"]): string[] {
  const lines: string[] = [];
  const rows = [...conf.entries()].sort(
    (a, b) => [...b[1].values()].reduce((x, y) => x + y, 0) - [...a[1].values()].reduce((x, y) => x + y, 0),
  );
  lines.push(`${"expected".padEnd(24)} ${"n".padStart(4)} ${"ok".padStart(4)}  taken for`);
  for (const [want, got] of rows) {
    const n = [...got.values()].reduce((x, y) => x + y, 0);
    const scored = want.slice(want.indexOf(">") + 1);
    const ok = got.get(scored) ?? 0;
    const others = [...got.entries()]
      .filter(([r]) => r !== scored)
      .sort((a, b) => b[1] - a[1])
      .map(([r, k]) => `${r}×${k}`)
      .join(" ");
    lines.push(`${want.padEnd(24)} ${String(n).padStart(4)} ${String(ok).padStart(4)}  ${others}`);
  }
  return lines;
}

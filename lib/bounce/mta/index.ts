import { defineRules } from "@/lib/bounce/rules/defaults";
import type { LiteralHits } from "@/lib/bounce/rules/literal-scan";
import { literalPrefilter } from "@/lib/bounce/rules/prefilter";
import type { Rule } from "@/lib/bounce/rules/types";
import { detects, type MtaModule } from "./types";
import { APPLE_UNSUBSCRIBE } from "./apple-unsubscribe";
import { ARF, HOTMAIL_JMRP } from "./arf";
import { EZWEB } from "./ezweb";
import { GMAIL_LEGACY } from "./gmail-legacy";
import { GOOGLE_GROUPS } from "./google-groups";
import { MCAFEE } from "./mcafee";
import { MESSAGELABS } from "./messagelabs";
import { POWERMTA } from "./powermta";
import { RFC3834 } from "./rfc3834";

export type { MtaModule } from "./types";

/** The MTA recognizers whose own words decide a reason (one module each). */
export const MTA_MODULES: readonly MtaModule[] = [
  ARF,
  HOTMAIL_JMRP,
  APPLE_UNSUBSCRIBE,
  MESSAGELABS,
  MCAFEE,
  POWERMTA,
  GOOGLE_GROUPS,
  GMAIL_LEGACY,
  EZWEB,
  RFC3834,
];

const PHRASE_RULES = new Map<string, Rule[]>(
  MTA_MODULES.map((m) => [
    m.id,
    defineRules(
      m.phrases.map((p, i) => ({
        id: `mta.${m.id}.${i + 1}`,
        reason: p.reason,
        tier: "mta" as const,
        match: { text: [p.phrase] },
        sample: { text: p.example },
      })),
    ),
  ]),
);

const WHOLE_RULES = new Map<string, Map<string, Rule>>();
function wholeRule(m: MtaModule, reason: Rule["reason"]): Rule {
  let byReason = WHOLE_RULES.get(m.id);
  if (!byReason) WHOLE_RULES.set(m.id, (byReason = new Map()));
  let r = byReason.get(reason);
  if (!r) {
    r = defineRules([
      { id: `mta.${m.id}.${reason}`, reason, tier: "mta", match: {}, sample: { text: m.format } },
    ])[0]!;
    byReason.set(reason, r);
  }
  return r;
}

/**
 * Per module, per pattern of its `detect.all`: the literals (lower-case) one of which a hint must contain
 * for the pattern to match it (null: the pattern always runs). See lib/bounce/rules/prefilter.ts.
 */
export const MTA_DETECT_LITERALS: readonly (readonly (readonly string[] | null)[])[] = MTA_MODULES.map((m) =>
  m.detect.all.map((re) => literalPrefilter(re)),
);

/**
 * Which of the MTA_DETECT_LITERALS occur in the lower-cased hints (joined by line breaks): `ids[m][k]` are
 * the literal ids of module m's pattern k in the table `hits` was scanned with.
 */
export interface MtaHintScan {
  hits: LiteralHits;
  ids: readonly (readonly (readonly number[] | null)[])[];
}

/**
 * Which MTA wrote the notice, from the hints of its headers (null for a pasted reply). With `scan`, a module
 * one of whose patterns has none of its literals in the hints is skipped without running any: that
 * pattern cannot match a hint.
 */
export function detectMta(hints: readonly string[], scan?: MtaHintScan): MtaModule | null {
  if (hints.length === 0) return null;
  for (let i = 0; i < MTA_MODULES.length; i++) {
    if (scan) {
      const ids = scan.ids[i]!;
      let possible = true;
      for (let k = 0; k < ids.length && possible; k++) possible = scan.hits.any(ids[k]!);
      if (!possible) continue;
    }
    const m = MTA_MODULES[i]!;
    if (detects(m, hints)) return m;
  }
  return null;
}

/** The MTA's own verdict on this failure text, as a rule, or null when its words do not say. */
export function mtaRule(m: MtaModule, text: string, hints: readonly string[] = []): Rule | null {
  for (const r of PHRASE_RULES.get(m.id) ?? []) if (r.match.text!.some((re) => re.test(text))) return r;
  const whole = m.whole?.(text, hints) ?? null;
  return whole ? wholeRule(m, whole) : null;
}

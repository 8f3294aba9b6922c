import { defineRules } from "@/lib/bounce/rules/defaults";
import type { Rule } from "@/lib/bounce/rules/types";
import type { MtaModule } from "./types";
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

/** Which MTA wrote the notice, from the hints of its headers (null for a pasted reply). */
export function detectMta(hints: readonly string[]): MtaModule | null {
  if (hints.length === 0) return null;
  for (const m of MTA_MODULES) if (m.detect(hints)) return m;
  return null;
}

/** The MTA's own verdict on this failure text, as a rule, or null when its words do not say. */
export function mtaRule(m: MtaModule, text: string, hints: readonly string[] = []): Rule | null {
  for (const r of PHRASE_RULES.get(m.id) ?? []) if (r.match.text!.some((re) => re.test(text))) return r;
  const whole = m.whole?.(text, hints) ?? null;
  return whole ? wholeRule(m, whole) : null;
}

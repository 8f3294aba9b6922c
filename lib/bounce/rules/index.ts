import type { Rule } from "@/lib/bounce/rules/types";
import { GMAIL_RULES } from "@/lib/bounce/rules/gmail";
import { MICROSOFT_RULES } from "@/lib/bounce/rules/microsoft";
import { YAHOO_RULES } from "@/lib/bounce/rules/yahoo";
import { OTHER_PROVIDER_RULES } from "@/lib/bounce/rules/providers-other";
import { GENERIC_RULES } from "@/lib/bounce/rules/generic";
import { PHRASE_RULES } from "@/lib/bounce/rules/phrases";
import { ENHANCED_FALLBACK_RULES, REPLY_FALLBACK_RULES } from "@/lib/bounce/rules/fallback";

export type { Rule } from "@/lib/bounce/rules/types";

/**
 * All rules in priority order: provider-specific rules (they know what a provider means by its own codes),
 * then the phrase table (lib/bounce/rules/phrases.ts), then generic wordings, then enhanced-code fallbacks, then bare reply-code fallbacks.
 */
const isGaveUp = (r: Rule) => r.id.startsWith("generic.gave-up") || r.id === "dsn.delayed";
// An exact enhanced code ("4.4.6") names a failure; a class ("4.4.") only its area.
const isExactCode = (r: Rule) =>
  r.id.startsWith("code.") &&
  (r.match.enhanced ?? []).every((e) => !e.endsWith(".") && e.split(".").length === 3);

/**
 * A DSN that gave up (Action: failed) on a 4.x.x status expired in the queue unless the words or an exact
 * code say what kept failing (4.4.6 is a routing loop: networkerror, as sisimai reads it): the gave-up
 * rules (and a DSN's Action: delayed) come after the exact-code fallbacks and before the class-level ones.
 */
export const RULES: readonly Rule[] = [
  ...GMAIL_RULES,
  ...MICROSOFT_RULES,
  ...YAHOO_RULES,
  ...OTHER_PROVIDER_RULES,
  ...PHRASE_RULES,
  ...GENERIC_RULES.filter((r) => !isGaveUp(r)),
  ...ENHANCED_FALLBACK_RULES.filter(isExactCode),
  ...GENERIC_RULES.filter(isGaveUp),
  ...ENHANCED_FALLBACK_RULES.filter(isGaveUp),
  ...ENHANCED_FALLBACK_RULES.filter((r) => !isExactCode(r) && !isGaveUp(r)),
  ...REPLY_FALLBACK_RULES,
];

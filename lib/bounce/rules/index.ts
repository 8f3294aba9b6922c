import type { Rule } from "@/lib/bounce/rules/types";
import { GMAIL_RULES } from "@/lib/bounce/rules/gmail";
import { MICROSOFT_RULES } from "@/lib/bounce/rules/microsoft";
import { YAHOO_RULES } from "@/lib/bounce/rules/yahoo";
import { OTHER_PROVIDER_RULES } from "@/lib/bounce/rules/providers-other";
import { GENERIC_RULES } from "@/lib/bounce/rules/generic";
import { PHRASE_RULES } from "@/lib/bounce/rules/phrases";
import { ENHANCED_FALLBACK_RULES, REPLY_FALLBACK_RULES } from "@/lib/bounce/rules/fallback";

export type { Rule, Blocklist } from "@/lib/bounce/rules/types";

/**
 * All rules in priority order: provider-specific rules (they know what a provider means by its own codes),
 * then the phrase table (lib/bounce/rules/phrases.ts), then generic wordings, then enhanced-code fallbacks, then bare reply-code fallbacks.
 */
export const RULES: readonly Rule[] = [
  ...GMAIL_RULES,
  ...MICROSOFT_RULES,
  ...YAHOO_RULES,
  ...OTHER_PROVIDER_RULES,
  ...PHRASE_RULES,
  ...GENERIC_RULES,
  ...ENHANCED_FALLBACK_RULES,
  ...REPLY_FALLBACK_RULES,
];

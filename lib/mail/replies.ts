/**
 * Provider replies, taken from the samples mxray's bounce rules hold (lib/bounce/rules): the words a real
 * receiver uses, so a provider rule's failure and a sandbox scenario read like the bounce they predict, and
 * the classifier that knows those words diagnoses them (tested in lib/mail/sandbox.test.ts).
 */
import { RULES } from "@/lib/bounce/rules";

export interface ProviderReply {
  /** The bounce rule whose sample this is. */
  ruleId: string;
  replyCode: number;
  enhancedCode: string | null;
  /** The reply text, with the documentation domain and IP replaced by the given ones. */
  text: string;
}

/**
 * The sample reply of a bounce rule, as one line ("550-5.7.26 ..." continuation dashes become spaces), with
 * the sample's example.com / 192.0.2.10 replaced by `domain` / `ip` when given.
 */
export function providerReply(
  ruleId: string,
  vars: { domain?: string | null; ip?: string | null } = {},
): ProviderReply {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no bounce rule ${ruleId}`);
  const sample = rule.sample as { text: string; replyCode?: number; enhancedCode?: string };
  let text = sample.text.replace(/^(\d{3})-/, "$1 ");
  if (vars.domain) text = text.replaceAll("example.com", vars.domain);
  if (vars.ip) text = text.replaceAll("192.0.2.10", vars.ip);
  const code = Number(/^(\d{3})/.exec(text)?.[1] ?? sample.replyCode ?? 550);
  const enhanced =
    /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(sample.text)?.[1] ?? sample.enhancedCode ?? null;
  return { ruleId, replyCode: code, enhancedCode: enhanced, text };
}

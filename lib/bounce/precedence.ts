/**
 * Precedence between a rule's verdict and what the rest of the bounce says, after sisimai's reason
 * semantics (docs/bounce-reasons.md). Words name a failure; the enhanced status code (RFC 3463) and the
 * SMTP command the reply answered say which failure it was:
 *
 * - "user unknown" wording means `userunknown` when the code says the address is bad (X.1.0, X.1.1,
 *   X.1.3) or when the server answered RCPT TO. Refused with such words after DATA, or with a code of the
 *   mailbox class (X.2.0 "other mailbox status", X.2.1 "mailbox disabled", X.1.4, X.2.4), the address may
 *   well exist: the recipient's filter refused the message (`filtered`).
 * - A bounce message that quotes such words without saying which command they answered carries no
 *   evidence that the address was checked at RCPT TO: `filtered`, as sisimai reads it. A bare reply line
 *   pasted alone is taken as what it usually is, the answer to RCPT TO.
 * - Such words in reply to MAIL FROM are about the sender's address: `rejected`.
 * - Rules of the provider and MTA tiers are final: a provider's own vocabulary is not revised by codes.
 */
import type { Reason, Stage } from "@/lib/bounce/types";
import type { Rule, Tier } from "@/lib/bounce/rules/types";

/** What a code of the address and mailbox classes (RFC 3463 sections 3.2, 3.3) says about the recipient. */
function addressStatus(code: string | null): "userunknown" | "filtered" | null {
  if (code === null) return null;
  const dot = code.indexOf(".");
  const rest = code.slice(dot + 1);
  if (rest === "1.0" || rest === "1.1" || rest === "1.3") return "userunknown";
  if (code[0] === "5" && (rest === "2.0" || rest === "2.1" || rest === "1.4" || rest === "2.4"))
    return "filtered";
  return null;
}

/** A rule's tier: set on phrase rules, else given by its id (provider rules carry their provider). */
export function tierOf(rule: Rule): Tier {
  if (rule.tier) return rule.tier;
  if (rule.provider !== undefined) return "provider";
  const kind = rule.id.slice(0, rule.id.indexOf("."));
  if (kind === "code") return "enhanced";
  if (kind === "reply" || kind === "dsn") return "code";
  if (kind === "generic") return "generic";
  // Rules named after an operator (orange., cox.) read that operator's own tags.
  return "provider";
}

/**
 * `stage` is the command the bounce names explicitly ("in reply to RCPT TO", a transcript), not one guessed
 * from wording: "Recipient address rejected" proves nothing about which command was answered.
 */
export function applyPrecedence(
  reason: Reason,
  rule: Rule | null,
  enhanced: string | null,
  stage: Stage | null,
  fromMessage: boolean,
): Reason {
  if (reason !== "userunknown" || rule === null) return reason;
  const tier = tierOf(rule);
  if (tier === "provider" || tier === "mta") return reason;
  // The address refused in reply to MAIL FROM is the sender's (RFC 5321 section 3.3): `rejected`, whatever
  // the code's subject says about "the address".
  if (stage === "mail_from") return "rejected";
  const byCode = addressStatus(enhanced);
  if (byCode === "userunknown" || stage === "rcpt_to") return "userunknown";
  if (byCode === "filtered" || stage === "data" || stage === "after_data") return "filtered";
  return fromMessage ? "filtered" : "userunknown";
}

import type { Reason } from "@/lib/bounce/types";
import type { MtaModule } from "./types";

/**
 * PowerMTA's "Delivery report": an RFC 3464 report whose per-recipient fields add
 * X-PowerMTA-BounceCategory, PowerMTA's own classification of the failure (its bounce categories, as
 * sisimai's Lhost::PowerMTA maps them). The category decides; an unlisted one leaves it to the words.
 */
const CATEGORIES: Record<string, Reason> = {
  "bad-domain": "hostunknown",
  "bad-mailbox": "userunknown",
  "inactive-mailbox": "suspend",
  "message-expired": "expired",
  "no-answer-from-host": "networkerror",
  "policy-related": "policyviolation",
  "quota-issues": "mailboxfull",
  "routing-errors": "systemerror",
  "spam-related": "spamdetected",
};

const CATEGORY = /^x-powermta-bouncecategory: ([a-z-]{1,40})$/;

export const POWERMTA: MtaModule = {
  id: "powermta",
  name: "PowerMTA",
  format:
    "RFC 3464 report with X-PowerMTA-BounceCategory per recipient (PowerMTA User's Guide, bounce categories)",
  detect: { all: [CATEGORY] },
  phrases: [],
  whole: (_text, hints) => {
    for (const h of hints) {
      const m = CATEGORY.exec(h);
      if (m) return CATEGORIES[m[1]!] ?? null;
    }
    return null;
  },
};

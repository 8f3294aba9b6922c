import type { MtaModule } from "./types";

/**
 * McAfee Email Gateway (formerly IronMail / Secure Computing): a plain notice with X-NAI-Header. It reports
 * recipients its directory does not hold as "User not exist", "unknown user" or "no such user".
 */
export const MCAFEE: MtaModule = {
  id: "mcafee",
  name: "McAfee Email Gateway",
  format: 'Plain-text notice "Delivery Status" with an X-NAI-Header field',
  detect: { all: [/^header: x-nai-header$/i] },
  phrases: [
    {
      reason: "userunknown",
      phrase: /user not exist|unknown user|no such user|user unknown/i,
      example: "550 <kijitora@example.co.jp>... User not exist",
    },
  ],
};

import type { MtaModule } from "./types";

/**
 * Symantec (Broadcom) Email Security.cloud, formerly MessageLabs: a DSN from MAILER-DAEMON@messagelabs.com
 * whose text part quotes the remote reply. It reports "No such user" and "542 ... Rejected" for recipients
 * its address register refused, and asks clients to authenticate before relaying.
 */
export const MESSAGELABS: MtaModule = {
  id: "messagelabs",
  name: "MessageLabs",
  format: "RFC 3464 DSN from MAILER-DAEMON@messagelabs.com (X-StarScan headers)",
  detect: {
    all: [/^from: .*@messagelabs\.com|^header: x-starscan-|^received: .* by [^ ]*\.messagelabs\.com$/i],
  },
  phrases: [
    { reason: "userunknown", phrase: /no such user/i, example: "550 kijitora@example.org... No such user" },
    {
      reason: "userunknown",
      phrase: /(?:^|542 )[^\s@]{1,64}@[^\s@]{1,255} rejected\s*$/i,
      example: "542 kijitora@example.com Rejected",
    },
    {
      reason: "securityerror",
      phrase: /please turn on smtp authentication/i,
      example: "Please turn on SMTP Authentication in your mail client.",
    },
  ],
};

import type { Reason } from "@/lib/bounce/types";
import type { MtaModule } from "./types";

/**
 * Gmail's older notice ("Technical details of permanent failure: Google tried to deliver your message, but
 * it was rejected by the recipient domain ... The error that the other server returned was: <reply>
 * (state N).") from mailer-daemon@googlemail.com. N is the phase of Gmail's outbound SMTP session at which
 * the remote server refused (as sisimai's Lhost::Gmail reads it): the reply was not the answer to RCPT TO
 * past state 14, so "user unknown" there is the recipient's filter. A reply with a specific enhanced code
 * (X.1-7.1-9) is left to the code and its words, as sisimai does.
 */
const STATES: Record<string, Reason> = {
  "6": "systemerror", // 500 Remote server does not support TLS
  "8": "systemerror", // 535 SMTP AUTH failed with the remote server
  "9": "systemerror", // 454 TLS missing certificate
  "12": "norelaying", // 500 Remote server does not support SMTP Authenticated Relay
  "13": "blocked", // refused after EHLO
  "14": "userunknown", // refused at RCPT TO
  "15": "filtered", // refused at DATA
  "17": "filtered",
  "18": "filtered",
};

export const GMAIL_LEGACY: MtaModule = {
  id: "gmail-legacy",
  name: "Gmail (older notice)",
  format: "Gmail notice with 'Technical details of permanent failure' and the remote reply's '(state N)'",
  detect: {
    all: [/^from: .*mailer-daemon@(?:googlemail|gmail)\.com/i],
  },
  phrases: [],
  whole: (text) => {
    const m = /\(state (\d{1,2})\)/.exec(text);
    if (!m || /\b[45]\.[1-7]\.[1-9]\d{0,2}\b/.test(text)) return null;
    return STATES[m[1]!] ?? null;
  },
};

import { cleanHost, normalizeAddress } from "@/lib/bounce/parse/addr";
import { stageFromPhrase } from "@/lib/bounce/parse/reply";
import {
  gatedTest,
  paragraph,
  Words,
  type Gated,
  type LowerText,
  type TextFormat,
  type TextRecord,
} from "./text";

/*
 * Gmail's and Google Workspace's delivery status notification (mailer-daemon@googlemail.com): "Your
 * message wasn't delivered to X because ..." or "There was a problem delivering your message to X", then
 * "The response from the remote server was:" (older: "The error that the other server returned was:")
 * and the remote reply on the following lines.
 */
/** Gmail and Google Workspace: "The response from the remote server was:" then the reply. */
function gmailRecords(text: string, ls: string[], lower: LowerText): TextRecord[] {
  const at = ls.findIndex((l) =>
    /^\s*The (?:response from the remote server|response|error that the other server returned) was:\s*$/i.test(
      l,
    ),
  );
  if (at < 0) return [];
  const reply = paragraph(ls, at + 1, at + 40, []);
  const r =
    /wasn't delivered to (\S+@[^\s,]+?)\.?\s+because/i.exec(text) ??
    /(?:problem|temporary problem) delivering your message to (\S+@[^\s,]+?)\.?(?:\s|$)/i.exec(text) ??
    /Delivery to the following recipients? failed(?: permanently)?:\s*(\S+@\S+)/i.exec(text) ??
    /Your message to (\S+@[^\s,]+?)\.? (?:has been blocked|couldn['’]t be delivered|was not delivered)/i.exec(
      text,
    );
  const mta =
    /\bby ([A-Za-z0-9][A-Za-z0-9.-]{0,253}?)\.? \[[0-9A-Fa-f.:]{3,45}\]/.exec(text) ??
    /rejected by the server for the recipient domain \S+ by ([A-Za-z0-9][A-Za-z0-9.-]{0,253}?)\.?\s/i.exec(
      text,
    );
  return [
    {
      recipient: normalizeAddress(r?.[1]),
      raw: reply.join("\n"),
      remoteMta: cleanHost(mta?.[1]),
      stage: stageFromPhrase(text, lower),
      source: "gmail",
    },
  ];
}

export const GMAIL_REPLY_INTRO: Gated = {
  words: Words.of("was:"),
  re: /The (?:response from the remote server|response|error that the other server returned) was:/i,
};

export const GMAIL_NOTICE: TextFormat = {
  id: "gmail",
  name: "Gmail",
  format: "Gmail delivery status notification: The response from the remote server was: then the reply",
  gate: (text, lower) => gatedTest(GMAIL_REPLY_INTRO, text, lower),
  records: gmailRecords,
};

import { cleanHost } from "@/lib/bounce/parse/addr";
import type { TextFormat } from "./text";

/*
 * qmail-send's bounce (QSBMF, cr.yp.to/proto/qsbmf.txt): "Hi. This is the qmail-send program at X." then,
 * per recipient, "<rcpt>:" and qmail-remote's words: "Remote host said: 550 ...", "X does not like
 * recipient.", "Connected to X but sender was rejected." (or "but my name was rejected.", a refused
 * HELO), and qmail-send's own closing lines ("Giving up on X.", "I'm not going to try again; ..."), which
 * are not the reply. The "<rcpt>:" blocks are walked by ./postfix.ts, which shares the layout.
 */
const QMAIL_WORDS =
  /does not like (?:recipient|sender)|Giving up on|but (?:greeting|sender was rejected|connection died|my name was rejected)/i;
const QMAIL_OWN_LINE =
  /^(?:Giving up on |I'm not going to try again|Sorry, I couldn't|I'm not going to try)/i;

/** A "<rcpt>:" block in qmail's words: the remote reply without qmail-send's own lines, and the host. */
export function qmailBlock(text: string): { raw: string; remoteMta: string | null } | null {
  const said = /Remote host said:\s*/i.exec(text);
  if (!said && !QMAIL_WORDS.test(text)) return null;
  const raw = (said ? text.slice(said.index + said[0].length) : text)
    .split("\n")
    .filter((l) => !QMAIL_OWN_LINE.test(l))
    .join("\n");
  const host = /^(\S+) does not like (?:recipient|sender)|Connected to (\S+) but/im.exec(text);
  return { raw, remoteMta: cleanHost(host?.[1] ?? host?.[2]) };
}

/** qmail's name and format; its "<rcpt>:" blocks are walked by ./postfix.ts and read by qmailBlock. */
export const QMAIL: Pick<TextFormat, "id" | "name" | "format"> = {
  id: "qmail",
  name: "qmail",
  format: "qmail-send bounce message format (QSBMF): <rcpt>: then qmail-remote's words",
};

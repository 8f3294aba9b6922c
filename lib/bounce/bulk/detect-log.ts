/**
 * Does a pasted text hold several bounces (a mail log, an mbox, one reply per line) rather than one bounce?
 * `mxray bounce` and the home page read one bounce; a log belongs to `mxray bounces` and /bounces, which
 * summarise many. Self-contained (regular expressions only) so the home page can run it in the browser.
 */

export interface LogHint {
  /** Bounces or deferrals seen (log events, messages of an mbox, reply lines). */
  events: number;
  kind: "postfix" | "exim" | "mbox" | "replies";
}

// Postfix delivery agents' result lines (postconf(5) "status="), Exim's main log failure/deferral lines
// (spec "Log files": `**`, `==` after the message id), mbox separators (RFC 4155 "From " lines).
const POSTFIX_EVENT = /\bstatus=(?:bounced|deferred|expired|undeliverable)\b/;
const EXIM_EVENT = /(?:^|\s)[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} (?:\*\*|==) \S/;
const MBOX_FROM = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) /;
// A final reply line (code then space, not the "550-" of a continuation) of a refusal or deferral.
const REPLY_LINE = /^\s{0,4}[45]\d\d [^\n]{3}/;
// What makes several reply lines one bounce: a transcript's commands or a message's headers.
const ONE_BOUNCE = /^(?:\s{0,4}(?:>>>|<<<|MAIL FROM|RCPT TO|DATA\b|EHLO|HELO)|[A-Za-z][\w-]{0,40}: )/im;

/** How many bounces the text holds when it is more than one, else null. Reads at most the first 2 MB. */
export function detectBounceLog(text: string, maxChars = 2 * 1024 * 1024): LogHint | null {
  const t = text.length > maxChars ? text.slice(0, maxChars) : text;
  let postfix = 0;
  let exim = 0;
  let mbox = 0;
  let replies = 0;
  let start = 0;
  while (start <= t.length) {
    let end = t.indexOf("\n", start);
    if (end < 0) end = t.length;
    const line = t.slice(start, Math.min(end, start + 4096));
    start = end + 1;
    if (POSTFIX_EVENT.test(line)) postfix++;
    else if (EXIM_EVENT.test(line)) exim++;
    else if (MBOX_FROM.test(line)) mbox++;
    else if (REPLY_LINE.test(line)) replies++;
  }
  if (postfix >= 2 && postfix >= exim) return { events: postfix, kind: "postfix" };
  if (exim >= 2) return { events: exim, kind: "exim" };
  if (mbox >= 2) return { events: mbox, kind: "mbox" };
  if (replies >= 2 && !ONE_BOUNCE.test(t.slice(0, 64 * 1024))) return { events: replies, kind: "replies" };
  return null;
}

/** "1 bounce", "2 bounces": the one plural rule every summary line needs. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

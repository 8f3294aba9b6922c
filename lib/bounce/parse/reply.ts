import type { Stage } from "@/lib/bounce/types";
import type { LowerText } from "@/lib/bounce/mta/text";
import { cleanHost } from "./addr";
import { squash } from "./clean";
import { MAX_LINE_CHARS, MAX_TEXT_CHARS } from "./limits";
import { charCodeAt, includes, indexOf, replace, slice, toLowerCase, trim } from "@/lib/string-fns";

// Read once: through a CommonJS transform every use of an imported binding is a getter call, and these
// bounds are read for every reply and line.
const maxLine = MAX_LINE_CHARS;
const maxText = MAX_TEXT_CHARS;

/** One SMTP reply as read from any form: code, enhanced status code and the server's words. */
export interface Reply {
  replyCode: number | null;
  enhancedCode: string | null;
  text: string;
  stage: Stage | null;
  remoteMta: string | null;
}

/**
 * RFC 3463 §2: class "." subject "." detail, class 2/4/5, subject and detail 1-3 digits. The look-arounds
 * refuse digits or dotted digits on either side so IP addresses and version numbers are not taken.
 */
export const ENHANCED_SRC = String.raw`(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?!\d|\.\d)`;
const ENHANCED_RE = new RegExp(ENHANCED_SRC);
const LEADING_ENHANCED_RE = /^#?([245]\.\d{1,3}\.\d{1,3})(?!\d|\.\d)[\s:]*/;
/** RFC 5321 §4.2: reply code = first digit 2-5, second 0-5, third 0-9; "-" marks a continuation line. */
const LINE_REPLY_RE = /^([2-5][0-5]\d)(?:([ -])|:\s?|$)/;

/** LINE_REPLY_RE.exec(line), tried only on a line opening with a digit 2-5 (most prose lines do not). */
function lineReply(line: string): RegExpExecArray | null {
  const c = charCodeAt(line, 0);
  return c >= 0x32 && c <= 0x35 ? LINE_REPLY_RE.exec(line) : null;
}

/** LEADING_ENHANCED_RE.exec(s), tried only on text opening with "#" or a class digit (2, 4 or 5). */
function leadingEnhanced(s: string): RegExpExecArray | null {
  const c = charCodeAt(s, 0);
  return c === 0x23 || c === 0x32 || c === 0x34 || c === 0x35 ? LEADING_ENHANCED_RE.exec(s) : null;
}
/** A reply code inside prose ("... said: 550 5.1.1 ..."): preceded by a separator, followed by text. */
// The full-width colon (U+FF1A) of Chinese and Japanese notices separates a label from the reply too.
const INNER_REPLY_RE = /(?:^|[\s:;'"([\uff1a])([2-5][0-5]\d)(?:[ -]|:\s)(?=\S)/;

const FIELD_PREFIX_RE =
  /^(?:diagnostic-code|x-diagnostic|x-remote-mta-diagnostic|smtp-response|response|reason|error)\s*:\s*/i;
/** RFC 3464 §2.3.6 diagnostic-type ("smtp;", "X-Postfix;"...), also seen in ESP exports. */
const DIAG_TYPE_RE = /^(?:smtp|esmtp|x-[a-z0-9-]{1,30}|mailbox|unix|local)\s*;\s*/i;
/** Exchange 2007+ wraps the remote words: `<mx.example.com #5.0.0 smtp; 550 ...>`. */
const EXCHANGE_WRAP_RE = /^<([^\s>#]{0,255})\s*#([245]\.\d{1,3}\.\d{1,3})\s*(?:(?:smtp|x-[a-z-]+)\s*;\s*)?/i;
/** Postfix: `host mx.example.com[192.0.2.1] said: 550 ...` or `... refused to talk to me: 554 ...`. */
const POSTFIX_HOST_RE =
  /^host\s+([^\s[\]]{1,255})\[([^\]\s]{0,64})\](?::\d+)?\s+(said|refused to talk to me):\s*/i;
// Postfix wraps long lines, so the phrase may be split across lines ("(in reply to RCPT TO\n    command)").
const IN_REPLY_TO_RE = /\(\s*in\s+reply\s+to\s+([A-Za-z][A-Za-z\s]{0,40}?)\s+command\s*\)/i;

/** `low.includes(w)`, looked up in the recorded runs when the caller passed them. */
function holds(lt: LowerText | null, low: string, w: string): boolean {
  return lt ? lt.has(w) : low.includes(w);
}

/**
 * A literal of every match of stageFromPhrase's phrase regexes (matched as they are, case-insensitively
 * and without the u flag, which maps no other character to an ASCII letter), and of its one literal
 * phrase ("but my name was rejected"): where none is found, no stage is named.
 */
const STAGE_WORDS_RE =
  /command|while |after |does not like |was rejected|\[[a-z]|refused to talk to me|greeting|banner/i;

/**
 * Stage named by the prose of a bounce (Postfix, Exim, qmail, Yahoo, Sendmail phrasings). `lower`, when
 * given, is `text` lower-cased with its runs recorded (a whole notice, as the text recognizers hold it):
 * its lookups replace the searches of the literal checks below.
 */
export function stageFromPhrase(text: string, lower?: LowerText): Stage | null {
  const t = text.length > maxLine * 4 ? slice(text, 0, maxLine * 4) : text;
  // A prefix of the lower-cased text is the lower-cased prefix only when lower-casing kept every character
  // to one ("İ" becomes two): otherwise the window is lower-cased on its own.
  const lt = lower
    ? t === text
      ? lower
      : lower.s.length === text.length
        ? lower.prefix(t.length)
        : null
    : null;
  // Without the recorded runs, one pass rules out a text that names no stage (most replies): cheaper than
  // lower-casing it and the lookups below.
  if (!lt && !STAGE_WORDS_RE.test(t)) return null;
  // Each phrase regex below is tried only when the text holds a literal every match of it contains
  // ("after ", "command", a bracketed tag...): a notice that names no stage is ruled out by nine lookups
  // of its recorded runs, and is not scanned by every regex.
  const low = lt ? lt.s : toLowerCase(t);
  // "command" is in every match of IN_REPLY_TO_RE as well as of the command phrases below.
  const command = holds(lt, low, "command");
  const m = command && holds(lt, low, "reply") ? IN_REPLY_TO_RE.exec(t) : null;
  if (m) return stageFromCommand(m[1] ?? "");
  // Order matters: "end of data" before "DATA".
  const ws = holds(lt, low, "while ")
    ? /while (?:sending|receiving) ([A-Za-z ]{1,40}?)(?: --|\)|:|$|\.| command)/im.exec(t)
    : null;
  if (ws?.[1]) {
    const c = ws[1].trim();
    if (/initial server greeting|greeting|banner/i.test(c)) return "connect";
    if (/^(?:end of data|message content|message body)/i.test(c)) return "after_data";
    const s = stageFromCommand(c);
    if (s) return s;
  }
  const after = holds(lt, low, "after ");
  // One lookup for each pair of phrases: "does not like recipient" and "does not like sender", "sender was
  // rejected" and "but my name was rejected".
  const dislikes = holds(lt, low, "does not like ");
  const rejected = holds(lt, low, "was rejected");
  // Bracketed tags ("[RCPT_TO]") are looked for only where a bracket stands before a letter: most
  // brackets enclose a host's address ("[192.0.2.1]").
  const tags = holds(lt, low, "[") && /\[[a-z]/.test(low);
  if (
    (after ||
      (tags && (holds(lt, low, "[body]") || holds(lt, low, "[end_of_data]") || holds(lt, low, "[eod]")))) &&
    /after end of data|after sending (?:the )?(?:message|data)|failed after I sent the message|\[(?:BODY|END_OF_DATA|EOD)\]|after (?:the )?end of (?:the )?message/i.test(
      t,
    )
  )
    return "after_data";
  if (
    (after || command || dislikes || (tags && holds(lt, low, "[rcpt_to]"))) &&
    /after (?:pipelined |final )?RCPT(?: TO)?\b|does not like recipient|\[RCPT_TO\]|RCPT TO command/i.test(t)
  )
    return "rcpt_to";
  if (
    (after || command || dislikes || rejected || (tags && holds(lt, low, "[mail_from]"))) &&
    /after (?:pipelined )?MAIL(?: FROM)?\b|does not like sender|sender was rejected|\[MAIL_FROM\]|MAIL FROM command/i.test(
      t,
    )
  )
    return "mail_from";
  if (
    (after || command || (tags && holds(lt, low, "[data]"))) &&
    /after (?:pipelined )?DATA\b|failed on DATA command|\[DATA\]|DATA command/i.test(t)
  )
    return "data";
  if (
    (after || command || (tags && holds(lt, low, "[auth]"))) &&
    /after (?:AUTH|authentication)\b|\[AUTH\]|AUTH command/i.test(t)
  )
    return "auth";
  // qmail-remote: "Connected to <ip> but my name was rejected." is its report of a refused HELO.
  if (rejected && holds(lt, low, "but my name was rejected")) return "helo";
  if (
    (after || command || (tags && (holds(lt, low, "[ehlo]") || holds(lt, low, "[helo]")))) &&
    /after (?:EHLO|HELO|LHLO|STARTTLS)\b|\[(?:EHLO|HELO)\]|(?:EHLO|HELO|STARTTLS) command/i.test(t)
  )
    return "helo";
  if (
    (after ||
      (tags && holds(lt, low, "[connect")) ||
      holds(lt, low, "refused to talk to me") ||
      holds(lt, low, "greeting") ||
      holds(lt, low, "banner")) &&
    /refused to talk to me|after initial connection|greeting failed|\[CONNECT(?:ION)?\]|(?:banner|greeting) (?:was )?(?:rejected|refused)/i.test(
      t,
    )
  )
    return "connect";
  return null;
}

/** Stage of an SMTP command word as written in a transcript or phrase ("RCPT TO", "end of DATA", "."). */
export function stageFromCommand(cmd: string): Stage | null {
  const c = cmd.trim().toUpperCase();
  if (c === "." || /^END OF (?:DATA|MESSAGE)/.test(c)) return "after_data";
  if (/^(?:EHLO|HELO|LHLO|STARTTLS)\b/.test(c)) return "helo";
  if (/^AUTH\b/.test(c)) return "auth";
  if (/^MAIL\b/.test(c)) return "mail_from";
  if (/^RCPT\b/.test(c)) return "rcpt_to";
  if (/^(?:DATA|BDAT)\b/.test(c)) return "data";
  if (/^(?:CONNECT|BANNER|GREETING)/.test(c)) return "connect";
  return null;
}

/** Remove one layer of surrounding quotes (a reply pasted from JSON, CSV or a log). */
function unquote(s: string): string {
  const t = trim(s);
  if (t.length >= 2) {
    const a = t[0];
    const b = t[t.length - 1];
    if ((a === '"' && b === '"') || (a === "'" && b === "'") || (a === "`" && b === "`"))
      return t.slice(1, -1).trim();
  }
  return t;
}

function cap(s: string): string {
  return s.length > maxText ? slice(s, 0, maxText) : s;
}

/** Per ASCII character, the bits of the sets below that hold it (a table read, not a string search). */
const OPENS_TABLE = new Uint8Array(128);

/**
 * The characters each prefix peeled by parseReply can open with, lower case, as one bit each in
 * OPENS_TABLE: their case-insensitive matching takes no other character for an ASCII letter. A bare reply
 * opens with its code, and a prose line rarely with one of these.
 */
const FIELD_PREFIX_OPENS = opening("dxsre", 1);
const DIAG_TYPE_OPENS = opening("semxul", 2);
const EXCHANGE_WRAP_OPENS = opening("<", 4);
const POSTFIX_HOST_OPENS = opening("h", 8);

/** Records the characters of one set under its bit, and returns the bit. */
function opening(chars: string, bit: number): number {
  for (const c of chars) OPENS_TABLE[c.charCodeAt(0)]! |= bit;
  return bit;
}

/** False when `s` cannot start with a prefix opening with one of the set `opens` (see above). */
function opensWith(s: string, opens: number): boolean {
  // "| 0x20" lower-cases an ASCII capital and leaves "<" as it is; an empty text reads as a space.
  const c = charCodeAt(s, 0) | 0x20;
  return c < 128 && (OPENS_TABLE[c]! & opens) !== 0;
}

/**
 * The code prefixes of a reply's folded continuation lines: "550-" always marks one; "550 5.2.2" only
 * with the reply's enhanced code, so prose survives. Made once per code and enhanced code (a few dozen
 * pairs are common): a pattern built from its source costs microseconds, many times the replacement.
 */
function continuationPrefixes(code: string, enhancedCode: string | null): RegExp {
  const k = enhancedCode === null ? code : `${code} ${enhancedCode}`;
  let re = PREFIX_RES.get(k);
  if (re === undefined) {
    const e = enhancedCode ? enhancedCode.replace(/\./g, "\\.") : null;
    const alts = [e ? `${code}-(?:${e}(?=\\s|$)\\s?)?` : `${code}-`];
    if (e) alts.push(`${code} ${e}(?=\\s|$)\\s?`);
    re = new RegExp(`(^|\\s)(?:${alts.join("|")})`, "g");
    // Codes come from the input: keep the table bounded.
    if (PREFIX_RES.size >= 256) PREFIX_RES.clear();
    PREFIX_RES.set(k, re);
  }
  return re;
}
const PREFIX_RES = new Map<string, RegExp>();

/**
 * Parse the words of one SMTP reply in any of its pasted forms: bare (`550 5.1.1 ...`), with RFC 3464
 * `Diagnostic-Code: smtp;` prefixes, quoted, folded across lines, or multi-line (`550-5.7.26 a` then
 * `550 5.7.26 b`, RFC 5321 §4.2.1: one reply, texts joined). A reply without a code keeps its text.
 */
export function parseReply(raw: string): Reply {
  let s = unquote(raw);
  let remoteMta: string | null = null;
  let stage: Stage | null = null;
  let wrapEnhanced: string | null = null;

  // Peel prefixes: each pass removes one, in any order, a bounded number of times.
  for (let i = 0; i < 6; i++) {
    const before = s;
    if (opensWith(s, FIELD_PREFIX_OPENS)) s = replace(s, FIELD_PREFIX_RE, "");
    if (opensWith(s, DIAG_TYPE_OPENS)) s = replace(s, DIAG_TYPE_RE, "");
    const ex = opensWith(s, EXCHANGE_WRAP_OPENS) ? EXCHANGE_WRAP_RE.exec(s) : null;
    if (ex) {
      if (ex[1] && ex[1].includes(".")) remoteMta = remoteMta ?? ex[1];
      wrapEnhanced = ex[2] ?? null;
      s = s.slice(ex[0].length);
      if (s.endsWith(">")) s = s.slice(0, -1);
    }
    const pf = opensWith(s, POSTFIX_HOST_OPENS) ? POSTFIX_HOST_RE.exec(s) : null;
    if (pf) {
      remoteMta = remoteMta ?? pf[1] ?? null;
      if (/refused/i.test(pf[3] ?? "")) stage = "connect";
      s = s.slice(pf[0].length);
    }
    s = unquote(s);
    if (s === before) break;
  }

  // Every match opens with "(": most replies have none.
  const irt = includes(s, "(") ? IN_REPLY_TO_RE.exec(s) : null;
  if (irt) {
    stage = stage ?? stageFromCommand(irt[1] ?? "");
    s = s.slice(0, irt.index) + s.slice(irt.index + irt[0].length);
  }

  let replyCode: number | null = null;
  let enhancedCode: string | null = null;
  const parts: string[] = [];
  // The lines are read in place (no split): a different reply ends the reading, most often early.
  const end = s.length;
  for (let i = 0, at = 0; at <= end && i < 500; i++) {
    let nl = indexOf(s, "\n", at);
    if (nl < 0) nl = end;
    let line = trim(slice(s, at, nl - at > maxLine ? at + maxLine : nl));
    at = nl + 1;
    if (line === "") continue;
    if (opensWith(line, DIAG_TYPE_OPENS)) line = line.replace(DIAG_TYPE_RE, "");
    const ex = opensWith(line, EXCHANGE_WRAP_OPENS) ? EXCHANGE_WRAP_RE.exec(line) : null;
    if (ex) {
      // Exchange 2003/2007 quote the remote reply on its own line: `<host #5.1.1 smtp;550 5.1.1 ...>`.
      if (ex[1] && ex[1].includes(".")) remoteMta = remoteMta ?? cleanHost(ex[1]);
      wrapEnhanced = wrapEnhanced ?? ex[2] ?? null;
      line = line.slice(ex[0].length).replace(/>\s*$/, "");
    }
    const m = lineReply(line);
    if (m) {
      const code = Number(m[1]);
      if (replyCode !== null && code !== replyCode && parts.length > 0) break; // a different reply follows
      // The parts joined are not empty: there are two or more, or one that is not empty.
      if (replyCode === null && (parts.length > 1 || (parts.length === 1 && parts[0] !== "")) && i > 0) {
        // Text came before the first code (e.g. a prose line, then the reply): keep the reply only.
        parts.length = 0;
      }
      replyCode = code;
      // "550 - Requested action not taken" (Apache James): the dash is punctuation, not a continuation.
      let rest = trim(slice(line, m[0].length));
      if (charCodeAt(rest, 0) === 0x2d) rest = rest.replace(/^-\s+/, "");
      const e = leadingEnhanced(rest);
      if (e) {
        enhancedCode = enhancedCode ?? e[1] ?? null;
        rest = rest.slice(e[0].length);
      }
      if (rest) parts.push(rest);
    } else {
      parts.push(line);
    }
  }
  let text = squash(parts.join(" "));

  // A multi-line greeting cut short by a refusal ("220-laposte 421 4.2.1 Service refuse", quoted by
  // Postfix's "refused to talk to me"): the 4xx/5xx reply is the server's answer (RFC 5321 §4.2: only the
  // last line's code counts), a positive 2xx greeting is not the cause of a bounce.
  if (replyCode !== null && replyCode < 300) {
    const later = /(?:^|\s)([45][0-5]\d)[ -]([45]\.\d{1,3}\.\d{1,3})(?!\d|\.\d)\s*/.exec(text);
    if (later && later[1]![0] === later[2]![0]) {
      replyCode = Number(later[1]);
      enhancedCode = later[2]!;
      text = text.slice(later.index + later[0].length);
    }
  }

  if (replyCode === null) {
    // The code may sit inside prose ("Remote host said: 550 5.1.1 ..."): take the first one found.
    const head = slice(text, 0, maxLine * 4);
    const im = INNER_REPLY_RE.exec(head);
    if (im && im[1]) {
      const after = head.slice(im.index + im[0].length);
      const e = leadingEnhanced(after);
      // A bare number only counts as a reply when an enhanced code follows or it leads the text.
      if (e || im.index === 0) {
        replyCode = Number(im[1]);
        if (e) enhancedCode = e[1] ?? null;
        const rest = e ? after.slice(e[0].length) : after;
        // A piece of the squashed text: at most a space at either end to trim.
        const words = rest.trim();
        if (words) text = words;
      }
    }
  }
  if (enhancedCode === null) {
    const e = leadingEnhanced(text);
    if (e) {
      enhancedCode = e[1] ?? null;
      text = text.slice(e[0].length).trim();
    } else {
      const inner = ENHANCED_RE.exec(slice(text, 0, maxLine * 4));
      if (inner) enhancedCode = inner[1] ?? null;
    }
  }
  enhancedCode = enhancedCode ?? wrapEnhanced;
  // An enhanced code whose class contradicts the reply code is a misread (RFC 3463 §3: classes agree).
  const code = replyCode === null ? null : String(replyCode);
  if (replyCode !== null && enhancedCode !== null && enhancedCode[0] !== code?.[0]) {
    if (replyCode >= 400 && enhancedCode[0] === "2") enhancedCode = null;
  }
  // Every prefix removed below starts with the code and a dash, or the code, a space and the enhanced
  // code: a text holding neither literal is left as it is (it is already squashed), and no pattern is
  // built and no replacement runs. Most texts do not repeat the code at all.
  if (
    code !== null &&
    includes(text, code) &&
    (text.includes(code + "-") || (enhancedCode !== null && text.includes(code + " " + enhancedCode)))
  ) {
    // Continuation lines folded into one line by a header unfolder ("552-5.2.2 a 552 5.2.2 b"): drop the
    // repeated code prefixes so the words read as one reply (RFC 5321 §4.2.1).
    text = squash(text.replace(continuationPrefixes(code, enhancedCode), "$1"));
  }
  text = unquote(text);
  if (stage === null) stage = stageFromPhrase(raw);
  return { replyCode, enhancedCode, text: cap(text), stage, remoteMta };
}

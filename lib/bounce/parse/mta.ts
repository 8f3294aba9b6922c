import { firstAddress, normalizeAddress } from "./addr";
import { MAX_LINE_CHARS, MAX_RECIPIENTS } from "./limits";
import { looksLikeHeaders } from "./mime";
import { stageFromPhrase } from "./reply";
import { vendorRecords } from "./formats";
import {
  gatedExec,
  gatedTest,
  hasAny,
  indent,
  isLineTerminator,
  lines,
  paragraph,
  LowerText,
  Words,
  type Gated,
  type TextRecord,
} from "@/lib/bounce/mta/text";
import { EXCHANGE } from "@/lib/bounce/mta/exchange";
import { EXIM } from "@/lib/bounce/mta/exim";
import { GMAIL_NOTICE } from "@/lib/bounce/mta/gmail-notice";
import { POSTFIX } from "@/lib/bounce/mta/postfix";
import { SENDMAIL } from "@/lib/bounce/mta/sendmail";
import { charCodeAt, includes, slice, trim, trimEnd } from "@/lib/string-fns";

export type { TextRecord } from "@/lib/bounce/mta/text";

/**
 * Human-readable bounce bodies: the notice formats' own recognizers (lib/bounce/mta, one module each),
 * the layouts of other gateways (./formats.ts), then format-independent ones (a list after an intro line,
 * the first SMTP reply in the text).
 */

export interface TextScan {
  records: TextRecord[];
  /** Header block of the returned message when quoted inline (Exim, qmail, Exchange, Sendmail). */
  originalHeaders: string | null;
  hints: string[];
}

/** Phrases that identify a bounce body; used by the kind detector and by the recognizers. */
export const BOUNCE_MARKERS =
  /This is the mail system at host|This message was created automatically by mail delivery software|Transcript of session follows|This is the qmail-send program|Delivery has failed to these recipients or groups|Diagnostic information for administrators|Remote Server returned '|The response from the remote server was:|The response was:|problem delivering your message to|Your message wasn't delivered to|The error that the other server returned was:|Delivery to the following recipients? failed|Sorry, we were unable to deliver your message|could not be delivered to one or more|following address\(es\) failed|An error occurred while trying to deliver the mail to the following recipients|I'm afraid I wasn't able to deliver your message|Message not delivered|Undelivered Mail Returned to Sender|Mail Delivery (?:Subsystem|System|Failure)|Delivery Status Notification|Undeliverable:|Returned mail:|failure notice/i;

/** Localized bounce preambles (see LOCAL_INTRO_RE): a notice pasted without headers is still a message. */
export const LOCAL_BOUNCE_MARKERS =
  /nicht zugestellt werden|Unzustellbar|n'a pas pu \u00eatre (?:remis|distribu\u00e9|d\u00e9livr\u00e9)|Non remis|no se (?:pudo|ha podido) entregar|N\u00e3o entregue|n\u00e3o (?:foi poss\u00edvel entregar|p\u00f4de ser entregue)|non \u00e8 stato possibile (?:recapitare|consegnare)|Non recapitabile|\u043d\u0435 (?:\u043c\u043e\u0436\u0435\u0442 \u0431\u044b\u0442\u044c|\u0443\u0434\u0430\u043b\u043e\u0441\u044c) \u0434\u043e\u0441\u0442\u0430\u0432|\u914d\u4fe1\u306b\u5931\u6557|\u9001\u4fe1\u306b\u5931\u6557|\u914d\u9001\u3067\u304d\u307e\u305b\u3093|\u6295\u9012\u5931\u8d25|\u65e0\u6cd5\u6295\u9012|\u9000\u4fe1/i;

/** The gate words of the markers that open with a run of dashes: one search answers for all of them. */
const DASHES = Words.of("---");

/**
 * The line that introduces a returned message's headers, in the wordings of the MTAs that quote it inline.
 * The dashed ones are looked for only in a text with a run of three dashes.
 */
export const ORIGINAL_MARKERS: readonly Gated[] = [
  {
    words: Words.of(", including all the headers"),
    re: /^-{3,}\s*This is a copy of the message, including all the headers\.?\s*-{3,}\s*$/im,
  },
  {
    words: DASHES,
    re: /^-{3,}\s*(?:Original message|Original message follows|Message header follows|Below this line is a copy of the message\.?)\s*-*\s*$/im,
  },
  {
    words: Words.of("below this line is a copy of the message"),
    re: /^--- Below this line is a copy of the message\.?\s*$/im,
  },
  {
    words: Words.of("headers:", "kopfzeilen:", "'origine:", "ginal:"),
    re: /^(?:Original message headers|Urspr\u00fcngliche Nachrichtenkopfzeilen|En-t\u00eates de message d'origine|Encabezados del mensaje original):\s*$/im,
  },
  {
    words: DASHES,
    re: /^-{3,}\s*(?:Returned Message|Unsent Message below|Message text follows|Original message header)s?:?\s*-*\s*$/im,
  },
  {
    words: DASHES,
    re: /^-{3,}\s*The header of the original message is following\.?\s*-{3,}\s*$/im,
  },
  // Exim when the message was too big to return, IMail, old Sendmail ("----- Unsent message follows -----").
  {
    words: DASHES,
    re: /^-{3,}[ \t]*This is a copy of the message's headers\.?[ \t]*-{3,}[ \t]*$/im,
  },
  {
    words: Words.of("message follows"),
    re: /^[ \t]*(?:-+[ \t]*)?(?:Original message follows|Unsent message follows)\.?(?:[ \t]*-+)?[ \t]*$/im,
  },
];

/** Lines that name the software or host that wrote the notice, kept as hints for the MTA detectors. */
export const HINT_LINES = {
  generatingServer: { words: Words.of("generating server:"), re: /^[ \t]*Generating server:\s*(\S+)/im },
  reportingMta: { words: Words.of("-mta:"), re: /^[ \t]*Reporting-MTA:\s*(?:dns;\s*)?(\S+)/im },
  // Case-insensitive, so the engine cannot look for its opening words as a literal run: gated.
  postfixHost: {
    words: Words.of("mail system at host "),
    re: /This is the mail system at host (\S+?)\.?\s*$/im,
  },
  qmail: { words: Words.of("qmail-send program"), re: /qmail-send program/i },
} satisfies Record<string, Gated>;

const RCPT_INTRO_RE =
  /(?:did not reach the following recipient|was not delivered to|could not be delivered to|following (?:list of )?recipients?|following address|following recipient|unable to deliver (?:your )?message to|undeliverable to|delivery to the following|failed to deliver to|failure reasons|failed recipients?(?:\(s\))?|failed addresses?|undeliverable (?:recipients?|addresses?)|recipients? (?:that )?failed)[^:.\n]{0,60}[:.-]\s*$/i;
const REASON_INTRO_RE =
  /^\s*(?:because|reason|the reason|error|error message|details?|diagnostic(?:-code| information)?|the error was|remote server said|server response|fehler|grund|fehlermeldung|raison|motif|erreur|motivo|raz\u00f3n|error del servidor|errore|\u043e\u0448\u0438\u0431\u043a\u0430|\u043f\u0440\u0438\u0447\u0438\u043d\u0430|\u7406\u7531|\u30a8\u30e9\u30fc|\u539f\u56e0|\u9000\u4fe1\u539f\u56e0|\u9519\u8bef(?:\u4fe1\u606f)?)\s*[:\uff1a]\s*(.*)$/i;
/**
 * The recipient-list intro in the languages notices are most often localized into (German, French,
 * Spanish, Portuguese, Italian, Russian, Japanese, Chinese): only the sentence is translated, the list and
 * the quoted SMTP reply keep their usual shape. Full-width colon and ideographic full stop end it too.
 */
const LOCAL_INTRO_RE =
  /(?:nicht zugestellt werden|folgenden? Empf\u00e4nger|Zustellung an folgende|n'a pas pu \u00eatre (?:remis|distribu\u00e9|d\u00e9livr\u00e9)|destinataires? suivants?|no se (?:pudo|ha podido) entregar|siguientes destinatarios|n\u00e3o (?:foi poss\u00edvel entregar|p\u00f4de ser entregue)|seguintes destinat\u00e1rios|non \u00e8 stato possibile (?:recapitare|consegnare)|seguenti destinatari|\u043d\u0435 (?:\u043c\u043e\u0436\u0435\u0442 \u0431\u044b\u0442\u044c|\u0443\u0434\u0430\u043b\u043e\u0441\u044c) \u0434\u043e\u0441\u0442\u0430\u0432|\u0441\u043b\u0435\u0434\u0443\u044e\u0449\u0438\u043c \u043f\u043e\u043b\u0443\u0447\u0430\u0442\u0435\u043b\u044f\u043c|\u914d\u4fe1\u306b\u5931\u6557|\u9001\u4fe1\u306b\u5931\u6557|\u914d\u9001\u3067\u304d\u307e\u305b\u3093|\u6295\u9012\u5931\u8d25|\u65e0\u6cd5\u6295\u9012)[^\n]{0,80}?[:.\uff1a\u3002-][ \t]*$/i;

/**
 * Literals (lower-case) one of which every match of RCPT_INTRO_RE holds, one or more per wording ("t failed"
 * and "s failed" for "recipient(s) (that) failed"): a text with none of them, and no localized intro, has no
 * intro line, and phraseRecords finds nothing in it without reading its lines.
 */
const RCPT_INTRO_WORDS = Words.of(
  "following r",
  "following a",
  "following list of r",
  "delivery to the following",
  "delivered to",
  "unable to deliver",
  "undeliverable ",
  "failed r",
  "failed a",
  "failed to deliver to",
  "t failed",
  "s failed",
  "failure reasons",
);

/**
 * Every wording of LOCAL_INTRO_RE holds a non-ASCII letter or, in any letter case, "zu" (German),
 * "destinat" (French, Spanish, Italian) or "entregar" (Spanish); without the u flag a case-insensitive
 * match of an ASCII letter is an ASCII letter, so a line this does not match cannot match LOCAL_INTRO_RE,
 * whose many branches are tried at every position of the line.
 */
const LOCAL_INTRO_HINT_RE = /[^\x00-\x7f]|zu|destinat|entregar/i;

/**
 * LOCAL_INTRO_HINT_RE's words as the wordings hold them: the German ones that hold no non-ASCII letter
 * hold "zugestellt" or "zustellung" (lower-cased), a word long enough for the text's recorded runs to rule
 * out (a two-letter word is always searched for).
 */
const LOCAL_INTRO_WORDS = Words.of("zugestellt", "zustellung", "destinat", "entregar");

/** Whether LOCAL_INTRO_RE may match the line (false only when it cannot). */
export function mayBeLocalIntro(l: string): boolean {
  return LOCAL_INTRO_HINT_RE.test(l);
}

/**
 * Whether LOCAL_INTRO_RE may match a line of the text (LOCAL_INTRO_WORDS, looked for once in the whole
 * text): a text in ASCII without them has no localized intro on any line. The
 * lower-cased text is asked: the non-ASCII letters of the localized wordings stay non-ASCII when
 * lower-cased, and a character that becomes ASCII ("\u212a", Kelvin) matches none of them.
 */
export function mayHoldLocalIntro(lower: LowerText): boolean {
  return lower.nonAscii || hasAny(lower, LOCAL_INTRO_WORDS);
}

/**
 * Whether the line's last non-blank character can end a recipient-list intro (RCPT_INTRO_RE and
 * LOCAL_INTRO_RE both end in one of ":", ".", "-", full-width colon, ideographic full stop, then blanks):
 * the intro regexes run only on such lines.
 */
export function endsLikeIntro(l: string): boolean {
  const t = trimEnd(l);
  const c = charCodeAt(t, t.length - 1);
  return c === 0x3a || c === 0x2e || c === 0x2d || c === 0xff1a || c === 0x3002;
}

/** A line that starts with an address (a list goes on after a blank line when the next one does). */
const ADDRESS_START_RE = /^\s{0,8}"?<?[^\s<>"@]+@[^\s<>"]+/;
/** A listed recipient (a short label may stand before it: "Recipient: a@b", "\u5b9b\u5148: a@b"). */
const LISTED_ADDRESS_RE =
  /^\s{0,8}(?:[\p{L} -]{1,24}[:\uff1a] {0,4})?"?<?([^\s<>"@]{1,64}@[^\s<>":;,()]+?)>?"?(?:[:,;]|\s|$)(.*)$/u;
const PARENTHESIS_START_RE = /^\(.*?\)\s*/;
const ON_START_RE = /^on\s/i;

/** The first reason block in the text: a "Reason:" line's words and the lines below it, up to a blank line. */
function firstReason(ls: string[]): string | null {
  for (let i = 0; i < ls.length && i < 5000; i++) {
    const l0 = ls[i]!;
    // REASON_INTRO_RE needs a colon (ASCII or full-width).
    const rm = includes(l0, ":") || includes(l0, "\uff1a") ? REASON_INTRO_RE.exec(l0) : null;
    if (!rm) continue;
    const block = paragraph(ls, i + 1, i + 30, rm[1] ? [rm[1]] : []);
    if (block.length) return block.join("\n");
  }
  return null;
}

/**
 * Bounces that name the failed recipients after an intro line ("did not reach the following
 * recipient(s):", "was not delivered to:", Domino's "because:" block...). Addresses come one per line,
 * each optionally followed by indented detail lines.
 */
function phraseRecords(ls: string[], lower: LowerText): TextRecord[] {
  const out: TextRecord[] = [];
  // Words between the intro and the first address (Notes lists the reason first).
  let before: string | null = null;
  let intros = 0;
  // Read once: through a CommonJS transform every use of an imported binding is a getter call.
  const maxRecipients = MAX_RECIPIENTS;
  const local = mayHoldLocalIntro(lower);
  // Records are read only after an intro line.
  if (!local && !hasAny(lower, RCPT_INTRO_WORDS)) return out;
  // The first intro followed by a list gives the records.
  for (let i = 0; i < ls.length && i < 5000 && !out.length && intros < 5; i++) {
    const l0 = ls[i]!;
    if (
      !endsLikeIntro(l0) ||
      !(RCPT_INTRO_RE.test(l0) || (local && mayBeLocalIntro(l0) && LOCAL_INTRO_RE.test(l0)))
    )
      continue;
    // Bounded attempts: each scans ahead, and a text repeating an intro line must stay linear.
    intros++;
    let cur: TextRecord | null = null;
    const pending: string[] = [];
    for (let j = i + 1; j < ls.length && j < i + 2000 && out.length < maxRecipients; j++) {
      const l = ls[j]!;
      if (trim(l) === "") {
        if (out.length) {
          // A blank line ends the list unless another address follows right after it.
          const next = ls[j + 1] ?? "";
          if (!ADDRESS_START_RE.test(next)) break;
        }
        cur = null;
        continue;
      }
      // LISTED_ADDRESS_RE holds an "@" outside its classes: a line without one is no listed recipient.
      const am = l.includes("@") ? LISTED_ADDRESS_RE.exec(l) : null;
      if (am && (!cur || indent(l) <= indent(ls[j - 1] ?? ""))) {
        const a = normalizeAddress(am[1]);
        if (a) {
          const rest = (am[2] ?? "").trim().replace(PARENTHESIS_START_RE, "");
          cur = {
            recipient: a,
            raw: ON_START_RE.test(rest) ? "" : rest,
            remoteMta: null,
            stage: null,
            source: "generic",
          };
          out.push(cur);
          continue;
        }
      }
      if (cur && indent(l) > 0) cur.raw = cur.raw ? `${cur.raw}\n${l.trim()}` : l.trim();
      else if (out.length) break;
      else if (pending.length < 10) pending.push(l.trim());
    }
    if (out.length && pending.length) before = pending.join("\n");
  }
  // Looked for only when a record lacks its words: most lists give them.
  const reason = out.some((r) => !r.raw) ? firstReason(ls) : null;
  for (const r of out) {
    if (!r.raw && reason) r.raw = reason;
    if (!r.raw && before) r.raw = before;
    r.stage = stageFromPhrase(r.raw);
  }
  return out;
}

/** A reply code's digits, searched for in the whole text (global: from a line's offset on). */
const REPLY_CODE_G = /[245][0-5]\d/g;
/** A reply code with an enhanced status code (RFC 3463), or a line that opens with a failure reply. */
const CODED_REPLY_RE = /(?:^|[\s:;'"(])[245][0-5]\d[ -][245]\.\d{1,3}\.\d{1,3}(?!\d)/;
const FAILURE_LINE_RE = /^\s*[45][0-5]\d[ -]\S/;
const LABELLED_REPLY_RE =
  /(?:Remote host said|host \S+ said|said|reason|The error was|Error|Diagnostic-Code|Response)\s*:\s*(.*)$/i;
const FAILURE_CODE_RE = /[45][0-5]\d/;
/** A reply line that another follows (RFC 5321 section 4.2.1: "250-" until the last line, "250 "). */
const CONTINUED_REPLY_RE = /^\s*[2-5][0-5]\d-/;
const REPLY_LINE_RE = /^\s*[2-5][0-5]\d[ -]/;

/**
 * The first SMTP reply in the text with its continuation lines, or null. `ls` is lines(text), or the lines
 * of a prefix of the text.
 */
function genericReply(text: string, ls: string[]): string | null {
  let raw: string | null = null;
  let at = -1;
  // Read once: through a CommonJS transform every use of an imported binding is a getter call.
  const maxLine = MAX_LINE_CHARS;
  // Each form below holds a reply code ([245][0-5]\d): the lines before the next code in the text are
  // passed over without a regex call each. Line i is text.slice(start, start + l.length) (a line cut at
  // MAX_LINE_CHARS is its first characters), so it holds a code exactly where the text holds one that
  // ends within it.
  let start = 0;
  let code = -1;
  for (let i = 0; i < ls.length && i < 5000; i++) {
    const l = ls[i]!;
    if (code < start) {
      REPLY_CODE_G.lastIndex = start;
      code = REPLY_CODE_G.exec(text)?.index ?? -1;
      // No code further on: no line below holds one.
      if (code < 0) break;
    }
    const lineStart = start;
    // Where the next line starts: a cut line's own end is searched for.
    const nl = l.length < maxLine ? start + l.length : text.indexOf("\n", start);
    start = nl < 0 ? text.length + 1 : nl + 1;
    if (code + 3 > lineStart + l.length) continue;
    if (CODED_REPLY_RE.test(l) || FAILURE_LINE_RE.test(l)) {
      raw = l.trim();
      at = i;
      break;
    }
    // A labelled reply ("Remote host said: 550 ..."): only a line with a colon can hold one.
    const said = l.includes(":") ? LABELLED_REPLY_RE.exec(l) : null;
    if (said && said[1] && FAILURE_CODE_RE.test(said[1])) {
      raw = said[1];
      at = i;
      break;
    }
  }
  if (raw === null) return null;
  // Continuation lines of a multi-line reply or wrapped text.
  for (let i = at + 1; i < ls.length && i < at + 20; i++) {
    const l = ls[i]!;
    if (l.trim() === "") break;
    if (
      CONTINUED_REPLY_RE.test(raw.slice(raw.lastIndexOf("\n") + 1)) ||
      REPLY_LINE_RE.test(l) ||
      indent(l) > 0
    )
      raw += "\n" + l.trim();
    else break;
  }
  return raw;
}

/** Where the generic record finds its recipient, in order of preference. */
export const GENERIC_RECIPIENT: readonly [Gated, Gated, Gated] = [
  {
    words: Words.of("following "),
    re: /(?:following (?:recipients?|address(?:es|\(es\))?)[^:\n]{0,80}:)\s*<?([^\s<>]+@[^\s<>]+)/i,
  },
  // "Original-Recipient:" and "Final-Recipient:" (RFC 3464 §2.3.1-2) end in the same words.
  { words: Words.of("recipient"), re: /Recipient:?\s*(?:rfc822;\s*)?<?([^\s<>]+@[^\s<>]+)/i },
  {
    words: Words.of("deliver to ", "delivered to ", "delivery to ", "message to "),
    re: /(?:deliver(?:ed|y)?|message) to <?([^\s<>]+@[^\s<>]+?)>?[\s.:,]/i,
  },
];

/** Anything else: the first SMTP reply in the text, the recipient named near "failed"/"recipient" words. */
function genericRecord(text: string, ls: string[], lower: LowerText): TextRecord | null {
  const raw = genericReply(text, ls);
  if (raw === null) return null;
  const rm =
    gatedExec(GENERIC_RECIPIENT[0], text, lower) ??
    gatedExec(GENERIC_RECIPIENT[1], text, lower) ??
    gatedExec(GENERIC_RECIPIENT[2], text, lower);
  return {
    recipient: normalizeAddress(rm?.[1]) ?? firstAddress(raw),
    raw,
    remoteMta: null,
    stage: stageFromPhrase(text, lower),
    source: "generic",
  };
}

/** Blank lines between the marker and the header block (sticky: read where the marker ends). */
const BLANK_LINES_RE = /\s*\n/y;

/**
 * The dashed markers' regexes, sticky (null for the others): each opens with `^-{3,}` in multiline mode, so
 * it can match only where a line starts with three dashes, and the first of those places where it matches
 * is where a search of the whole text would find it.
 */
const DASHED_AT: readonly (RegExp | null)[] = ORIGINAL_MARKERS.map((g) =>
  g.words === DASHES ? new RegExp(g.re.source, `${g.re.flags}y`) : null,
);

/** Where a line of the text opens with three dashes (a line starts after a line terminator, ECMA-262 22.2.2.6). */
function dashedLineStarts(text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  for (let i = text.indexOf("---"); i >= 0;) {
    if (i === 0 || isLineTerminator(text.charCodeAt(i - 1))) out.push(i);
    // No other position of this run of dashes follows a line terminator: search on after its end (a
    // separator line of seventy dashes is one step, not twenty-three).
    let j = i + 3;
    while (j < n && text.charCodeAt(j) === 0x2d) j++;
    i = text.indexOf("---", j);
  }
  return out;
}

/** The first match of a sticky regex at one of the positions, or null. */
function execAt(re: RegExp, text: string, at: readonly number[]): RegExpExecArray | null {
  for (const i of at) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m) return m;
  }
  return null;
}

/** The returned message's header block and where the line introducing it ends. */
function findOriginalHeaders(text: string, lower: LowerText): { block: string; at: number } | null {
  let dashed: number[] | null = null;
  for (let k = 0; k < ORIGINAL_MARKERS.length; k++) {
    const g = ORIGINAL_MARKERS[k]!;
    const sticky = DASHED_AT[k];
    let m: RegExpExecArray | null;
    if (sticky) {
      dashed ??= lower.has("---") ? dashedLineStarts(text) : [];
      m = execAt(sticky, text, dashed);
    } else m = gatedExec(g, text, lower);
    if (!m) continue;
    const at = m.index + m[0].length;
    BLANK_LINES_RE.lastIndex = at;
    const start = BLANK_LINES_RE.test(text) ? BLANK_LINES_RE.lastIndex : at;
    // Sliced from the text itself: no copy of the rest of it.
    const block = text.slice(start, start + 256 * 1024);
    if (looksLikeHeaders(block)) return { block, at };
  }
  return null;
}

const HAS_CODE_RE = /(?:^|[^\d.])(?:[245][0-5]\d(?:[ -]|$)|[245]\.\d{1,3}\.\d{1,3}(?!\d))/m;

export function scanBounceText(text: string): TextScan {
  // Lower-cased once for the literal gates in front of the whole-text regexes (see Gated, LowerText).
  const lower = LowerText.of(text);
  const hints: string[] = [];
  const gen = gatedExec(HINT_LINES.generatingServer, text, lower);
  if (gen?.[1]) hints.push(`generating-server: ${gen[1].toLowerCase()}`);
  const rep = gatedExec(HINT_LINES.reportingMta, text, lower);
  if (rep?.[1]) hints.push(`reporting-mta: ${rep[1].toLowerCase()}`);
  const mail = gatedExec(HINT_LINES.postfixHost, text, lower);
  if (mail?.[1]) hints.push(`postfix-host: ${mail[1].toLowerCase()}`);
  if (gatedTest(HINT_LINES.qmail, text, lower)) hints.push("mta: qmail");
  const original = findOriginalHeaders(text, lower);
  // The recognizers read the notice: the text up to the line that introduces the returned message's
  // headers (that line included, IMail's recognizer stops at it). A notice that names no recipient there
  // is read whole, as some put their words after the returned headers.
  let records: TextRecord[] = [];
  if (original) {
    const notice = text.slice(0, original.at);
    // Lower-casing keeps offsets unless a character grows ("\u0130" becomes two), then it is redone.
    records = noticeRecords(
      notice,
      lower.s.length === text.length ? lower.prefix(original.at) : LowerText.of(notice),
    );
  }
  if (!records.length) records = noticeRecords(text, lower);
  return { records, originalHeaders: original?.block ?? null, hints };
}

/** The records of a notice's text, from the first recognizer that finds any. */
function noticeRecords(text: string, lower: LowerText): TextRecord[] {
  const ls = lines(slice(text, 0, 4 * 1024 * 1024));
  let records: TextRecord[] = [];
  // Most specific first: a format with its own markers, then the layouts most notices share.
  if (EXCHANGE.gate(text, lower)) records = EXCHANGE.records(text, ls, lower);
  if (!records.length && GMAIL_NOTICE.gate(text, lower)) records = GMAIL_NOTICE.records(text, ls, lower);
  if (!records.length && SENDMAIL.gate(text, lower)) records = SENDMAIL.records(text, ls, lower);
  if (!records.length) records = vendorRecords(text, ls, lower);
  if (!records.length) records = POSTFIX.records(text, ls, lower);
  if (!records.length) records = EXIM.records(text, ls, lower);
  if (!records.length) records = phraseRecords(ls, lower);
  // Where records were found only the reply is borrowed (the recipient and stage searches are not needed).
  if (!records.length) {
    const g = genericRecord(text, ls, lower);
    if (g) records = [g];
  } else if (records.every((r) => !r.raw)) {
    const raw = genericReply(text, ls);
    if (raw !== null) for (const r of records) r.raw ||= raw;
  } else if (records.length <= 20 && records.every((r) => !HAS_CODE_RE.test(r.raw))) {
    // The list gave prose only ("Adresse introuvable"), the reply is quoted further down: a notice's
    // single reply, or one that names the recipient, is that recipient's reply.
    const raw = genericReply(text, ls);
    if (raw !== null)
      for (const r of records)
        if (records.length === 1 || (r.recipient && raw.toLowerCase().includes(r.recipient.toLowerCase())))
          r.raw = raw;
  }
  return records;
}

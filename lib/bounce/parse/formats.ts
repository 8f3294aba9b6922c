import type { Stage } from "@/lib/bounce/types";
import { cleanHost, firstAddress, normalizeAddress } from "./addr";
import {
  blanksBefore,
  gatedTest,
  lineStartGated,
  Words,
  type Gated,
  type LowerText,
  type TextRecord,
} from "@/lib/bounce/mta/text";
import { stageFromCommand, stageFromPhrase } from "./reply";
import { parseTranscript } from "./transcript";

/**
 * Plain-text notices of gateways and servers whose layout is neither Postfix's, Exim's, Sendmail's nor
 * Exchange's: labelled fields (Oracle/Sun Messaging Server), "Server X failed with:" (MailFoundry),
 * "ERROR_CODE :" lists (Zoho), "<label>: address" lines above "Original message follows." (IMail),
 * sessions quoted with the arrows reversed or behind a localized prefix (InterScan MSS), and dashed
 * section markers (m-FILTER). Each recognizer is gated on its own marker, reads lines (no regex spans
 * lines), and returns nothing when its marker is absent, so the generic recognizers still run.
 */

const ADDR = String.raw`[^\s<>"@]{1,64}@[^\s<>":;,()]{1,255}`;
const MAX_RECORDS = 1000;

// The line patterns holding an address, made once: building one from its source costs a string and a
// lookup in the engine's compilation cache, which a recognizer reading line by line paid on every line.
const UNABLE_TO_DELIVER_RE = new RegExp(
  String.raw`^[ \t]*Unable to deliver (?:the )?message to:?\s*<?(${ADDR}?)>?[ \t]*$`,
  "i",
);
const ERROR_CODE_LINE_RE = new RegExp(
  String.raw`^<?(${ADDR}?)>?\s+([^\n]{0,200}?),?\s*ERROR_CODE\s?:\s?(\d{3}),\s*ERROR_CODE\s?:\s?(.*)$`,
);
const STATUS_LINE_RE = new RegExp(
  String.raw`^\[Status:\s*[^,\]]{0,40},\s*Address:\s*<?(${ADDR}?)>?,\s*ResponseCode\s+(\d{3}),[\s,]{0,10}([^\]]{0,500})\]?$`,
  "i",
);
const LABEL_THEN_ADDRESS_RE = new RegExp(
  String.raw`^[ \t]*([A-Za-z][A-Za-z ,'-]{2,80}?):\s*<?(${ADDR}?)>?[ \t]*$`,
);
const UNDELIVERABLE_TO_RE = new RegExp(String.raw`^[ \t]*undeliverable to\s+<?(${ADDR}?)>?[ \t]*$`, "i");
const ADDRESS_LINE_RE = new RegExp(String.raw`^<?(${ADDR}?)>?$`);
/** The wordings of an intro line that names the recipient (introWithAddress and its gate). */
const INTRO_WORDINGS = String.raw`(?:Could not be delivered to|Unable to deliver (?:the )?message to|Undeliverable to|Failed to deliver to|Delivery failed to)`;
const INTRO_WITH_ADDRESS_RE = new RegExp(
  String.raw`^[ \t]*${INTRO_WORDINGS}:?[ \t]*<?(${ADDR}?)>?[ \t]*$`,
  "i",
);
const ADDRESS_IP_REPLY_RE = new RegExp(
  String.raw`^[ \t]*<?(${ADDR}?)>?:[ \t]*\[([0-9A-Fa-f.:]{3,45})\],[ \t]*([2-5][0-5]\d(?:[ -].*)?)$`,
);

function rec(
  recipient: string | null,
  raw: string,
  remoteMta: string | null,
  stage: Stage | null,
): TextRecord {
  return { recipient, raw, remoteMta, stage: stage ?? stageFromPhrase(raw), source: "generic" };
}

/**
 * Messaging Server: "Your message cannot be delivered to the following recipients:" then, per recipient,
 * indented "Recipient address:", "Original address:", "Reason:", "Diagnostic code: smtp;...", "Remote
 * system: dns;host (TCP|...)" lines (the same facts as the RFC 3464 part, in words).
 */
function labelledFields(ls: string[]): TextRecord[] {
  const out: TextRecord[] = [];
  let cur: { r: string | null; o: string | null; reason: string; diag: string; mta: string | null } | null =
    null;
  const flush = () => {
    if (!cur || !(cur.r ?? cur.o)) return;
    const raw = cur.diag || cur.reason;
    // "Remote SMTP server has rejected address" does not say which command was answered (the same
    // words follow a refusal after DATA), so the stage is only what the reply itself names.
    out.push(rec(cur.r ?? cur.o, raw, cur.mta, stageFromPhrase(raw)));
  };
  for (let i = 0; i < ls.length && out.length < MAX_RECORDS; i++) {
    const m =
      /^\s{1,8}(Recipient address|Original address|Reason|Diagnostic code|Remote system):\s*(.*)$/i.exec(
        ls[i]!,
      );
    if (!m) continue;
    const label = (m[1] ?? "").toLowerCase();
    const value = (m[2] ?? "").trim();
    if (label === "recipient address" || (label === "original address" && (!cur || cur.r || cur.o))) {
      const a = normalizeAddress(value.replace(/^@[^:]{1,255}:/, ""));
      if (label === "recipient address" && cur && !cur.r && cur.o) {
        cur.r = a;
        continue;
      }
      if (label === "original address" && cur && cur.r && !cur.o && !cur.diag && !cur.reason) {
        cur.o = a;
        continue;
      }
      flush();
      cur =
        label === "recipient address"
          ? { r: a, o: null, reason: "", diag: "", mta: null }
          : { r: null, o: a, reason: "", diag: "", mta: null };
      continue;
    }
    if (!cur) continue;
    if (label === "reason") cur.reason = value;
    else if (label === "diagnostic code") cur.diag = value;
    else if (label === "remote system") cur.mta = cleanHost(value);
  }
  flush();
  return out;
}

/** MailFoundry: "Unable to deliver message to: <rcpt>", then "Server host[ip] failed with: 550 ...". */
function failedWith(ls: string[]): TextRecord[] {
  const out: TextRecord[] = [];
  let cur: TextRecord | null = null;
  for (let i = 0; i < ls.length && out.length < MAX_RECORDS; i++) {
    const l = ls[i]!;
    const t = UNABLE_TO_DELIVER_RE.exec(l);
    if (t) {
      cur = rec(normalizeAddress(t[1]), "", null, null);
      out.push(cur);
      continue;
    }
    const s =
      /^[ \t]*Server\s+([A-Za-z0-9][A-Za-z0-9.-]{0,253})(?:\s*\[[^\]\s]{1,64}\])?\s+failed with:\s*(.*)$/i.exec(
        l,
      );
    if (s && cur) {
      cur.remoteMta = cleanHost(s[1]);
      cur.raw = (s[2] ?? "").trim();
      cur.stage = stageFromPhrase(cur.raw);
    }
  }
  return out.filter((r) => r.recipient);
}

/**
 * Zoho: "rcpt Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <rcpt>... User Unknown" (code and words
 * as two comma-separated ERROR_CODE items), or "[Status: Error, Address: <rcpt>, ResponseCode 421, , words]".
 */
function errorCodeLists(ls: string[]): TextRecord[] {
  const out: TextRecord[] = [];
  for (let i = 0; i < ls.length && out.length < MAX_RECORDS; i++) {
    const l = ls[i]!.trim();
    const m = ERROR_CODE_LINE_RE.exec(l);
    if (m) {
      // Words wrapped onto the next line(s) (a quoted-printable soft break already undone, or a hard wrap).
      let words = (m[4] ?? "").trim();
      for (let j = i + 1; j < ls.length && j < i + 5 && ls[j]!.trim() && !/ERROR_CODE/.test(ls[j]!); j++)
        words += " " + ls[j]!.trim();
      out.push(rec(normalizeAddress(m[1]), `${m[3]} ${words}`, null, null));
      continue;
    }
    const s = STATUS_LINE_RE.exec(l);
    if (s) out.push(rec(normalizeAddress(s[1]), `${s[2]} ${(s[3] ?? "").trim()}`, null, null));
  }
  return out;
}

/**
 * IMail: "<reason>: rcpt" lines (e.g. "Unknown user: a@b") above "Original message follows.", optionally a
 * "Body of message generated response:" block with the remote words; also "undeliverable to rcpt".
 */
function labelThenAddress(ls: string[]): TextRecord[] {
  const end = ls.findIndex((l) => /^[ \t]*Original message follows\.?[ \t]*$/i.test(l));
  const stop = end < 0 ? Math.min(ls.length, 200) : end;
  const out: TextRecord[] = [];
  let response = "";
  for (let i = 0; i < stop && out.length < MAX_RECORDS; i++) {
    const l = ls[i]!;
    if (/Body of message generated response:/i.test(l)) {
      const block: string[] = [];
      for (let j = i + 1; j < stop && j < i + 20 && ls[j]!.trim(); j++) block.push(ls[j]!.trim());
      response = block.join("\n");
      continue;
    }
    const m = LABEL_THEN_ADDRESS_RE.exec(l);
    // A header-like label ("To", "From") is a quoted header, not a reason.
    if (m && /\s/.test(m[1] ?? "")) {
      out.push(rec(normalizeAddress(m[2]), (m[1] ?? "").trim(), null, null));
      continue;
    }
    const u = UNDELIVERABLE_TO_RE.exec(l);
    if (u) out.push(rec(normalizeAddress(u[1]), "undeliverable", null, null));
  }
  if (response) for (const r of out) r.raw = `${response}\n${r.raw}`;
  for (const r of out) r.stage = stageFromPhrase(r.raw);
  return out.filter((r) => r.recipient);
}

/**
 * A session quoted with arrows whatever their direction or a localized word before them: InterScan
 * writes "Sent <<< RCPT TO:<a@b>" and "Received >>> 550 ...". A line whose words start with a reply code
 * is the server's; any other is the client's command. Rewritten to the >>>/<<< form the transcript parser
 * reads.
 */
function arrowSession(ls: string[]): TextRecord[] {
  const session: string[] = [];
  for (let i = 0; i < ls.length && session.length < 400; i++) {
    const m = /^[ \t]*(?:[^\s<>]{1,40}\s{1,4})?(?:<<<|>>>)\s+(.*)$/.exec(ls[i]!);
    if (!m) continue;
    const words = (m[1] ?? "").trim();
    session.push(/^[2-5][0-5]\d(?:[ -]|$)/.test(words) ? `<<< ${words}` : `>>> ${words}`);
  }
  if (!session.some((l) => l.startsWith("<<< "))) return [];
  const parsed = parseTranscript(session.join("\n"));
  return parsed
    .filter((p) => p.replyCode !== null && p.replyCode >= 400)
    .map((p) =>
      rec(
        p.recipient ?? firstAddress(p.text),
        `${p.replyCode} ${p.enhancedCode ?? ""} ${p.text}`.replace(/\s+/g, " "),
        p.remoteMta,
        p.stage,
      ),
    );
}

/**
 * m-FILTER: the failed addresses alone on their lines, then "-------server message" with the reply and
 * "-------SMTP command" with the command it answered.
 */
function dashedSections(ls: string[]): TextRecord[] {
  const srv = ls.findIndex((l) => /^-{5,}[ \t]*server message[ \t]*$/i.test(l.trim()));
  if (srv < 0) return [];
  const rcpts: string[] = [];
  for (let i = 0; i < srv && rcpts.length < MAX_RECORDS; i++) {
    const m = ADDRESS_LINE_RE.exec(ls[i]!.trim());
    const a = m ? normalizeAddress(m[1]) : null;
    if (a && !rcpts.includes(a)) rcpts.push(a);
  }
  const reply: string[] = [];
  let i = srv + 1;
  for (; i < ls.length && i < srv + 30; i++) {
    const l = ls[i]!.trim();
    if (/^-{5,}/.test(l)) break;
    if (l) reply.push(l);
  }
  let stage: Stage | null = null;
  if (/^-{5,}[ \t]*SMTP command[ \t]*$/i.test((ls[i] ?? "").trim())) {
    for (let j = i + 1; j < ls.length && j < i + 5; j++) {
      const c = ls[j]!.trim();
      if (c) {
        stage = stageFromCommand(c);
        break;
      }
    }
  }
  const raw = reply.join("\n");
  if (!raw) return [];
  const list = rcpts.length ? rcpts : [firstAddress(raw)];
  return list.map((a) => rec(a, raw, null, stage));
}

/**
 * The recipient on the intro line itself, the reason on the lines below it: KDDI/au ("Could not be
 * delivered to: <rcpt>" then "As their mailbox is full."), and the same shape from other gateways.
 */
function introWithAddress(ls: string[]): TextRecord[] {
  const out: TextRecord[] = [];
  for (let i = 0; i < ls.length && out.length < MAX_RECORDS; i++) {
    const m = INTRO_WITH_ADDRESS_RE.exec(ls[i]!);
    if (!m) continue;
    const words: string[] = [];
    let j = i + 1;
    for (; j < ls.length && j < i + 15; j++) {
      const l = ls[j]!.trim();
      if (l === "" || INTRO_WITH_ADDRESS_RE.test(ls[j]!)) break;
      words.push(l);
    }
    i = j - 1;
    out.push(rec(normalizeAddress(m[1]), words.join("\n"), null, null));
  }
  return out.filter((r) => r.recipient && r.raw);
}

/** SurfControl: "rcpt: [192.0.2.5], 550 rcpt... No such user" under "Failed to send to identified host,". */
function addressIpReply(ls: string[]): TextRecord[] {
  const out: TextRecord[] = [];
  for (let i = 0; i < ls.length && out.length < MAX_RECORDS; i++) {
    const m = ADDRESS_IP_REPLY_RE.exec(ls[i]!);
    if (m) out.push(rec(normalizeAddress(m[1]), m[3] ?? "", cleanHost(`[${m[2] ?? ""}]`), null));
  }
  return out.filter((r) => r.recipient);
}

/** Records carry the name of the format that read them. */
function named(records: TextRecord[], source: string): TextRecord[] {
  for (const r of records) r.source = source;
  return records;
}

/** The openings of introWithAddress's wordings, lower-cased (its gate's words). */
const INTRO_WORDS = Words.of(
  "could not be delivered to",
  "unable to deliver",
  "undeliverable to",
  "failed to deliver to",
  "delivery failed to",
);

/*
 * The markers each layout's lines must carry, checked on the whole text before its line-by-line reader runs
 * (the words are literals every match of the regex contains, see Gated).
 */
export const VENDOR_GATES = {
  messagingServer: {
    words: Words.of("dress:"),
    re: /^\s{1,8}(?:Recipient|Original) address:\s/im,
  },
  mailFoundry: lineStartGated({
    words: Words.of("failed with:"),
    re: /^[ \t]*Server\s+\S+\s+failed with:/im,
  }),
  zoho: {
    words: Words.of("_code", "[status:"),
    re: /ERROR_CODE\s?:|^[ \t]*\[Status:[^\]\n]{0,80}ResponseCode/im,
  },
  mFilter: { words: Words.of("server message"), re: /^-{5,}[ \t]*server message[ \t]*$/im },
  arrows: { words: Words.of("<<<", ">>>"), re: /^[ \t]*(?:Sent|Received|\S{1,40})\s{1,4}(?:<<<|>>>)\s/m },
  bareArrows: { words: Words.of("<<<", ">>>"), re: /^[ \t]*(?:<<<|>>>)\s/m },
  introWithAddress: lineStartGated({
    words: INTRO_WORDS,
    re: new RegExp(String.raw`^[ \t]*${INTRO_WORDINGS}:?[ \t]*<?[^\s<>"@]{1,64}@`, "im"),
  }),
  addressIpReply: {
    // "]," then blanks and the reply code: three characters, for the recorded runs to rule them out.
    words: Words.of("], ", "],\t", "],2", "],3", "],4", "],5"),
    re: /^[ \t]*<?[^\s<>"@]{1,64}@[^\s<>":;,()]{1,255}>?:[ \t]*\[[0-9A-Fa-f.:]{3,45}\],[ \t]*[2-5][0-5]\d/m,
  },
  imail: {
    words: Words.of("original message follows", "body of message generated response:"),
    re: /^[ \t]*Original message follows\.?[ \t]*$|Body of message generated response:/im,
  },
} satisfies Record<string, Gated>;

/**
 * introWithAddress's gate without its opening blanks, sticky. Each of its words (lower-case) opens every
 * match of one of its wordings, so a match can only start where the lower-cased text holds a word.
 */
const INTRO_WITH_ADDRESS_AT = new RegExp(VENDOR_GATES.introWithAddress.rest!.source, "iy");

/**
 * gatedTest of introWithAddress's gate, the regex tried only where one of its words stands: irregexp
 * cannot skip ahead in a case-insensitive alternation, and tries it at every position of the text.
 */
function mayIntroduceAddress(text: string, lower: LowerText): boolean {
  // Offsets in the lower-cased text are the text's only when lower-casing kept its length.
  if (lower.s.length !== text.length) return gatedTest(VENDOR_GATES.introWithAddress, text, lower);
  for (let k = 0; k < INTRO_WORDS.list.length; k++) {
    if (!lower.hasWord(INTRO_WORDS, k)) continue;
    const w = INTRO_WORDS.list[k]!;
    for (let i = lower.s.indexOf(w); i >= 0; i = lower.s.indexOf(w, i + 1)) {
      INTRO_WITH_ADDRESS_AT.lastIndex = i;
      if (blanksBefore(text, i) && INTRO_WITH_ADDRESS_AT.test(text)) return true;
    }
  }
  return false;
}

/**
 * Try the layouts above in order; the first that yields records wins. `lower` is the text lower-cased,
 * for the gates.
 */
export function vendorRecords(text: string, ls: string[], lower: LowerText): TextRecord[] {
  const g = VENDOR_GATES;
  if (gatedTest(g.messagingServer, text, lower)) {
    const r = labelledFields(ls);
    if (r.length) return named(r, "messaging-server");
  }
  if (gatedTest(g.mailFoundry, text, lower)) {
    const r = failedWith(ls);
    if (r.length) return named(r, "mailfoundry");
  }
  if (gatedTest(g.zoho, text, lower)) {
    const r = errorCodeLists(ls);
    if (r.length) return named(r, "zoho");
  }
  if (gatedTest(g.mFilter, text, lower)) {
    const r = dashedSections(ls);
    if (r.length) return named(r, "m-filter");
  }
  if (gatedTest(g.arrows, text, lower) && !g.bareArrows.re.test(text)) {
    const r = arrowSession(ls);
    if (r.length) return named(r, "interscan-mss");
  }
  if (mayIntroduceAddress(text, lower)) {
    const r = introWithAddress(ls);
    if (r.length) return named(r, "au-kddi");
  }
  if (gatedTest(g.addressIpReply, text, lower)) {
    const r = addressIpReply(ls);
    if (r.length) return named(r, "surfcontrol");
  }
  if (gatedTest(g.imail, text, lower)) {
    const r = labelThenAddress(ls);
    if (r.length) return named(r, "imail");
  }
  return [];
}

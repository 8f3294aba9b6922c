import type { Stage } from "@/lib/bounce/types";
import { cleanHost, firstAddress, normalizeAddress } from "@/lib/bounce/parse/addr";
import { MAX_RECIPIENTS } from "@/lib/bounce/parse/limits";
import { stageFromPhrase } from "@/lib/bounce/parse/reply";
import { parseTranscript } from "@/lib/bounce/parse/transcript";
import { gatedTest, Words, type Gated, type LowerText, type TextFormat, type TextRecord } from "./text";

/*
 * Sendmail's returned mail (sendmail's savemail.c, errbody()): "----- The following addresses had
 * permanent fatal errors -----" with the recipients (and "(reason: ...)"), then "----- Transcript of
 * session follows -----" quoting the SMTP session (">>> RCPT To:<...>", "<<< 550 ..."), then the
 * per-recipient summary ("550 5.1.1 <rcpt>... User unknown").
 */
/** The line after the transcript: a dashed section marker, a MIME part's header or its boundary. */
const TRANSCRIPT_END_RE = /^(?:\s*-{3,}|Content-|--\S)/i;
const ARROW_LINE_RE = /^\s*(?:>>>|<<<)/;
const TRANSCRIPT_MARKER_RE = /-{3,}\s*Transcript of session follows\s*-{3,}/i;
const LIST_MARKER_RE =
  /-{3,}\s*The following addresses? ha(?:d|ve) (?:permanent fatal errors|transient non-fatal errors|delivery problems)/i;
const REASON_LINE_RE = /^\(reason:\s*(.*?)\)?$/i;
const SECTION_END_RE = /^\s*-{3,}/;
const COMMAND_LINE_RE = /^>>>\s*(MAIL|RCPT|DATA|EHLO|HELO)/i;
const FAILURE_REPLY_LINE_RE = /^<<<\s*([45]\d\d[ -].*)$/;
const SUMMARY_LINE_RE = /^\s*([45]\d\d) <([^<>\s]{1,320})>\.\.\. ?(.*)$/;

/** Sendmail: recipient list with `(reason: ...)`, then `----- Transcript of session follows -----`. */
function sendmailRecords(text: string, ls: string[], lower: LowerText): TextRecord[] {
  // Each section marker is looked for line by line only when the text holds its words at all.
  const tStart = lower.has("transcript of session follows")
    ? ls.findIndex((l) => TRANSCRIPT_MARKER_RE.test(l))
    : -1;
  const out: TextRecord[] = [];
  let tr: { stage: Stage | null; raw: string; recipient: string | null; code: number | null } | null = null;
  let remoteMta: string | null = null;
  if (tStart >= 0) {
    const tl: string[] = [];
    for (let i = tStart + 1; i < ls.length && i < tStart + 400; i++) {
      const l = ls[i]!;
      if (TRANSCRIPT_END_RE.test(l)) break;
      tl.push(l);
    }
    // The phrase stands on one line, so a text without it has none in its transcript lines either.
    const wt = lower.has("while talking to")
      ? /while talking to ([A-Za-z0-9][A-Za-z0-9.-]{0,253})/i.exec(tl.join("\n"))
      : null;
    remoteMta = cleanHost(wt?.[1]);
    let session = tl.filter((l) => ARROW_LINE_RE.test(l));
    // Some gateways (McAfee, V5 Sendmail) quote the command and the reply without arrows.
    if (!session.length && tl.some((l) => /^\s*(?:MAIL FROM|RCPT TO|DATA)\b/i.test(l)))
      session = tl.filter((l) => /^\s*(?:(?:EHLO|HELO|MAIL FROM|RCPT TO|DATA)\b|[2-5][0-5]\d[ -])/i.test(l));
    if (session.length) {
      const p = parseTranscript(session.join("\n"))[0];
      if (p && p.replyCode !== null) {
        tr = {
          stage: p.stage,
          raw: `${p.replyCode} ${p.enhancedCode ?? ""} ${p.text}`,
          recipient: p.recipient,
          code: p.replyCode,
        };
      }
    }
    if (!tr) {
      const rl = tl.find((l) => /^\s*[45][0-5]\d[ -]/.test(l));
      if (rl)
        tr = {
          stage: stageFromPhrase(tl.join("\n")),
          raw: rl.trim(),
          recipient: firstAddress(rl),
          code: null,
        };
    }
  }
  const lStart = lower.has("the following address") ? ls.findIndex((l) => LIST_MARKER_RE.test(l)) : -1;
  // Read once: through a CommonJS transform every use of an imported binding is a getter call.
  const maxRecipients = MAX_RECIPIENTS;
  if (lStart >= 0) {
    for (let i = lStart + 1; i < ls.length && i < lStart + 2000 && out.length < maxRecipients; i++) {
      const l = ls[i]!.trim();
      if (l === "" || l.startsWith("---")) {
        if (out.length) break;
        continue;
      }
      const reason = REASON_LINE_RE.exec(l);
      if (reason && out.length) {
        const last = out[out.length - 1]!;
        if (!last.raw) last.raw = reason[1] ?? "";
        continue;
      }
      if (l.startsWith("(")) continue;
      const a = normalizeAddress(l);
      if (a) out.push({ recipient: a, raw: "", remoteMta, stage: null, source: "sendmail" });
    }
  }
  if (out.length === 0 && tStart >= 0) out.push(...sendmailSummaryRecords(ls, tStart, remoteMta));
  if (out.length > 1 && out.every((r) => r.raw)) return out;
  if (!tr && out.length && out.every((r) => !r.raw)) {
    // Biglobe-style notices give the reason in its own dashed section ("Non-delivered information").
    const ni = lower.has("non-delivered information")
      ? ls.findIndex((l) => /^\s*-{3,}\s*Non-delivered information\s*-{3,}\s*$/i.test(l))
      : -1;
    const words: string[] = [];
    for (let i = ni + 1; ni >= 0 && i < ls.length && i < ni + 20; i++) {
      const l = ls[i]!.trim();
      if (/^-{3,}/.test(l) || (l === "" && words.length)) break;
      if (l) words.push(l);
    }
    if (words.length) for (const r of out) r.raw = words.join("\n");
  }
  if (tr) {
    if (out.length === 0)
      out.push({ recipient: tr.recipient, raw: tr.raw, remoteMta, stage: tr.stage, source: "sendmail" });
    for (const r of out) {
      if (!tr.recipient || !r.recipient || tr.recipient === r.recipient || out.length === 1) {
        if (!r.raw || tr.code !== null) r.raw = tr.raw;
        r.stage = tr.stage;
      }
    }
  }
  if (out.length === 0 && tStart < 0 && !lower.has("sendmail")) return [];
  return out;
}

/**
 * Sendmail's per-recipient summary lines inside the transcript ("554 <rcpt>... 550 Host unknown"), as the
 * old V5 Sendmail writes them without a "following addresses had permanent fatal errors" list. Each one
 * takes the remote reply it quotes after "... ", else the last "<<<" reply before it (the session error
 * that failed this recipient, e.g. MAIL FROM refused), else its own words.
 */
function sendmailSummaryRecords(ls: string[], tStart: number, remoteMta: string | null): TextRecord[] {
  const out: TextRecord[] = [];
  let lastReply: { raw: string; stage: Stage | null } | null = null;
  let lastCommand: Stage | null = null;
  const maxRecipients = MAX_RECIPIENTS;
  for (let i = tStart + 1; i < ls.length && i < tStart + 400 && out.length < maxRecipients; i++) {
    const l = ls[i]!;
    if (SECTION_END_RE.test(l)) break;
    const cmd = COMMAND_LINE_RE.exec(l);
    if (cmd) {
      const c = cmd[1]!.toUpperCase();
      lastCommand = c === "MAIL" ? "mail_from" : c === "RCPT" ? "rcpt_to" : c === "DATA" ? "data" : "helo";
      continue;
    }
    const reply = FAILURE_REPLY_LINE_RE.exec(l);
    if (reply) {
      lastReply = { raw: reply[1]!.trim(), stage: lastCommand };
      continue;
    }
    const sum = SUMMARY_LINE_RE.exec(l);
    if (!sum) continue;
    const recipient = normalizeAddress(sum[2]);
    if (!recipient) continue;
    const words = sum[3]!.trim();
    let raw = `${sum[1]} ${words}`;
    let stage: Stage | null = null;
    if (/^[45]\d\d\b/.test(words)) raw = words;
    else if (lastReply) ({ raw, stage } = lastReply);
    out.push({ recipient, raw, remoteMta, stage, source: "sendmail" });
    lastReply = null;
  }
  return out;
}

/** The words of both markers ("follow" alone is in most notices: "the following recipients"). */
export const SENDMAIL_MARKERS: Gated = {
  words: Words.of(
    "transcript of session follows",
    "address had",
    "addresses had",
    "address have",
    "addresses have",
  ),
  re: /Transcript of session follows|following addresses? ha(?:d|ve) (?:permanent fatal|transient|delivery problems)/i,
};

export const SENDMAIL: TextFormat = {
  id: "sendmail",
  name: "Sendmail",
  format: "Sendmail returned mail: addresses had permanent fatal errors, Transcript of session follows",
  gate: (text, lower) => gatedTest(SENDMAIL_MARKERS, text, lower),
  records: sendmailRecords,
};

import type { Stage } from "@/lib/bounce/types";
import { cleanHost, firstAddress, normalizeAddress } from "./addr";
import { MAX_LINE_CHARS, MAX_RECIPIENTS } from "./limits";
import { looksLikeHeaders } from "./mime";
import { stageFromPhrase } from "./reply";
import { parseTranscript } from "./transcript";
import { vendorRecords } from "./formats";

/**
 * Human-readable bounce bodies of the common MTAs and providers. Each recognizer returns records: one
 * recipient with the words of the remote reply and what the prose says about where it failed. They work
 * on the text part of a multipart/report as well as on a plain-text bounce with no DSN at all.
 */
export interface TextRecord {
  recipient: string | null;
  /** The reply words (fed to parseReply). */
  raw: string;
  remoteMta: string | null;
  stage: Stage | null;
  source: "postfix" | "qmail" | "exim" | "sendmail" | "exchange" | "gmail" | "generic";
}

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

const ORIGINAL_MARKERS = [
  /^-{3,}\s*This is a copy of the message, including all the headers\.?\s*-{3,}\s*$/im,
  /^-{3,}\s*(?:Original message|Original message follows|Message header follows|Below this line is a copy of the message\.?)\s*-*\s*$/im,
  /^--- Below this line is a copy of the message\.?\s*$/im,
  /^(?:Original message headers|Urspr\u00fcngliche Nachrichtenkopfzeilen|En-t\u00eates de message d'origine|Encabezados del mensaje original):\s*$/im,
  /^-{3,}\s*(?:Returned Message|Unsent Message below|Message text follows|Original message header)s?:?\s*-*\s*$/im,
  /^-{3,}\s*The header of the original message is following\.?\s*-{3,}\s*$/im,
  // Exim when the message was too big to return, IMail, old Sendmail ("----- Unsent message follows -----").
  /^-{3,}[ \t]*This is a copy of the message's headers\.?[ \t]*-{3,}[ \t]*$/im,
  /^[ \t]*(?:-+[ \t]*)?(?:Original message follows|Unsent message follows)\.?(?:[ \t]*-+)?[ \t]*$/im,
];

function lines(text: string): string[] {
  return text.split("\n").map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l));
}

const indent = (l: string) => l.length - l.trimStart().length;

/** Postfix (`<rcpt>: host X[ip] said: ...`), qmail and Yahoo (`<rcpt>:` then `Remote host said: ...`). */
function angleRecords(ls: string[]): TextRecord[] {
  const out: TextRecord[] = [];
  const recRe = /^<([^<>\s]{1,320})>(?:\s*\((?:expanded|generated) from[^)]{0,400}\))?:\s?(.*)$/i;
  for (let i = 0; i < ls.length && out.length < MAX_RECIPIENTS; i++) {
    // Record lines start at column 0; Postfix indents its continuation lines, which may start with <rcpt> too.
    const m = recRe.exec(ls[i]!.trimEnd());
    if (!m) continue;
    const recipient = normalizeAddress(m[1]);
    if (!recipient) continue;
    const block: string[] = [m[2] ?? ""];
    let j = i + 1;
    for (; j < ls.length && j < i + 60; j++) {
      const l = ls[j]!;
      if (l.trim() === "") break;
      if (recRe.test(l.trimEnd())) break;
      block.push(l.trim());
    }
    i = j - 1;
    const text = block.join("\n").trim();
    let raw = text;
    let remoteMta: string | null = null;
    let source: TextRecord["source"] = "postfix";
    const said = /Remote host said:\s*/i.exec(text);
    if (
      said ||
      /does not like (?:recipient|sender)|Giving up on|but (?:greeting|sender was rejected|connection died)/i.test(
        text,
      )
    ) {
      source = "qmail";
      raw = said ? text.slice(said.index + said[0].length) : text;
      raw = raw
        .split("\n")
        .filter(
          (l) =>
            !/^(?:Giving up on |I'm not going to try again|Sorry, I couldn't|I'm not going to try)/i.test(l),
        )
        .join("\n");
      const host = /^(\S+) does not like (?:recipient|sender)|Connected to (\S+) but/im.exec(text);
      remoteMta = cleanHost(host?.[1] ?? host?.[2]);
    } else {
      const c =
        /(?:connect to|lost connection with|conversation with|host) ([A-Za-z0-9][A-Za-z0-9.-]{0,253})\[/i.exec(
          text,
        );
      remoteMta = cleanHost(c?.[1]);
    }
    let stage = stageFromPhrase(text);
    // Courier quotes the session: "mx.example.com [192.0.2.1]:" then ">>> RCPT TO:<...>" / "<<< 550 ...".
    const session = block.filter((l) => /^(?:>>>|<<<)/.test(l));
    if (session.length) {
      const t = parseTranscript(session.join("\n"))[0];
      if (t && t.replyCode !== null) {
        raw = `${t.replyCode} ${t.enhancedCode ?? ""} ${t.text}`;
        stage = t.stage ?? stage;
      }
      const host = /^([A-Za-z0-9][A-Za-z0-9.-]{0,253})\s*\[[^\]]{1,64}\]:?$/m.exec(text);
      remoteMta = remoteMta ?? cleanHost(host?.[1]);
    }
    out.push({ recipient, raw, remoteMta, stage, source });
  }
  return out;
}

const LOCAL_TARGET = /^\s{1,3}(?:save to \/|pipe to \|)\S/;

/** Exim: `  rcpt` then 4-space-indented lines (`host X [ip]`, `SMTP error from remote mail server after ...:`). */
function eximRecords(ls: string[]): TextRecord[] {
  // The intro sentence is wrapped at different places by different builds ("The following address(es)\nfailed:").
  const intro =
    /following address(?:\(es\))?\s+(?:failed|deferred)|could not be delivered to one or more|has not yet been delivered to the following|address(?:\(es\))? failed:/i;
  let start = -1;
  for (let i = 0; i < ls.length && i < 400; i++) {
    if (intro.test(ls[i]!) || intro.test(`${ls[i]!.trim()} ${(ls[i + 1] ?? "").trim()}`)) {
      start = intro.test(ls[i]!) ? i : i + 1;
      break;
    }
  }
  if (start < 0) return [];
  const addrLine = /^\s{0,3}"?<?([^\s<>"]+@[^\s<>":]+)>?"?:?(?:\s+(.*))?$/;
  const out: TextRecord[] = [];
  for (let i = start + 1; i < ls.length && out.length < MAX_RECIPIENTS; i++) {
    const l = ls[i]!;
    if (/^-{2,}/.test(l.trim())) break;
    if (l.trim() === "" || indent(l) > 3) continue;
    // A local delivery (Exim's appendfile or pipe transport) is listed by its target, "save to /path" or
    // "pipe to |command", then "generated by <address>": the address the target was expanded from.
    const local = LOCAL_TARGET.exec(l);
    const m = local ? null : addrLine.exec(l);
    if (!m && !local) {
      if (out.length > 0 && indent(l) === 0) break;
      continue;
    }
    let recipient = m ? normalizeAddress(m[1]) : null;
    const detail: string[] = m?.[2] ? [m[2]] : [];
    let j = i + 1;
    // Details follow up to the empty line that separates recipients (Exim indents them; GMX does not).
    for (; j < ls.length && j < i + 80; j++) {
      const d = ls[j]!;
      // 1&1 and some Exim builds leave one empty line between "rcpt:" and its details.
      if (d.trim() === "" && detail.length === 0 && /:\s*$/.test(l) && (ls[j + 1] ?? "").trim() !== "")
        continue;
      if (d.trim() === "" || (indent(d) <= 3 && addrLine.test(d) && !/^\s*\d/.test(d))) break;
      detail.push(d.trim());
    }
    i = j - 1;
    let remoteMta: string | null = null;
    let stage: Stage | null = null;
    const reply: string[] = [];
    for (const d of detail) {
      const h = /^host:?\s+([^\s[\]]+)(?:\s*\[([^\]]{1,64})\])?(?::\d+)?:?\s*(.*)$/i.exec(d);
      if (h && h[1]?.includes(".")) {
        remoteMta = cleanHost(h[1]);
        if (h[3]) reply.push(h[3]);
        continue;
      }
      const e = /^SMTP error from remote (?:mail server|mailer|server) after (.{1,300})$/i.exec(d);
      if (e) {
        stage = stageFromPhrase("after " + e[1]) ?? stage;
        continue;
      }
      if (/^\(generated from |^\(ultimately generated from /i.test(d)) continue;
      const by = local ? /^generated by (\S+)$/i.exec(d) : null;
      if (by) {
        recipient ??= normalizeAddress(by[1]);
        continue;
      }
      reply.push(d);
    }
    // A pipe's failure is the program's: keep Exim's own "pipe to |command" words with what it said.
    if (local?.[0].includes("pipe to")) reply.unshift(l.trim());
    out.push({
      recipient,
      raw: reply.join("\n"),
      remoteMta,
      stage: stage ?? stageFromPhrase(detail.join(" ")),
      source: "exim",
    });
  }
  return out;
}

/** Sendmail: recipient list with `(reason: ...)`, then `----- Transcript of session follows -----`. */
function sendmailRecords(text: string, ls: string[]): TextRecord[] {
  const tStart = ls.findIndex((l) => /-{3,}\s*Transcript of session follows\s*-{3,}/i.test(l));
  const out: TextRecord[] = [];
  let tr: { stage: Stage | null; raw: string; recipient: string | null; code: number | null } | null = null;
  let remoteMta: string | null = null;
  if (tStart >= 0) {
    const tl: string[] = [];
    for (let i = tStart + 1; i < ls.length && i < tStart + 400; i++) {
      const l = ls[i]!;
      if (/^\s*-{3,}/.test(l) || /^Content-/i.test(l) || /^--\S/.test(l)) break;
      tl.push(l);
    }
    const wt = /while talking to ([A-Za-z0-9][A-Za-z0-9.-]{0,253})/i.exec(tl.join("\n"));
    remoteMta = cleanHost(wt?.[1]);
    let session = tl.filter((l) => /^\s*(?:>>>|<<<)/.test(l));
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
  const lStart = ls.findIndex((l) =>
    /-{3,}\s*The following addresses? ha(?:d|ve) (?:permanent fatal errors|transient non-fatal errors|delivery problems)/i.test(
      l,
    ),
  );
  if (lStart >= 0) {
    for (let i = lStart + 1; i < ls.length && i < lStart + 2000 && out.length < MAX_RECIPIENTS; i++) {
      const l = ls[i]!.trim();
      if (l === "" || /^-{3,}/.test(l)) {
        if (out.length) break;
        continue;
      }
      const reason = /^\(reason:\s*(.*?)\)?$/i.exec(l);
      if (reason && out.length) {
        const last = out[out.length - 1]!;
        if (!last.raw) last.raw = reason[1] ?? "";
        continue;
      }
      if (/^\(/.test(l)) continue;
      const a = normalizeAddress(l);
      if (a) out.push({ recipient: a, raw: "", remoteMta, stage: null, source: "sendmail" });
    }
  }
  if (out.length === 0 && tStart >= 0) out.push(...sendmailSummaryRecords(ls, tStart, remoteMta));
  if (out.length > 1 && out.every((r) => r.raw)) return out;
  if (!tr && out.length && out.every((r) => !r.raw)) {
    // Biglobe-style notices give the reason in its own dashed section ("Non-delivered information").
    const ni = ls.findIndex((l) => /^\s*-{3,}\s*Non-delivered information\s*-{3,}\s*$/i.test(l));
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
  if (out.length === 0 && tStart < 0 && !/sendmail/i.test(text)) return [];
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
  for (let i = tStart + 1; i < ls.length && i < tStart + 400 && out.length < MAX_RECIPIENTS; i++) {
    const l = ls[i]!;
    if (/^\s*-{3,}/.test(l)) break;
    const cmd = /^>>>\s*(MAIL|RCPT|DATA|EHLO|HELO)/i.exec(l);
    if (cmd) {
      const c = cmd[1]!.toUpperCase();
      lastCommand = c === "MAIL" ? "mail_from" : c === "RCPT" ? "rcpt_to" : c === "DATA" ? "data" : "helo";
      continue;
    }
    const reply = /^<<<\s*([45]\d\d[ -].*)$/.exec(l);
    if (reply) {
      lastReply = { raw: reply[1]!.trim(), stage: lastCommand };
      continue;
    }
    const sum = /^\s*([45]\d\d) <([^<>\s]{1,320})>\.\.\. ?(.*)$/.exec(l);
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

/** Exchange / Microsoft 365 NDRs: `Remote Server returned '550 5.1.10 RESOLVER...'` per recipient. */
function exchangeRecords(ls: string[]): TextRecord[] {
  const out: TextRecord[] = [];
  let receiving: string | null = null;
  let lastAddr: { a: string; at: number } | null = null;
  let failedListAddr: string | null = null;
  let inFailedList = false;
  // Microsoft 365's newer notices open with "Your message to a@b couldn't be delivered."
  let yourMessageTo: string | null = null;
  for (let i = 0; i < ls.length && i < 200 && !yourMessageTo; i++) {
    const m = /Your message to (\S+@[^\s,]+?) couldn['’]t be delivered/i.exec(ls[i]!);
    if (m) yourMessageTo = normalizeAddress(m[1]);
  }
  for (let i = 0; i < ls.length && out.length < MAX_RECIPIENTS; i++) {
    const l = ls[i]!.trim();
    if (/Delivery has failed to these recipients or groups/i.test(l)) inFailedList = true;
    // Receiving server, in the English, German, French and Spanish NDR templates.
    const rs =
      /^(?:Receiving server|Empfangender Server|Serveur de r\u00e9ception|Servidor de recepci\u00f3n):\s*(\S+)/i.exec(
        l,
      );
    if (rs) receiving = cleanHost(rs[1]);
    const am = /^<?([^\s<>()]+@[^\s<>()]+?)>?(?:\s*\(.*\))?$/.exec(l);
    if (am) {
      const a = normalizeAddress(am[1]);
      if (a) {
        lastAddr = { a, at: i };
        if (inFailedList && !failedListAddr) failedListAddr = a;
      }
    }
    const m = /Remote Server returned\s*'(.*)'\s*$/i.exec(l) ?? /Remote Server returned\s*'(.*)$/i.exec(l);
    const hash = m ? null : /#([245][0-5]\d[ -][245]\.\d{1,3}\.\d{1,3}[^#]{0,500})##/.exec(l);
    const rep = /^Reported error:\s*(.+)$/i.exec(l);
    const words = m?.[1] ?? hash?.[1] ?? rep?.[1];
    if (words === undefined) continue;
    const near = lastAddr && i - lastAddr.at <= 6 ? lastAddr.a : null;
    const recipient = near ?? failedListAddr ?? yourMessageTo ?? firstAddress(words);
    if (out.some((r) => r.recipient === recipient && r.raw === words)) continue;
    out.push({ recipient, raw: words, remoteMta: null, stage: stageFromPhrase(words), source: "exchange" });
  }
  for (const r of out) r.remoteMta = receiving;
  return out;
}

/** Gmail and Google Workspace: "The response from the remote server was:" then the reply. */
function gmailRecords(text: string, ls: string[]): TextRecord[] {
  const at = ls.findIndex((l) =>
    /^\s*The (?:response from the remote server|response|error that the other server returned) was:\s*$/i.test(
      l,
    ),
  );
  if (at < 0) return [];
  const reply: string[] = [];
  for (let i = at + 1; i < ls.length && i < at + 40; i++) {
    const l = ls[i]!.trim();
    if (l === "") {
      if (reply.length) break;
      continue;
    }
    reply.push(l);
  }
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
      stage: stageFromPhrase(text),
      source: "gmail",
    },
  ];
}

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
 * Bounces that name the failed recipients after an intro line ("did not reach the following
 * recipient(s):", "was not delivered to:", Domino's "because:" block...). Addresses come one per line,
 * each optionally followed by indented detail lines.
 */
function phraseRecords(ls: string[]): TextRecord[] {
  const out: TextRecord[] = [];
  let reason: string | null = null;
  // Words between the intro and the first address (Notes lists the reason first).
  let before: string | null = null;
  let intros = 0;
  for (let i = 0; i < ls.length && i < 5000; i++) {
    const rm = REASON_INTRO_RE.exec(ls[i]!);
    if (rm && reason === null) {
      const block: string[] = rm[1] ? [rm[1]] : [];
      for (let j = i + 1; j < ls.length && j < i + 30; j++) {
        const l = ls[j]!.trim();
        if (l === "") {
          if (block.length) break;
          continue;
        }
        block.push(l);
      }
      if (block.length) reason = block.join("\n");
    }
    if (out.length || intros >= 5 || !(RCPT_INTRO_RE.test(ls[i]!) || LOCAL_INTRO_RE.test(ls[i]!))) continue;
    // Bounded attempts: each scans ahead, and a text repeating an intro line must stay linear.
    intros++;
    let cur: TextRecord | null = null;
    const pending: string[] = [];
    for (let j = i + 1; j < ls.length && j < i + 2000 && out.length < MAX_RECIPIENTS; j++) {
      const l = ls[j]!;
      if (l.trim() === "") {
        if (out.length) {
          // A blank line ends the list unless another address follows right after it.
          const next = ls[j + 1] ?? "";
          if (!/^\s{0,8}"?<?[^\s<>"@]+@[^\s<>"]+/.test(next)) break;
        }
        cur = null;
        continue;
      }
      // A short label may stand before the address ("Recipient: a@b", "\u5b9b\u5148: a@b").
      const am =
        /^\s{0,8}(?:[\p{L} -]{1,24}[:\uff1a] {0,4})?"?<?([^\s<>"@]{1,64}@[^\s<>":;,()]+?)>?"?(?:[:,;]|\s|$)(.*)$/u.exec(
          l,
        );
      if (am && (!cur || indent(l) <= indent(ls[j - 1] ?? ""))) {
        const a = normalizeAddress(am[1]);
        if (a) {
          const rest = (am[2] ?? "").trim().replace(/^\(.*?\)\s*/, "");
          cur = {
            recipient: a,
            raw: /^on\s/i.test(rest) ? "" : rest,
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
  for (const r of out) {
    if (!r.raw && reason) r.raw = reason;
    if (!r.raw && before) r.raw = before;
    r.stage = stageFromPhrase(r.raw);
  }
  return out;
}

/** Anything else: the first SMTP reply in the text, the recipient named near "failed"/"recipient" words. */
function genericRecord(text: string, ls: string[]): TextRecord | null {
  let raw: string | null = null;
  let at = -1;
  for (let i = 0; i < ls.length && i < 5000; i++) {
    const l = ls[i]!;
    const said =
      /(?:Remote host said|host \S+ said|said|reason|The error was|Error|Diagnostic-Code|Response)\s*:\s*(.*)$/i.exec(
        l,
      );
    if (
      /(?:^|[\s:;'"(])[245][0-5]\d[ -][245]\.\d{1,3}\.\d{1,3}(?!\d)/.test(l) ||
      /^\s*[45][0-5]\d[ -]\S/.test(l)
    ) {
      raw = l.trim();
      at = i;
      break;
    }
    if (said && said[1] && /[45][0-5]\d/.test(said[1])) {
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
      /^\s*[2-5][0-5]\d-/.test(raw.split("\n").pop() ?? "") ||
      /^\s*[2-5][0-5]\d[ -]/.test(l) ||
      indent(l) > 0
    )
      raw += "\n" + l.trim();
    else break;
  }
  const rm =
    /(?:following (?:recipients?|address(?:es|\(es\))?)[^:\n]{0,80}:)\s*<?([^\s<>]+@[^\s<>]+)/i.exec(text) ??
    /(?:Original-|Final-)?Recipient:?\s*(?:rfc822;\s*)?<?([^\s<>]+@[^\s<>]+)/i.exec(text) ??
    /(?:deliver(?:ed|y)?|message) to <?([^\s<>]+@[^\s<>]+?)>?[\s.:,]/i.exec(text);
  return {
    recipient: normalizeAddress(rm?.[1]) ?? firstAddress(raw),
    raw,
    remoteMta: null,
    stage: stageFromPhrase(text.slice(0, 64 * 1024)),
    source: "generic",
  };
}

function findOriginalHeaders(text: string): string | null {
  for (const re of ORIGINAL_MARKERS) {
    const m = re.exec(text);
    if (!m) continue;
    const rest = text.slice(m.index + m[0].length).replace(/^\s*\n/, "");
    const block = rest.slice(0, 256 * 1024);
    if (looksLikeHeaders(block)) return block;
  }
  return null;
}

const HAS_CODE_RE = /(?:^|[^\d.])(?:[245][0-5]\d(?:[ -]|$)|[245]\.\d{1,3}\.\d{1,3}(?!\d))/m;

export function scanBounceText(text: string): TextScan {
  const ls = lines(text.slice(0, 4 * 1024 * 1024));
  const hints: string[] = [];
  const gen = /^[ \t]*Generating server:\s*(\S+)/im.exec(text);
  if (gen?.[1]) hints.push(`generating-server: ${gen[1].toLowerCase()}`);
  const rep = /^[ \t]*Reporting-MTA:\s*(?:dns;\s*)?(\S+)/im.exec(text);
  if (rep?.[1]) hints.push(`reporting-mta: ${rep[1].toLowerCase()}`);
  const mail = /This is the mail system at host (\S+?)\.?\s*$/im.exec(text);
  if (mail?.[1]) hints.push(`postfix-host: ${mail[1].toLowerCase()}`);
  if (/qmail-send program/i.test(text)) hints.push("mta: qmail");

  let records: TextRecord[] = [];
  if (
    /Remote Server returned '|Delivery has failed to these recipients|Diagnostic information for administrators|^[ \t]*Reported error:/im.test(
      text,
    ) ||
    // Localized Exchange NDRs keep the "#550 5.1.1 RESOLVER... ##" line whatever the language around it.
    /^[ \t]*#[245][0-5]\d[ -][245]\.\d{1,3}\.\d{1,3}[^#\n]{0,500}##/m.test(text)
  )
    records = exchangeRecords(ls);
  if (
    !records.length &&
    /The (?:response from the remote server|response|error that the other server returned) was:/i.test(text)
  )
    records = gmailRecords(text, ls);
  if (
    !records.length &&
    /Transcript of session follows|following addresses? ha(?:d|ve) (?:permanent fatal|transient|delivery problems)/i.test(
      text,
    )
  )
    records = sendmailRecords(text, ls);
  if (!records.length) records = vendorRecords(text, ls);
  if (!records.length) records = angleRecords(ls);
  if (!records.length) records = eximRecords(ls);
  if (!records.length) records = phraseRecords(ls);
  if (!records.length || records.every((r) => !r.raw)) {
    const g = genericRecord(text, ls);
    if (g && records.length) for (const r of records) r.raw ||= g.raw;
    else if (g) records = [g];
  } else if (records.length <= 20 && records.every((r) => !HAS_CODE_RE.test(r.raw))) {
    // The list gave prose only ("Adresse introuvable"), the reply is quoted further down: a notice's
    // single reply, or one that names the recipient, is that recipient's reply.
    const g = genericRecord(text, ls);
    if (g)
      for (const r of records)
        if (records.length === 1 || (r.recipient && g.raw.toLowerCase().includes(r.recipient.toLowerCase())))
          r.raw = g.raw;
  }
  return { records, originalHeaders: findOriginalHeaders(text), hints };
}

import type { ParsedBounce } from "@/lib/bounce/types";
import { cleanHost, domainOf, normalizeAddress, normalizeIp } from "@/lib/bounce/parse/addr";
import { parseReply, stageFromPhrase } from "@/lib/bounce/parse/reply";
import { emptyParsed } from "@/lib/bounce/parse/transcript";

/** What one log line or record says happened to one recipient. */
export type EventKind = "bounce" | "deferral" | "delivered";

export interface BulkEvent {
  kind: EventKind;
  parsed: ParsedBounce | null;
}

export type BulkFormat = "postfix" | "exim" | "mbox" | "lines" | "csv";

const POSTFIX_RE = /\bpostfix[\w.-]*\/[\w/.-]+\[\d+\]:|\bstatus=(?:sent|bounced|deferred|expired)\b/;
/** Exim message id (spec "Message identification"): 6-6-2 base-62 before 4.97, 6-11-4 from 4.97 on. */
const EXIM_ID = String.raw`[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}`;
const EXIM_RE = new RegExp(String.raw`(?:^|\s)${EXIM_ID} (?:<=|=>|->|\*>|\*\*|==|Completed)`);
const CSV_HEADER_RE =
  /(?:^|[,;\t|"])\s*"?(?:e-?mail|recipient|address|email_address|to|rcpt)[\w .-]*"?\s*(?:[,;\t|]|$)/i;

/** Guess the format from the first lines (blank lines already dropped). */
export function detectFormat(first: string[]): BulkFormat {
  const sample = first.slice(0, 50);
  if (sample.length === 0) return "lines";
  const head = sample[0]!;
  if (/^From \S+/.test(head) && !POSTFIX_RE.test(head)) return "mbox";
  const pf = sample.filter((l) => POSTFIX_RE.test(l)).length;
  const ex = sample.filter((l) => EXIM_RE.test(l)).length;
  if (pf > 0 && pf >= ex) return "postfix";
  if (ex > 0) return "exim";
  if (/^(?:Return-Path|Received|From|Delivered-To|X-[\w-]+):\s/i.test(head)) return "mbox";
  // A header row: an address column plus another column an ESP export has (reason, status, type, time...).
  if (CSV_HEADER_RE.test(head) && !/^\s*[2-5]\d\d[ -]/.test(head)) {
    const cols = head.split(/[,;\t|]/).map((c) => c.trim().replace(/^"|"$/g, ""));
    const other =
      /reason|diagnostic|response|status|code|type|descr|detail|error|message|date|time|created|event|bounce|severity/i;
    if (cols.length >= 2 && cols.some((c) => other.test(c) && !/e-?mail|recipient|address/i.test(c)))
      return "csv";
  }
  return "lines";
}

function base(): ParsedBounce {
  return emptyParsed("");
}

const PF_STATUS_RE = /\bstatus=(sent|bounced|deferred|expired|undeliverable|deliverable)\b/;
const PF_TO_RE = /\bto=<([^>]{0,320})>/;
const PF_RELAY_RE = /\brelay=([^,\s]{1,300})/;
const PF_DSN_RE = /\bdsn=([245]\.\d{1,3}\.\d{1,3})\b/;
const PF_FROM_RE = /\bfrom=<([^>]{0,320})>/;

/**
 * Postfix delivery agent lines (smtp, lmtp, local, virtual, error):
 * `... postfix/smtp[123]: QID: to=<rcpt>, relay=host[ip]:25, ..., dsn=5.1.1, status=bounced (reply)`.
 * The words in parentheses are the remote reply as Postfix reports it (postconf(5), smtp(8)).
 */
export function parsePostfixLine(line: string): BulkEvent | null {
  const sm = PF_STATUS_RE.exec(line);
  if (!sm) return null;
  const status = sm[1]!;
  if (status === "sent" || status === "deliverable") return { kind: "delivered", parsed: null };
  const p = base();
  p.recipient = normalizeAddress(PF_TO_RE.exec(line)?.[1]);
  const relay = PF_RELAY_RE.exec(line)?.[1] ?? null;
  if (relay && relay !== "none") p.remoteMta = cleanHost(relay);
  const open = line.indexOf("(", sm.index);
  const close = line.lastIndexOf(")");
  const detail = open >= 0 && close > open ? line.slice(open + 1, close) : "";
  if (status === "expired") {
    p.senderDomain = domainOf(normalizeAddress(PF_FROM_RE.exec(line)?.[1]));
    p.text = "message expired in the queue: returned to sender";
    p.dsnAction = "failed";
    return { kind: "bounce", parsed: p };
  }
  const r = parseReply(detail);
  p.replyCode = r.replyCode;
  p.enhancedCode = r.enhancedCode ?? PF_DSN_RE.exec(line)?.[1] ?? null;
  p.text = r.text;
  p.stage = r.stage;
  p.remoteMta = r.remoteMta ?? p.remoteMta;
  p.dsnAction = status === "deferred" ? "delayed" : "failed";
  return { kind: status === "deferred" ? "deferral" : "bounce", parsed: p };
}

// Anchored on the message id rather than the timestamp, so syslog-wrapped lines ("Mar  7 ... exim[12]: ...") work too.
const EXIM_EV_RE = new RegExp(String.raw`(?:^|\s)(${EXIM_ID}) (\*\*|==|=>|->|\*>) (\S+)(.*)$`);
const EXIM_H_RE = /\bH=(\S+)(?: \([^)]{0,255}\))? \[([^\]]{1,64})\]/;
const EXIM_I_RE = /\bI=\[([^\]]{1,64})\]/;
const EXIM_SMTP_ERR_RE =
  /SMTP error from remote (?:mail server|mailer) after ([^:]{1,200}?)(?::<[^>]{0,320}>)?: /;

/**
 * Exim main log (spec chapter "Log files"): `**` delivery failed, `==` deferred, `=>`/`->` delivered.
 * `H=host [ip]` is the remote host, `I=[ip]` the local interface (the sending IP, with +outgoing_interface).
 */
export function parseEximLine(line: string): BulkEvent | null {
  const m = EXIM_EV_RE.exec(line);
  if (!m) return null;
  const flag = m[2]!;
  if (flag === "=>" || flag === "->" || flag === "*>") return { kind: "delivered", parsed: null };
  const rest = m[4] ?? "";
  const p = base();
  p.recipient = normalizeAddress(m[3]!.replace(/:$/, ""));
  const h = EXIM_H_RE.exec(rest);
  if (h) p.remoteMta = cleanHost(h[1]);
  p.sendingIp = normalizeIp(EXIM_I_RE.exec(rest)?.[1]);
  const se = EXIM_SMTP_ERR_RE.exec(rest);
  let words: string;
  if (se) {
    p.stage = stageFromPhrase("after " + se[1]);
    words = rest.slice(se.index + se[0].length);
  } else {
    // `** rcpt <orig> R=router T=transport: message` or `** rcpt: message`.
    const colon = rest.search(/: /);
    words = colon >= 0 ? rest.slice(colon + 2) : rest;
    words = words.replace(/^host \S+ \[[^\]]{1,64}\]:\s*/, "");
  }
  const r = parseReply(words);
  p.replyCode = r.replyCode;
  p.enhancedCode = r.enhancedCode;
  p.text = r.text;
  p.stage = p.stage ?? r.stage;
  p.dsnAction = flag === "==" ? "delayed" : "failed";
  return { kind: flag === "==" ? "deferral" : "bounce", parsed: p };
}

/** Column roles found in a CSV header row (ESP bounce exports: SendGrid, Mailgun, Postmark, SES...). */
export interface CsvColumns {
  recipient: number;
  reason: number;
  code: number;
  type: number;
  ip: number;
}

export function csvColumns(header: string[]): CsvColumns | null {
  const names = header.map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ""));
  const find = (...res: RegExp[]) => {
    for (const re of res) {
      const i = names.findIndex((n) => re.test(n));
      if (i >= 0) return i;
    }
    return -1;
  };
  const recipient = find(
    /^(?:e-?mail|recipient|address|email[ _.-]?address|to|rcpt|recipient[ _.-]?email)$/,
    /e-?mail|recipient|address/,
  );
  if (recipient < 0) return null;
  return {
    recipient,
    // The SMTP words first (Postmark has both "Description" and "Details"; the latter is the reply).
    reason: find(
      /^(?:diagnostic[ _.-]?code|diagnostic|smtp[ _.-]?response|response|bounce[ _.-]?reason|reason|details|delivery-status\.message)$/,
      /^(?:description|error|message|error[ _.-]?message)$/,
      /reason|diagnostic|response|details/,
      /message|description|error/,
    ),
    code: find(
      /^(?:status|code|bounce[ _.-]?code|smtp[ _.-]?code|status[ _.-]?code|response[ _.-]?code|dsn|delivery-status\.code)$/,
      /code|status/,
    ),
    type: find(
      /^(?:type|bounce[ _.-]?type|category|classification|severity|event|bouncetype)$/,
      /type|severity|category/,
    ),
    ip: find(/^(?:sending[ _.-]?ip|ip|source[ _.-]?ip|sender[ _.-]?ip|ip[ _.-]?address)$/),
  };
}

const SOFT_RE = /\b(?:soft|transient|temporary|deferr?(?:al|ed)?|delayed|tempfail|retry)/i;
const DELIVERED_RE = /^(?:delivered|delivery|sent|processed|accepted|opened|clicked)$/i;

export function parseCsvRecord(rec: string[], cols: CsvColumns): BulkEvent | null {
  const get = (i: number) => (i >= 0 ? (rec[i] ?? "").trim() : "");
  const recipient = normalizeAddress(get(cols.recipient));
  const reason = get(cols.reason);
  const code = get(cols.code);
  const type = get(cols.type);
  if (!recipient && !reason && !code) return null;
  if (DELIVERED_RE.test(type)) return { kind: "delivered", parsed: null };
  // The reason may hold the whole reply, or only words with the code in its own column.
  const r = parseReply(/^[2-5]\d\d\b|^[245]\.\d/.test(reason) || !code ? reason : `${code} ${reason}`);
  const p = base();
  p.recipient = recipient;
  p.replyCode = r.replyCode ?? (/^[2-5][0-5]\d$/.test(code) ? Number(code) : null);
  p.enhancedCode = r.enhancedCode ?? (/^[245]\.\d{1,3}\.\d{1,3}$/.test(code) ? code : null);
  p.text = r.text || type;
  p.stage = r.stage;
  p.remoteMta = r.remoteMta;
  p.sendingIp = normalizeIp(get(cols.ip));
  const cls = p.enhancedCode?.[0] ?? (p.replyCode !== null ? String(p.replyCode)[0] : null);
  const soft = cls === "4" || (cls === null && SOFT_RE.test(type));
  p.dsnAction = soft ? "delayed" : "failed";
  if (type) p.hints.push(`esp-type: ${type.slice(0, 60)}`);
  return { kind: soft ? "deferral" : "bounce", parsed: p };
}

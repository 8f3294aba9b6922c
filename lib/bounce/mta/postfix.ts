import { cleanHost, normalizeAddress } from "@/lib/bounce/parse/addr";
import { MAX_RECIPIENTS } from "@/lib/bounce/parse/limits";
import { stageFromPhrase } from "@/lib/bounce/parse/reply";
import { parseTranscript } from "@/lib/bounce/parse/transcript";
import { QMAIL, qmailBlock } from "./qmail";
import type { TextFormat, TextRecord } from "./text";
import { charCodeAt, includes, trim, trimEnd } from "@/lib/string-fns";

/*
 * Postfix's notice (bounce(8), the templates of bounce_template(5)): "This is the mail system at host X."
 * then one block per recipient, "<rcpt>: host mx[ip] said: 550 ... (in reply to RCPT TO command)",
 * continuation lines indented, blocks separated by an empty line. qmail-send's notice (QSBMF,
 * cr.yp.to/proto/qsbmf.txt) lists recipients in the same "<rcpt>:" form, so the blocks are read here and
 * a block written by qmail is read by ./qmail.ts. Courier quotes the session inside such a block.
 */
const RECIPIENT_LINE_RE = /^<([^<>\s]{1,320})>(?:\s*\((?:expanded|generated) from[^)]{0,400}\))?:\s?(.*)$/i;
const REMOTE_HOST_RE =
  /(?:connect to|lost connection with|conversation with|host) ([A-Za-z0-9][A-Za-z0-9.-]{0,253})\[/i;
const SESSION_LINE_RE = /^(?:>>>|<<<)/;
const SESSION_HOST_RE = /^([A-Za-z0-9][A-Za-z0-9.-]{0,253})\s*\[[^\]]{1,64}\]:?$/m;

/** Postfix (`<rcpt>: host X[ip] said: ...`), qmail and Yahoo (`<rcpt>:` then `Remote host said: ...`). */
function angleRecords(text: string, ls: string[]): TextRecord[] {
  // A record line opens with "<": one search rules out a notice without any, not a test of every line.
  if (charCodeAt(text, 0) !== 60 && !includes(text, "\n<")) return [];
  const out: TextRecord[] = [];
  // Read once: through a CommonJS transform every use of an imported binding is a getter call.
  const maxRecipients = MAX_RECIPIENTS;
  for (let i = 0; i < ls.length && out.length < maxRecipients; i++) {
    // Record lines start at column 0; Postfix indents its continuation lines, which may start with <rcpt> too.
    const m = charCodeAt(ls[i]!, 0) === 60 ? RECIPIENT_LINE_RE.exec(trimEnd(ls[i]!)) : null;
    if (!m) continue;
    const recipient = normalizeAddress(m[1]);
    if (!recipient) continue;
    const block: string[] = [m[2] ?? ""];
    let j = i + 1;
    for (; j < ls.length && j < i + 60; j++) {
      const l = ls[j]!;
      const t = trim(l);
      if (t === "") break;
      if (l.startsWith("<") && RECIPIENT_LINE_RE.test(l.trimEnd())) break;
      block.push(t);
    }
    i = j - 1;
    const text = block.join("\n").trim();
    let raw = text;
    let remoteMta: string | null = null;
    let source = "postfix";
    const q = qmailBlock(text);
    if (q) {
      source = QMAIL.id;
      raw = q.raw;
      remoteMta = q.remoteMta;
    } else {
      const c = REMOTE_HOST_RE.exec(text);
      remoteMta = cleanHost(c?.[1]);
    }
    let stage = stageFromPhrase(text);
    // Courier quotes the session: "mx.example.com [192.0.2.1]:" then ">>> RCPT TO:<...>" / "<<< 550 ...".
    const session = block.filter((l) => SESSION_LINE_RE.test(l));
    if (session.length) {
      const t = parseTranscript(session.join("\n"))[0];
      if (t && t.replyCode !== null) {
        raw = `${t.replyCode} ${t.enhancedCode ?? ""} ${t.text}`;
        stage = t.stage ?? stage;
      }
      const host = SESSION_HOST_RE.exec(text);
      remoteMta = remoteMta ?? cleanHost(host?.[1]);
    }
    out.push({ recipient, raw, remoteMta, stage, source });
  }
  return out;
}

export const POSTFIX: TextFormat = {
  id: "postfix",
  name: "Postfix",
  format: "Postfix bounce(8) notice: <rcpt>: host X[ip] said: ... (in reply to ... command)",
  gate: () => true,
  records: angleRecords,
};

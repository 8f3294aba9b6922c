import type { ParsedBounce, Stage } from "@/lib/bounce/types";
import { domainOf, firstAddress, isPrivateIp, normalizeAddress, normalizeIp } from "./addr";
import { squash } from "./clean";
import { MAX_LINE_CHARS, MAX_TEXT_CHARS } from "./limits";
import { parseReply, stageFromCommand } from "./reply";
import { canonicalName } from "@/lib/dns/names";

/**
 * SMTP session transcripts (RFC 5321 §4.1 commands and §4.2 replies) in the forms people paste: plain
 * (typed into telnet / `openssl s_client`), "C:"/"S:" (RFC examples), swaks (`->` `<-` `~>` `<~`, `<**`
 * for an unexpected reply), Sendmail's `>>>`/`<<<`.
 */

type Dir = "client" | "server" | "info" | null;

const COMMAND_RE =
  /^(EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|MAIL|RCPT TO|RCPT|DATA|BDAT|QUIT|RSET|NOOP|VRFY|EXPN|\.)(?=\s|:|$)/i;
const REPLY_RE = /^([2-5][0-5]\d)([ -]|$)/;

interface Line {
  dir: Dir;
  content: string;
  explicit: boolean;
}

// Read once: through a CommonJS transform every use of an imported binding is a getter call, and this
// bound is read for every line.
const maxLine = MAX_LINE_CHARS;

function classify(raw: string): Readonly<Line> {
  const line = raw.length > maxLine ? raw.slice(0, maxLine) : raw;
  // trimStart removes what /^\s+/ matches (WhiteSpace and LineTerminator), without a regex.
  const t = line.trimStart();
  // Each prefix form opens with its own first character: the line's first one picks the regex to try.
  const c0 = t.charCodeAt(0);
  let m =
    c0 === 0x2d || c0 === 0x7e || c0 === 0x3e || c0 === 0x43 // - ~ > C
      ? /^(->|~>|>>>|C:|>)(?: |$)/.exec(t)
      : null;
  if (m) return { dir: "client", content: t.slice(m[0].length), explicit: true };
  m = c0 === 0x3c || c0 === 0x53 ? /^(<-|<~|<\*\*|<~\*|<<<|S:|<)(?: |$)/.exec(t) : null; // < S
  if (m) return { dir: "server", content: t.slice(m[0].length), explicit: true };
  if ((c0 === 0x3d || c0 === 0x2a) && /^(?:===|\*\*\*)\s/.test(t))
    return { dir: "info", content: t.slice(4), explicit: true };
  if (REPLY_RE.test(t)) return { dir: "server", content: t, explicit: false };
  if (COMMAND_RE.test(t)) return { dir: "client", content: t, explicit: false };
  return OTHER_LINE;
}

/** Any other line: its content is never read, so one object stands for all of them. */
const OTHER_LINE: Readonly<Line> = { dir: null, content: "", explicit: false };

/** Counts used by the input-kind detector. */
export function transcriptScore(text: string): { commands: number; replies: number; explicit: number } {
  let commands = 0;
  let replies = 0;
  let explicit = 0;
  const lines = text.slice(0, 200_000).split("\n", 400);
  for (const l of lines) {
    const c = classify(l);
    if (c.explicit) explicit++;
    if (c.dir === "client" && COMMAND_RE.test(c.content.trim())) commands++;
    if (c.dir === "server" && REPLY_RE.test(c.content.trim())) replies++;
  }
  return { commands, replies, explicit };
}

interface Pending {
  stage: Stage;
  rcpt: string | null;
}

interface Failure {
  code: number;
  lines: string[];
  stage: Stage;
  rcpt: string | null;
}

export function parseTranscript(text: string): ParsedBounce[] {
  const queue: Pending[] = [];
  let lastStage: Stage = "connect";
  let lastRcpt: string | null = null;
  let inData = false;
  let senderDomain: string | null = null;
  let remoteMta: string | null = null;
  let sendingIp: string | null = null;
  const rcpts: string[] = [];
  // Membership for rcpts: a transcript may name thousands of recipients, and a list search per RCPT TO
  // made that quadratic.
  const rcptSet = new Set<string>();
  const failures: Failure[] = [];
  let last: Failure | null = null;
  let cur: { code: number; lines: string[] } | null = null;

  const finish = () => {
    if (!cur) return;
    const p = queue.shift() ?? { stage: lastStage, rcpt: lastStage === "rcpt_to" ? lastRcpt : null };
    const f: Failure = { code: cur.code, lines: cur.lines, stage: p.stage, rcpt: p.rcpt };
    if (cur.code === 354) inData = true;
    // The banner (RFC 5321 §4.3.1) or the EHLO reply (§4.1.1.1) starts with the server's own name.
    if ((p.stage === "connect" || (cur.code === 250 && p.stage === "helo")) && !remoteMta) {
      const host = /^([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/.exec(cur.lines[0]?.replace(/^[\d -]+/, "") ?? "");
      if (host?.[1]) remoteMta = host[1].toLowerCase();
    }
    // Many servers echo the client's address in the EHLO reply ("250-mx Hello c.example [203.0.113.5]").
    if (cur.code === 250 && p.stage === "helo" && !sendingIp) {
      const ip = /\[(?:IPv6:)?([0-9A-Fa-f.:]{3,45})\]/.exec(cur.lines[0] ?? "")?.[1];
      const n = normalizeIp(ip);
      if (n && !isPrivateIp(n)) sendingIp = n;
    }
    if (cur.code >= 400 && failures.length < 100) failures.push(f);
    last = f;
    cur = null;
  };

  for (const raw of text.split("\n")) {
    const { dir, content } = classify(raw);
    // A line that is neither a command, a reply nor an info line (most lines of a notice): nothing to read.
    if (dir === null) continue;
    const c = content.trim();
    if (dir === "info") {
      const h = /(?:Trying|Connected to)\s+([A-Za-z0-9][A-Za-z0-9.-]{0,253})/i.exec(c);
      if (h?.[1] && !remoteMta && h[1].includes(".")) remoteMta = canonicalName(h[1]);
      continue;
    }
    if (dir === "server") {
      const m = REPLY_RE.exec(c);
      if (!m) continue;
      const code = Number(m[1]);
      if (cur && code !== cur.code) finish();
      cur ??= { code, lines: [] };
      cur.lines.push(c);
      if (m[2] !== "-") finish();
      continue;
    }
    if (dir === "client") {
      finish();
      if (inData) {
        if (c === ".") {
          inData = false;
          lastStage = "after_data";
          queue.push({ stage: "after_data", rcpt: null });
        }
        continue;
      }
      const cm = COMMAND_RE.exec(c);
      const stage: Stage = (cm ? stageFromCommand(cm[1] ?? "") : null) ?? lastStage;
      let rcpt: string | null = null;
      if (cm && /^RCPT/i.test(cm[1] ?? "")) {
        rcpt = normalizeAddress(c.slice(cm[0].length));
        if (rcpt && !rcptSet.has(rcpt)) {
          rcptSet.add(rcpt);
          rcpts.push(rcpt);
        }
        lastRcpt = rcpt;
      } else if (cm && /^MAIL/i.test(cm[1] ?? "")) {
        senderDomain = domainOf(firstAddress(c.slice(cm[0].length))) ?? senderDomain;
      } else if (cm && /^BDAT/i.test(cm[1] ?? "") && /\bLAST\b/i.test(c)) {
        queue.push({ stage: "after_data", rcpt: null });
        lastStage = "after_data";
        continue;
      }
      // QUIT/RSET/NOOP get replies too but are not a delivery stage: keep the queue aligned with null-ish stage.
      queue.push({ stage, rcpt });
      lastStage = stage;
      continue;
    }
  }
  finish();

  const chosen: Failure[] = [];
  const first = failures[0];
  if (first) {
    chosen.push(first);
    // Further recipients refused at RCPT TO are separate recipients of the same attempt.
    for (const f of failures.slice(1)) {
      if (f.stage === "rcpt_to" && f.rcpt && !chosen.some((c) => c.rcpt === f.rcpt)) chosen.push(f);
    }
  } else if (last) {
    chosen.push(last);
  }
  if (chosen.length === 0) {
    return [emptyParsed(squash(text).slice(0, MAX_TEXT_CHARS), remoteMta, senderDomain)];
  }
  return chosen.map((f) => {
    const r = parseReply(f.lines.join("\n"));
    const recipient =
      f.rcpt ?? (f.stage === "rcpt_to" ? lastRcpt : null) ?? (rcpts.length >= 1 ? rcpts[0]! : null);
    return {
      replyCode: r.replyCode ?? f.code,
      enhancedCode: r.enhancedCode,
      text: r.text,
      stage: f.stage,
      recipient,
      senderDomain,
      sendingIp,
      remoteMta,
      dsnAction: null,
      hints: [],
    };
  });
}

export function emptyParsed(
  text: string,
  remoteMta: string | null = null,
  senderDomain: string | null = null,
): ParsedBounce {
  return {
    replyCode: null,
    enhancedCode: null,
    text,
    stage: null,
    recipient: null,
    senderDomain,
    sendingIp: null,
    remoteMta,
    dsnAction: null,
    hints: [],
  };
}

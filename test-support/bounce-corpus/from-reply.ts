/**
 * Test helper: a ParsedBounce from a bare SMTP reply (one line or a multi-line "550-... / 550 ..." reply),
 * for exercising the classifier independently of the parsers. Codes are taken from the start of each line
 * (RFC 5321 section 4.2: "ddd-" continuation, "ddd " last line; RFC 2034 section 4: enhanced code after it).
 */
import type { ParsedBounce, Stage } from "@/lib/bounce/types";

const LINE = /^(?:([2-5]\d\d)(?:[ -]|$))?(?:#?([245]\.\d{1,3}\.\d{1,3})(?![.\d]))?\s?/;

export function fromReply(
  reply: string,
  extra: Partial<ParsedBounce> & { stage?: Stage | null } = {},
): ParsedBounce {
  let replyCode: number | null = null;
  let enhancedCode: string | null = null;
  const words: string[] = [];
  for (const raw of reply.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = LINE.exec(line);
    if (m && (m[1] || m[2])) {
      if (m[1]) replyCode ??= Number(m[1]);
      enhancedCode ??= m[2] ?? null;
      words.push(line.slice(m[0].length));
    } else {
      words.push(line);
    }
  }
  return {
    replyCode,
    enhancedCode,
    text: words.join(" ").trim(),
    stage: null,
    recipient: null,
    senderDomain: null,
    sendingIp: null,
    remoteMta: null,
    dsnAction: null,
    hints: [],
    ...extra,
  };
}

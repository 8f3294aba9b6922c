import { randomBytes } from "node:crypto";

/**
 * The one gate between the CLI and a terminal. Everything human-readable that the CLI prints goes through
 * `toTerminal` (via `writeHuman`), which shows every control character as an escape (`\x1b`, `\x07`,
 * `\u009b`), so DNS data, bounce text and file names cannot move the cursor, clear the screen, set the
 * window title (OSC 0), plant hyperlinks (OSC 8) or ring the bell in an operator's terminal or a CI log.
 *
 * The CLI's own colours and line clearing are not written as raw escapes either: `trustedSequence` hands out
 * a printable placeholder carrying a random per-process nonce, which `toTerminal` turns back into the
 * sequence after escaping. Text from outside cannot forge a placeholder without knowing the nonce.
 */

const NONCE = randomBytes(8).toString("hex");
const OPEN = "\u{E000}";
const CLOSE = "\u{E001}";
const sequences: string[] = [];
const indexOf = new Map<string, number>();
const PLACEHOLDER = new RegExp(`${OPEN}${NONCE}:(\\d+)${CLOSE}`, "gu");

/** A placeholder for a control sequence the CLI itself means to send (SGR colours, erase line). */
export function trustedSequence(seq: string): string {
  let i = indexOf.get(seq);
  if (i === undefined) {
    i = sequences.push(seq) - 1;
    indexOf.set(seq, i);
  }
  return `${OPEN}${NONCE}:${i}${CLOSE}`;
}

/**
 * Characters a terminal acts on rather than prints: C0 controls but line feed and tab (the CLI's own
 * layout; they cannot change terminal state), DEL, C1 controls (U+0080–U+009F: 8-bit CSI/OSC on some
 * terminals), the line/paragraph separators, the bidirectional overrides and isolates that reorder what is
 * shown (Trojan Source, CVE-2021-42574), and lone UTF-16 surrogates (not text at all).
 */
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Shows one unsafe character as an escape a reader recognises: \r, \x1b, \u009b. */
function escapeChar(c: string): string {
  if (c === "\r") return "\\r";
  const code = c.charCodeAt(0);
  return code < 0x80
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text safe to show: every control character from any source escaped. A CR that ends a line (CRLF: SMTP
 * replies, MTA-STS policy files, mail) is just a line end and is shown as one; a lone CR could return to the
 * start of the line and overprint it, so it stays escaped.
 */
export function escapeControls(text: string): string {
  return text.replace(/\r\n/g, "\n").replace(UNSAFE, escapeChar);
}

/** The final form of human output: controls escaped, then the CLI's own sequences put in. */
export function toTerminal(text: string): string {
  return escapeControls(text).replace(PLACEHOLDER, (_, i: string) => sequences[Number(i)] ?? "");
}

/** Writes human-readable text to a terminal (or a pipe, or a CI log) through the escaper. */
export function writeHuman(stream: NodeJS.WritableStream, text: string): void {
  stream.write(toTerminal(text));
}

/**
 * Writes one JSON document. JSON.stringify already escapes C0 controls; DEL, C1 controls and the
 * separators it leaves raw are written as \u escapes too (the same JSON value, safe to `cat`).
 */
export function writeJson(stream: NodeJS.WritableStream, value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  stream.write(`${text}\n`);
}

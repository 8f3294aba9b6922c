import { AppError } from "@/lib/errors";
import { MAX_PARSE_CHARS } from "./limits";

// C0 controls other than TAB/LF/CR/ESC, DEL, and C1 controls.
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/g;
// ESC is kept only where it opens an ISO-2022 designation (RFC 1468 "ESC $ B", "ESC ( B"...): Japanese
// notices are sent in ISO-2022-JP as 7bit text, and the MIME layer decodes them once the escapes survive.
const STRAY_ESC_RE = /\u001b(?![$(])/g;

// Anything the three replacements below would change (CR, the controls, ESC): most text has none, and one
// test that allocates nothing is cheaper than three replacements that copy the string.
const NEEDS_CLEAN_RE = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Normalize line ends to LF and drop NULs and control characters. Linear time. */
export function stripControls(text: string): string {
  if (!NEEDS_CLEAN_RE.test(text)) return text;
  // CRLF, then a lone CR, to LF: what /\r\n?/g does, with a string search for the common pair.
  let lf = text.includes("\r\n") ? text.split("\r\n").join("\n") : text;
  if (lf.includes("\r")) lf = lf.replace(/\r/g, "\n");
  return lf.replace(CONTROL_RE, "").replace(STRAY_ESC_RE, "");
}

/** Any character other than white space: a text without one is empty once trimmed. */
const NON_BLANK_RE = /\S/;

/**
 * Prepare one user input for parsing: refuse empty input, keep at most MAX_PARSE_CHARS (a 50 MB paste
 * is analysed on its first 10 MB rather than refused, so the user still gets an answer), strip controls.
 */
export function cleanInput(text: string): string {
  if (typeof text !== "string" || !NON_BLANK_RE.test(text)) {
    throw new AppError("empty_input", "Paste a bounce: an SMTP reply, a transcript or a bounce message.");
  }
  const cut = text.length > MAX_PARSE_CHARS ? text.slice(0, MAX_PARSE_CHARS) : text;
  const stripped = stripControls(cut);
  const cleaned = stripped.charCodeAt(0) === 0xfeff ? stripped.slice(1) : stripped;
  if (!NON_BLANK_RE.test(cleaned)) {
    throw new AppError("empty_input", "The input holds no readable text.");
  }
  return cleaned;
}

/** Collapse runs of whitespace to one space and trim: the form `text` is reported in. */
export function squash(text: string): string {
  // Already squashed (no white space but single spaces between words): most short texts.
  if (!UNSQUASHED_RE.test(text)) return text;
  return text.replace(UNSQUASHED_RUN_RE, " ").trim();
}

/**
 * The runs of white space that are not a single space, each matched whole: one starting with another
 * white space character, or a space followed by more. Replacing only these gives what /\s+/g does, without
 * a match (and a copy of " ") at every space between words.
 */
const UNSQUASHED_RUN_RE = /[^\S ]\s*| \s+/g;

/** White space that squash would change: a run, anything but a space, a space at either end. */
const UNSQUASHED_RE = /\s\s|[^\S ]|^ | $/;

/**
 * squash(text.slice(0, inChars)).slice(0, outChars), squashing a shorter prefix first when that already
 * gives outChars characters: squashing a prefix of a text gives a prefix of the text's squash (a run of
 * white space cut short by the prefix's end is trimmed, and the full text has a space or more there).
 */
export function squashedPrefix(text: string, inChars: number, outChars: number): string {
  if (inChars > outChars * 2 && text.length > outChars * 2) {
    const s = squash(text.slice(0, outChars * 2));
    if (s.length >= outChars) return s.slice(0, outChars);
  }
  return squash(text.slice(0, inChars)).slice(0, outChars);
}

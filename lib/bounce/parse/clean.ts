import { AppError } from "@/lib/errors";
import { MAX_PARSE_CHARS } from "./limits";
import { slice } from "@/lib/string-fns";

// C0 controls other than TAB/LF/CR/ESC, DEL, and C1 controls.
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/g;
// ESC is kept only where it opens an ISO-2022 designation (RFC 1468 "ESC $ B", "ESC ( B"...): Japanese
// notices are sent in ISO-2022-JP as 7bit text, and the MIME layer decodes them once the escapes survive.
const STRAY_ESC_RE = /\u001b(?![$(])/g;

// Anything the three replacements below would change (CR, the controls, ESC): most text has none, and one
// test that allocates nothing is cheaper than three replacements that copy the string.
const NEEDS_CLEAN_RE = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * A WebAssembly module whose scan(n) is 1 when one of the first n bytes of its memory is a byte that
 * NEEDS_CLEAN_RE matches (0x00-0x08, 0x0B-0x1F, 0x7F-0x9F), else 0: it compares 16 bytes at a time
 * (SIMD), where irregexp tests the regular expression's ranges one character at a time (about 7x the
 * time on a few KB). Its 64 KiB memory holds n bytes and the 64 spaces scan stores after them, which
 * complete the last group of 64.
 *
 * Four groups of 16 are tested per round with one branch, and each range test is an unsigned "<=" against
 * a constant made once: x64 has no unsigned byte "<", which V8 builds from four instructions, where "<="
 * is a minimum and a compare (about 40 % less time per byte than one group with "<" and splats per round).
 */
const SIMD = 0xfd;
const splat = (c: number, local: number) => [0x41, c, SIMD, 0x0f, 0x21, local];
/** The 16 bytes at $i + off: 0xFF where NEEDS_CLEAN_RE matches, 0 elsewhere. */
const dirty = (off: number) => [
  ...[0x20, 0x01, SIMD, 0x00, 0x00, off, 0x22, 0x02], // $v = v128.load offset=off $i
  ...[0x20, 0x03, SIMD, 0x2a], // i8x16.le_u $v 0x1F
  ...[0x20, 0x02, 0x20, 0x04, SIMD, 0x71, 0x20, 0x05, SIMD, 0x2a], // i8x16.le_u ($v - 0x09) 0x01: TAB or LF
  ...[SIMD, 0x4f], // v128.andnot: below 0x20, not TAB or LF
  ...[0x20, 0x02, 0x20, 0x06, SIMD, 0x71, 0x20, 0x07, SIMD, 0x2a], // i8x16.le_u ($v - 0x7F) 0x20: 0x7F-0x9F
  ...[SIMD, 0x50], // v128.or
];
const SCAN_BODY = [
  ...[0x02, 0x01, 0x7f, 0x06, 0x7b], // locals: $i i32 (param $n is local 0), $v and five constants v128
  ...splat(0x1f, 3),
  ...splat(0x09, 4),
  ...splat(0x01, 5),
  ...[0x41, 0xff, 0x00, SIMD, 0x0f, 0x21, 0x06], // 0x7F (i32.const is signed LEB128: two bytes)
  ...splat(0x20, 7),
  ...[0, 16, 32, 48].flatMap((off) => [0x20, 0x00, 0x20, 0x07, SIMD, 0x0b, 0x00, off]), // 64 spaces at $n
  ...[0x02, 0x40, 0x03, 0x40], // block, loop
  ...[0x20, 0x01, 0x20, 0x00, 0x4f, 0x0d, 0x01], // br_if out (i32.ge_u $i $n)
  ...dirty(0),
  ...[16, 32, 48].flatMap((off) => [...dirty(off), SIMD, 0x50]), // v128.or of the four groups
  ...[SIMD, 0x53], // v128.any_true
  ...[0x04, 0x40, 0x41, 0x01, 0x0f, 0x0b], // if: return 1
  ...[0x20, 0x01, 0x41, 0xc0, 0x00, 0x6a, 0x21, 0x01], // $i += 64
  ...[0x0c, 0x00, 0x0b, 0x0b], // br loop, end loop, end block
  ...[0x41, 0x00, 0x0b], // return 0
];
/** A length below 2^14 as unsigned LEB128. */
const uleb = (n: number) => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, n >> 7]);
const SCAN_CODE = [0x01, ...uleb(SCAN_BODY.length), ...SCAN_BODY]; // one body
const SCAN_WASM = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  ...[0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f], // types: (i32) -> i32
  ...[0x03, 0x02, 0x01, 0x00], // functions: one of type 0
  ...[0x05, 0x03, 0x01, 0x00, 0x01], // memory: one page
  ...[0x07, 0x11, 0x02], // exports: 2
  ...[0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00], // "memory": memory 0
  ...[0x04, 0x73, 0x63, 0x61, 0x6e, 0x00, 0x00], // "scan": function 0
  ...[0x0a, ...uleb(SCAN_CODE.length), ...SCAN_CODE], // code
]);

/** Characters of text copied to the module's memory per scan: one page less the 64 bytes after them. */
const SCAN_CHUNK = 65536 - 64;

/** Below this length, the regular expression answers in less time than a copy and a call. */
const SCAN_MIN_CHARS = 128;

interface Scanner {
  scan: (n: number) => number;
  /** The module's memory. */
  memory: Buffer;
}

/**
 * The scanner, made on first use (a process that never cleans a long text, such as the CLI reading one
 * reply, does not pay for starting WebAssembly, about half a millisecond); null where WebAssembly is
 * unavailable (node --jitless), and the regular expression alone answers.
 */
let scanner: Scanner | null | undefined;

function makeScanner(): Scanner | null {
  try {
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(SCAN_WASM));
    const memory = exports.memory as WebAssembly.Memory;
    return { scan: exports.scan as (n: number) => number, memory: Buffer.from(memory.buffer) };
  } catch {
    return null;
  }
}

/**
 * False when NEEDS_CLEAN_RE.test(text) is false. The text is copied to the module's memory as latin1,
 * which keeps every character up to U+00FF as its byte and the low byte of any other: a character the
 * regular expression matches (all below U+00A0) always shows, and true may be a character above U+00FF
 * whose low byte looks like one, which the caller's test of the text itself rules out.
 */
function mayNeedClean(text: string): boolean {
  if (text.length < SCAN_MIN_CHARS) return true;
  if (scanner === undefined) scanner = makeScanner();
  if (scanner === null) return true;
  for (let at = 0; at < text.length; at += SCAN_CHUNK) {
    const chunk = at === 0 && text.length <= SCAN_CHUNK ? text : text.slice(at, at + SCAN_CHUNK);
    if (scanner.scan(scanner.memory.write(chunk, 0, "latin1")) !== 0) return true;
  }
  return false;
}

/** NEEDS_CLEAN_RE.test(text), the scan first. */
function needsClean(text: string): boolean {
  return mayNeedClean(text) && NEEDS_CLEAN_RE.test(text);
}

/** Normalize line ends to LF and drop NULs and control characters. Linear time. */
export function stripControls(text: string): string {
  if (!needsClean(text)) return text;
  // CRLF, then a lone CR, to LF: what /\r\n?/g does, with a string search for the common pair.
  // replaceAll of a string finds the pairs and builds the result in one go (split and join build an array
  // of the lines first).
  let lf = text.includes("\r\n") ? text.replaceAll("\r\n", "\n") : text;
  if (lf.includes("\r")) lf = lf.replace(/\r/g, "\n");
  // CR line ends were all there was to change (a message with CRLF line ends, most of those cleaned).
  if (lf !== text && !needsClean(lf)) return lf;
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
  return slice(squash(slice(text, 0, inChars)), 0, outChars);
}

/**
 * Pure reading of a raw message (RFC 5322 header section, RFC 2045/2046 MIME structure): header fields,
 * the MIME tree with the size of each part, and what is malformed. Never throws: a message that does not
 * parse is described by its `problems`, so the report can say what is wrong instead of failing.
 */

export interface HeaderField {
  /** As written (case kept). */
  name: string;
  /** Unfolded (RFC 5322 §2.2.3), trimmed. */
  value: string;
}

export interface MimePart {
  /** "1", "1.2"...: the part's position, as IMAP numbers parts (RFC 3501 §6.4.5). "" for the whole message. */
  path: string;
  contentType: string;
  charset?: string;
  transferEncoding?: string;
  disposition?: string;
  filename?: string;
  /** Bytes of the part's body as sent (encoded). */
  size: number;
  children?: MimePart[];
}

export type MimeProblem =
  | { code: "no_header_body_separator" }
  | { code: "missing_boundary"; path: string }
  | { code: "boundary_not_found"; path: string; boundary: string }
  | { code: "missing_close_delimiter"; path: string; boundary: string }
  | { code: "bare_lf" }
  | { code: "eight_bit_without_declaration"; path: string }
  | { code: "line_too_long"; length: number }
  | { code: "too_deep"; path: string };

export interface ParsedMessage {
  headers: HeaderField[];
  /** True when only a header section was given (pasted headers): body facts are unknown. */
  headerOnly: boolean;
  size: number;
  headerSize: number;
  mime: MimePart;
  problems: MimeProblem[];
  /** Leaf parts by kind. */
  textParts: number;
  htmlParts: number;
  attachments: number;
}

/** RFC 2046 §5.1.1 limits the nesting of nothing, but a sane reader must: deeper trees are reported. */
const MAX_DEPTH = 20;
/** RFC 5322 §2.1.1: lines MUST be no more than 998 characters. */
const MAX_LINE = 998;

/** Splits the header section from the body at the first empty line (CRLF CRLF, or LF LF when bare). */
function splitHead(raw: string): { head: string; body: string | null } {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { head: raw, body: null };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

/** Header fields of a header section, unfolded; lines that are neither fields nor continuations are skipped. */
export function parseHeaderSection(head: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length) {
      const last = fields[fields.length - 1]!;
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const m = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/.exec(line);
    if (m) fields.push({ name: m[1]!, value: m[2]!.trim() });
  }
  return fields;
}

export function headerValues(headers: HeaderField[], name: string): string[] {
  const n = name.toLowerCase();
  return headers.filter((h) => h.name.toLowerCase() === n).map((h) => h.value);
}

export function headerValue(headers: HeaderField[], name: string): string | undefined {
  return headerValues(headers, name)[0];
}

/** `type/subtype; a=b; c="d"` → the lower-cased type and its parameters (RFC 2045 §5.1, quoted strings). */
export function parseStructured(value: string | undefined): {
  value: string;
  params: Record<string, string>;
} {
  if (!value) return { value: "", params: {} };
  const params: Record<string, string> = {};
  const semi = value.indexOf(";");
  const main = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const rest = semi < 0 ? "" : value.slice(semi + 1);
  const re = /\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))\s*;?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest))) {
    const key = m[1]!.toLowerCase().replace(/\*$/, "");
    params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3]!.trim();
  }
  return { value: main, params };
}

function describePart(
  path: string,
  headers: HeaderField[],
  body: string,
  problems: MimeProblem[],
  depth: number,
  defaultType = "text/plain",
): MimePart {
  const ct = parseStructured(headerValue(headers, "content-type"));
  const contentType = ct.value && ct.value.includes("/") ? ct.value : defaultType;
  const cte = headerValue(headers, "content-transfer-encoding")?.trim().toLowerCase();
  const cd = parseStructured(headerValue(headers, "content-disposition"));
  const filename = cd.params.filename ?? ct.params.name;
  const part: MimePart = {
    path,
    contentType,
    ...(ct.params.charset ? { charset: ct.params.charset.toLowerCase() } : {}),
    ...(cte ? { transferEncoding: cte } : {}),
    ...(cd.value ? { disposition: cd.value } : {}),
    ...(filename ? { filename } : {}),
    size: Buffer.byteLength(body, "latin1"),
  };
  // RFC 2045 §6.2: without a declared 8bit/binary encoding, a body is 7bit: 8-bit bytes are not allowed.
  if (!contentType.startsWith("multipart/") && (!cte || cte === "7bit") && /[\x80-\xff]/.test(body)) {
    problems.push({ code: "eight_bit_without_declaration", path: path || "1" });
  }
  if (!contentType.startsWith("multipart/")) return part;
  if (depth >= MAX_DEPTH) {
    problems.push({ code: "too_deep", path });
    return part;
  }
  const boundary = ct.params.boundary;
  if (!boundary) {
    problems.push({ code: "missing_boundary", path });
    return part;
  }
  // RFC 2046 §5.1.1: a delimiter is CRLF "--" boundary at the start of a line; the close delimiter adds "--".
  const lines = body.split(/\r?\n/);
  const delimiter = `--${boundary}`;
  const children: string[][] = [];
  let current: string[] | null = null;
  let closed = false;
  for (const line of lines) {
    const trimmed = line.replace(/[ \t]+$/, "");
    if (trimmed === `${delimiter}--`) {
      if (current) children.push(current);
      current = null;
      closed = true;
      break;
    }
    if (trimmed === delimiter) {
      if (current) children.push(current);
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) children.push(current);
  if (!children.length) {
    problems.push({ code: "boundary_not_found", path, boundary });
    return part;
  }
  if (!closed) problems.push({ code: "missing_close_delimiter", path, boundary });
  // RFC 2046 §5.1.5: in multipart/digest the default content type is message/rfc822.
  const childDefault = contentType === "multipart/digest" ? "message/rfc822" : "text/plain";
  part.children = children.map((childLines, i) => {
    const text = childLines.join("\r\n");
    const { head, body: childBody } = splitHead(text);
    // A part may have no header at all (RFC 2046 §5.1.1: then it is text/plain; charset=us-ascii).
    const startsWithBlank = /^\r?\n/.test(text);
    const childHeaders = startsWithBlank ? [] : parseHeaderSection(head);
    const childPath = path ? `${path}.${i + 1}` : String(i + 1);
    return describePart(
      childPath,
      childHeaders,
      startsWithBlank ? text.replace(/^\r?\n/, "") : (childBody ?? ""),
      problems,
      depth + 1,
      childDefault,
    );
  });
  return part;
}

function countLeaves(part: MimePart, acc = { text: 0, html: 0, attachments: 0 }) {
  if (part.children) {
    for (const c of part.children) countLeaves(c, acc);
    return acc;
  }
  if (part.disposition === "attachment" || (part.filename && part.disposition !== "inline"))
    acc.attachments++;
  else if (part.contentType === "text/plain") acc.text++;
  else if (part.contentType === "text/html") acc.html++;
  else if (!part.contentType.startsWith("text/")) acc.attachments++;
  return acc;
}

/**
 * Reads a raw message. `raw` is bytes (a Buffer) or text; text is read as it stands. A message with no
 * empty line after its header section is taken as headers only (pasted headers).
 */
export function parseMessage(raw: Buffer | string): ParsedMessage {
  const text = typeof raw === "string" ? raw : raw.toString("latin1");
  const size = typeof raw === "string" ? Buffer.byteLength(raw, "utf8") : raw.length;
  const { head, body } = splitHead(text);
  const headers = parseHeaderSection(head);
  const problems: MimeProblem[] = [];
  // RFC 5322 §2.3: CR and LF only occur together as CRLF. Bare LF is common in pasted text (where the
  // paste itself converts line ends), so it is only a problem in bytes received over SMTP.
  if (typeof raw !== "string" && /(^|[^\r])\n/.test(text)) problems.push({ code: "bare_lf" });
  let longest = 0;
  for (const line of text.split(/\r?\n/)) if (line.length > longest) longest = line.length;
  if (longest > MAX_LINE) problems.push({ code: "line_too_long", length: longest });
  const headerOnly = body === null;
  const mime = describePart("", headers, body ?? "", headerOnly ? [] : problems, 0);
  const leaves = headerOnly ? { text: 0, html: 0, attachments: 0 } : countLeaves(mime);
  return {
    headers,
    headerOnly,
    size,
    headerSize: Buffer.byteLength(head, "latin1"),
    mime,
    problems,
    textParts: leaves.text,
    htmlParts: leaves.html,
    attachments: leaves.attachments,
  };
}

/** The addr-spec inside a mailbox ("Name <a@b>" → "a@b"), lower-cased domain; null when none. */
export function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  const bare = angle ? angle[1]! : /([^\s<>,;:"()]+@[^\s<>,;:"()]+)/.exec(value)?.[1];
  if (!bare) return null;
  const at = bare.lastIndexOf("@");
  return `${bare.slice(0, at)}@${bare
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "")}`;
}

export function domainOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const at = address.lastIndexOf("@");
  return at < 0 ? null : address.slice(at + 1).toLowerCase() || null;
}

/** The URIs of a List-Unsubscribe field (RFC 2369 §2: angle-bracketed, comma-separated). */
export function listUnsubscribeUris(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.replace(/\s+/g, ""));
}

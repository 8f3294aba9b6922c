/**
 * An RFC 1035 §5 master-file parser for the sandbox's fixture zones.
 *
 * Supports $ORIGIN, $TTL (RFC 2308 §4), $INCLUDE (relative to the including file), "@", relative and
 * absolute owner names, omitted owner / TTL / class, parentheses across lines, ";" comments, quoted
 * strings with "\X" and "\DDD" escapes, TTL units (1h, 2d, 1w: a BIND extension every server accepts),
 * and the RFC 3597 "\# <len> <hex>" generic RDATA form for any type.
 *
 * Records come out with lower-case absolute names without the trailing dot ("" is the root) and RDATA in
 * the shapes dns-packet encodes (see `RecordData`).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import { isIPv4, isIPv6 } from "node:net";
import dnsPacket from "dns-packet";
import { canonicalTypeName, QUERY_TYPES } from "@/lib/dns/rr-types";

/** One resource record as the sandbox serves it. */
export interface ZoneRecord {
  /** Lower-case, absolute, no trailing dot. */
  name: string;
  /** Type in dns-packet's spelling ("A", "TXT", "SPF", "UNKNOWN_65534"...). */
  type: string;
  ttl: number;
  /** RDATA in dns-packet's encoder shape; a Buffer for types dns-packet has no codec for (SPF, \#). */
  data: unknown;
  /** Where it was defined ("file:line"), for error messages. */
  source?: string;
}

export interface ParsedZoneFile {
  /** The first $ORIGIN (or the origin given by the caller). */
  origin: string | undefined;
  records: ZoneRecord[];
}

export class ZoneFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = "ZoneFileError";
  }
}

/** Types with a presentation-format parser below; anything else needs the RFC 3597 "\#" form. */
export const SUPPORTED_TYPES = [...QUERY_TYPES, "SPF", "SRV"] as const;

interface Token {
  /** Raw text: quotes removed, escapes still in place. */
  text: string;
  quoted: boolean;
}

interface LogicalLine {
  tokens: Token[];
  /** The line began with white space: the owner is the previous one (RFC 1035 §5.1). */
  blankOwner: boolean;
  line: number;
}

const CLASSES = new Set(["IN", "CH", "HS", "CS"]);

/** Splits master-file text into logical lines (parentheses join physical lines; §5.1). */
function tokenize(text: string, file: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  let parenLine = 0;
  let current: LogicalLine | null = null;
  const n = text.length;

  const flush = () => {
    if (current && current.tokens.length > 0) out.push(current);
    current = null;
  };

  while (i < n) {
    const c = text[i]!;
    if (current === null) {
      // Start of a physical line outside parentheses: note whether the owner is omitted.
      current = { tokens: [], blankOwner: c === " " || c === "\t", line };
    }
    if (c === "\n") {
      line++;
      i++;
      if (depth === 0) flush();
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === ";") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (c === "(") {
      if (depth === 0) parenLine = line;
      depth++;
      i++;
      continue;
    }
    if (c === ")") {
      if (depth === 0) throw new ZoneFileError(file, line, 'unbalanced ")"');
      depth--;
      i++;
      continue;
    }
    if (c === '"') {
      const startLine = line;
      let j = i + 1;
      let s = "";
      while (j < n && text[j] !== '"') {
        if (text[j] === "\\" && j + 1 < n) {
          s += text[j]! + text[j + 1]!;
          if (text[j + 1] === "\n") line++;
          j += 2;
          continue;
        }
        if (text[j] === "\n") line++;
        s += text[j];
        j++;
      }
      if (j >= n) throw new ZoneFileError(file, startLine, "unterminated quoted string");
      (current as LogicalLine).tokens.push({ text: s, quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    let s = "";
    while (j < n) {
      const d = text[j]!;
      if (d === "\\" && j + 1 < n) {
        s += d + text[j + 1]!;
        j += 2;
        continue;
      }
      if (
        d === " " ||
        d === "\t" ||
        d === "\r" ||
        d === "\n" ||
        d === ";" ||
        d === "(" ||
        d === ")" ||
        d === '"'
      )
        break;
      s += d;
      j++;
    }
    (current as LogicalLine).tokens.push({ text: s, quoted: false });
    i = j;
  }
  if (depth > 0) throw new ZoneFileError(file, parenLine, 'unbalanced "(": missing ")"');
  flush();
  return out;
}

/** Decodes "\X" and "\DDD" escapes (RFC 1035 §5.1) into bytes. */
function unescapeBytes(raw: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\") {
      const d = raw.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d)) {
        const v = Number(d);
        if (v > 255) throw new Error(`escape \\${d} is above 255`);
        bytes.push(v);
        i += 3;
        continue;
      }
      const next = raw[i + 1];
      if (next === undefined) throw new Error("dangling backslash");
      bytes.push(...Buffer.from(next, "utf8"));
      i += 1;
      continue;
    }
    const cp = raw.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    bytes.push(...Buffer.from(ch, "utf8"));
    i += ch.length - 1;
  }
  return Buffer.from(bytes);
}

/** Normalizes a domain name to lower case without trailing dot, validating label and name lengths. */
export function normalizeName(name: string): string {
  let n = name.toLowerCase();
  if (n.endsWith(".")) n = n.slice(0, -1);
  if (n === "") return "";
  const labels = n.split(".");
  for (const l of labels) {
    if (l.length === 0) throw new Error(`empty label in "${name}"`);
    if (Buffer.byteLength(l) > 63)
      throw new Error(`label longer than 63 octets in "${name}" (RFC 1035 §2.3.4)`);
  }
  if (Buffer.byteLength(n) + 2 > 255) throw new Error(`name longer than 255 octets: "${name}"`);
  return n;
}

/** Resolves a master-file name token against the origin: "@", absolute ("x.") or relative. */
function toName(token: Token, origin: string | undefined): string {
  const raw = token.text;
  if (raw === "@") {
    if (origin === undefined) throw new Error('"@" used before any $ORIGIN');
    return origin;
  }
  // Split on unescaped dots; "\." inside a label cannot travel through dns-packet, so refuse it.
  const labels: string[] = [];
  let cur = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\") {
      const d = raw.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d)) {
        cur += raw.slice(i, i + 4);
        i += 3;
      } else {
        if (raw[i + 1] === ".") throw new Error(`escaped "." inside a label is not supported: "${raw}"`);
        cur += raw.slice(i, i + 2);
        i += 1;
      }
      continue;
    }
    if (c === ".") {
      labels.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  const absolute = raw.endsWith(".") && !raw.endsWith("\\.");
  if (!absolute) labels.push(cur);
  if (raw === ".") return "";
  const decoded = labels.map((l) => {
    const b = unescapeBytes(l);
    if (b.includes(0x2e)) throw new Error(`"." inside a label is not supported: "${raw}"`);
    return b.toString("utf8");
  });
  const joined = decoded.join(".");
  if (absolute) return normalizeName(joined);
  if (origin === undefined) throw new Error(`relative name "${raw}" before any $ORIGIN`);
  return normalizeName(origin === "" ? joined : `${joined}.${origin}`);
}

const TTL_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses a TTL: seconds, or BIND-style units ("1h30m"). RFC 2181 §8: 0..2^31-1. */
export function parseTtl(s: string): number | null {
  if (/^[0-9]+$/.test(s)) {
    const v = Number(s);
    return v <= 0x7fffffff ? v : null;
  }
  if (!/^([0-9]+[smhdw])+$/i.test(s)) return null;
  let total = 0;
  for (const m of s.toLowerCase().matchAll(/([0-9]+)([smhdw])/g)) total += Number(m[1]) * TTL_UNITS[m[2]!]!;
  return total <= 0x7fffffff ? total : null;
}

function parseUint(s: string | undefined, max: number, what: string): number {
  if (s === undefined || !/^[0-9]+$/.test(s))
    throw new Error(`${what}: expected a number, got ${s ?? "nothing"}`);
  const v = Number(s);
  if (v > max) throw new Error(`${what}: ${v} is above ${max}`);
  return v;
}

function parseHex(s: string, what: string): Buffer {
  if (s.length === 0 || s.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(s))
    throw new Error(`${what}: invalid hex "${s}"`);
  return Buffer.from(s, "hex");
}

/** Encodes TXT character-strings as wire RDATA (RFC 1035 §3.3.14), for SPF (type 99) which dns-packet lacks. */
export function txtWire(strings: Buffer[]): Buffer {
  return Buffer.concat(strings.map((s) => Buffer.concat([Buffer.from([s.length]), s])));
}

/** Parses the RDATA tokens of one record into dns-packet's shape. */
function parseRdata(type: string, tokens: Token[], origin: string | undefined): unknown {
  const t = tokens.map((x) => x.text);
  const want = (k: number) => {
    if (tokens.length !== k) throw new Error(`${type} takes ${k} field(s), got ${tokens.length}`);
  };
  if (tokens[0]?.text === "\\#" && !tokens[0].quoted) {
    // RFC 3597 §5: \# <length> <hex...>
    const len = parseUint(t[1], 65535, "\\# length");
    const hex = t.slice(2).join("");
    const data = len === 0 ? Buffer.alloc(0) : parseHex(hex, "\\# data");
    if (data.length !== len) throw new Error(`\\# says ${len} octets but has ${data.length}`);
    if (type === "TXT" || type === "SPF" || !SUPPORTED_TYPES.includes(type as never)) return data;
    // Decoding generic data for a known type through dns-packet keeps one shape per type.
    const enc = Buffer.alloc(2 + data.length);
    enc.writeUInt16BE(data.length, 0);
    data.copy(enc, 2);
    // `record` (the per-type codec) is exported at runtime but missing from @types/dns-packet.
    const codec = (
      dnsPacket as unknown as {
        record(t: string): { decode(b: Buffer, o: number): unknown; encode(d: unknown): Buffer };
      }
    ).record(type);
    let decoded: unknown;
    try {
      decoded = codec.decode(enc, 0);
    } catch (e) {
      throw new Error(`\\# data is not a valid ${type} record: ${(e as Error).message}`);
    }
    // The codecs do not check lengths: only accept data that encodes back to the same octets.
    if (!codec.encode(decoded).equals(enc)) throw new Error(`\\# data is not a valid ${type} record`);
    return decoded;
  }
  switch (type) {
    case "A":
      want(1);
      if (!isIPv4(t[0]!)) throw new Error(`invalid IPv4 address "${t[0]}"`);
      return t[0];
    case "AAAA":
      want(1);
      if (!isIPv6(t[0]!)) throw new Error(`invalid IPv6 address "${t[0]}"`);
      return t[0];
    case "MX":
      want(2);
      return { preference: parseUint(t[0], 65535, "MX preference"), exchange: toName(tokens[1]!, origin) };
    case "CNAME":
    case "PTR":
    case "NS":
      want(1);
      return toName(tokens[0]!, origin);
    case "SRV":
      // RFC 2782: priority weight port target.
      want(4);
      return {
        priority: parseUint(t[0], 65535, "SRV priority"),
        weight: parseUint(t[1], 65535, "SRV weight"),
        port: parseUint(t[2], 65535, "SRV port"),
        target: toName(tokens[3]!, origin),
      };
    case "TXT":
    case "SPF": {
      if (tokens.length === 0) throw new Error(`${type} needs at least one character-string`);
      const strings = tokens.map((tok) => {
        const b = unescapeBytes(tok.text);
        if (b.length > 255)
          throw new Error(`character-string longer than 255 octets (RFC 1035 §3.3): split it`);
        return b;
      });
      return type === "TXT" ? strings : txtWire(strings);
    }
    case "SOA": {
      want(7);
      const times = t.slice(2).map((v, k) => {
        const ttl = parseTtl(v);
        if (ttl === null) throw new Error(`SOA field ${k + 3}: invalid number "${v}"`);
        return ttl;
      });
      return {
        mname: toName(tokens[0]!, origin),
        rname: toName(tokens[1]!, origin),
        serial: parseUint(t[2], 0xffffffff, "SOA serial"),
        refresh: times[1],
        retry: times[2],
        expire: times[3],
        minimum: times[4],
      };
    }
    case "TLSA":
      if (tokens.length < 4) throw new Error("TLSA takes usage selector matching-type data");
      return {
        usage: parseUint(t[0], 255, "TLSA usage"),
        selector: parseUint(t[1], 255, "TLSA selector"),
        matchingType: parseUint(t[2], 255, "TLSA matching type"),
        certificate: parseHex(t.slice(3).join(""), "TLSA data"),
      };
    case "CAA": {
      want(3);
      const tag = t[1]!;
      if (!/^[a-zA-Z0-9]+$/.test(tag))
        throw new Error(`CAA tag must be alphanumeric (RFC 8659 §4.1), got "${tag}"`);
      return {
        flags: parseUint(t[0], 255, "CAA flags"),
        tag,
        value: unescapeBytes(t[2]!).toString("utf8"),
      };
    }
    case "DS":
      if (tokens.length < 4) throw new Error("DS takes key-tag algorithm digest-type digest");
      return {
        keyTag: parseUint(t[0], 65535, "DS key tag"),
        algorithm: parseUint(t[1], 255, "DS algorithm"),
        digestType: parseUint(t[2], 255, "DS digest type"),
        digest: parseHex(t.slice(3).join(""), "DS digest"),
      };
    case "DNSKEY": {
      if (tokens.length < 4) throw new Error("DNSKEY takes flags protocol algorithm key");
      const protocol = parseUint(t[1], 255, "DNSKEY protocol");
      // RFC 4034 §2.1.2: the protocol field must be 3; dns-packet always writes 3.
      if (protocol !== 3) throw new Error(`DNSKEY protocol must be 3 (RFC 4034 §2.1.2), got ${protocol}`);
      const b64 = t.slice(3).join("");
      if (!/^[A-Za-z0-9+/]+=*$/.test(b64)) throw new Error("DNSKEY key: invalid base64");
      return {
        flags: parseUint(t[0], 65535, "DNSKEY flags"),
        algorithm: parseUint(t[2], 255, "DNSKEY algorithm"),
        key: Buffer.from(b64, "base64"),
      };
    }
    default:
      throw new Error(`type ${type}: use the RFC 3597 form "\\# <length> <hex>"`);
  }
}

function isType(s: string): boolean {
  const u = s.toUpperCase();
  return !CLASSES.has(u) && u !== "OPT" && u !== "ANY" && canonicalTypeName(u) !== undefined;
}

export interface ParseOptions {
  /** Origin before any $ORIGIN (e.g. from a server config). */
  origin?: string;
  /** Default TTL before any $TTL or explicit TTL. */
  defaultTtl?: number;
  /** Name used in error messages; also the base for $INCLUDE. */
  file?: string;
  /** Forbid $INCLUDE (text given in memory). */
  noInclude?: boolean;
}

interface ParseState {
  origin: string | undefined;
  firstOrigin: string | undefined;
  ttl: number | undefined;
  lastTtl: number | undefined;
  lastOwner: string | undefined;
  includeDepth: number;
}

function parseInto(text: string, opts: ParseOptions, state: ParseState, out: ZoneRecord[]): void {
  const file = opts.file ?? "<zone>";
  const lines = tokenize(text, file);
  for (const ll of lines) {
    const fail = (msg: string): never => {
      throw new ZoneFileError(file, ll.line, msg);
    };
    try {
      const toks = ll.tokens;
      const first = toks[0]!;
      if (!ll.blankOwner && !first.quoted && first.text.startsWith("$")) {
        const dir = first.text.toUpperCase();
        if (dir === "$ORIGIN") {
          if (toks.length !== 2) fail("$ORIGIN takes one name");
          const tok = toks[1]!;
          if (!tok.text.endsWith(".") && state.origin === undefined)
            fail(`$ORIGIN "${tok.text}" must be absolute (end with ".")`);
          state.origin = toName(tok, state.origin);
          state.firstOrigin ??= state.origin;
          continue;
        }
        if (dir === "$TTL") {
          const v = toks.length === 2 ? parseTtl(toks[1]!.text) : null;
          if (v === null) fail("$TTL takes one TTL value");
          state.ttl = v!;
          continue;
        }
        if (dir === "$INCLUDE") {
          if (opts.noInclude || !opts.file) fail("$INCLUDE is not available here");
          if (toks.length < 2 || toks.length > 3) fail("$INCLUDE takes a file name and an optional origin");
          if (state.includeDepth > 8) fail("$INCLUDE nested too deeply");
          const path = resolvePath(dirname(file), toks[1]!.text);
          let sub: string;
          try {
            sub = readFileSync(path, "utf8");
          } catch (e) {
            return fail(`$INCLUDE ${toks[1]!.text}: ${(e as Error).message}`);
          }
          // RFC 1035 §5.1: the origin (and our owner context) revert after the included file.
          const saved = { origin: state.origin, lastOwner: state.lastOwner };
          if (toks[2]) state.origin = toName(toks[2], state.origin);
          state.includeDepth++;
          parseInto(sub, { ...opts, file: path }, state, out);
          state.includeDepth--;
          state.origin = saved.origin;
          state.lastOwner = saved.lastOwner;
          continue;
        }
        fail(`unknown directive ${first.text}`);
      }

      let k = 0;
      let owner: string;
      if (ll.blankOwner) {
        if (state.lastOwner === undefined) fail("record without an owner name and no previous owner");
        owner = state.lastOwner!;
      } else {
        owner = toName(toks[0]!, state.origin);
        k = 1;
      }
      // [TTL] [class] or [class] [TTL], then the type (RFC 1035 §5.1).
      let ttl: number | undefined;
      for (let round = 0; round < 2 && k < toks.length; round++) {
        const tk = toks[k]!;
        if (tk.quoted) break;
        const u = tk.text.toUpperCase();
        if (CLASSES.has(u)) {
          if (u !== "IN") fail(`class ${u} is not supported (only IN)`);
          k++;
          continue;
        }
        const maybeTtl = ttl === undefined ? parseTtl(tk.text) : null;
        if (maybeTtl !== null && !isType(tk.text)) {
          ttl = maybeTtl;
          k++;
          continue;
        }
        break;
      }
      const typeTok = toks[k];
      if (!typeTok || typeTok.quoted || !isType(typeTok.text))
        fail(`expected a record type, got ${typeTok ? `"${typeTok.text}"` : "end of line"}`);
      const type = canonicalTypeName(typeTok!.text)!;
      const data = parseRdata(type, toks.slice(k + 1), state.origin);
      if (ttl !== undefined) state.lastTtl = ttl;
      // RFC 2308 §4: $TTL is the default; older files rely on the last explicit TTL, then SOA minimum.
      let effTtl = ttl ?? state.ttl ?? state.lastTtl;
      if (effTtl === undefined && type === "SOA") effTtl = (data as { minimum: number }).minimum;
      effTtl ??= opts.defaultTtl ?? 3600;
      state.lastOwner = owner;
      out.push({ name: owner, type, ttl: effTtl, data, source: `${file}:${ll.line}` });
    } catch (e) {
      if (e instanceof ZoneFileError) throw e;
      fail((e as Error).message);
    }
  }
}

/** Parses master-file text. Throws ZoneFileError ("file:line: message") on the first problem. */
export function parseZoneText(text: string, opts: ParseOptions = {}): ParsedZoneFile {
  const origin = opts.origin === undefined ? undefined : normalizeName(opts.origin);
  const state: ParseState = {
    origin,
    firstOrigin: origin,
    ttl: undefined,
    lastTtl: undefined,
    lastOwner: undefined,
    includeDepth: 0,
  };
  const records: ZoneRecord[] = [];
  parseInto(text, opts, state, records);
  return { origin: state.firstOrigin, records };
}

/** Reads and parses a master file; $INCLUDE paths are relative to it. */
export function parseZoneFile(path: string, opts: Omit<ParseOptions, "file"> = {}): ParsedZoneFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ZoneFileError(path, 0, `cannot read zone file: ${(e as Error).message}`);
  }
  return parseZoneText(text, { ...opts, file: path });
}

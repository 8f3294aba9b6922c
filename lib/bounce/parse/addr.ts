import ipaddr from "ipaddr.js";
import { MAX_LINE_CHARS } from "./limits";
import { canonicalName } from "@/lib/dns/names";
import { charCodeAt, replace, slice } from "@/lib/string-fns";

/**
 * Address and IP helpers. Character classes in these patterns are disjoint around every quantifier
 * ("." is not in the label class), so matching stays linear on adversarial input.
 */
// RFC 6531 allows UTF-8 in both parts, hence the Unicode letter/number classes.
const EMAIL_SRC = String.raw`[\p{L}\p{N}._%+=/'!#$&*?^{|}~-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,10}`;
export const EMAIL_RE = new RegExp(EMAIL_SRC, "u");
const EMAIL_G = new RegExp(EMAIL_SRC, "gu");

/** EMAIL_SRC's local-part characters among ASCII (\p{L} and \p{N} there are A-Z, a-z and 0-9). */
const LOCAL_ASCII = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+=/'!#$&*?^{|}~-")
  LOCAL_ASCII[c.charCodeAt(0)] = 1;
/** A character of `[A-Za-z0-9-]`, the domain labels of EMAIL_SRC in ASCII text. */
function isLabelChar(c: number): boolean {
  return isHostChar(c, false) || c === 0x2d;
}

/**
 * Where a match of `/[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,10}/y` (EMAIL_SRC's domain part, for
 * ASCII text) at `i` ends, or -1. The dot is not a label character, so the match is found without
 * backtracking: a first label of more than 63 characters leaves no dot where the group needs one, and
 * the group's repetitions stop at the tenth, at a label cut at 63 characters, or at a dot no label
 * character follows (that dot is not taken).
 */
function domainEnd(s: string, i: number): number {
  const n = s.length;
  let j = i;
  while (j < n && j - i < 63 && isLabelChar(s.charCodeAt(j))) j++;
  if (j === i || (j - i === 63 && j < n && isLabelChar(s.charCodeAt(j)))) return -1;
  let labels = 0;
  while (labels < 10 && j < n && s.charCodeAt(j) === 0x2e) {
    let k = j + 1;
    while (k < n && k - j - 1 < 63 && isLabelChar(s.charCodeAt(k))) k++;
    if (k === j + 1) break;
    labels++;
    j = k;
  }
  return labels > 0 ? j : -1;
}
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * The first match of EMAIL_G in `s` from `from` on. In ASCII text a match is found from its "@" rather
 * than tried at every position: the local part is the run of up to 64 local-part characters before an
 * "@" (none of them is "@", so no other "@" can end it), the domain is matched right after it, and the
 * first "@" with both gives the leftmost match, as the regular expression would. Other text (letters and
 * digits beyond ASCII, astral characters) is left to the regular expression.
 */
function findEmail(s: string, from: number, ascii: boolean): { at: number; text: string } | null {
  if (!ascii) {
    EMAIL_G.lastIndex = from;
    const m = EMAIL_G.exec(s);
    return m ? { at: m.index, text: m[0] } : null;
  }
  for (let a = s.indexOf("@", from); a >= 0; a = s.indexOf("@", a + 1)) {
    let p = a;
    while (p > from && a - p < 64 && LOCAL_ASCII[s.charCodeAt(p - 1)] === 1) p--;
    if (p === a) continue;
    const end = domainEnd(s, a + 1);
    if (end >= 0) return { at: p, text: s.slice(p, end) };
  }
  return null;
}

/** The first address-like match in `s` (EMAIL_RE.exec(s)?.[0]). */
function firstEmail(s: string): string | null {
  if (!s.includes("@")) return null;
  return findEmail(s, 0, !NON_ASCII.test(s))?.text ?? null;
}

/**
 * RFC 3464 §2.3.2 address-type prefix ("rfc822;"), or an RFC 6533 one ("utf-8;"). Sticky, tried at 0: the
 * text after it is a slice, without replace()'s general machinery.
 */
const ADDRESS_TYPE_RE = /(?:rfc822|utf-8|x-[a-z0-9-]+)\s*;\s*/iy;

/** `s` without the match of the sticky `re` at its start, if there is one. */
function afterSticky(s: string, re: RegExp): string {
  re.lastIndex = 0;
  return re.test(s) ? s.slice(re.lastIndex) : s;
}

/** Normalize an address as written in a bounce (`<a@b>`, `rfc822;a@b`, quoted): lower-case domain. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim();
  // Every address type above starts with "r", "u" or "x", in either case.
  const c = s.charCodeAt(0) | 0x20;
  if (c === 0x72 || c === 0x75 || c === 0x78) s = afterSticky(s, ADDRESS_TYPE_RE);
  const m = firstEmail(s.slice(0, 1024));
  return m === null ? null : normalizeMatch(m);
}

/**
 * normalizeAddress of a match of EMAIL_SRC, which it would find again as it is: a match holds no white
 * space and no ";" (so no address type), and is its own first match.
 */
function normalizeMatch(m: string): string | null {
  const s = trimPunctuation(m);
  // A match holds exactly one "@" (neither part's characters include it), so the first is the last; indexOf
  // is a fast builtin where lastIndexOf goes through the runtime.
  const at = s.indexOf("@");
  if (at <= 0) return null;
  const domain = s.slice(at + 1);
  const lower = canonicalName(domain);
  // Most domains are written in lower case already: the address is then the text itself.
  return lower === domain ? s : s.slice(0, at) + "@" + lower;
}

/** ".", "'", "=" and "/": kept inside an address, dropped from its ends. */
function isEdgePunctuation(c: number): boolean {
  return c === 0x2e || c === 0x27 || c === 0x3d || c === 0x2f;
}

/** s.replace(/^[.'=/]+|[.'=/]+$/g, ""), without a regular expression. */
function trimPunctuation(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && isEdgePunctuation(s.charCodeAt(i))) i++;
  while (j > i && isEdgePunctuation(s.charCodeAt(j - 1))) j--;
  return i === 0 && j === s.length ? s : s.slice(i, j);
}

/** First address in a text. */
export function firstAddress(text: string): string | null {
  const m = firstEmail(text.slice(0, MAX_LINE_CHARS * 4));
  return m === null ? null : normalizeMatch(m);
}

export function allAddresses(text: string, max = 100): string[] {
  const out: string[] = [];
  const t = text.slice(0, MAX_LINE_CHARS * 8);
  if (!t.includes("@")) return out;
  const ascii = !NON_ASCII.test(t);
  for (let m = findEmail(t, 0, ascii); m && out.length < max; m = findEmail(t, m.at + m.text.length, ascii)) {
    const a = normalizeMatch(m.text);
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

export function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf("@");
  return at >= 0 ? address.slice(at + 1).toLowerCase() || null : null;
}

/** Domain of the first address in a From/Return-Path/MAIL FROM value. */
export function senderDomainFrom(value: string | null): string | null {
  if (!value) return null;
  // domainOf(firstAddress(value)), without building the normalized address: its domain is the part after
  // the match's "@", lower-cased once.
  const m = firstEmail(value.slice(0, MAX_LINE_CHARS * 4));
  if (m === null) return null;
  const s = trimPunctuation(m);
  // The match's only "@" (see normalizeMatch).
  const at = s.indexOf("@");
  return at > 0 ? canonicalName(s.slice(at + 1)) || null : null;
}

const IPV4_G = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/g;
const IPV6_BRACKET_G = /\[(?:IPv6:)?([0-9A-Fa-f:.]{2,45})\]/g;

/**
 * A dotted-quad IPv4 address already in canonical form (octets 0-255, no leading zeros): what ipaddr.js
 * would return for it is the text itself, so the common case skips parsing.
 */
const IPV4_CANONICAL = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * False when a group before the last ":" is longer than four characters (RFC 4291 §2.2: one to four hex
 * digits; "192.0.2.1:25", Exchange's "FFFFFFFF:00000000"). ipaddr.js refuses those too, by throwing, which
 * costs far more than this scan.
 */
function groupsFit(t: string): boolean {
  let start = 0;
  for (let i = t.indexOf(":"); i >= 0; i = t.indexOf(":", i + 1)) {
    if (i - start > 4) return false;
    start = i + 1;
  }
  return true;
}

/** Validated IP address in canonical text form, or null. */
export function normalizeIp(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.replace(/^IPv6:/i, "").trim();
  if (IPV4_CANONICAL.test(t)) return t;
  // Any other IPv4 form is refused (only a four-part decimal without leading zeros, octets up to 255, is
  // an address here, and that is IPV4_CANONICAL), and IPv6 text holds a ":" (RFC 4291 §2.2). ipaddr.js's
  // IPv6.parse throws exactly when IPv6.isValid is false, so one parse both checks and reads it.
  if (!t.includes(":") || !groupsFit(t)) return null;
  try {
    return ipaddr.IPv6.parse(t).toString();
  } catch {
    return null;
  }
}

/** Every IP literal in a text, IPv4 and bracketed IPv6, in order. */
export function allIps(text: string, max = 20): string[] {
  const t = text.slice(0, MAX_LINE_CHARS * 4);
  // IPv6 is only read in brackets, and holds a ":": without both, no IPv6 literal.
  const v6 = t.includes("[") && t.includes(":");
  // The addresses, the IPv4 ones in text order, then the IPv6 ones; where each starts is only needed to
  // sort a mix of both.
  const ips: string[] = [];
  const starts: number[] = [];
  IPV4_G.lastIndex = 0;
  for (let m = IPV4_G.exec(t); m && ips.length < max; m = IPV4_G.exec(t)) {
    // A dotted quad: normalizeIp gives the text itself when it is canonical, and refuses it otherwise.
    if (IPV4_CANONICAL.test(m[0])) {
      ips.push(m[0]);
      if (v6) starts.push(m.index);
    }
  }
  const v4 = ips.length;
  IPV6_BRACKET_G.lastIndex = 0;
  for (let m = v6 ? IPV6_BRACKET_G.exec(t) : null; m && ips.length < max * 2; m = IPV6_BRACKET_G.exec(t)) {
    if (!m[1]?.includes(":")) continue;
    const ip = normalizeIp(m[1]);
    if (ip) {
      ips.push(ip);
      starts.push(m.index);
    }
  }
  // Only a mix of both kinds needs sorting back into text order.
  if (v4 === 0 || v4 === ips.length) return ips;
  const order = ips.map((_, i) => i).sort((a, b) => starts[a]! - starts[b]!);
  return order.map((i) => ips[i]!);
}

/**
 * isPrivateIp of a dotted quad that IPV4_CANONICAL accepts: ipaddr.js's IPv4 ranges "unspecified" (0/8),
 * "loopback" (127/8), "private" (RFC 1918), "linkLocal" (169.254/16) and "carrierGradeNat" (100.64/10,
 * RFC 6598), from the first two octets read in place (digits up to a dot), without an address object.
 */
function privateV4(ip: string): boolean {
  let i = 0;
  let a = 0;
  for (let c = ip.charCodeAt(0); c !== 0x2e; c = ip.charCodeAt(++i)) a = a * 10 + c - 0x30;
  let b = 0;
  for (let c = ip.charCodeAt(++i); c !== 0x2e; c = ip.charCodeAt(++i)) b = b * 10 + c - 0x30;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/** ipaddr.js's ranges of addresses that are never the public sending IP. */
const PRIVATE_RANGES = ["private", "loopback", "linkLocal", "carrierGradeNat", "uniqueLocal", "unspecified"];

/** Loopback, RFC 1918, link-local, CGNAT, unique-local: addresses that are never the public sending IP. */
export function isPrivateIp(ip: string): boolean {
  if (IPV4_CANONICAL.test(ip)) return privateV4(ip);
  try {
    // A ":" makes it IPv6 text (ipaddr.parse would try the IPv6 form alone, after validating it by a parse).
    const r = (ip.includes(":") ? ipaddr.IPv6.parse(ip) : ipaddr.parse(ip)).range();
    return PRIVATE_RANGES.includes(r);
  } catch {
    return true;
  }
}

/**
 * Client IP of a Received header (RFC 5321 §4.4: "from <helo> (<rdns> [ip])"): the IP literal in the
 * "from" clause, before " by ".
 */
export function receivedClientIp(received: string): string | null {
  const v = received.slice(0, 2048);
  const by = v.search(/\sby\s/i);
  const fromPart = by >= 0 ? v.slice(0, by) : v;
  if (afterFrom(fromPart) < 0 && !/^\s*from\s/i.test(fromPart)) return null;
  return firstPublicIp(fromPart);
}

/**
 * allIps(t).find((ip) => !isPrivateIp(ip)) ?? null for `t` of at most MAX_LINE_CHARS * 4 characters, without
 * building the list: the first public IPv4 address among the first 20 dotted quads, unless a bracketed
 * public IPv6 address comes before it. Most hops quote one or two addresses, often a private one.
 */
function firstPublicIp(t: string): string | null {
  let v4: string | null = null;
  let v4At = t.length;
  let quads = 0;
  IPV4_G.lastIndex = 0;
  for (let m = IPV4_G.exec(t); m && quads < 20; m = IPV4_G.exec(t)) {
    if (!IPV4_CANONICAL.test(m[0])) continue;
    quads++;
    if (!privateV4(m[0])) {
      v4 = m[0];
      v4At = m.index;
      break;
    }
  }
  // An IPv6 literal is bracketed and holds a ":"; only one before that IPv4 address comes first.
  const open = t.indexOf("[");
  if (open < 0 || open >= v4At || !t.includes(":")) return v4;
  let v6 = 0;
  IPV6_BRACKET_G.lastIndex = open;
  for (let m = IPV6_BRACKET_G.exec(t); m && m.index < v4At; m = IPV6_BRACKET_G.exec(t)) {
    const text = m[1];
    if (!text?.includes(":")) continue;
    const addr = parseV6(text);
    if (!addr) continue;
    // allIps keeps IPv6 addresses past the 20th only while it holds fewer than 40 in all, which depends on
    // the dotted quads after this one: that rare list is built.
    if (++v6 > 20) return allIps(t).find((a) => !isPrivateIp(a)) ?? null;
    // isPrivateIp(normalizeIp(text)) parses the same address again from its canonical text.
    if (!PRIVATE_RANGES.includes(addr.range())) return addr.toString();
  }
  return v4;
}

/**
 * The address that normalizeIp reads in `t`, text of IPV6_BRACKET_G's group holding a ":" (so no "IPv6:"
 * prefix, no white space, no dotted quad alone), or null: normalizeIp(t) is its toString().
 */
function parseV6(t: string): ipaddr.IPv6 | null {
  if (!groupsFit(t)) return null;
  try {
    return ipaddr.IPv6.parse(t);
  } catch {
    return null;
  }
}

/** The "by" host of a Received header: the server that wrote it. */
export function receivedByHost(received: string): string | null {
  const m = /\sby\s+([A-Za-z0-9][A-Za-z0-9.-]{0,253})/i.exec(slice(received, 0, 2048));
  return m?.[1] ? canonicalName(m[1]) : null;
}

const RECEIVED_FROM_RE = /^\s*from\s+([A-Za-z0-9][A-Za-z0-9.-]{0,253})/i;

/** ASCII letters and digits (and, with `dot`, "." and "-"): RECEIVED_FROM_RE's host characters. */
function isHostChar(c: number, dot: boolean): boolean {
  const l = c | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || (dot && (c === 0x2e || c === 0x2d));
}

/**
 * Where the white space after `v`'s opening "from" ends, or -1 when `v` does not open with "from" and
 * ASCII white space: the usual Received opening is read by hand (no match array per hop), any other is left
 * to the regular expressions.
 */
function afterFrom(v: string): number {
  // "from" is matched case-insensitively: "| 0x20" folds exactly the ASCII capitals onto these letters.
  if (
    (charCodeAt(v, 0) | 0x20) !== 0x66 ||
    (charCodeAt(v, 1) | 0x20) !== 0x72 ||
    (charCodeAt(v, 2) | 0x20) !== 0x6f ||
    (charCodeAt(v, 3) | 0x20) !== 0x6d
  )
    return -1;
  let i = 4;
  for (let c = charCodeAt(v, i); c === 0x20 || (c >= 0x09 && c <= 0x0d); c = charCodeAt(v, ++i));
  return i === 4 ? -1 : i;
}

/** RECEIVED_FROM_RE's host in `v`. */
function fromHostText(v: string): string | null {
  const i = afterFrom(v);
  // White space beyond ASCII may go on: the regex reads that opening.
  if (i < 0 || charCodeAt(v, i) >= 0x80) return RECEIVED_FROM_RE.exec(v)?.[1] ?? null;
  if (!isHostChar(charCodeAt(v, i), false)) return null;
  let end = i + 1;
  // The length is read once: the strings reaching here come in many representations, so each read of it
  // is a megamorphic property load.
  const n = v.length;
  while (end < n && end - i < 254 && isHostChar(charCodeAt(v, end), true)) end++;
  return slice(v, i, end);
}

/** The "from" host of a Received header. */
export function receivedFromHost(received: string): string | null {
  const host = fromHostText(slice(received, 0, 2048));
  return host ? canonicalName(host) : null;
}

const BARE_HOST = /^[A-Za-z0-9.:-]+$/;
const HOST_NAME = /^[a-z0-9][a-z0-9.:-]{0,253}$/;
/** The "dns;" (RFC 3464 §2.3.5) or "x-...;" type prefix of a host, sticky (see afterSticky). */
const HOST_TYPE_RE = /(?:dns|x-[a-z-]+)\s*;\s*/iy;

/**
 * `s` as a comparable host name (lower case, no trailing dot), or null when it is not one; an IP-only
 * Remote-MTA passes as the address itself.
 */
function hostName(s: string): string | null {
  const h = canonicalName(s);
  return h && HOST_NAME.test(h) ? h : null;
}

/** Host name as reported (RFC 3464 §2.3.5 "dns; mx.example.com", "mx.example.com[192.0.2.1]"): no brackets. */
export function cleanHost(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.slice(0, 512).trim();
  // The type prefix opens with "d" or "x", in either case ("| 0x20" folds exactly the ASCII capitals).
  const c = s.charCodeAt(0) | 0x20;
  if (c === 0x64 || c === 0x78) s = afterSticky(s, HOST_TYPE_RE);
  // A bare name or address (the usual "dns; mx.example.com"): none of the brackets, parentheses or
  // spaces the steps below remove is there, only a trailing dot.
  if (BARE_HOST.test(s)) {
    // hostName(s): lower-cased, its characters are HOST_NAME's, which then only asks for a letter or digit
    // first and at most 254 characters.
    const h = canonicalName(s);
    const f = charCodeAt(h, 0);
    return h.length <= 254 && ((f >= 0x61 && f <= 0x7a) || (f >= 0x30 && f <= 0x39)) ? h : null;
  }
  const lit = /^\[(?:IPv6:)?([^\]\s]{1,64})\]/i.exec(s);
  if (lit?.[1]) return normalizeIp(lit[1]);
  s = replace(replace(s, /\s*\[[^\]]*\](?::\d+)?.*$/, ""), /\s*\(.*$/, "");
  s = s.split(/\s/)[0] ?? "";
  return hostName(s.replace(/^\[|\]$/g, ""));
}

/**
 * The sending IP as quoted by a rejection ("Client host [203.0.113.5] blocked", "your IP 203.0.113.5 is
 * listed", Gmail's "[203.0.113.5      15]", "Messages from 203.0.113.5 temporarily deferred"). Only phrases
 * that name the client are used: a bare IP in a reply may be the remote server's.
 */
const IP_IN_TEXT = String.raw`\[?((?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f:]{2,45}:[0-9A-Fa-f]{1,4})\]?`;
/**
 * Each pattern with a test for words it cannot match without (null: none), so most replies, which quote no
 * client address, skip the patterns that would try an address at every position; and how far before the
 * first of those words a match can start. The gated patterns are global only to be run from there
 * (lastIndex): a match holds one of the words, so none starts further before the first.
 */
const IP_TEXT_RES: [RegExp | null, RegExp, number][] = [
  [
    /ip|host|from|server|mta/i,
    new RegExp(
      String.raw`(?:client host|(?:your|sender|sending|client|connecting|source)\s(?:ip|host|server|mta)(?:\saddress)?(?:\s\(?[^\s)]{0,64}\)?)?(?:\sis)?|messages? from|connection from|ip\saddress|\bip|\bfrom ip)[:=\s]+${IP_IN_TEXT}`,
      "gi",
    ),
    // "connecting " or "connection " before "ip", "host", "server", "mta" or "from".
    11,
  ],
  [null, new RegExp(String.raw`^${IP_IN_TEXT}\s`), 0],
  [
    /blocked|listed|rejected/i,
    new RegExp(
      String.raw`${IP_IN_TEXT}\s(?:is\s|has been\s)?(?:blocked|listed|blacklisted|blocklisted|rejected)`,
      "gi",
    ),
    // "[", an address of up to 50 characters (45, ":" and 4), "]", a space, "has been " and "black" or
    // "block" before "listed".
    1 + 50 + 1 + 1 + 9 + 5,
  ],
];

/**
 * What every match of IP_IN_TEXT holds: a dotted quad's digits and dots, or IPv6 text's colon between hex
 * digits (or after another colon). An enhanced status code ("5.1.1") has a dot too few.
 */
const IP_LITERAL_RE = /\d\.\d{1,3}\.\d{1,3}\.\d|[0-9a-f:]:[0-9a-f]/i;

export function ipFromReplyText(text: string): string | null {
  const t = slice(text, 0, 4096);
  // Each pattern captures an IP_IN_TEXT: most replies quote none, and one pass rules all three out.
  if (!IP_LITERAL_RE.test(t)) return null;
  for (const [gate, re, reach] of IP_TEXT_RES) {
    const first = gate ? t.search(gate) : 0;
    if (first < 0) continue;
    re.lastIndex = first > reach ? first - reach : 0;
    const m = re.exec(t);
    const cand = normalizeIp(m?.[1]);
    if (cand && !isPrivateIp(cand)) return cand;
  }
  return null;
}

/**
 * The sender's domain as a refusal names it: Gmail's "Unauthenticated email from example.com" and
 * "administrator of example.com domain", Microsoft's "sending domain example.com" (5.7.509, 5.7.515),
 * "DMARC policy of/for example.com", "SPF domain = example.com", "DKIM domain = example.com". Only
 * phrases that name the sender are used: other domains in a reply are the receiver's or a host's.
 */
const DOMAIN_IN_TEXT = String.raw`\[?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}[a-z][a-z0-9-]{0,61}[a-z0-9])\]?`;
// Each pattern with a literal it needs, so a reply that names no sender costs a few substring checks.
const SENDER_DOMAIN_RES: [string, RegExp][] = [
  [
    " from ",
    new RegExp(
      String.raw`(?:unauthenticated |unauthorized )?(?:e-?mail|mail|messages?) from ${DOMAIN_IN_TEXT}(?![\w.-]|\s*\[\d)`,
      "i",
    ),
  ],
  ["sending domain", new RegExp(String.raw`sending domain:?\s${DOMAIN_IN_TEXT}`, "i")],
  ["dmarc policy", new RegExp(String.raw`dmarc policy (?:of|for) ${DOMAIN_IN_TEXT}`, "i")],
  ["administrator of", new RegExp(String.raw`administrator of (?:the )?${DOMAIN_IN_TEXT} domain`, "i")],
  ["domain =", new RegExp(String.raw`(?:spf|dkim) domain\s?=\s?${DOMAIN_IN_TEXT}`, "i")],
  ["spf [", new RegExp(String.raw`\bspf \[${DOMAIN_IN_TEXT}\]`, "i")],
  [" domain", new RegExp(String.raw`(?:sender|from) domain:?\s${DOMAIN_IN_TEXT}`, "i")],
];

export function senderDomainFromReply(text: string, lower = text.toLowerCase()): string | null {
  const t = text.slice(0, 4096);
  for (const [lit, re] of SENDER_DOMAIN_RES) {
    if (!lower.includes(lit)) continue;
    const m = re.exec(t);
    const d = m?.[1]?.toLowerCase();
    // A host name with an IP literal after it, or a bare IP, is not a domain name.
    if (d && !/^[\d.]+$/.test(d)) return d;
  }
  return null;
}

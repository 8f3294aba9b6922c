/**
 * SPF macro expansion (RFC 7208 §7), pure: the caller supplies the values, including the validated
 * domain name for %{p}, which needs DNS (§7.3, §5.5) and is looked up by the evaluator only when a
 * string asks for it.
 *
 *   macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
 *   transformers = *DIGIT [ "r" ]
 */
import type { IPv4, IPv6 } from "ipaddr.js";

export interface MacroValues {
  /** <sender>: local-part@domain (§4.3: a missing local-part is "postmaster"). */
  sender: string;
  /** <domain>: the domain whose record is being evaluated. */
  domain: string;
  /** <ip>. */
  ip: IPv4 | IPv6;
  /** HELO/EHLO domain. */
  helo: string;
  /** The validated domain name of <ip> (§5.5), or "unknown"; needed only when the string uses %{p}. */
  validatedName?: string;
  /** The receiving host's name (%{r}, explanations only). */
  receiver?: string;
  /** Seconds since the epoch (%{t}, explanations only). */
  now?: number;
}

/** §7.3: c, r and t may appear only in explanation strings (exp= TXT). */
const EXP_ONLY = "crt";
const LETTERS = "slodiphvcrt";

/** A syntax error in a macro-string (§7.1); in a fetched explanation it means "no explanation" (§6.2). */
export class MacroSyntaxError extends Error {}

/** Whether the string uses %{p} (so the caller must find the validated name first). */
export function usesValidatedName(s: string): boolean {
  return /%\{p/i.test(s);
}

/** §7.3 "i": dotted quad, or the 32 nibbles of an IPv6 address in dot-format. */
function ipMacro(ip: IPv4 | IPv6): string {
  if (ip.kind() === "ipv4") return ip.toString();
  return ip
    .toByteArray()
    .flatMap((b) => [b >> 4, b & 15])
    .map((n) => n.toString(16))
    .join(".");
}

function letterValue(letter: string, v: MacroValues): string {
  const at = v.sender.lastIndexOf("@");
  switch (letter) {
    case "s":
      return v.sender;
    case "l":
      return at < 0 ? "postmaster" : v.sender.slice(0, at) || "postmaster";
    case "o":
      return at < 0 ? v.sender : v.sender.slice(at + 1);
    case "d":
      return v.domain;
    case "i":
      return ipMacro(v.ip);
    case "p":
      return v.validatedName ?? "unknown";
    case "v":
      return v.ip.kind() === "ipv4" ? "in-addr" : "ip6";
    case "h":
      return v.helo;
    case "c":
      return v.ip.toString();
    case "r":
      return v.receiver ?? "unknown";
    case "t":
      return String(v.now ?? Math.floor(Date.now() / 1000));
    default:
      throw new MacroSyntaxError(`unknown macro letter '${letter}'`);
  }
}

/** §7.3: uppercase macros are URL-escaped: every octet outside the unreserved set becomes %XX. */
function urlEscape(s: string): string {
  return [...new TextEncoder().encode(s)]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
}

/**
 * Expands a macro-string. Throws MacroSyntaxError on malformed input (records are checked by the
 * parser before evaluation, so this happens only for fetched explanation text).
 */
export function expandMacros(s: string, values: MacroValues, opts: { explanation?: boolean } = {}): string {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    if (ch !== "%") {
      out += ch;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === "%") out += "%";
    else if (next === "_") out += " ";
    else if (next === "-") out += "%20";
    if (next === "%" || next === "_" || next === "-") {
      i += 2;
      continue;
    }
    const close = next === "{" ? s.indexOf("}", i + 2) : -1;
    if (close < 0) throw new MacroSyntaxError(`malformed macro at offset ${i}`);
    const m = /^([a-z])(\d*)(r?)([.\-+,/_=]*)$/i.exec(s.slice(i + 2, close));
    const letter = m?.[1]?.toLowerCase() ?? "";
    if (!m || !LETTERS.includes(letter) || (!opts.explanation && EXP_ONLY.includes(letter))) {
      throw new MacroSyntaxError(`malformed macro %{${s.slice(i + 2, close)}}`);
    }
    const digits = m[2] ? Number(m[2]) : 0;
    if (m[2] && digits === 0) throw new MacroSyntaxError("the digit transformer must be nonzero");
    // §7.3: split on the delimiters (default "."), reverse if asked, keep the rightmost N parts, join with ".".
    const delimiters = m[4] || ".";
    let parts = letterValue(letter, values).split(new RegExp(`[${delimiters.replace(/[-\\\]^]/g, "\\$&")}]`));
    if (m[3]) parts = parts.reverse();
    if (digits > 0 && digits < parts.length) parts = parts.slice(parts.length - digits);
    const value = parts.join(".");
    out += m[1] === m[1]!.toUpperCase() ? urlEscape(value) : value;
    i = close + 1;
  }
  return out;
}

/**
 * §7.3: an expanded domain name over 253 characters loses labels from the left until it fits. A
 * trailing dot is dropped (the name is absolute either way).
 */
export function truncateDomain(name: string): string {
  let d = name.replace(/\.$/, "");
  while (d.length > 253) {
    const dot = d.indexOf(".");
    if (dot < 0) return d;
    d = d.slice(dot + 1);
  }
  return d;
}

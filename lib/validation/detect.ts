import ipaddr from "ipaddr.js";

/** What a report request is about: a domain, a sending IP or a bounce. */
export type RequestKind = "domain" | "ip" | "bounce";

/**
 * Guesses what one free-text input is: a bounce (several lines, an SMTP reply, spaces), an IP address,
 * or a domain (also from a URL or e-mail address).
 */
export function detectKind(raw: string): RequestKind {
  const s = raw.trim();
  if (/[\r\n]/.test(s) || /^\d{3}[ -]/.test(s) || /^(smtp;|diagnostic-code:|status:)/i.test(s))
    return "bounce";
  const bare = s.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(bare) && (bare.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(bare))) return "ip";
  if (/\s/.test(s) && s.split(/\s+/).length > 2) return "bounce";
  return "domain";
}

import { canonicalName } from "@/lib/dns/names";
import { domainToASCII, domainToUnicode } from "node:url";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { looksBinary } from "./binary";
import type { RequestKind } from "./detect";

/** The documented limit for one pasted bounce (a whole bounce message with its original headers fits easily). */
export const MAX_BOUNCE_BYTES = 1024 * 1024;
/** DKIM selectors a user may add to the built-in list. */
export const MAX_SELECTORS = 20;

export interface NormalizedDomain {
  /** A-label form, lower-case, no trailing dot: what we query. */
  ascii: string;
  /** U-label form: what we show. */
  unicode: string;
}

export class InputError extends AppError {
  constructor(message: string, field: string) {
    super("invalid_input", message, { errors: [{ field, message }] });
  }
}

/**
 * Accepts what people paste: a bare domain, a URL, an e-mail address, `mailto:`, with a trailing dot
 * or surrounding brackets, and returns the domain when that is unambiguous.
 */
export function extractDomainCandidate(raw: string): string {
  let s = raw.trim().replace(/^<|>$/g, "").trim();
  if (/^mailto:/i.test(s)) s = s.slice(7);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      return new URL(s).hostname.replace(/^\[|\]$/g, "");
    } catch {
      throw new InputError(`"${truncate(raw)}" looks like a URL but could not be read.`, "domain");
    }
  }
  const at = s.lastIndexOf("@");
  if (at >= 0) s = s.slice(at + 1);
  // "example.com/path" or "example.com:25" pasted without a scheme.
  s = s.replace(/[/?#].*$/, "");
  if (/^[^:]+:\d+$/.test(s)) s = s.replace(/:\d+$/, "");
  return s.trim();
}

/** Validates a domain name per RFC 1035 §2.3.4 (label ≤ 63, name ≤ 253 octets) after IDNA (RFC 5891) mapping. */
export function normalizeDomain(raw: string, field = "domain"): NormalizedDomain {
  if (!raw.trim()) throw new InputError("Enter a domain name, e.g. example.com.", field);
  const candidate = extractDomainCandidate(raw);
  if (!candidate) throw new InputError(`No domain found in "${truncate(raw)}".`, field);
  if (ipaddr.isValid(candidate) || /^\d+(\.\d+){3}$/.test(candidate)) {
    throw new InputError(
      `"${truncate(candidate)}" is an IP address, not a domain: check it as a sending IP instead.`,
      field,
    );
  }
  if (/\s/.test(candidate))
    throw new InputError(`A domain cannot contain spaces: "${truncate(candidate)}".`, field);
  const withoutDot = candidate.endsWith(".") ? candidate.slice(0, -1) : candidate;
  const ascii = domainToASCII(withoutDot).toLowerCase();
  if (!ascii) throw new InputError(`"${truncate(candidate)}" is not a valid domain name.`, field);
  if (ascii.length > 253) {
    throw new InputError(`The domain name is ${ascii.length} characters long; the limit is 253.`, field);
  }
  const labels = ascii.split(".");
  if (labels.length < 2)
    throw new InputError(`"${truncate(candidate)}" needs a dot, e.g. example.com.`, field);
  for (const label of labels) {
    if (label.length === 0)
      throw new InputError(`"${truncate(candidate)}" has an empty label (two dots in a row).`, field);
    if (label.length > 63) {
      throw new InputError(
        `The label "${truncate(label, 20)}" is ${label.length} characters long; the limit is 63.`,
        field,
      );
    }
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label)) {
      throw new InputError(
        `"${truncate(label, 40)}" is not a valid label: use letters, digits and hyphens, not at the start or end.`,
        field,
      );
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) {
    throw new InputError(`"${truncate(candidate)}" does not end in a top-level domain.`, field);
  }
  return { ascii, unicode: domainToUnicode(ascii) || ascii };
}

/** Canonical text form of an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4). */
export function normalizeIp(raw: string, field = "ip"): string {
  const s = raw.trim().replace(/^\[|\]$/g, "");
  if (!s) throw new InputError("Enter an IP address, e.g. 192.0.2.1.", field);
  if (!ipaddr.isValid(s))
    throw new InputError(`"${truncate(s)}" is not a valid IPv4 or IPv6 address.`, field);
  if (ipaddr.IPv4.isValid(s) && !ipaddr.IPv4.isValidFourPartDecimal(s)) {
    throw new InputError(`"${truncate(s)}" is not a dotted-quad IPv4 address.`, field);
  }
  let addr = ipaddr.parse(s);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  return addr.toString();
}

export function normalizeSelector(raw: string): string {
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/\._domainkey\..*$/, "");
  // RFC 6376 §3.1: a selector is one or more sub-domain labels.
  if (!/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(s)) {
    throw new InputError(`"${truncate(raw)}" is not a valid DKIM selector.`, "selectors");
  }
  return s;
}

export { detectKind, type RequestKind } from "./detect";

/** The body of POST /api/reports (also what the CLI builds). */
export const reportRequestSchema = z
  .object({
    domain: z.string().max(2048).optional(),
    ip: z.string().max(256).optional(),
    bounce: z.string().optional(),
    selectors: z.array(z.string().max(253)).max(MAX_SELECTORS).optional(),
    /** HELO name and MAIL FROM address for the SPF verdict of `ip` (RFC 7208 §2.3, §2.4). */
    helo: z.string().max(253).optional(),
    sender: z.string().max(320).optional(),
    /** Previous report of the same input ("run again"): the new one links to it. */
    previous: z.string().max(64).optional(),
    /** Ask each MX host RCPT TO for a random address (after MAIL FROM:<>, QUIT before DATA). Off by default. */
    probeRecipients: z.boolean().optional(),
  })
  .strict();

export interface ReportRequest {
  kind: RequestKind;
  domain?: NormalizedDomain;
  ip?: string;
  bounce?: string;
  selectors: string[];
  helo?: string;
  sender?: string;
  previous?: string;
  probeRecipients?: boolean;
  /** What was typed, when the domain was read out of it (a URL or an e-mail address). */
  asked?: string;
  derivedFrom?: "url" | "email";
}

/** Validates and normalizes a report request; throws InputError / AppError with a clear message. */
export function parseReportRequest(body: unknown): ReportRequest {
  const parsed = reportRequestSchema.safeParse(body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      field: i.path.join(".") || "body",
      message: i.message,
    }));
    throw new AppError(
      "invalid_input",
      `Invalid request: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`,
      {
        errors,
      },
    );
  }
  const b = parsed.data;
  const hasDomain = !!b.domain?.trim();
  const hasIp = !!b.ip?.trim();
  const hasBounce = b.bounce !== undefined && b.bounce.trim() !== "";
  if (!hasDomain && !hasIp && !hasBounce) {
    throw new AppError("empty_input", "Enter a domain, an IP address or a bounce.", {
      errors: [{ field: "domain", message: "Required: a domain, an ip or a bounce." }],
    });
  }
  if (hasBounce && Buffer.byteLength(b.bounce ?? "", "utf8") > MAX_BOUNCE_BYTES) {
    throw new AppError(
      "payload_too_large",
      `The bounce is larger than ${MAX_BOUNCE_BYTES / 1024} KiB; paste the bounce message only, or use the bulk analyzer for logs.`,
    );
  }
  const selectors = [...new Set((b.selectors ?? []).filter((s) => s.trim()).map(normalizeSelector))];
  const req: ReportRequest = {
    kind: hasBounce ? "bounce" : hasDomain ? "domain" : "ip",
    selectors,
    ...(b.previous ? { previous: b.previous } : {}),
    ...(b.probeRecipients && hasDomain ? { probeRecipients: true } : {}),
  };
  if (hasDomain) {
    const raw = (b.domain ?? "").trim();
    req.domain = normalizeDomain(raw);
    // Keep what was typed when it was more than the domain, so the report can say what was checked and why.
    const plain = canonicalName(raw);
    if (plain !== req.domain.ascii && plain !== req.domain.unicode.toLowerCase()) {
      req.asked = raw.slice(0, 2048);
      req.derivedFrom = /^(?:mailto:)?[^/]*@/i.test(raw.replace(/^</, "")) ? "email" : "url";
    }
  }
  if (hasIp) req.ip = normalizeIp(b.ip ?? "");
  if (hasBounce) {
    if (looksBinary(b.bounce ?? "")) {
      throw new InputError(
        "This is binary data, not a bounce: paste the text of the bounce message (or the server's reply line).",
        "bounce",
      );
    }
    req.bounce = b.bounce ?? "";
  }
  if (b.helo?.trim()) req.helo = normalizeDomain(b.helo, "helo").ascii;
  if (b.sender?.trim()) {
    const sender = b.sender.trim().replace(/^<|>$/g, "");
    const at = sender.lastIndexOf("@");
    if (at < 1)
      throw new InputError(`"${truncate(sender)}" is not an e-mail address (local-part@domain).`, "sender");
    req.sender = `${sender.slice(0, at)}@${normalizeDomain(sender.slice(at + 1), "sender").ascii}`;
  }
  return req;
}

function truncate(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

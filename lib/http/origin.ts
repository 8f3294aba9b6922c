import { config } from "@/lib/config";
import { fromTrustedProxy, parseTrustedProxies } from "./client-address";

const FALLBACK = "http://localhost:3000";

/** A Host header value: a DNS name or a bracketed IPv6 literal, an optional port. Nothing else. */
const HOST_RE =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function splitHost(host: string): { name: string; port: string | null } {
  const m = /^(.*?)(?::(\d{1,5}))?$/.exec(host);
  return { name: (m?.[1] ?? host).toLowerCase(), port: m?.[2] ?? null };
}

/** The host names the app answers for: MXRAY_ALLOWED_HOSTS plus MXRAY_PUBLIC_URL's; null = any. */
export function allowedHosts(): string[] | null {
  const cfg = config();
  const list = (cfg.MXRAY_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (list.length === 0) return null;
  if (cfg.MXRAY_PUBLIC_URL) list.push(new URL(cfg.MXRAY_PUBLIC_URL).host.toLowerCase());
  return list;
}

/**
 * Whether a Host header may be served: well-formed, and in the allow-list when one is configured (an
 * entry without a port allows every port). Refusing the rest stops DNS-rebinding pages and links minted
 * for someone else's host name.
 */
export function hostAllowed(host: string | null | undefined, allowed = allowedHosts()): boolean {
  if (!host || !HOST_RE.test(host)) return false;
  if (!allowed) return true;
  const { name, port } = splitHost(host);
  return allowed.some((entry) => {
    const e = splitHost(entry);
    return e.name === name && (e.port === null || e.port === port);
  });
}

/**
 * The public origin for share links and Open Graph URLs: MXRAY_PUBLIC_URL when set. Otherwise the Host
 * the client used, when well-formed and allowed, with http (`next start` never terminates TLS itself).
 * X-Forwarded-Host and X-Forwarded-Proto count only from a proxy MXRAY_TRUSTED_PROXIES names: Next.js
 * passes a client's own values through, and `javascript://evil.test` must never become a share link.
 */
export function publicOrigin(from?: Request | Headers): string {
  const cfg = config();
  if (cfg.MXRAY_PUBLIC_URL) return new URL(cfg.MXRAY_PUBLIC_URL).origin;
  if (!from) return FALLBACK;
  const h = from instanceof Headers ? from : from.headers;
  const viaProxy = fromTrustedProxy(h, parseTrustedProxies(cfg.MXRAY_TRUSTED_PROXIES));
  const first = (v: string | null) => v?.split(",")[0]?.trim() || null;
  const forwardedHost = viaProxy ? first(h.get("x-forwarded-host")) : null;
  const urlHost = from instanceof Headers ? null : safeUrlHost(from.url);
  const host = forwardedHost ?? h.get("host") ?? urlHost;
  const forwardedProto = viaProxy ? first(h.get("x-forwarded-proto"))?.toLowerCase() : null;
  const proto = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : "http";
  if (!host || !hostAllowed(host)) {
    const allowed = allowedHosts();
    return allowed?.[0] ? `${proto}://${allowed[0]}` : FALLBACK;
  }
  return `${proto}://${host.toLowerCase()}`;
}

/** Whether the public origin is HTTPS: then pages send HSTS (RFC 6797). */
export function servedOverHttps(from: Request | Headers): boolean {
  return publicOrigin(from).startsWith("https://");
}

function safeUrlHost(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

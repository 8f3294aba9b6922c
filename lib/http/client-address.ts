import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";

/**
 * The request header that carries the TCP peer's address. It is written by the server itself for every
 * request (see instrumentation.ts), replacing whatever a client sent under that name: Next.js only fills
 * X-Forwarded-For when the client left it out, so that header alone cannot tell the socket from a lie.
 */
export const PEER_HEADER = "x-mxray-peer-address";

export type TrustedProxies =
  | { kind: "none" }
  /** Exactly this many proxies stand in front of the app: the client is that many hops from the right. */
  | { kind: "hops"; hops: number }
  /** Proxies are known by address: walk X-Forwarded-For from the right past every trusted one. */
  | { kind: "cidrs"; ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] };

/** Parses MXRAY_TRUSTED_PROXIES: unset/empty → none; "1" → one hop; "10.0.0.0/8,::1" → CIDRs. */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  const text = spec?.trim() ?? "";
  if (!text || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 20)
      throw new AppError("invalid_input", `MXRAY_TRUSTED_PROXIES: ${hops} hops is not plausible`);
    return { kind: "hops", hops };
  }
  const ranges = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item): [ipaddr.IPv4 | ipaddr.IPv6, number] => {
      try {
        if (item.includes("/")) return ipaddr.parseCIDR(item);
        const addr = ipaddr.parse(item);
        return [addr, addr.kind() === "ipv4" ? 32 : 128];
      } catch {
        throw new AppError(
          "invalid_input",
          `MXRAY_TRUSTED_PROXIES: "${item}" is neither a hop count nor an address or CIDR range`,
        );
      }
    });
  return { kind: "cidrs", ranges };
}

function normalise(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.trim().replace(/^\[([^\]]+)\](?::\d+)?$/, "$1");
  // "192.0.2.1:1234" (some proxies add the port).
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(bare);
  const candidate = v4port?.[1] ?? bare;
  if (!ipaddr.isValid(candidate)) return null;
  const addr = ipaddr.parse(candidate);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (addr as ipaddr.IPv6).toIPv4Address();
  }
  return addr;
}

function trusted(addr: ipaddr.IPv4 | ipaddr.IPv6, ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][]): boolean {
  return ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

/**
 * The client's address for rate limiting and logs. Without trusted proxies it is the TCP peer, whatever
 * X-Forwarded-For says. With them, the X-Forwarded-For chain (RFC 7239 §5.2 order: client first, each
 * proxy appending the address it saw) is read from the right: past `hops` entries, or past every address
 * inside a trusted range. "unknown" when nothing usable is there.
 */
export function clientAddress(headers: Headers, proxies: TrustedProxies): string {
  const peer = headers.get(PEER_HEADER)?.trim() || null;
  if (proxies.kind === "none") return canonical(peer) ?? "unknown";
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // The peer is the last hop; without the stamp (a handler called directly), the chain is all there is.
  const chain = peer ? [...forwarded, peer] : forwarded;
  if (chain.length === 0) return "unknown";
  if (proxies.kind === "hops") {
    const i = Math.max(0, chain.length - 1 - proxies.hops);
    return canonical(chain[i]) ?? "unknown";
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const addr = normalise(chain[i] ?? "");
    if (!addr) return "unknown";
    if (i === 0 || !trusted(addr, proxies.ranges)) return addr.toString();
  }
  return "unknown";
}

function canonical(text: string | null | undefined): string | null {
  if (!text) return null;
  return normalise(text)?.toString() ?? null;
}

/** Whether the request came through a trusted proxy, so its X-Forwarded-Proto/-Host may be believed. */
export function fromTrustedProxy(headers: Headers, proxies: TrustedProxies): boolean {
  if (proxies.kind === "none") return false;
  if (proxies.kind === "hops") return proxies.hops > 0;
  const peer = normalise(headers.get(PEER_HEADER) ?? "");
  return peer !== null && trusted(peer, proxies.ranges);
}

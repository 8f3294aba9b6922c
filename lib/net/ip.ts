import ipaddr from "ipaddr.js";
import { setting } from "@/lib/config";

/**
 * Where an address lives. "public" is ordinary global unicast; "documentation" (RFC 5737, RFC 3849) is
 * kept apart because DNS-only checks treat it as ordinary (fixtures use it) while connections refuse it.
 */
export type AddressScope =
  | "public"
  | "documentation"
  | "private"
  | "loopback"
  | "link-local"
  | "cgnat"
  | "unique-local"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved";

export type IpFamily = 4 | 6;

/** Documentation prefixes: RFC 5737 §3 (IPv4) and RFC 3849 (IPv6). */
const DOCUMENTATION: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [
  ipaddr.parseCIDR("192.0.2.0/24"),
  ipaddr.parseCIDR("198.51.100.0/24"),
  ipaddr.parseCIDR("203.0.113.0/24"),
  ipaddr.parseCIDR("2001:db8::/32"),
];

/**
 * Deprecated IPv6 forms that no host should use and that some stacks still turn into IPv4 traffic:
 * IPv4-compatible addresses ::a.b.c.d (RFC 4291 §2.5.5.1: deprecated; ::7f00:1 is 127.0.0.1 to such a
 * stack) and the returned 6bone test network 3ffe::/16 (RFC 3701). Site-local fec0::/10 (RFC 3879) and
 * IPv4-translated ::ffff:0:0:0/96 (RFC 6145) are already "reserved" through ipaddr's ranges.
 */
const DEPRECATED_V6: [ipaddr.IPv6, number][] = [
  ipaddr.IPv6.parseCIDR("::/96") as [ipaddr.IPv6, number],
  ipaddr.IPv6.parseCIDR("3ffe::/16") as [ipaddr.IPv6, number],
];

/** Parses an address, unwrapping IPv4-mapped IPv6 (::ffff:a.b.c.d) to the IPv4 it stands for. */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.trim().replace(/^\[(.*)\]$/, "$1");
  // ipaddr.isValid accepts legacy forms ("0x7f.1", "127.1") that are not addresses in mail or DNS.
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !(bare.includes(":") && ipaddr.IPv6.isValid(bare))) {
    return null;
  }
  const addr = ipaddr.parse(bare);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (addr as ipaddr.IPv6).toIPv4Address();
  }
  return addr;
}

export function isIp(text: string): boolean {
  return parseIp(text) !== null;
}

/** Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6. */
export function canonicalIp(text: string): string | null {
  const addr = parseIp(text);
  return addr ? addr.toString() : null;
}

export function ipFamily(text: string): IpFamily | null {
  const addr = parseIp(text);
  return addr ? (addr.kind() === "ipv4" ? 4 : 6) : null;
}

export function addressScope(text: string): AddressScope | null {
  const addr = parseIp(text);
  if (!addr) return null;
  if (DOCUMENTATION.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits))) {
    return "documentation";
  }
  // :: and ::1 sit inside ::/96 but are the unspecified and loopback addresses, named below.
  const special = addr.kind() === "ipv6" && ["unspecified", "loopback"].includes(addr.range());
  if (!special && addr.kind() === "ipv6" && DEPRECATED_V6.some(([net, bits]) => addr.match(net, bits))) {
    return "reserved";
  }
  const range = addr.range();
  switch (range) {
    case "unicast":
      return "public";
    case "private":
      return "private";
    case "loopback":
      return "loopback";
    case "linkLocal":
      return "link-local";
    case "carrierGradeNat":
      return "cgnat";
    case "uniqueLocal":
      return "unique-local";
    case "unspecified":
      return "unspecified";
    case "multicast":
      return "multicast";
    case "broadcast":
      return "broadcast";
    // NAT64 (RFC 6052 §2.1, 64:ff9b::/96) and 6to4 (RFC 3056 §2, 2002::/16) carry an IPv4 address that
    // a gateway will reach: the embedded address decides, so 64:ff9b::a00:1 is as private as 10.0.0.1.
    case "rfc6052":
    case "6to4": {
      const b = addr.toByteArray();
      const v4 = range === "rfc6052" ? b.slice(12, 16) : b.slice(2, 6);
      return addressScope(v4.join("."));
    }
    // Globally routed special-purpose space (RFC 6890 marks these "global"): Teredo, AS112 anycast, AMT
    // relays. Reaching them is reaching the public Internet.
    case "teredo":
    case "as112":
    case "as112v6":
    case "amt":
      return "public";
    default:
      // reserved, benchmarking (198.18/15, 2001:2::/48), discard, orchid, site-local, 240/4 ...
      return "reserved";
  }
}

/** Ordinary globally routed unicast: the only addresses mxray connects to without MXRAY_ALLOW_PRIVATE. */
export function isPublicUnicast(text: string): boolean {
  return addressScope(text) === "public";
}

/**
 * Not reachable from the Internet at large (RFC 1918, loopback, link-local, CGNAT RFC 6598, unique-local
 * RFC 4193, unspecified, multicast, broadcast, reserved). Documentation ranges are NOT private here.
 */
export function isNonRoutable(text: string): boolean {
  const scope = addressScope(text);
  return scope !== null && scope !== "public" && scope !== "documentation";
}

/** Whether MXRAY_ALLOW_PRIVATE=1 lets probes reach non-public addresses (tests and sandboxes only). */
export function allowPrivateFromEnv(env?: Record<string, string | undefined>): boolean {
  return setting("MXRAY_ALLOW_PRIVATE", env) === "1";
}

/**
 * The reversed label sequence of an address without the arpa suffix: "1.2.0.192" for 192.0.2.1,
 * 32 nibbles for IPv6 (RFC 3596 §2.5). DNSBL queries use it directly (RFC 5782 §2.1, §2.4).
 */
export function reversedLabels(text: string): string | null {
  const addr = parseIp(text);
  if (!addr) return null;
  if (addr.kind() === "ipv4") return [...addr.toByteArray()].reverse().join(".");
  const hex = addr
    .toByteArray()
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  return [...hex].reverse().join(".");
}

/** The PTR owner name: in-addr.arpa (RFC 1035 §3.5) or ip6.arpa (RFC 3596 §2.5). */
export function reverseName(text: string): string | null {
  const addr = parseIp(text);
  const labels = reversedLabels(text);
  if (!addr || !labels) return null;
  return `${labels}.${addr.kind() === "ipv4" ? "in-addr.arpa" : "ip6.arpa"}`;
}

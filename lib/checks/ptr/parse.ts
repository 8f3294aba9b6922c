import { canonicalName } from "@/lib/dns/names";
import { parse as parseHost } from "tldts";
import type { Finding } from "@/lib/checks/types";
import { dnsErrorFinding, finding } from "@/lib/checks/result";
import type { FcrdnsResult } from "@/lib/net/fcrdns";
import { addressScope, isNonRoutable, parseIp, type AddressScope } from "@/lib/net/ip";

export type GenericReason =
  "ip_embedded" | "ip_embedded_hex" | "ip_embedded_padded" | "ip_partial" | "keyword";

export interface GenericMatch {
  reason: GenericReason;
  /** The part of the name that gave it away. */
  match: string;
}

/**
 * Words access providers put in the reverse names of dynamic and residential space. Receivers (Spamhaus
 * PBL policy, many MTAs' "generic rDNS" rules, RFC draft-msullivan-dnsop-generic-naming-schemes) refuse
 * direct-to-MX mail from such names. Matched against whole labels or hyphen/underscore-separated tokens,
 * optionally followed by digits ("dhcp123", "pool-7").
 */
const GENERIC_WORDS = [
  "dhcp",
  "dyn",
  "dynamic",
  "dynip",
  "ddns",
  "pool",
  "dsl",
  "adsl",
  "vdsl",
  "xdsl",
  "sdsl",
  "cable",
  "cablemodem",
  "catv",
  "modem",
  "ppp",
  "pppoe",
  "pppoa",
  "dial",
  "dialup",
  "dialin",
  "client",
  "clients",
  "customer",
  "customers",
  "cust",
  "broadband",
  "residential",
  "resnet",
  "cpe",
  "user",
  "users",
  "unassigned",
  "nat",
  "dip",
];
const WORD_RE = new RegExp(`^(${GENERIC_WORDS.join("|")})\\d*$`);
/** "host-ip", "static-ip", "staticip", "hostip" followed by a separator, digits or the end. */
const PAIR_RE = /(?:^|[.\-_])((?:static|host)[\-_]?ip)(?=$|[.\-_\d])/;

/**
 * Pure: does `name` look like an auto-generated name for `ip` rather than a mail server's own name?
 * The IP may be embedded in any order and format (decimal with any separators, zero-padded, hex, IPv6
 * nibbles); keywords are only looked for left of the registrable domain, so "dynamics.com" is fine.
 */
export function genericHostname(name: string, ip: string): GenericMatch | null {
  const host = canonicalName(name);
  const addr = parseIp(ip);
  if (addr) {
    const embedded =
      addr.kind() === "ipv4"
        ? ipv4Embedded(host, addr.toByteArray())
        : ipv6Embedded(host, addr.toByteArray());
    if (embedded) return embedded;
  }
  const sub = parseHost(host, { allowPrivateDomains: true }).subdomain ?? "";
  if (!sub) return null;
  const pair = PAIR_RE.exec(sub);
  if (pair) return { reason: "keyword", match: pair[1]! };
  for (const token of sub.split(/[.\-_]/)) {
    if (WORD_RE.test(token)) return { reason: "keyword", match: token };
  }
  return null;
}

function ipv4Embedded(host: string, octets: number[]): GenericMatch | null {
  const runs = host.match(/\d+/g) ?? [];
  const tokens = runs.map((t) => Number(t));
  // All four octets as separate numbers, in any order ("c-192-0-2-1", "1.2.0.192.rev", "ip192-0-2-1").
  const pool = [...tokens];
  if (octets.every((o) => removeOne(pool, o))) {
    return { reason: "ip_embedded", match: octets.join("-") };
  }
  // Zero-padded concatenation ("192000002001") and hex ("c0000201").
  const padded = octets.map((o) => String(o).padStart(3, "0")).join("");
  if (runs.some((r) => r.includes(padded))) return { reason: "ip_embedded_padded", match: padded };
  const hex = octets.map((o) => o.toString(16).padStart(2, "0")).join("");
  if (
    host
      .replace(/[^0-9a-f]/g, " ")
      .split(" ")
      .some((r) => r.includes(hex))
  ) {
    return { reason: "ip_embedded_hex", match: hex };
  }
  // The last three octets in a row, forwards or backwards ("pool-0-2-1", "1-2-0.example").
  const [, b, c, d] = octets as [number, number, number, number];
  for (let i = 0; i + 3 <= tokens.length; i++) {
    const w = tokens.slice(i, i + 3);
    if ((w[0] === b && w[1] === c && w[2] === d) || (w[0] === d && w[1] === c && w[2] === b)) {
      return { reason: "ip_partial", match: runs.slice(i, i + 3).join("-") };
    }
  }
  return null;
}

function ipv6Embedded(host: string, bytes: number[]): GenericMatch | null {
  const hex = bytes.map((x) => x.toString(16).padStart(2, "0")).join("");
  const flat = host.replace(/[.\-_:]/g, "");
  const iid = hex.slice(16);
  const groups = [];
  for (let i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4).replace(/^0+(?=.)/, ""));
  const candidates = [
    hex,
    [...hex].reverse().join(""),
    groups.join(""),
    // The interface identifier alone, when it carries enough to be distinctive (not "::1").
    iid.replace(/0/g, "").length >= 4 ? iid : "",
  ].filter(Boolean);
  const hit = candidates.find((c) => flat.includes(c));
  if (hit) return { reason: "ip_embedded", match: hit };
  // "2001-db8--25" style: the compressed form with ':' swapped for '-'.
  const compressed = groupsCompressed(groups);
  if (compressed.length >= 6 && host.includes(compressed.replace(/:/g, "-"))) {
    return { reason: "ip_embedded", match: compressed.replace(/:/g, "-") };
  }
  return null;
}

function groupsCompressed(groups: string[]): string {
  // RFC 5952 §4.2: the longest run of zero groups becomes "::".
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

function removeOne(pool: number[], value: number): boolean {
  const i = pool.indexOf(value);
  if (i < 0) return false;
  pool.splice(i, 1);
  return true;
}

export interface PtrEvidence {
  ip: string;
  scope: AddressScope | null;
  reverseName: string;
  status: string;
  ptr: string[];
  forward: { name: string; type: "A" | "AAAA"; status: string; addresses: string[]; matches: boolean }[];
  fcrdns: boolean | null;
}

/** Pure: findings for a sending IP from its FCrDNS lookups. */
export function evaluatePtr(result: FcrdnsResult): { findings: Finding[]; records: PtrEvidence[] } {
  const { ip } = result;
  const findings: Finding[] = [];
  const scope = addressScope(ip);
  if (scope === "documentation") findings.push(finding("ptr.documentation_ip", "info", { ip }));
  else if (isNonRoutable(ip)) findings.push(finding("ptr.private_ip", "info", { ip, scope }));

  if (result.status === "nxdomain" || result.status === "nodata") {
    // RFC 1912 §2.1: every Internet-reachable host should have a PTR; receivers widely require one.
    findings.push(finding("ptr.missing", "high", { ip, reverseName: result.reverseName }));
  } else if (result.status === "ok") {
    if (result.names.length > 1) findings.push(finding("ptr.multiple", "info", { ip, names: result.names }));
    if (result.notFollowed?.length) {
      findings.push(
        finding("ptr.names_limited", "info", {
          ip,
          count: result.names.length,
          followed: result.names.length - result.notFollowed.length,
        }),
      );
    }
    if (result.fcrdns === false) {
      findings.push(
        finding("ptr.fcrdns_mismatch", "high", {
          ip,
          names: result.names,
          forward: result.forward.map((f) => ({ name: f.name, status: f.status, addresses: f.addresses })),
        }),
      );
    }
    for (const name of result.names) {
      const generic = genericHostname(name, ip);
      if (generic) findings.push(finding("ptr.generic_hostname", "medium", { ip, name, ...generic }));
    }
  }
  const seen = new Set<string>();
  for (const failure of result.failures) {
    const key = `${failure.name}/${failure.type}`;
    if (!seen.has(key)) findings.push(dnsErrorFinding("ptr", failure));
    seen.add(key);
  }
  return {
    findings,
    records: [
      {
        ip,
        scope,
        reverseName: result.reverseName,
        status: result.status,
        ptr: result.names,
        forward: result.forward,
        fcrdns: result.fcrdns,
      },
    ],
  };
}

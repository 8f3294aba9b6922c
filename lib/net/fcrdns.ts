import { canonicalName } from "@/lib/dns/names";
import type { DnsAnswer, DnsStatus, Resolver } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { canonicalIp, ipFamily, reverseName } from "./ip";

/** One PTR name and what its forward lookup (A for IPv4, AAAA for IPv6) said. */
export interface ForwardLookup {
  name: string;
  type: "A" | "AAAA";
  status: DnsStatus;
  addresses: string[];
  /** The forward answers include the address we started from. */
  matches: boolean;
}

/**
 * Forward-confirmed reverse DNS (FCrDNS, RFC 8601 §3 "iprev"): the address has a PTR, and some PTR
 * name resolves back to the same address.
 */
export interface FcrdnsResult {
  ip: string;
  reverseName: string;
  /** The PTR answer's status (nxdomain/nodata: no PTR). */
  status: DnsStatus;
  names: string[];
  forward: ForwardLookup[];
  /** PTR names whose forward lookup contains the address. */
  confirmed: string[];
  /**
   * true: confirmed; false: no PTR, or every PTR name answered without the address; null: could not
   * determine (a PTR or forward lookup failed and nothing confirmed).
   */
  fcrdns: boolean | null;
  /** Answers that failed (timeout, SERVFAIL, REFUSED), for dns_error findings. */
  failures: DnsAnswer[];
  /** PTR names past MAX_PTR_NAMES whose forward lookup was not asked (absent when none). */
  notFollowed?: string[];
}

/**
 * PTR names whose forward lookup is asked. Anyone who controls a reverse zone can answer a PTR question
 * with hundreds of names of their choosing; receivers stop early too (RFC 7208 §5.5: "if more than 10
 * sending-domain_names are found, use at most 10"; RFC 8601 §3 leaves the limit to the verifier).
 */
export const MAX_PTR_NAMES = 10;

/** Pure: decides FCrDNS from the PTR answer and the forward answers of its names. */
export function evaluateFcrdns(
  ip: string,
  ptr: DnsAnswer<"PTR">,
  forwards: DnsAnswer<"A" | "AAAA">[],
): FcrdnsResult {
  const canonical = canonicalIp(ip) ?? ip;
  const names = unique(ptr.status === "ok" ? ptr.answers.map(canonicalName) : []);
  const failures: DnsAnswer[] = isDnsFailure(ptr.status) ? [ptr] : [];
  const forward: ForwardLookup[] = forwards.map((f) => {
    if (isDnsFailure(f.status)) failures.push(f);
    const addresses = f.status === "ok" ? f.answers.map((a) => canonicalIp(a) ?? a) : [];
    return {
      name: f.name,
      type: f.type as "A" | "AAAA",
      status: f.status,
      addresses,
      matches: addresses.includes(canonical),
    };
  });
  const confirmed = forward.filter((f) => f.matches).map((f) => f.name);
  // `forwards` answers the first names in order; the rest were never looked up forward (the limit): they
  // neither confirm nor count as failures.
  const notFollowed = names.slice(forwards.length);
  let fcrdns: boolean | null;
  if (confirmed.length > 0) fcrdns = true;
  else if (failures.length > 0) fcrdns = null;
  else fcrdns = false;
  return {
    ip: canonical,
    reverseName: ptr.name,
    status: ptr.status,
    names,
    forward,
    confirmed,
    fcrdns,
    failures,
    ...(notFollowed.length ? { notFollowed } : {}),
  };
}

/**
 * Asks the PTR of `ip`, then the A or AAAA (matching the address family) of its first MAX_PTR_NAMES PTR
 * names at once. Never rejects for DNS trouble.
 */
export async function lookupFcrdns(resolver: Resolver, ip: string): Promise<FcrdnsResult> {
  const rev = reverseName(ip);
  const family = ipFamily(ip);
  if (!rev || !family) throw new TypeError(`not an IP address: ${ip}`);
  const ptr = await resolver.query(rev, "PTR");
  const names = unique(ptr.status === "ok" ? ptr.answers.map(canonicalName) : []);
  const type = family === 4 ? "A" : "AAAA";
  const forwards = await Promise.all(
    names.slice(0, MAX_PTR_NAMES).map((n) => resolver.query(n, type) as Promise<DnsAnswer<"A" | "AAAA">>),
  );
  return evaluateFcrdns(ip, ptr, forwards);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

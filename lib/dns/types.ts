/**
 * The DNS vocabulary every check speaks. Checks receive a `Resolver` and never touch sockets:
 * lib/dns/client.ts talks to the wire, lib/dns/resolver.ts adds caching, de-duplication and the log.
 */
import type { DecodedPacket } from "dns-packet";

import type { RRType } from "./rr-types";

export type { RRType };

export interface MxData {
  priority: number;
  /** Lower-case, no trailing dot; "" for a null MX (RFC 7505: "."). */
  exchange: string;
}
export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}
export interface TlsaData {
  usage: number;
  selector: number;
  matchingType: number;
  /** Hex, lower-case. */
  certificate: string;
}
export interface CaaData {
  flags: number;
  tag: string;
  value: string;
}
export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: string;
}
export interface DnskeyData {
  flags: number;
  algorithm: number;
  /** Base64. */
  key: string;
}

/** The data of one record, by type. Names are lower-case without the trailing dot. */
export interface RecordDataMap {
  A: string;
  AAAA: string;
  MX: MxData;
  /** One record's character-strings joined without separators (RFC 7208 §3.3); records stay apart. */
  TXT: string;
  CNAME: string;
  PTR: string;
  NS: string;
  SOA: SoaData;
  TLSA: TlsaData;
  CAA: CaaData;
  DS: DsData;
  DNSKEY: DnskeyData;
}

/**
 * What became of a question. NXDOMAIN and NODATA are facts about the domain; the rest mean we could not
 * find out (a check turns them into status "error", never "fail").
 */
export type DnsStatus = "ok" | "nxdomain" | "nodata" | "servfail" | "refused" | "timeout" | "error";

export interface DnsAnswer<T extends RRType = RRType> {
  /** The name asked, normalized: lower-case A-labels, no trailing dot. */
  name: string;
  type: T;
  status: DnsStatus;
  /** Records of the asked type at the end of any CNAME chain; empty unless status is "ok". */
  answers: RecordDataMap[T][];
  /** CNAME chain followed from `name`, in order (targets only). */
  cnames: string[];
  /** Lowest TTL among the answers (seconds), if any. */
  ttl?: number;
  /** The AD bit of the response (RFC 4035 §3.2.3): the upstream validated it with DNSSEC. */
  authenticated: boolean;
  /** Human-readable detail for failures ("timeout after 2 tries on 127.0.0.1:53", "FORMERR"...). */
  error?: string;
  /**
   * TXT only: each record's character-strings as received, parallel to `answers` (for consumers that
   * need the split, e.g. mailauth's `string[][]`).
   */
  strings?: string[][];
  /** With `checkingDisabled`: the response to the question as asked (all sections, RRSIGs included). */
  message?: DecodedPacket;
}

export interface QueryOptions {
  /** Ask the upstream with the DO bit (RFC 3225) so it validates and reports AD. */
  dnssec?: boolean;
  /**
   * Set CD (RFC 4035 §3.2.2: the upstream hands over data even when its own validation fails) and keep
   * the response message in `message`: our own validator (lib/dns/dnssec) reads RRSIG/NSEC/NSEC3 from it.
   */
  checkingDisabled?: boolean;
}

/** One exchange on the wire, kept with the report as evidence. */
export interface QueryLogEntry {
  name: string;
  type: RRType;
  /** Response code as text (NOERROR, NXDOMAIN, SERVFAIL...) or TIMEOUT / ERROR. */
  rcode: string;
  status: DnsStatus;
  /** Answers rendered as presentation-format strings ("10 mx1.example.com", "\"v=spf1 -all\""). */
  answers: string[];
  /** The upstream asked, "host:port". */
  server: string;
  transport: "udp" | "tcp";
  /** Milliseconds since the resolver was created when the query was sent. */
  startedMs: number;
  rttMs: number;
  authenticated: boolean;
}

export interface ResolverStats {
  /** Queries sent on the wire (cache and de-duplication hits excluded; retries and TCP fallbacks included). */
  queries: number;
  /** Wall time from the first query sent to the last answer received. */
  elapsedMs: number;
  /** Questions not sent because the report's query limit (maxQueries) was reached; absent when none. */
  notSent?: number;
  maxQueries?: number;
}

/**
 * The one interface checks use. `query` never rejects for DNS trouble: failures come back as a status.
 * One Resolver serves one report: it caches and de-duplicates, so a check may ask freely.
 */
export interface Resolver {
  query<T extends RRType>(name: string, type: T, options?: QueryOptions): Promise<DnsAnswer<T>>;
  readonly log: readonly QueryLogEntry[];
  stats(): ResolverStats;
}

/** True when the status means "we could not find out" rather than a fact about the domain. */
export function isDnsFailure(status: DnsStatus): boolean {
  return status === "servfail" || status === "refused" || status === "timeout" || status === "error";
}

/**
 * Adapts our Resolver to the resolver mailauth expects: node's `dns.promises.resolve(name, rrtype)`.
 * mailauth 4.13.3 calls it with "TXT", "A", "AAAA", "MX" and "PTR" (lib/spf, lib/dkim, lib/dmarc,
 * lib/bimi, lib/mta-sts) and tells outcomes apart by `err.code`: ENOTFOUND and ENODATA are "void"
 * lookups (RFC 7208 §4.6.4), ETIMEOUT / ESERVFAIL / EREFUSED are temporary errors (RFC 7208 §2.6.6).
 * Going through the Resolver keeps mailauth's queries in the report's cache, log and stats.
 */
import { normalizeQueryName } from "./names";
import type { DnsAnswer, DnsStatus, RRType, Resolver } from "./types";

const SYSCALL: Record<string, string> = {
  A: "queryA",
  AAAA: "queryAaaa",
  MX: "queryMx",
  TXT: "queryTxt",
  CNAME: "queryCname",
  PTR: "queryPtr",
  NS: "queryNs",
  SOA: "querySoa",
  CAA: "queryCaa",
};

/** The error codes node's dns module uses (c-ares), by our status. */
const CODES: Record<Exclude<DnsStatus, "ok">, string> = {
  nxdomain: "ENOTFOUND",
  nodata: "ENODATA",
  timeout: "ETIMEOUT",
  servfail: "ESERVFAIL",
  refused: "EREFUSED",
  error: "ESERVFAIL",
};

/** An Error shaped like node's DNS errors: `code`, `syscall`, `hostname`. */
export class DnsLookupError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly hostname: string;
  constructor(code: string, syscall: string, hostname: string, detail?: string) {
    super(`${syscall} ${code} ${hostname}${detail ? ` (${detail})` : ""}`);
    this.name = "Error";
    this.code = code;
    this.syscall = syscall;
    this.hostname = hostname;
  }
}

/** Node-shaped results: TXT as string[][] (chunks), MX as {exchange, priority}, SOA as one object. */
function shape(answer: DnsAnswer): unknown {
  switch (answer.type) {
    case "TXT":
      return answer.strings ?? (answer.answers as string[]).map((s) => [s]);
    case "MX":
      return (answer as DnsAnswer<"MX">).answers.map((m) => ({ exchange: m.exchange, priority: m.priority }));
    case "SOA": {
      const s = (answer as DnsAnswer<"SOA">).answers[0]!;
      return {
        nsname: s.mname,
        hostmaster: s.rname,
        serial: s.serial,
        refresh: s.refresh,
        retry: s.retry,
        expire: s.expire,
        minttl: s.minimum,
      };
    }
    case "CAA":
      return (answer as DnsAnswer<"CAA">).answers.map((c) => ({
        critical: c.flags & 128 ? 128 : 0,
        [c.tag]: c.value,
      }));
    default:
      return answer.answers;
  }
}

/**
 * `(name, rrtype = "A") => Promise<records>` for mailauth's `resolver` option (spf(), dmarc, dkimVerify,
 * bimi...). Rejects like node's resolver: `err.code` ENOTFOUND / ENODATA / ETIMEOUT / ESERVFAIL /
 * EREFUSED, EBADNAME for an invalid name; a TypeError with code ERR_INVALID_ARG_VALUE for an unknown type.
 */
export function toMailauthResolver(resolver: Resolver): (name: string, rrtype?: string) => Promise<unknown> {
  return async (name: string, rrtype = "A") => {
    const type = String(rrtype).toUpperCase();
    const syscall = SYSCALL[type];
    if (!syscall) {
      const err = new TypeError(`The argument 'rrtype' is invalid. Received '${rrtype}'`) as TypeError & {
        code: string;
      };
      err.code = "ERR_INVALID_ARG_VALUE";
      throw err;
    }
    if (!normalizeQueryName(name).ok) throw new DnsLookupError("EBADNAME", syscall, String(name));
    const answer = await resolver.query(name, type as RRType);
    if (answer.status === "ok") return shape(answer);
    throw new DnsLookupError(CODES[answer.status], syscall, String(name), answer.error);
  };
}

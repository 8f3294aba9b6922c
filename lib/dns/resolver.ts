/**
 * The Resolver checks use: one per report. It normalizes names, caches and de-duplicates questions (the
 * same name/type/DO is sent at most once), follows CNAME chains, and keeps the query log and stats.
 */
import { performance } from "node:perf_hooks";
import type { Answer, DecodedPacket } from "dns-packet";
import dnsPacket from "dns-packet";
import { createDnsClient, type Exchange, type WireQuery, type WireResult } from "./client";
import { decodeData, presentRecord, txtChunks } from "./decode";
import { canonicalName, normalizeQueryName, questionKey } from "./names";
import { QUERY_TYPES } from "./rr-types";
import { defaultServers } from "./servers";
import type {
  DnsAnswer,
  DnsStatus,
  QueryLogEntry,
  QueryOptions,
  RRType,
  Resolver,
  ResolverStats,
} from "./types";

export { parseServers } from "./servers";

export interface ResolverOptions {
  /** "127.0.0.1:5300,[::1]:53" or a list; default MXRAY_DNS, then /etc/resolv.conf, then 127.0.0.1. */
  servers?: string | string[];
  /** Per try (ms). Default 2000. */
  timeoutMs?: number;
  /** Extra rounds over the servers after a timeout. Default 1. */
  retries?: number;
  /** Queries on the wire at once. Default 32. */
  maxConcurrent?: number;
  /** Distinct questions one report may send (DEFAULT_MAX_QUERIES). */
  maxQueries?: number;
  /** The report's deadline: aborting closes outstanding queries and stops their retries. */
  signal?: AbortSignal;
}

/**
 * Distinct questions one report may send. A normal report asks 70–150; a domain built to make mxray
 * query names an attacker chooses (1,000 MX hosts, deep include trees) asked 3,378 before this cap. Past
 * it, questions are answered "error: query limit reached" (the check says "could not determine", with
 * that reason), never sent.
 */
export const DEFAULT_MAX_QUERIES = 400;

/** Further queries made to chase a CNAME the upstream left unfollowed. */
const MAX_CNAME_HOPS = 8;

function statusOfRcode(rcode: string): DnsStatus {
  switch (rcode) {
    case "NOERROR":
      return "ok";
    case "NXDOMAIN":
      return "nxdomain";
    case "SERVFAIL":
      return "servfail";
    case "REFUSED":
      return "refused";
    case "TIMEOUT":
      return "timeout";
    default:
      return "error";
  }
}

function isAuthenticated(p: DecodedPacket | undefined): boolean {
  return p !== undefined && ((p.flags ?? 0) & dnsPacket.AUTHENTIC_DATA) !== 0;
}

function owner(a: Answer): string {
  return canonicalName(a.name);
}

/** A transport the resolver core drives: the wire client, or the memory resolver's authority. */
export type Send = (q: WireQuery) => Promise<WireResult>;

/**
 * Builds a Resolver over any transport. `makeSend` receives the log callback to call once per exchange.
 * (createResolver and createMemoryResolver are the two callers.)
 */
export function resolverFromTransport(
  makeSend: (onExchange: (e: Exchange) => void) => Send,
  opts: { maxQueries?: number } = {},
): Resolver {
  const maxQueries = opts.maxQueries ?? DEFAULT_MAX_QUERIES;
  let questions = 0;
  let refused = 0;
  const createdAt = performance.now();
  const log: QueryLogEntry[] = [];
  let firstSent = Infinity;
  let lastReceived = -Infinity;

  const onExchange = (e: Exchange) => {
    firstSent = Math.min(firstSent, e.startedAt);
    lastReceived = Math.max(lastReceived, e.startedAt + e.rttMs);
    const qtype = e.query.type;
    const answers = e.packet?.answers ?? [];
    const hasType = answers.some((a) => a.type === qtype);
    let status = statusOfRcode(e.rcode);
    if (status === "ok" && !hasType) status = "nodata";
    log.push({
      name: e.query.name,
      type: qtype as RRType,
      rcode: e.rcode,
      status,
      answers: answers.map((a) => (a.type === qtype ? presentRecord(a) : `${a.type} ${presentRecord(a)}`)),
      server: e.server,
      transport: e.transport,
      startedMs: Math.round((e.startedAt - createdAt) * 10) / 10,
      rttMs: Math.round(e.rttMs * 10) / 10,
      authenticated: isAuthenticated(e.packet),
    });
  };
  const send = makeSend(onExchange);

  // In-flight and finished wire questions share one map: the same question is never sent twice.
  const wire = new Map<string, Promise<WireResult>>();
  const sendOnce = (q: WireQuery): Promise<WireResult> => {
    const key = questionKey(q.name, q.type, q.dnssec, q.cd);
    let p = wire.get(key);
    if (!p) {
      if (questions >= maxQueries) {
        refused++;
        return Promise.resolve({
          rcode: "ERROR",
          server: "",
          error: `query limit reached: this report may send ${maxQueries} DNS questions`,
        });
      }
      questions++;
      p = send(q).catch((e: unknown) => ({ rcode: "ERROR", server: "", error: (e as Error).message }));
      wire.set(key, p);
    }
    return p;
  };
  const answersCache = new Map<string, Promise<DnsAnswer>>();

  async function resolve<T extends RRType>(
    name: string,
    type: T,
    dnssec: boolean,
    cd: boolean,
  ): Promise<DnsAnswer<T>> {
    const cnames: string[] = [];
    const visited = new Set([name]);
    let authenticated = true;
    let current = name;
    // With CD, the first response (to the question as asked) goes to our validator.
    let message: DecodedPacket | undefined;
    const result = (status: DnsStatus, extra: Partial<DnsAnswer<T>> = {}): DnsAnswer<T> => ({
      name,
      type,
      status,
      answers: [],
      cnames,
      authenticated,
      ...extra,
      ...(message ? { message } : {}),
    });
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      const r = await sendOnce({ name: current, type, dnssec: dnssec || cd, ...(cd ? { cd } : {}) });
      if (cd && hop === 0) message = r.packet;
      const status = statusOfRcode(r.rcode);
      if (!r.packet || (status !== "ok" && status !== "nxdomain")) {
        authenticated = false;
        return result(status === "ok" ? "error" : status, { error: r.error ?? r.rcode });
      }
      authenticated &&= isAuthenticated(r.packet);
      const answers = r.packet.answers ?? [];
      // Follow the chain through the answer section (RFC 1034 §4.3.2 step 3a puts it there in order,
      // but RFC 2181 §5 does not promise an order, so look records up by owner).
      let at = current;
      for (;;) {
        const found = answers.filter((a) => owner(a) === at && a.type === type);
        if (found.length > 0) {
          const data = found.map((a) => decodeData(type, a));
          const ttl = Math.min(...found.map((a) => (a as { ttl?: number }).ttl ?? 0));
          const extra: Partial<DnsAnswer<T>> = { answers: data, ttl };
          if (type === "TXT") extra.strings = found.map(txtChunks);
          return result("ok", extra);
        }
        const cname =
          type === "CNAME" ? undefined : answers.find((a) => owner(a) === at && a.type === "CNAME");
        if (!cname) break;
        const target = canonicalName(String((cname as { data: unknown }).data));
        cnames.push(target);
        if (visited.has(target)) return result("error", { error: `CNAME loop at ${target}` });
        visited.add(target);
        at = target;
      }
      if (status === "nxdomain") return result("nxdomain"); // RFC 6604: the last name in the chain
      const hasSoa = (r.packet.authorities ?? []).some((a) => a.type === "SOA");
      // A chain the upstream did not finish (no SOA saying "nothing more here"): ask for its target.
      if (at !== current && !hasSoa) {
        current = at;
        continue;
      }
      // A referral (RFC 1034 §4.3.2 step 3b: NS records in the authority section, no SOA, AA clear) is not
      // an answer: the upstream is an authoritative server that does not recurse. "Could not determine".
      const ns = (r.packet.authorities ?? []).find((a) => a.type === "NS");
      if (ns && !hasSoa && ((r.packet.flags ?? 0) & dnsPacket.AUTHORITATIVE_ANSWER) === 0) {
        return result("error", {
          error: `referral to ${owner(ns)} from ${r.server}: the server does not recurse`,
        });
      }
      return result("nodata");
    }
    return result("error", { error: `CNAME chain longer than ${MAX_CNAME_HOPS} hops` });
  }

  return {
    log,
    query<T extends RRType>(rawName: string, type: T, options: QueryOptions = {}): Promise<DnsAnswer<T>> {
      if (!(QUERY_TYPES as readonly string[]).includes(type)) {
        return Promise.resolve({
          name: String(rawName),
          type,
          status: "error",
          answers: [],
          cnames: [],
          authenticated: false,
          error: `unsupported record type ${String(type)}`,
        });
      }
      const n = normalizeQueryName(rawName);
      if (!n.ok) {
        return Promise.resolve({
          name: typeof rawName === "string" ? rawName : String(rawName),
          type,
          status: "error",
          answers: [],
          cnames: [],
          authenticated: false,
          error: n.error,
        });
      }
      const dnssec = options.dnssec === true;
      const cd = options.checkingDisabled === true;
      const key = questionKey(n.name, type, dnssec, cd);
      let p = answersCache.get(key);
      if (!p) {
        // `query` never rejects: anything unexpected (say, undecodable record data) is status "error".
        p = resolve(n.name, type, dnssec, cd).catch((e: unknown): DnsAnswer<T> => ({
          name: n.name,
          type,
          status: "error",
          answers: [],
          cnames: [],
          authenticated: false,
          error: `unexpected: ${(e as Error).message}`,
        }));
        answersCache.set(key, p);
        // An answer reached through CNAMEs also answers the same question about the chain's target
        // (RFC 1034 §3.6.2): a later question about that name is not sent again.
        void p.then((a) => {
          const target = a.cnames[a.cnames.length - 1];
          // (Not with CD: the message kept belongs to the name asked.)
          if (a.status !== "ok" || !target || cd) return;
          const targetKey = questionKey(target, type, dnssec);
          if (!answersCache.has(targetKey))
            answersCache.set(targetKey, Promise.resolve({ ...a, name: target, cnames: [] }));
        });
      }
      return p as Promise<DnsAnswer<T>>;
    },
    stats(): ResolverStats {
      return {
        queries: log.length,
        elapsedMs: log.length === 0 ? 0 : Math.round(lastReceived - firstSent),
        ...(refused > 0 ? { notSent: refused, maxQueries } : {}),
      };
    },
  };
}

/**
 * A Resolver over the network. Throws only for bad options (e.g. an unparsable `servers` list); DNS
 * trouble comes back as a status.
 */
export function createResolver(opts: ResolverOptions = {}): Resolver {
  const servers = defaultServers(opts.servers);
  return resolverFromTransport(
    (onExchange) => {
      const client = createDnsClient({
        servers,
        timeoutMs: opts.timeoutMs,
        retries: opts.retries,
        maxConcurrent: opts.maxConcurrent,
        onExchange,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      return (q) => client.query(q);
    },
    opts.maxQueries === undefined ? {} : { maxQueries: opts.maxQueries },
  );
}

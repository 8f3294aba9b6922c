/**
 * A stub-resolver client on dns-packet: UDP with TCP fallback, EDNS0, ID and question matching, timeouts,
 * retries across upstreams and a concurrency cap. It returns raw decoded messages; lib/dns/resolver.ts
 * turns them into DnsAnswers.
 */
import { canonicalName } from "./names";
import { randomInt } from "node:crypto";
import dgram from "node:dgram";
import net from "node:net";
import { performance } from "node:perf_hooks";
import dnsPacket, { type Answer, type DecodedPacket } from "dns-packet";
import { decodeMessage } from "./decode";
import { formatServer, type Upstream } from "./servers";

export interface WireQuery {
  /** Normalized name (lower-case A-labels, no trailing dot). */
  name: string;
  /** Type in dns-packet spelling ("A", "TXT", "DNSKEY"...). */
  type: string;
  /** Set the DO bit (RFC 3225). */
  dnssec?: boolean;
  /** Set the CD bit (RFC 4035 §3.2.2): we validate ourselves and want the data even if the upstream would not. */
  cd?: boolean;
}

/** One exchange on the wire (a UDP try, or the TCP retry after TC). */
export interface Exchange {
  query: WireQuery;
  server: string;
  transport: "udp" | "tcp";
  /** performance.now() when sent. */
  startedAt: number;
  rttMs: number;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED, FORMERR... or TIMEOUT / ERROR. */
  rcode: string;
  packet?: DecodedPacket;
  error?: string;
}

/** The outcome of a query after retries and fail-over. */
export interface WireResult {
  rcode: string;
  packet?: DecodedPacket;
  server: string;
  error?: string;
}

export interface DnsClientOptions {
  servers: Upstream[];
  /** Per try, UDP and TCP alike. Default 2000 ms. */
  timeoutMs?: number;
  /** Extra rounds over the server list after timeouts. Default 1. */
  retries?: number;
  /** Queries in flight at once; more wait in a queue. Default 32. */
  maxConcurrent?: number;
  /** Called for every exchange on the wire (the resolver's query log). */
  onExchange?: (e: Exchange) => void;
  /**
   * Aborting (the report's deadline) closes every socket still waiting, drops queued queries and stops
   * retries: nothing of the report stays on the network after its answer has gone out.
   */
  signal?: AbortSignal;
}

const ABORTED = "aborted: the report's deadline passed";

/**
 * One "abort" listener per client, fanned out to every socket and queued query that is waiting: a report
 * has hundreds of those, and one listener each would trip Node's MaxListeners warning on the signal.
 */
interface AbortHub {
  /** Calls `onAbort` when the signal aborts (at once if it has); returns the function that unsubscribes. */
  on(onAbort: () => void): () => void;
}

function abortHub(signal: AbortSignal | undefined): AbortHub {
  const waiting = new Set<() => void>();
  signal?.addEventListener(
    "abort",
    () => {
      for (const f of [...waiting]) f();
      waiting.clear();
    },
    { once: true },
  );
  return {
    on(onAbort) {
      if (!signal) return () => undefined;
      if (signal.aborted) {
        onAbort();
        return () => undefined;
      }
      waiting.add(onAbort);
      return () => waiting.delete(onAbort);
    },
  };
}

export interface DnsClient {
  query(q: WireQuery): Promise<WireResult>;
}

/** Our EDNS0 UDP payload size (RFC 6891 §6.2.5). */
export const EDNS_UDP_SIZE = 4096;

type TryResult = { packet: DecodedPacket } | { timeout: true; error?: string } | { error: string };

function encodeQuery(q: WireQuery, id: number, edns: boolean): Buffer {
  return dnsPacket.encode({
    type: "query",
    id,
    // RD: we are a stub and want recursion. AD: RFC 6840 §5.7, ask for the AD bit in the answer.
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA | (q.cd ? dnsPacket.CHECKING_DISABLED : 0),
    questions: [{ name: q.name === "" ? "." : q.name, type: q.type as "A", class: "IN" }],
    additionals: edns
      ? [
          {
            name: ".",
            type: "OPT",
            udpPayloadSize: EDNS_UDP_SIZE,
            flags: q.dnssec ? dnsPacket.DNSSEC_OK : 0,
          } as Answer,
        ]
      : [],
  });
}

/**
 * Decodes a message and refuses one that is cut short or whose sections do not hold what its header
 * counts (RFC 1035 §4.1.1): dns-packet reads past the end of a short buffer as `undefined` octets instead
 * of failing, so "1.2.3.undefined" or an empty answer would pass for data.
 */
export function decodeStrict(msg: Buffer): DecodedPacket {
  // decodeMessage first refuses section counts the message cannot hold (phantom records stall dns-packet).
  const p = decodeMessage(msg);
  const consumed = (dnsPacket.decode as unknown as { bytes: number }).bytes;
  if (consumed > msg.length) throw new Error(`message cut short: ${msg.length} of ${consumed} octets`);
  const counts = [msg.readUInt16BE(4), msg.readUInt16BE(6), msg.readUInt16BE(8), msg.readUInt16BE(10)];
  const got = [
    p.questions?.length ?? 0,
    p.answers?.length ?? 0,
    p.authorities?.length ?? 0,
    p.additionals?.length ?? 0,
  ];
  if (counts.some((c, i) => c !== got[i])) {
    throw new Error(`section counts ${counts.join("/")} in the header, ${got.join("/")} in the message`);
  }
  return p;
}

/** Our query's ID and the TC bit, read from the raw header of a message that does not decode. */
function truncatedHeader(msg: Buffer, id: number): boolean {
  return msg.length >= 12 && msg.readUInt16BE(0) === id && (msg[2]! & 0x80) !== 0 && (msg[2]! & 0x02) !== 0;
}

/** A reply belongs to our query when ID and question match (RFC 5452 §4.3). */
function matches(p: DecodedPacket, id: number, q: WireQuery): boolean {
  if (p.type !== "response" || p.id !== id) return false;
  const rq = p.questions?.[0];
  // A server may send FORMERR/NOTIMP without the question section (RFC 1035 §4.1.1).
  if (!rq) return (p.questions?.length ?? 0) === 0 && ((p.flags ?? 0) & 15) !== 0;
  const rname = canonicalName(rq.name);
  return rname === q.name && String(rq.type).toUpperCase() === q.type.toUpperCase();
}

function udpTry(
  server: Upstream,
  q: WireQuery,
  edns: boolean,
  timeoutMs: number,
  hub?: AbortHub,
): Promise<TryResult> {
  return new Promise((resolve) => {
    const id = randomInt(0, 65536);
    const sock = dgram.createSocket(net.isIPv6(server.host) ? "udp6" : "udp4");
    let malformed: string | undefined;
    let done = false;
    let unsubscribe = () => undefined as void;
    const finish = (r: TryResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      try {
        sock.close();
      } catch {
        // already closed
      }
      resolve(r);
    };
    const timer = setTimeout(
      () => finish(malformed ? { error: `malformed response: ${malformed}` } : { timeout: true }),
      timeoutMs,
    );
    unsubscribe = hub ? hub.on(() => finish({ error: ABORTED })) : unsubscribe;
    sock.on("error", (e) => finish({ error: e.message }));
    sock.on("message", (msg) => {
      let p: DecodedPacket;
      try {
        p = decodeStrict(msg);
      } catch (e) {
        // RFC 2181 §9: a truncated UDP reply may hold partial sections; only its TC bit matters (retry on TCP).
        if (truncatedHeader(msg, id)) {
          return finish({
            packet: {
              type: "response",
              id,
              flags: dnsPacket.TRUNCATED_RESPONSE,
              questions: [],
            } as unknown as DecodedPacket,
          });
        }
        malformed = (e as Error).message;
        return;
      }
      // Mismatched datagrams may be stale or forged: ignore them and keep waiting (RFC 5452 §9.1).
      if (matches(p, id, q)) finish({ packet: p });
    });
    // A connected socket only receives datagrams from the server's address and port.
    sock.connect(server.port, server.host, () => {
      sock.send(encodeQuery(q, id, edns), (err) => {
        if (err) finish({ error: err.message });
      });
    });
  });
}

function tcpTry(
  server: Upstream,
  q: WireQuery,
  edns: boolean,
  timeoutMs: number,
  hub?: AbortHub,
): Promise<TryResult> {
  return new Promise((resolve) => {
    const id = randomInt(0, 65536);
    let done = false;
    let buf = Buffer.alloc(0);
    const sock = net.connect({ host: server.host, port: server.port });
    let unsubscribe = () => undefined as void;
    const finish = (r: TryResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ timeout: true }), timeoutMs);
    unsubscribe = hub ? hub.on(() => finish({ error: ABORTED })) : unsubscribe;
    sock.on("error", (e) => finish({ error: e.message }));
    sock.on("close", () => finish({ error: "connection closed before an answer" }));
    sock.on("connect", () => {
      const msg = encodeQuery(q, id, edns);
      // RFC 7766 §8 (RFC 1035 §4.2.2): a two-octet length precedes each message on TCP.
      const len = Buffer.alloc(2);
      len.writeUInt16BE(msg.length);
      sock.write(Buffer.concat([len, msg]));
    });
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2) {
        const n = buf.readUInt16BE(0);
        if (buf.length < 2 + n) return;
        const msg = buf.subarray(2, 2 + n);
        buf = buf.subarray(2 + n);
        try {
          const p = decodeStrict(msg);
          if (matches(p, id, q)) return finish({ packet: p });
          // Our own connection (RFC 7766 §7): an answer to another question is a broken server, not a
          // spoofing attempt to sit out; waiting would only end in a timeout.
          const rq = p.questions?.[0];
          return finish({
            error: `answer for another question (${rq ? `${rq.name} ${String(rq.type)}` : "none"}, id ${p.id})`,
          });
        } catch (e) {
          return finish({ error: `malformed response: ${(e as Error).message}` });
        }
      }
    });
  });
}

/** RCODE name of a decoded message (dns-packet gives it as `rcode`). */
export function rcodeOf(p: DecodedPacket): string {
  return String((p as { rcode?: string }).rcode ?? "NOERROR").toUpperCase();
}

function hasOpt(p: DecodedPacket): boolean {
  return (p.additionals ?? []).some((a) => a.type === "OPT");
}

/** Creates a client for a fixed list of upstreams. */
export function createDnsClient(opts: DnsClientOptions): DnsClient {
  if (opts.servers.length === 0) throw new Error("no DNS servers to ask");
  const timeoutMs = opts.timeoutMs ?? 2000;
  const retries = opts.retries ?? 1;
  const maxConcurrent = Math.max(1, opts.maxConcurrent ?? 32);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error("timeoutMs must be a positive number");
  if (!Number.isInteger(retries) || retries < 0) throw new Error("retries must be an integer >= 0");

  const hub = abortHub(opts.signal);
  let active = 0;
  const waiting: (() => void)[] = [];
  /** Waits for a slot; false when the signal aborted first (the query is then not sent at all). */
  const acquire = async (): Promise<boolean> => {
    if (opts.signal?.aborted) return false;
    if (active < maxConcurrent) {
      active++;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const granted = () => {
        unsubscribe();
        resolve(true);
      };
      waiting.push(granted);
      const unsubscribe = hub.on(() => {
        const i = waiting.indexOf(granted);
        if (i >= 0) waiting.splice(i, 1);
        resolve(false);
      });
    });
  };
  const release = () => {
    const next = waiting.shift();
    if (next)
      next(); // the slot passes straight to the next in line
    else active--;
  };

  /** One try on one server: UDP, then TCP if truncated (RFC 7766 §5), without EDNS after FORMERR. */
  async function ask(server: Upstream, q: WireQuery): Promise<WireResult> {
    const name = formatServer(server);
    const run = async (transport: "udp" | "tcp", edns: boolean): Promise<WireResult> => {
      const startedAt = performance.now();
      const r = await (transport === "udp" ? udpTry : tcpTry)(server, q, edns, timeoutMs, hub);
      const rttMs = performance.now() - startedAt;
      let out: WireResult;
      if ("packet" in r) out = { rcode: rcodeOf(r.packet), packet: r.packet, server: name };
      else if ("timeout" in r)
        out = { rcode: "TIMEOUT", server: name, error: `timeout after ${timeoutMs} ms on ${name}` };
      else out = { rcode: "ERROR", server: name, error: `${r.error} (${name})` };
      opts.onExchange?.({
        query: q,
        server: name,
        transport,
        startedAt,
        rttMs,
        rcode: out.rcode,
        packet: out.packet,
        error: out.error,
      });
      return out;
    };
    let r = await run("udp", true);
    // RFC 6891 §7: a server that does not know EDNS answers FORMERR without OPT; ask again without it.
    if (r.rcode === "FORMERR" && r.packet && !hasOpt(r.packet)) r = await run("udp", false);
    if (r.packet && ((r.packet.flags ?? 0) & dnsPacket.TRUNCATED_RESPONSE) !== 0) r = await run("tcp", true);
    // RFC 7766 §8: TC over TCP means the server could not send the whole answer: what came is not the
    // answer (an empty one would read as NODATA), so it is an error like any other failed exchange.
    if (r.packet && ((r.packet.flags ?? 0) & dnsPacket.TRUNCATED_RESPONSE) !== 0) {
      return { rcode: "ERROR", server: name, error: `truncated answer (TC set) over TCP from ${name}` };
    }
    return r;
  }

  return {
    async query(q: WireQuery): Promise<WireResult> {
      const aborted = (): WireResult => ({ rcode: "ERROR", server: "", error: ABORTED });
      if (!(await acquire())) return aborted();
      try {
        let failure: WireResult | undefined;
        let timeout: WireResult | undefined;
        let tries = 0;
        for (let round = 0; round <= retries; round++) {
          let sawTimeout = false;
          for (const server of opts.servers) {
            if (opts.signal?.aborted) return aborted();
            tries++;
            const r = await ask(server, q);
            if (r.rcode === "NOERROR" || r.rcode === "NXDOMAIN") return r;
            if (r.rcode === "TIMEOUT") {
              sawTimeout = true;
              timeout = r;
            } else failure = r; // SERVFAIL, REFUSED, FORMERR...: try the next server, keep it if all fail
          }
          // Only silence is worth another round; an explicit failure from every server is the answer.
          if (!sawTimeout) break;
        }
        if (failure) return failure;
        const servers = opts.servers.map(formatServer).join(", ");
        return {
          ...timeout!,
          error: `timeout after ${tries} ${tries === 1 ? "try" : "tries"} on ${servers}`,
        };
      } finally {
        release();
      }
    },
  };
}

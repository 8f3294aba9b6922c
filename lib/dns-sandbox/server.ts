/**
 * A small authoritative DNS server on loopback, over UDP and TCP on one port, with fault injection.
 * Answers come from an Authority (authority.ts); this file only speaks the wire.
 */
import { canonicalName } from "@/lib/dns/names";
import dgram from "node:dgram";
import net from "node:net";
import dnsPacket, { type Answer, type DecodedPacket, type Packet } from "dns-packet";
import type { Authority } from "./authority";
import { faultMatches, validateFaults, type Fault } from "./faults";

export interface ServerOptions {
  host?: string;
  /** 0 (default) picks a free port for both UDP and TCP. */
  port?: number;
  faults?: Fault[];
  latencyMs?: number;
  /**
   * Names (exact, or "*.zone.test" for a zone and everything below) whose answers carry the AD bit when
   * asked with DO, as a validating resolver in front of a signed zone would (RFC 4035 §3.2.3, RFC 6840
   * §5.8). Lets tests tell "signed" from "unsigned" answers without a real validating resolver.
   */
  authenticated?: string[];
}

export interface DnsServer {
  host: string;
  port: number;
  close(): Promise<void>;
  setFaults(f: Fault[]): void;
  setLatency(ms: number): void;
  queriesServed(): number;
}

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
/** RFC 1035 §4.2.1: UDP messages without EDNS are limited to 512 octets. */
const CLASSIC_UDP_LIMIT = 512;
/** The UDP payload size we advertise in our OPT record (RFC 6891 §6.2.5). */
const OUR_UDP_SIZE = 4096;

/** Starts the server; with port 0 it retries until one port is free for both UDP and TCP. */
export async function startDnsServer(authority: Authority, opts: ServerOptions = {}): Promise<DnsServer> {
  const host = opts.host ?? "127.0.0.1";
  let faults = validateFaults(opts.faults ?? []);
  let latencyMs = opts.latencyMs ?? 0;
  let served = 0;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();
  let closed = false;

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  /** Returns the reply message, or null to stay silent. */
  async function respond(msg: Buffer, transport: "udp" | "tcp"): Promise<Buffer | null> {
    let req: DecodedPacket;
    try {
      req = dnsPacket.decode(msg);
    } catch {
      if (msg.length < 12 || (msg[2]! & 0x80) !== 0) return null;
      // RFC 1035 §4.1.1: FORMERR for a message we cannot interpret; echo the ID, nothing else.
      const hdr = Buffer.alloc(12);
      msg.copy(hdr, 0, 0, 2);
      hdr.writeUInt16BE(0x8000 | RCODE.FORMERR, 2);
      return hdr;
    }
    if (req.type !== "query") return null;
    served++;
    const opt = (req.additionals ?? []).find((a) => a.type === "OPT") as
      { udpPayloadSize?: number; flags?: number; ednsVersion?: number } | undefined;
    const base: Packet = {
      id: req.id,
      type: "response",
      // RFC 1035 §4.1.1: RD is copied into the response; we offer no recursion (RA clear).
      flags: (req.flags ?? 0) & dnsPacket.RECURSION_DESIRED,
      questions: req.questions,
      answers: [],
      authorities: [],
      additionals: [],
    };
    if (opt) {
      // RFC 6891 §7: a responder that sees OPT answers with OPT; RFC 3225 §3: DO is copied back.
      base.additionals!.push({
        name: ".",
        type: "OPT",
        udpPayloadSize: OUR_UDP_SIZE,
        flags: (opt.flags ?? 0) & dnsPacket.DNSSEC_OK,
      } as Answer);
    }
    const withRcode = (p: Packet, rcode: number): Buffer =>
      dnsPacket.encode({ ...p, flags: (p.flags ?? 0) | rcode });
    const opcode = (req as unknown as { opcode?: string }).opcode;
    if (opcode !== undefined && opcode !== "QUERY") return withRcode(base, RCODE.NOTIMP);
    const questions = req.questions ?? [];
    const q = questions[0];
    if (questions.length !== 1 || !q) return withRcode(base, RCODE.FORMERR);
    if (opt && (opt.ednsVersion ?? 0) !== 0) {
      // RFC 6891 §6.1.3: BADVERS is extended RCODE 16 = upper bits 1 in the OPT TTL, lower 0 in the header.
      const bad = {
        ...base,
        additionals: [
          { name: ".", type: "OPT", udpPayloadSize: OUR_UDP_SIZE, extendedRcode: 1, flags: 0 } as Answer,
        ],
      };
      return dnsPacket.encode(bad);
    }
    const qname = canonicalName(q.name);
    const qtype = String(q.type).toUpperCase();

    let extra = 0;
    let failure: Fault | undefined;
    for (const f of faults) {
      if (!faultMatches(f, qname, qtype)) continue;
      if (f.kind === "latency") extra += f.ms ?? 0;
      else failure ??= f;
    }
    const wait = latencyMs + extra + (failure?.ms ?? 0);
    if (wait > 0) await delay(wait);
    if (closed) return null;
    if (failure?.kind === "timeout") return null;
    if (failure?.kind === "servfail") return withRcode(base, RCODE.SERVFAIL);
    if (failure?.kind === "refused") return withRcode(base, RCODE.REFUSED);

    if (failure?.kind === "tc_tcp") {
      // RFC 7766 §8: TC has no meaning over TCP; a server that sets it there gives no usable answer.
      return dnsPacket.encode({ ...base, flags: (base.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE });
    }
    if (failure?.kind === "malformed") {
      // Our ID and a plausible header (one question, one answer), then a label longer than 63 octets.
      const hdr = Buffer.alloc(12);
      hdr.writeUInt16BE(req.id ?? 0, 0);
      hdr.writeUInt16BE(0x8180, 2);
      hdr.writeUInt16BE(1, 4);
      hdr.writeUInt16BE(1, 6);
      return Buffer.concat([hdr, Buffer.from([0x7f, 0x61, 0x62, 0x63])]);
    }

    const res = authority.resolve(qname, qtype);
    const ad =
      opt &&
      ((opt.flags ?? 0) & dnsPacket.DNSSEC_OK) !== 0 &&
      (opts.authenticated ?? []).some((m) => faultMatches({ match: m, kind: "latency" }, qname, qtype));
    const flags =
      (base.flags ?? 0) |
      (res.aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
      (ad ? dnsPacket.AUTHENTIC_DATA : 0) |
      RCODE[res.rcode];
    const full: Packet = {
      ...base,
      flags,
      answers: res.answers,
      authorities: res.authorities,
      additionals: [...(res.additionals ?? []), ...(base.additionals ?? [])],
    };
    let wire: Buffer;
    try {
      wire = dnsPacket.encode(
        failure?.kind === "mismatch"
          ? { ...full, questions: [{ ...q, name: `mismatch.${qname}` }] }
          : failure?.kind === "truncated"
            ? // Something to cut even for NODATA: the header then counts an answer that never comes.
              {
                ...full,
                answers: full.answers?.length
                  ? full.answers
                  : [{ name: qname, type: "A", ttl: 60, data: "192.0.2.1" }],
              }
            : full,
      );
    } catch {
      return withRcode(base, RCODE.SERVFAIL);
    }
    if (failure?.kind === "truncated") {
      // Keep the header and the question, lose the end of the first answer record.
      const question = 12 + qname.length + 2 + 4 + (qname ? 1 : 0);
      return wire.subarray(0, Math.max(question + 4, Math.min(wire.length - 3, question + 12)));
    }
    if (transport === "udp") {
      // RFC 6891 §6.2.5: the requestor's advertised size (never below 512) bounds the UDP reply;
      // RFC 1035 §4.2.1 / RFC 2181 §9: otherwise send what fits with TC set, and the client retries on TCP.
      const limit = opt
        ? Math.max(CLASSIC_UDP_LIMIT, opt.udpPayloadSize ?? CLASSIC_UDP_LIMIT)
        : CLASSIC_UDP_LIMIT;
      if (wire.length > limit) {
        wire = dnsPacket.encode({
          ...full,
          flags: flags | dnsPacket.TRUNCATED_RESPONSE,
          answers: [],
          authorities: [],
          additionals: base.additionals,
        });
      }
    } else if (wire.length > 65535) {
      return withRcode(base, RCODE.SERVFAIL);
    }
    return wire;
  }

  const bindOnce = async (port: number): Promise<{ udp: dgram.Socket; tcp: net.Server }> => {
    const udp = dgram.createSocket(net.isIPv6(host) ? "udp6" : "udp4");
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(port, host, () => {
        udp.off("error", reject);
        resolve();
      });
    });
    const actual = udp.address().port;
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen({ port: actual, host, exclusive: true }, () => {
          tcp.off("error", reject);
          resolve();
        });
      });
    } catch (e) {
      udp.close();
      throw e;
    }
    return { udp, tcp };
  };

  let bound: { udp: dgram.Socket; tcp: net.Server } | undefined;
  const wanted = opts.port ?? 0;
  for (let attempt = 0; !bound; attempt++) {
    try {
      bound = await bindOnce(wanted);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (wanted !== 0 || code !== "EADDRINUSE" || attempt >= 20) {
        throw new Error(`cannot listen on ${host}:${wanted}: ${(e as Error).message}`, { cause: e });
      }
    }
  }
  const { udp, tcp } = bound;
  const port = udp.address().port;

  udp.on("message", (msg, rinfo) => {
    respond(msg, "udp")
      .then((reply) => {
        if (reply && !closed) udp.send(reply, rinfo.port, rinfo.address);
      })
      .catch(() => {});
  });
  udp.on("error", () => {});

  tcp.on("connection", (sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.on("error", () => {});
    let buf = Buffer.alloc(0);
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      // RFC 7766 §8: each message is preceded by its two-octet length; several may share a connection.
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        respond(Buffer.from(msg), "tcp")
          .then((reply) => {
            if (!reply || closed || sock.destroyed) return;
            const lenBuf = Buffer.alloc(2);
            lenBuf.writeUInt16BE(reply.length);
            sock.write(Buffer.concat([lenBuf, reply]));
          })
          .catch(() => {});
      }
    });
  });

  return {
    host,
    port,
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((r) => udp.close(() => r())),
        new Promise<void>((r) => tcp.close(() => r())),
      ]);
    },
    setFaults(f: Fault[]) {
      faults = validateFaults(f);
    },
    setLatency(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error("latency must be a number of milliseconds >= 0");
      latencyMs = ms;
    },
    queriesServed: () => served,
  };
}

/**
 * A Resolver for unit tests: answers from zone text and records through the sandbox's authoritative
 * logic (lib/dns-sandbox/authority.ts), with no sockets. Answers travel through dns-packet's encoder and
 * decoder, so checks see exactly what the wire resolver would give them (cache, CNAMEs, log and stats).
 */
import { performance } from "node:perf_hooks";
import dnsPacket, { type Answer } from "dns-packet";
import { authorityFromText, type SandboxRecord } from "@/lib/dns-sandbox/authority";
import { resolverFromTransport } from "./resolver";
import type { Resolver } from "./types";

/**
 * Builds a socket-free Resolver. `zoneText`: RFC 1035 master files ($ORIGIN required, no $INCLUDE);
 * `records`: as for the sandbox. Names outside every zone get REFUSED (status "refused"), like the sandbox.
 * Throws on bad zone data, with the zone's line number.
 */
export function createMemoryResolver(zones: { zoneText?: string[]; records?: SandboxRecord[] }): Resolver {
  const authority = authorityFromText(zones.zoneText ?? [], zones.records ?? []);
  return resolverFromTransport((onExchange) => async (q) => {
    const startedAt = performance.now();
    const res = authority.resolve(q.name, q.type);
    const rcode = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 }[res.rcode];
    const wire = dnsPacket.encode({
      id: 0,
      type: "response",
      flags: (res.aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | rcode,
      questions: [{ name: q.name || ".", type: q.type as "A", class: "IN" }],
      answers: res.answers as Answer[],
      authorities: res.authorities as Answer[],
    });
    const packet = dnsPacket.decode(wire);
    const result = { rcode: res.rcode, packet, server: "memory" };
    onExchange({
      query: q,
      server: "memory",
      transport: "udp",
      startedAt,
      rttMs: performance.now() - startedAt,
      rcode: res.rcode,
      packet,
    });
    return result;
  });
}

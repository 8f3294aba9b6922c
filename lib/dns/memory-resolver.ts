/**
 * A Resolver for unit tests: answers from zone text and records through the sandbox's authoritative
 * logic (lib/dns-sandbox/authority.ts), with no sockets. Answers travel through dns-packet's encoder and
 * decoder, so checks see exactly what the wire resolver would give them (cache, CNAMEs, log and stats).
 */
import { performance } from "node:perf_hooks";
import dnsPacket, { type Answer } from "dns-packet";
import { authorityFromText, type SandboxRecord } from "@/lib/dns-sandbox/authority";
import { faultMatches, validateFaults, type Fault } from "@/lib/dns-sandbox/faults";
import type { WireResult } from "./client";
import { resolverFromTransport } from "./resolver";
import type { Resolver } from "./types";

const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/**
 * Builds a socket-free Resolver. `zoneText`: RFC 1035 master files ($ORIGIN required, no $INCLUDE);
 * `records`: as for the sandbox. Names outside every zone get REFUSED (status "refused"), like the sandbox.
 * `faults` work as in the sandbox, except that a "timeout" fails at once instead of after a wait.
 * Throws on bad zone data, with the zone's line number.
 */
export function createMemoryResolver(zones: {
  zoneText?: string[];
  records?: SandboxRecord[];
  faults?: Fault[];
}): Resolver {
  const authority = authorityFromText(zones.zoneText ?? [], zones.records ?? []);
  const faults = validateFaults(zones.faults ?? []);
  return resolverFromTransport((onExchange) => async (q): Promise<WireResult> => {
    const startedAt = performance.now();
    let failure: Fault | undefined;
    let latency = 0;
    for (const f of faults) {
      if (!faultMatches(f, q.name, q.type)) continue;
      if (f.kind === "latency") latency += f.ms ?? 0;
      else failure ??= f;
    }
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (failure?.kind === "timeout") {
      const error = `timeout (fault on ${failure.match})`;
      const rttMs = performance.now() - startedAt;
      onExchange({ query: q, server: "memory", transport: "udp", startedAt, rttMs, rcode: "TIMEOUT", error });
      return { rcode: "TIMEOUT", server: "memory", error };
    }
    const res =
      failure?.kind === "servfail" || failure?.kind === "refused"
        ? {
            rcode: failure.kind.toUpperCase() as "SERVFAIL" | "REFUSED",
            aa: false,
            answers: [],
            authorities: [],
          }
        : authority.resolve(q.name, q.type);
    const wire = dnsPacket.encode({
      id: 0,
      type: "response",
      flags: (res.aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | RCODES[res.rcode],
      questions: [{ name: q.name || ".", type: q.type as "A", class: "IN" }],
      answers: res.answers as Answer[],
      authorities: res.authorities as Answer[],
      additionals: ("additionals" in res ? (res.additionals ?? []) : []) as Answer[],
    });
    const packet = dnsPacket.decode(wire);
    const rttMs = performance.now() - startedAt;
    onExchange({ query: q, server: "memory", transport: "udp", startedAt, rttMs, rcode: res.rcode, packet });
    return { rcode: res.rcode, packet, server: "memory" };
  });
}

/**
 * The sandbox's fault injection, shared by the server (server.ts, over sockets) and the socket-free memory
 * resolver (lib/dns/memory-resolver.ts): what a fault is, its validation, and which questions it applies to.
 */
import { canonicalName } from "@/lib/dns/names";

/**
 * A misbehaviour to inject. Faults match the question's name (not CNAME targets the server follows inside
 * its own zones); the first matching non-latency fault applies, and latencies add up.
 */
export interface Fault {
  /** Exact name, or "*.zone.test" for zone.test and every name below it. */
  match: string;
  /**
   * latency: answer after `ms`; timeout: never answer; servfail / refused: answer with that RCODE;
   * tc_tcp: an empty answer with TC set over UDP and TCP alike (a broken server or middlebox);
   * truncated: the real answer cut short (its header still counts the records that are missing);
   * malformed: a header with our ID followed by bytes that are no DNS message;
   * mismatch: the real answer with another name in its question section.
   */
  kind: FaultKind;
  ms?: number;
  /** Only for these query types (default: all). */
  types?: string[];
}

export const FAULT_KINDS = [
  "latency",
  "timeout",
  "servfail",
  "refused",
  "tc_tcp",
  "truncated",
  "malformed",
  "mismatch",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Checks a fault list, throwing a clear error on a malformed entry. */
export function validateFaults(faults: unknown): Fault[] {
  if (!Array.isArray(faults)) throw new Error("faults must be an array");
  return faults.map((f, i) => {
    const o = f as Partial<Fault> | null;
    if (!o || typeof o.match !== "string" || o.match.length === 0)
      throw new Error(`fault ${i}: "match" must be a name`);
    if (!(FAULT_KINDS as readonly string[]).includes(o.kind as string))
      throw new Error(`fault ${i}: "kind" must be one of ${FAULT_KINDS.join(", ")}`);
    if (o.ms !== undefined && (typeof o.ms !== "number" || o.ms < 0))
      throw new Error(`fault ${i}: "ms" must be >= 0`);
    if (o.kind === "latency" && o.ms === undefined) throw new Error(`fault ${i}: latency needs "ms"`);
    if (o.types !== undefined && (!Array.isArray(o.types) || o.types.some((t) => typeof t !== "string")))
      throw new Error(`fault ${i}: "types" must be a list of type names`);
    return {
      match: canonicalName(o.match),
      kind: o.kind!,
      ...(o.ms !== undefined ? { ms: o.ms } : {}),
      ...(o.types ? { types: o.types.map((t) => t.toUpperCase()) } : {}),
    };
  });
}

/** Whether a fault applies to a question (qname normalized, qtype upper-case dns-packet spelling). */
export function faultMatches(f: Fault, qname: string, qtype: string): boolean {
  if (f.types && !f.types.includes(qtype)) return false;
  if (f.match.startsWith("*.")) {
    const base = f.match.slice(2);
    return qname === base || qname.endsWith(`.${base}`);
  }
  return qname === f.match;
}

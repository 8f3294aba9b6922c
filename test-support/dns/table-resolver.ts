/**
 * A Resolver answering from a table, for unit tests of check logic (integration tests use the fixture
 * DNS server over real sockets). It records every question so tests can assert on what was asked and
 * in which order, and can hold answers back to observe what runs in parallel.
 */
import type { DnsAnswer, DnsStatus, QueryLogEntry, RecordDataMap, Resolver, RRType } from "@/lib/dns/types";

export interface TableEntry {
  status?: DnsStatus;
  answers?: unknown[];
  cnames?: string[];
  /** Milliseconds before the answer is delivered. */
  delayMs?: number;
}

export interface TableResolver extends Resolver {
  /** "name TYPE" of every question, in the order asked. */
  readonly asked: string[];
}

/** Keys are "name TYPE" (lower-case name, no trailing dot); anything missing is NXDOMAIN. */
export function tableResolver(table: Record<string, TableEntry | unknown[]>): TableResolver {
  const asked: string[] = [];
  const byName = new Set(Object.keys(table).map((k) => k.split(" ")[0]));
  return {
    asked,
    log: [] as QueryLogEntry[],
    stats: () => ({ queries: asked.length, elapsedMs: 0 }),
    async query<T extends RRType>(name: string, type: T): Promise<DnsAnswer<T>> {
      const n = name.toLowerCase().replace(/\.$/, "");
      asked.push(`${n} ${type}`);
      const raw = table[`${n} ${type}`];
      const entry: TableEntry = Array.isArray(raw) ? { answers: raw } : (raw ?? {});
      if (entry.delayMs) await new Promise((r) => setTimeout(r, entry.delayMs));
      const status: DnsStatus = entry.status ?? (raw ? "ok" : byName.has(n) ? "nodata" : "nxdomain");
      return {
        name: n,
        type,
        status,
        answers: status === "ok" ? ((entry.answers ?? []) as RecordDataMap[T][]) : [],
        cnames: entry.cnames ?? [],
        authenticated: false,
        ...(status === "ok" || status === "nxdomain" || status === "nodata" ? {} : { error: status }),
      };
    },
  };
}

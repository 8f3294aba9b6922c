/**
 * What a report put on the wire: exchanges, distinct questions, and questions sent more than once. A
 * question is (name, type, DO bit); the resolver promises to send each at most once per report, so any
 * repeat that is not the DNS client's own continuation of the same question is a duplicate.
 */
import { questionKey, type BenchLogEntry } from "./dependency-depth";

export interface WireStats {
  /** Exchanges on the wire (retries and TCP fallbacks included, as the resolver's stats count them). */
  sent: number;
  /** Distinct (name, type) pairs asked. */
  distinct: number;
  /** Repeats of a (name, type, DO) question that are not a continuation of the previous exchange. */
  duplicates: number;
  /** Each duplicated question with how many times it was sent in all. */
  duplicated: { question: string; times: number }[];
}

/**
 * Not duplicates (the client continuing one question, lib/dns/client.ts): a retry after a TIMEOUT, the
 * question again without EDNS after FORMERR (RFC 6891 §7), over TCP after a truncated UDP answer
 * (RFC 7766 §5), or on the next server after a failure (fail-over).
 */
function continues(prev: BenchLogEntry, next: BenchLogEntry): boolean {
  return (
    prev.rcode === "TIMEOUT" ||
    prev.rcode === "FORMERR" ||
    (prev.transport === "udp" && next.transport === "tcp") ||
    prev.server !== next.server
  );
}

export function wireStats(log: readonly BenchLogEntry[]): WireStats {
  const byKey = new Map<string, BenchLogEntry[]>();
  const pairs = new Set<string>();
  for (const e of log) {
    const key = questionKey(e);
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
    pairs.add(`${e.name}|${e.type}`);
  }
  let duplicates = 0;
  const duplicated: WireStats["duplicated"] = [];
  for (const [key, entries] of byKey) {
    const sorted = [...entries].sort((a, b) => a.startedMs - b.startedMs);
    let extra = 0;
    for (let i = 1; i < sorted.length; i++) if (!continues(sorted[i - 1]!, sorted[i]!)) extra++;
    if (extra > 0) {
      duplicates += extra;
      const [name, type, dnssec] = key.split("|");
      duplicated.push({ question: `${type} ${name}${dnssec === "1" ? " +DO" : ""}`, times: sorted.length });
    }
  }
  return { sent: log.length, distinct: pairs.size, duplicates, duplicated };
}

/**
 * A small in-memory Resolver for the SPF unit tests: answers from a table, and can hold every question
 * until `flush()` so a test can count the rounds of dependent queries (the longest chain).
 */
import type { DnsAnswer, DnsStatus, QueryLogEntry, RecordDataMap, Resolver, RRType } from "@/lib/dns/types";

export type FakeZone = Record<string, Partial<{ [T in RRType]: RecordDataMap[T][] }> | DnsStatus>;

export interface FakeResolver extends Resolver {
  /** Every question asked, as "TYPE name", in order. */
  asked: string[];
  /** Answers everything held so far (only with `held: true`); returns how many. */
  flush(): number;
}

export function fakeResolver(zone: FakeZone, opts: { held?: boolean; cache?: boolean } = {}): FakeResolver {
  const asked: string[] = [];
  const cache = new Map<string, Promise<DnsAnswer>>();
  const pending: (() => void)[] = [];
  const log: QueryLogEntry[] = [];
  const answer = <T extends RRType>(name: string, type: T): DnsAnswer<T> => {
    const entry = zone[name];
    const base = { name, type, cnames: [], authenticated: false };
    if (entry === undefined) {
      // A name with names below it exists (RFC 8020 empty non-terminal): NODATA, not NXDOMAIN.
      const ent = Object.keys(zone).some((n) => n.endsWith(`.${name}`));
      return { ...base, status: ent ? "nodata" : "nxdomain", answers: [] };
    }
    if (typeof entry === "string") return { ...base, status: entry, answers: [], error: `fake ${entry}` };
    const data = (entry[type] ?? []) as RecordDataMap[T][];
    return { ...base, status: data.length > 0 ? "ok" : "nodata", answers: data };
  };
  return {
    asked,
    log,
    stats: () => ({ queries: asked.length, elapsedMs: 0 }),
    query<T extends RRType>(name: string, type: T): Promise<DnsAnswer<T>> {
      const n = name.toLowerCase().replace(/\.$/, "");
      const key = `${type} ${n}`;
      // With `cache`, like the report's resolver: one question per (name, type), shared while in flight.
      const hit = opts.cache ? cache.get(key) : undefined;
      if (hit) return hit as Promise<DnsAnswer<T>>;
      asked.push(key);
      const p: Promise<DnsAnswer<T>> = opts.held
        ? new Promise((resolve) => pending.push(() => resolve(answer(n, type))))
        : Promise.resolve(answer(n, type));
      if (opts.cache) cache.set(key, p);
      return p;
    },
    flush() {
      const batch = pending.splice(0);
      for (const f of batch) f();
      return batch.length;
    },
  };
}

/** Runs `p` against a held resolver, answering one round at a time; returns the number of rounds. */
export async function countRounds<T>(r: FakeResolver, p: Promise<T>): Promise<{ value: T; rounds: number }> {
  let done = false;
  let value!: T;
  const settled = p.then((v) => {
    done = true;
    value = v;
  });
  let rounds = 0;
  for (let idle = 0; !done && idle < 50;) {
    await new Promise((res) => setImmediate(res));
    if (r.flush() > 0) {
      rounds++;
      idle = 0;
    } else idle++;
  }
  await settled;
  return { value, rounds };
}

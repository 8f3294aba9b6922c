import { questionKey } from "./names";
import type { DnsAnswer, QueryOptions, Resolver, RRType } from "./types";

/**
 * Asks each (name, type, dnssec) once per check: an MX target's A answer doubles as the forward lookup
 * of a PTR name pointing back at it, and so on. The report's resolver caches too; this keeps a check's
 * own question count honest and spares even a cache round trip.
 */
export function memoResolver(inner: Resolver): Resolver {
  const memo = new Map<string, Promise<DnsAnswer>>();
  return {
    get log() {
      return inner.log;
    },
    stats: () => inner.stats(),
    query<T extends RRType>(name: string, type: T, options?: QueryOptions): Promise<DnsAnswer<T>> {
      const key = questionKey(name, type, options?.dnssec);
      let p = memo.get(key);
      if (!p) memo.set(key, (p = inner.query(name, type, options)));
      return p as Promise<DnsAnswer<T>>;
    },
  };
}

import type { Resolver } from "@/lib/dns/types";
import { lookupFcrdns } from "@/lib/net/fcrdns";
import { nameSource, type SourceName } from "./services";

export interface LookedUpName extends SourceName {
  /** False when the lookup failed (timeout, SERVFAIL…): worth asking again later. */
  definitive: boolean;
}

/**
 * Names source IPs by their forward-confirmed PTR (at most `limit` of them, within `deadlineMs`): what
 * is not answered in time stays "unknown" rather than holding the page.
 */
export async function nameIps(
  ips: string[],
  resolver: Resolver,
  opts: { deadlineMs?: number; limit?: number } = {},
): Promise<Map<string, LookedUpName>> {
  const out = new Map<string, LookedUpName>();
  const todo = ips.slice(0, opts.limit ?? 500);
  const work = Promise.all(
    todo.map(async (ip) => {
      try {
        const r = await lookupFcrdns(resolver, ip);
        const confirmed = r.confirmed[0];
        const name = confirmed ?? r.names[0] ?? null;
        out.set(ip, { ...nameSource(name, confirmed !== undefined), definitive: r.fcrdns !== null });
      } catch {
        out.set(ip, { ...nameSource(null), definitive: false });
      }
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise((resolve) => (timer = setTimeout(resolve, opts.deadlineMs ?? 4000))),
  ]);
  clearTimeout(timer);
  return new Map(out);
}

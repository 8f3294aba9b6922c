/**
 * A report resolver built exactly as createResolver builds one (same client, same defaults), that also
 * records what the query log leaves out and the bench needs: each exchange's DO bit (part of a question's
 * identity), exact times, when a check first asked each question (to tell waiting for data from waiting
 * for a client slot), and which code asked it (to name the await that serializes).
 */
import { performance } from "node:perf_hooks";
import { createDnsClient } from "@/lib/dns/client";
import { normalizeQueryName } from "@/lib/dns/names";
import { resolverFromTransport } from "@/lib/dns/resolver";
import { defaultServers } from "@/lib/dns/servers";
import type { Resolver } from "@/lib/dns/types";
import { questionKey, type BenchLogEntry } from "./dependency-depth";

export interface InstrumentOptions {
  servers: string;
  timeoutMs?: number;
  retries?: number;
  maxConcurrent?: number;
}

export interface InstrumentedResolver {
  resolver: Resolver;
  /** The query log with DO bits, request times, and times in ms since the resolver was created. */
  entries(): BenchLogEntry[];
  /** The code that first asked each question, by question key: "lookupFcrdns (lib/net/fcrdns.ts:82)". */
  requesters(): ReadonlyMap<string, string>;
}

/** Frames that only pass a question along: the caller worth naming is further out. */
const PASS_THROUGH = [
  "bench/instrument.ts",
  "lib/dns/resolver.ts",
  "lib/checks/result.ts",
  "lib/net/memo-resolver.ts",
  "node:",
];

/** The first frame of the current stack outside the resolver plumbing, relative to the repository. */
export function callerFrame(stack: string): string | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const m = /^\s*at (?:async )?(?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(line);
    if (!m) continue;
    const file = m[2]!.replace(/^file:\/\//, "");
    const nm = file.lastIndexOf("/node_modules/");
    const at =
      nm >= 0
        ? nm
        : ([file.indexOf("/lib/"), file.indexOf("/app/"), file.indexOf("/bench/")].find((i) => i >= 0) ?? -1);
    const rel = at >= 0 ? file.slice(at + 1) : file;
    if (PASS_THROUGH.some((p) => rel.startsWith(p))) continue;
    const where = `${rel}:${m[3]}`;
    return m[1] ? `${m[1]} (${where})` : where;
  }
  return undefined;
}

/**
 * The stack as an Error, unformatted: V8 renders `.stack` (and tsx maps it through source maps) only when
 * it is read, which costs far more than capturing it and would slow the report being measured. It is read
 * after the report.
 */
function captureStack(): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const e = new Error();
  Error.stackTraceLimit = limit;
  return e;
}

export function createInstrumentedResolver(opts: InstrumentOptions): InstrumentedResolver {
  const t0 = performance.now();
  const wire: { dnssec: boolean; startedAt: number; rttMs: number }[] = [];
  const requested = new Map<string, number>();
  const stacks = new Map<string, Error>();
  const inner = resolverFromTransport((onExchange) => {
    const client = createDnsClient({
      servers: defaultServers(opts.servers),
      timeoutMs: opts.timeoutMs,
      retries: opts.retries,
      maxConcurrent: opts.maxConcurrent,
      onExchange: (e) => {
        // Pushed in the same callback as the resolver's own log entry, so index i describes log[i].
        wire.push({ dnssec: e.query.dnssec === true, startedAt: e.startedAt, rttMs: e.rttMs });
        onExchange(e);
      },
    });
    return (q) => client.query(q);
  });

  const resolver: Resolver = {
    get log() {
      return inner.log;
    },
    stats: () => inner.stats(),
    query(name, type, options) {
      const n = normalizeQueryName(name);
      if (n.ok) {
        const key = questionKey({ name: n.name, type, dnssec: options?.dnssec === true });
        if (!requested.has(key)) {
          requested.set(key, performance.now() - t0);
          stacks.set(key, captureStack());
        }
      }
      return inner.query(name, type, options);
    },
  };

  return {
    resolver,
    requesters: () => {
      const out = new Map<string, string>();
      for (const [key, e] of stacks) {
        const who = callerFrame(e.stack ?? "");
        if (who) out.set(key, who);
      }
      return out;
    },
    entries: () =>
      inner.log.map((e, i): BenchLogEntry => {
        const w = wire[i]!;
        const startedMs = w.startedAt - t0;
        const key = questionKey({ name: e.name, type: e.type, dnssec: w.dnssec });
        // A CNAME target the resolver chased itself was never asked by a check: it was requested when sent.
        const requestedMs = Math.min(requested.get(key) ?? startedMs, startedMs);
        return { ...e, dnssec: w.dnssec, startedMs, rttMs: w.rttMs, requestedMs };
      }),
  };
}

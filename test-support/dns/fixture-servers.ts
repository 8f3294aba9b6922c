/**
 * Integration-test support for the DMARC, DKIM, BIMI, TLS-RPT and DNSSEC checks: our fixture zones served
 * over real sockets by the sandbox (with faults), and, when installed, by Knot DNS as an independent
 * authoritative server. Each resolver is a fresh wire resolver, so query counts are per test.
 */
import { readdirSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { fileURLToPath } from "node:url";
import { startDnsSandbox, type Fault, type Sandbox } from "@/lib/dns-sandbox";
import { hasKnot, startKnot } from "@/test-support/dns/knot";
import { createResolver } from "@/lib/dns/resolver";
import type { Resolver } from "@/lib/dns/types";

const DIR = fileURLToPath(new URL("../../e2e/fixtures/zones/", import.meta.url));

/** Our zone files: origins starting dmarc-, dkim-, bimi-, tls-rpt- or dnssec-. */
export const ZONE_FILES = readdirSync(DIR)
  .filter((f) => /^(dmarc|dkim|bimi|tls-rpt|dnssec)-[a-z0-9-]+\.zone$/.test(f))
  .sort()
  .map((f) => DIR + f);

export interface FixtureServer {
  server: string;
  resolver(opts?: { timeoutMs?: number }): Resolver;
  stop(): Promise<void>;
}

function wrap(server: string, stop: () => Promise<void>): FixtureServer {
  return {
    server,
    resolver: (opts) => createResolver({ servers: server, timeoutMs: opts?.timeoutMs ?? 1500, retries: 0 }),
    stop,
  };
}

export async function startSandboxServer(
  faults: Fault[] = [],
): Promise<FixtureServer & { sandbox: Sandbox }> {
  const sandbox = await startDnsSandbox({ zoneFiles: ZONE_FILES, faults });
  return { ...wrap(sandbox.server, () => sandbox.close()), sandbox };
}

/** The servers every integration test runs against: the sandbox always, Knot DNS when present. */
export const SERVERS: { name: string; start(): Promise<FixtureServer> }[] = [
  { name: "sandbox", start: () => startSandboxServer() },
  ...(hasKnot
    ? [
        {
          name: "knotd",
          start: async () => {
            const knot = await startKnot(ZONE_FILES);
            return wrap(knot.server, () => knot.stop());
          },
        },
      ]
    : []),
];

/**
 * Starts a fixture server before the enclosing describe's tests and stops it after; returns a getter
 * (the server exists only once beforeAll has run).
 */
export function useFixtureServer<S extends FixtureServer>(start: () => Promise<S>): () => S {
  let srv: S | undefined;
  beforeAll(async () => {
    srv = await start();
  });
  afterAll(() => srv?.stop());
  return () => {
    if (!srv) throw new Error("the fixture server is not running (used outside a test?)");
    return srv;
  };
}

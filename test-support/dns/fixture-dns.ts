/**
 * Integration-test helper: the fixture DNS server (lib/dns-sandbox) serving this part's zone files over
 * real sockets, and a wire resolver pointed at it. Tests call it in beforeAll and close it in afterAll.
 */
import { fileURLToPath } from "node:url";
import { startDnsSandbox, type Fault, type Sandbox } from "@/lib/dns-sandbox";
import { createResolver } from "@/lib/dns/resolver";
import type { Resolver } from "@/lib/dns/types";

const ZONES = ["mx", "ptr", "ptr-reverse", "dnsbl", "mta-sts"].map((z) =>
  fileURLToPath(new URL(`../../e2e/fixtures/zones/${z}.zone`, import.meta.url)),
);

export interface FixtureDns {
  sandbox: Sandbox;
  /** A fresh resolver (own cache) on every call, so each test sees its own queries. */
  resolver(opts?: { timeoutMs?: number }): Resolver;
  close(): Promise<void>;
}

export async function startFixtureDns(faults: Fault[] = []): Promise<FixtureDns> {
  const sandbox = await startDnsSandbox({ zoneFiles: ZONES, faults });
  return {
    sandbox,
    resolver: (opts) =>
      createResolver({ servers: sandbox.server, timeoutMs: opts?.timeoutMs ?? 1000, retries: 0 }),
    close: () => sandbox.close(),
  };
}

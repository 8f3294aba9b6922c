/**
 * The DNS sandbox: an authoritative server on loopback for tests, the e2e suite and benchmarks, serving
 * RFC 1035 master files (e2e/fixtures/zones/*.zone) and in-memory records, with fault injection.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Authority, recordFromSandbox, type SandboxRecord } from "./authority";
import { validateFaults, type Fault } from "./faults";
import { startDnsServer } from "./server";
import { parseZoneFile, type ZoneRecord } from "./zone-file";

export type { SandboxRecord } from "./authority";
export type { Fault } from "./faults";

export interface SandboxOptions {
  /** Every `*.zone` file in this directory, plus its optional `faults.json` (a Fault[]). */
  zoneDir?: string;
  zoneFiles?: string[];
  records?: SandboxRecord[];
  faults?: Fault[];
  /** Added to every answer (ms). */
  latencyMs?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port, the same for UDP and TCP. */
  port?: number;
  /** Zone apexes to serve besides those named by SOA records / $ORIGIN (see Authority). */
  zones?: string[];
  /** Names whose answers carry AD when asked with DO (see ServerOptions.authenticated). */
  authenticated?: string[];
}

export interface Sandbox {
  host: string;
  port: number;
  /** "127.0.0.1:53535" ("[::1]:53535" for IPv6), ready for createResolver({ servers }). */
  server: string;
  /** Zone apexes served, longest first. */
  zones: string[];
  close(): Promise<void>;
  /** Replaces every fault (those from options and faults.json included). */
  setFaults(f: Fault[]): void;
  setLatency(ms: number): void;
  /** Queries received and parsed (answered or not: a "timeout" fault counts too). */
  queriesServed(): number;
}

export interface LoadedZones {
  authority: Authority;
  faults: Fault[];
  files: string[];
}

/** Reads zone files, a zone directory and records into one Authority (throws ZoneFileError with file:line). */
export function loadZones(
  opts: Pick<SandboxOptions, "zoneDir" | "zoneFiles" | "records" | "zones">,
): LoadedZones {
  const files: string[] = [];
  let faults: Fault[] = [];
  if (opts.zoneDir) {
    if (!existsSync(opts.zoneDir)) throw new Error(`zone directory not found: ${opts.zoneDir}`);
    const names = readdirSync(opts.zoneDir)
      .filter((f) => f.endsWith(".zone"))
      .sort();
    files.push(...names.map((f) => join(opts.zoneDir!, f)));
    const faultsPath = join(opts.zoneDir, "faults.json");
    if (existsSync(faultsPath)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(faultsPath, "utf8"));
        faults = validateFaults(Array.isArray(parsed) ? parsed : (parsed as { faults?: unknown })?.faults);
      } catch (e) {
        throw new Error(`${faultsPath}: ${(e as Error).message}`, { cause: e });
      }
    }
  }
  files.push(...(opts.zoneFiles ?? []));
  const records: ZoneRecord[] = [];
  const apexes = [...(opts.zones ?? [])];
  for (const f of files) {
    const parsed = parseZoneFile(f);
    // A file's first $ORIGIN names its zone even when it has no SOA.
    if (parsed.origin !== undefined && !parsed.records.some((r) => r.type === "SOA"))
      apexes.push(parsed.origin);
    records.push(...parsed.records);
  }
  for (const r of opts.records ?? []) records.push(recordFromSandbox(r));
  return { authority: new Authority(records, { apexes }), faults, files };
}

/** Starts the sandbox server. Bad zone data or options reject with a clear message. */
export async function startDnsSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const { authority, faults } = loadZones(opts);
  const server = await startDnsServer(authority, {
    host: opts.host,
    port: opts.port,
    latencyMs: opts.latencyMs,
    faults: [...faults, ...(opts.faults ?? [])],
    ...(opts.authenticated ? { authenticated: opts.authenticated } : {}),
  });
  const hostPart = server.host.includes(":") ? `[${server.host}]` : server.host;
  return {
    host: server.host,
    port: server.port,
    server: `${hostPart}:${server.port}`,
    zones: authority.apexes,
    close: () => server.close(),
    setFaults: (f) => server.setFaults(f),
    setLatency: (ms) => server.setLatency(ms),
    queriesServed: () => server.queriesServed(),
  };
}

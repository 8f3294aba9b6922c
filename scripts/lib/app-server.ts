/**
/**
 * For scripts that need the real app: the fixture DNS server (or, with `demo`, the demo zones and
 * blocklists of `npm run demo`) and the app as `npm start` runs it (server.ts; a production build must
 * exist) on free loopback ports, on a throwaway PGlite database unless a PostgreSQL URL is given.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDnsSandbox } from "@/lib/dns-sandbox";
import { DEMO_ZONE_DIR, demoAppEnv } from "@/lib/dns-sandbox/demo";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A free loopback port (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Polls `url` until it answers 2xx, or throws after `ms`. */
export async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms (is there a production build? run next build)`);
}

export interface AppServer {
  base: string;
  /** The app's process id (for memory figures). */
  pid: number | undefined;
  close(): Promise<void>;
}

export interface AppServerOptions {
  dnsLatencyMs?: number;
  /** The demo zones and blocklists of `npm run demo` instead of the test fixtures. */
  demo?: boolean;
  /** PostgreSQL connection string; unset means a throwaway PGlite database. */
  databaseUrl?: string;
  /** The PGlite data directory instead of a throwaway one (kept on close). */
  pgliteDir?: string;
  /** Called with the app's process id as soon as it is spawned (to watch its start-up). */
  onSpawn?: (pid: number) => void;
}

/**
 * The arguments `npm start` gives Node (package.json), run here without npm's own process in between, so
 * that the app's memory is the app's.
 */
function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== "node") throw new Error(`npm start is not a node command: ${pkg.scripts.start}`);
  return args;
}

/** dist/server is built once per process: every app a benchmark starts runs the same build. */
let SERVER_BUILD: Promise<number> | undefined;

export async function startAppServer(opts: AppServerOptions = {}): Promise<AppServer> {
  await (SERVER_BUILD ??= import("../build-server.mjs").then((m) => m.buildServer()));
  const sandbox = await startDnsSandbox({
    zoneDir: opts.demo ? DEMO_ZONE_DIR : "e2e/fixtures/zones",
    latencyMs: opts.dnsLatencyMs ?? 0,
  });
  const port = await freePort();
  const dbDir = mkdtempSync(join(tmpdir(), "mxray-app-"));
  // `npm start`: the app behind its cache of saved reports' responses (server.ts, built as JavaScript in
  // dist/server, here from this checkout's code).
  const server = spawn(process.execPath, [...startArgs(), "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      ...(opts.demo
        ? demoAppEnv(sandbox.server)
        : {
            MXRAY_DNS: sandbox.server,
            MXRAY_RATE_LIMIT: "0",
            MXRAY_DNSBL_ZONES: "bl.dnsbl.test,bl2.dnsbl.test",
            MXRAY_DNSBL_DOMAIN_ZONES: "dom.dnsbl.test",
          }),
      DATABASE_URL: opts.databaseUrl ?? "",
      PGLITE_DIR: opts.pgliteDir ?? join(dbDir, "db"),
    },
    stdio: "ignore",
  });
  if (server.pid !== undefined) opts.onSpawn?.(server.pid);
  const base = `http://127.0.0.1:${port}`;
  const close = async () => {
    server.kill("SIGTERM");
    await sandbox.close();
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dbDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${base}/`, 60_000);
  } catch (e) {
    await close();
    throw e;
  }
  return { base, pid: server.pid, close };
}

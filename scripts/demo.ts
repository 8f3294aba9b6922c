/**
 * `npm run demo [-- --port <p>] [-- --dev]`: mxray without internet. Starts the DNS sandbox on the demo zones
 * (demo/zones: fictitious .test domains and blocklists) and the app pointed at it, on its own embedded
 * database (.data/demo), prints the address and three domains to try, and stops both on Ctrl-C.
 * Uses the production build when there is one (`npm run build`), else the development server.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import { DEMO_BOUNCE_FILE, DEMO_DOMAINS, DEMO_ZONE_DIR, demoAppEnv } from "@/lib/dns-sandbox/demo";
import { startDnsSandbox } from "@/lib/dns-sandbox";

const USAGE =
  "usage: npm run demo [-- --port <port>] [-- --dev]\n" +
  "  --port  the app's port (default: PORT, else 3000, else a free one)\n" +
  "  --dev   the development server even when a production build exists";

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForApp(url: string, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the app exited (code ${child.exitCode}) before answering`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

function parseArgs(argv: string[]): { port?: number; dev: boolean } {
  const out: { port?: number; dev: boolean } = { dev: false };
  const list = argv.filter((a) => a !== "--");
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    if (a === "--dev") out.dev = true;
    else if (a === "--port" || a.startsWith("--port=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : list[++i];
      if (!v || !/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > 65535) {
        throw new Error(`--port: expected a number from 1 to 65535, got "${v ?? ""}"`);
      }
      out.port = Number(v);
    } else if (a === "-h" || a === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument "${a}"`);
  }
  return out;
}

async function main(): Promise<number> {
  let args: { port?: number; dev: boolean };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`demo: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const envPort =
    process.env.PORT && /^[0-9]+$/.test(process.env.PORT) ? Number(process.env.PORT) : undefined;
  let port = args.port ?? envPort ?? 3000;
  if (!(await portFree(port))) {
    if (args.port !== undefined) {
      console.error(`demo: port ${port} is in use; choose another with --port`);
      return 2;
    }
    port = await freePort();
  }

  const dbDir = join(".data", "demo");
  const dbEnv = { DATABASE_URL: "", PGLITE_DIR: dbDir };
  // PG_VERSION is the first file initdb writes: without it the app would create the database (seconds)
  // during the first report. Done here, before the address is printed, and said so.
  if (!existsSync(join(dbDir, "PG_VERSION"))) {
    console.log(`demo: preparing the database in ${dbDir} (first start only)…`);
    const migrate = spawnSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", join("scripts", "db-migrate.ts")],
      { env: { ...process.env, ...dbEnv }, encoding: "utf8" },
    );
    if (migrate.status !== 0) {
      console.error(`demo: could not prepare the database:\n${migrate.stderr || migrate.stdout}`);
      return 1;
    }
  }

  const sandbox = await startDnsSandbox({ zoneDir: DEMO_ZONE_DIR });
  const production = !args.dev && existsSync(join(".next", "BUILD_ID"));
  const url = `http://127.0.0.1:${port}`;
  const app = spawn(
    join("node_modules", ".bin", "next"),
    [production ? "start" : "dev", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        ...demoAppEnv(sandbox.server),
        NEXT_TELEMETRY_DISABLED: "1",
        // The demo keeps its reports apart from real ones, in its own embedded database.
        ...dbEnv,
        MXRAY_PUBLIC_URL: url,
      },
      stdio: ["ignore", "inherit", "inherit"],
      detached: process.platform !== "win32",
    },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app.exitCode === null && app.pid !== undefined) {
      // The whole group: `next dev` runs its server in a child process.
      try {
        process.kill(process.platform === "win32" ? app.pid : -app.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, 5000);
        app.once("exit", () => {
          clearTimeout(t);
          r();
        });
      });
    }
    await sandbox.close();
    console.log("\ndemo stopped (the app and the DNS sandbox)");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  app.on("exit", (code) => {
    if (!stopping) {
      console.error(`demo: the app exited (code ${code ?? "signal"})`);
      void stop(code ?? 1);
    }
  });

  console.log(
    `demo: DNS sandbox on ${sandbox.server} serving ${relative(process.cwd(), DEMO_ZONE_DIR)} ` +
      `(${sandbox.zones.length} zones); starting the app (${production ? "production build" : "development server: the first page compiles for a while; `npm run build` first for a fast demo"})…`,
  );
  try {
    await waitForApp(`${url}/`, app, production ? 60_000 : 240_000);
  } catch (e) {
    console.error(`demo: ${(e as Error).message}`);
    await stop(1);
    return 1;
  }
  const width = Math.max(...DEMO_DOMAINS.map((d) => d.domain.length));
  console.log(
    [
      "",
      `mxray demo: open ${url}`,
      "",
      "Try these (fictitious: .test is reserved, every answer comes from the demo zones):",
      ...DEMO_DOMAINS.map((d) => `  ${d.domain.padEnd(width)}  ${d.about}`),
      "",
      `The bounce to paste: ${relative(process.cwd(), DEMO_BOUNCE_FILE)} (its sending address 203.0.113.66 is blocklisted too).`,
      `Reports are saved in ${dbDir}. Ctrl-C stops the app and the DNS sandbox.`,
      "",
    ].join("\n"),
  );
  return new Promise<number>(() => {
    // runs until Ctrl-C
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

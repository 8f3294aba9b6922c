/**
 * `npm run dns:sandbox -- --zones <dir> [--port <p>] [--latency <ms>] [--host 127.0.0.1]`
 * Serves the zone files of <dir> (and its faults.json) over UDP and TCP until SIGINT/SIGTERM.
 */
import { startDnsSandbox } from "@/lib/dns-sandbox";

const USAGE =
  "usage: npm run dns:sandbox -- --zones <dir> [--port <port>] [--latency <ms>] [--host <address>]\n" +
  "  --zones    directory of RFC 1035 master files (*.zone) and an optional faults.json\n" +
  "  --port     UDP and TCP port (default 0: a free one)\n" +
  "  --latency  milliseconds added to every answer (default 0)\n" +
  "  --host     address to listen on (default 127.0.0.1)";

interface Args {
  zones: string;
  port: number;
  latency: number;
  host: string;
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { port: 0, latency: 0, host: "127.0.0.1" };
  const list = argv.filter((a) => a !== "--");
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    const [flag, inline] = a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    const value = () => {
      const v = inline ?? list[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (v: string, max: number) => {
      if (!/^[0-9]+$/.test(v) || Number(v) > max)
        throw new Error(`${flag}: expected a number from 0 to ${max}, got "${v}"`);
      return Number(v);
    };
    switch (flag) {
      case "--zones":
        args.zones = value();
        break;
      case "--port":
        args.port = int(value(), 65535);
        break;
      case "--latency":
        args.latency = int(value(), 600_000);
        break;
      case "--host":
        args.host = value().replace(/^\[(.*)\]$/, "$1");
        break;
      case "-h":
      case "--help":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument "${a}"`);
    }
  }
  if (!args.zones) throw new Error("--zones <dir> is required");
  return args as Args;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`dns-sandbox: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  let sandbox;
  try {
    sandbox = await startDnsSandbox({
      zoneDir: args.zones,
      port: args.port,
      host: args.host,
      latencyMs: args.latency,
    });
  } catch (e) {
    console.error(`dns-sandbox: ${(e as Error).message}`);
    return 2;
  }
  console.log(`dns-sandbox: serving ${sandbox.zones.length} zone(s):`);
  for (const z of [...sandbox.zones].sort()) console.log(`  ${z === "" ? "." : z}`);
  console.log(
    `dns-sandbox: listening on ${sandbox.server} (UDP and TCP)${args.latency ? `, +${args.latency} ms` : ""}`,
  );
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      console.log(`dns-sandbox: ${sig}, ${sandbox.queriesServed()} queries served, stopping`);
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  await sandbox.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`dns-sandbox: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);

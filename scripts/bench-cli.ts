/**
 * CLI start-up: wall time from launch to the first output of `mxray bounce <reply file>` and of `mxray
 * check <domain>` on the built CLI (dist/cli, built here when missing), measured with hyperfine. `check`
 * asks the DNS sandbox (demo/zones, started in this process) about a name its zone says does not exist:
 * the whole check path loads and runs and the report is printed, with no network wait in the figure.
 * Prints the median wall time and the mean CPU time of each, and node's own start beside them.
 *
 *   npm run bench:cli [-- --runs 20] [-- --port 5110]
 * The sandbox port is --port, else $E2E_DNS_PORT, else a free one.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startDnsSandbox } from "@/lib/dns-sandbox";

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

interface HyperfineResult {
  command: string;
  median: number;
  user: number;
  system: number;
}

async function main(): Promise<number> {
  const root = process.cwd();
  if (!existsSync(join(root, "dist/cli/main.js"))) {
    const { buildCli } = (await import(join(root, "scripts/build-cli.mjs"))) as {
      buildCli: () => Promise<number>;
    };
    await buildCli();
  }
  if (spawnSync("hyperfine", ["--version"]).error) {
    console.log("bench:cli: hyperfine is not installed (apt-get install hyperfine); skipped.");
    return 0;
  }
  const runs = argValue("--runs") ?? "20";
  const port = Number(argValue("--port") ?? process.env.E2E_DNS_PORT ?? 0);
  const dir = mkdtempSync(join(tmpdir(), "mxray-bench-cli-"));
  const sandbox = await startDnsSandbox({ zoneDir: join(root, "demo/zones"), port });
  try {
    const reply = join(dir, "reply.txt");
    writeFileSync(reply, "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown\n");
    const out = join(dir, "hyperfine.json");
    const bin = join(root, "bin/mxray.mjs");
    const commands = [
      "node -e 0",
      `node ${bin} bounce ${reply}`,
      `node ${bin} check nosuch.good-demo.test --dns ${sandbox.server}`,
    ];
    // Asynchronously: the sandbox answers from this process's event loop while hyperfine runs.
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        "hyperfine",
        ["-N", "--warmup", "3", "--runs", runs, "--ignore-failure", "--export-json", out, ...commands],
        { stdio: ["ignore", "ignore", "inherit"] },
      );
      child.on("error", reject);
      child.on("exit", resolve);
    });
    if (status !== 0) throw new Error(`hyperfine exited with ${status}`);
    const results = (JSON.parse(readFileSync(out, "utf8")) as { results: HyperfineResult[] }).results;
    console.log(
      `Load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")} on ${availableParallelism()} cores; ${runs} runs each (hyperfine)`,
    );
    const names = ["node alone (node -e 0)", "mxray bounce <reply file>", "mxray check (domain not found)"];
    results.forEach((res, i) => {
      const wall = (res.median * 1000).toFixed(0);
      const cpu = ((res.user + res.system) * 1000).toFixed(0);
      const target = i === 0 ? "" : `  (target < 300 ms: ${res.median < 0.3 ? "met" : "not met"})`;
      console.log(
        `  ${names[i]!.padEnd(32)} median ${wall.padStart(5)} ms wall, ${cpu.padStart(4)} ms CPU${target}`,
      );
    });
    return 0;
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

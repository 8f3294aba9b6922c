#!/usr/bin/env node
// Runs the CLI from its JavaScript build (dist/cli, made by `npm run build:cli`, which `npm install` runs),
// in this process: no TypeScript is compiled at start-up. Without a build (a checkout installed with
// --ignore-scripts), it falls back to running the TypeScript source with tsx; the react-server condition
// makes `server-only` (which guards the database code from client bundles) resolve to its empty module.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "dist/cli/main.js");

if (existsSync(built)) {
  const { main } = await import(pathToFileURL(built).href);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(
        `mxray: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = 2;
    },
  );
} else {
  // Loaded only here: the built CLI does not pay for child_process at start-up.
  const { spawnSync } = await import("node:child_process");
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", join(root, "lib/cli/main.ts"), ...process.argv.slice(2)],
    {
      stdio: "inherit",
      cwd: process.cwd(),
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.json") },
    },
  );
  process.exit(result.status ?? 2);
}

#!/usr/bin/env node
// Runs the TypeScript CLI with tsx. The react-server condition makes `server-only` (which guards the
// database code from client bundles) resolve to its empty module outside Next.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", join(root, "lib/cli/main.ts"), ...process.argv.slice(2)],
  { stdio: "inherit", cwd: process.cwd(), env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.json") } },
);
process.exit(result.status ?? 2);

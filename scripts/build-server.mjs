#!/usr/bin/env node
// Builds `npm start`'s front (server.ts and the project code it imports) as plain JavaScript in
// dist/server, so the app starts without tsx: under tsx every module Next's server loads (its own compiled
// runtime and the build's chunks) goes through tsx's loader hooks, and the first start pays for esbuild's
// transform service as well. npm packages stay external (next, the database drivers) and load from
// node_modules as usual; `server-only` is replaced by an empty module, as in the CLI bundle.
// Run by `npm install` (postinstall) and by `npm run build`.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serverOnlyEmpty } from "./build-cli.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Builds dist/server/server.mjs (what `npm start` runs). */
export async function buildServer() {
  const outdir = join(root, "dist/server");
  rmSync(outdir, { recursive: true, force: true });
  const t0 = performance.now();
  await build({
    absWorkingDir: root,
    entryPoints: { server: "server.ts" },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    tsconfig: join(root, "tsconfig.json"),
    // Bundled CommonJS-style code may call require(); give ESM chunks one.
    banner: {
      js: "import { createRequire as __mxrayRequire } from 'node:module'; const require = __mxrayRequire(import.meta.url);",
    },
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
    plugins: [serverOnlyEmpty],
  });
  return Math.round(performance.now() - t0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ms = await buildServer();
  console.log(`build:server: dist/server built in ${ms} ms`);
}

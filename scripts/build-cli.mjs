#!/usr/bin/env node
// Builds the CLI as plain JavaScript (dist/cli), so `mxray` starts without compiling TypeScript: one
// esbuild bundle of lib/cli/main.ts and everything it imports from the project, with dynamic imports kept
// as lazy chunks (a bounce diagnosis never loads the DNS, report or database code). npm packages stay
// external and are loaded from node_modules as usual; `server-only` (which guards database code from
// client bundles, empty under the react-server condition) is replaced by an empty module.
// Run by `npm install` (postinstall) and before the tests; bin/mxray.mjs falls back to tsx without it.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const LAZY = ["libmime", "ipaddr.js"];
// Pure-JavaScript packages on the start-up path of `mxray check`: bundled, so node resolves and compiles
// one chunk instead of zod's hundred-odd ES modules (and tldts's, dns-packet's) at every start.
const BUNDLED = ["zod", "tldts", "tldts-core", "dns-packet", "@leichtgewicht/ip-codec"];
const LAZY_FILTER = new RegExp(
  `^(?:${LAZY.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})$`,
);

/** `import "server-only"` marks modules for Next's bundler; outside Next it is an empty module. */
export const serverOnlyEmpty = {
  name: "server-only-empty",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/**
 * The esbuild options of the CLI build, writing to `outdir`. `npm run bench:bounce` builds the bounce
 * parser with the same options, so it times the code exactly as `mxray bounce` runs it.
 */
export function cliBuildOptions(outdir) {
  return {
    absWorkingDir: root,
    entryPoints: { main: "lib/cli/main.ts" },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: join(root, "tsconfig.json"),
    conditions: ["react-server"],
    // Bundled CommonJS-style code (generated clients) may call require(); give ESM chunks one.
    banner: {
      js: "import { createRequire as __mxrayRequire } from 'node:module'; const require = __mxrayRequire(import.meta.url);",
    },
    define: { "process.env.MXRAY_CLI_BUNDLE": '"1"' },
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
    plugins: [
      {
        // Every other npm package stays external and is loaded from node_modules as usual.
        name: "external-packages",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) => {
            if (a.namespace === "lazy" || a.path === "server-only" || a.path.startsWith("@/"))
              return undefined;
            if (LAZY_FILTER.test(a.path)) return undefined;
            const name = a.path.startsWith("@") ? a.path.split("/", 2).join("/") : a.path.split("/")[0];
            return BUNDLED.includes(name) ? undefined : { path: a.path, external: true };
          });
        },
      },
      {
        // CommonJS packages the bounce parser needs only for some inputs (MIME words and charsets, IP
        // literals): loaded on first use, so a reply line never pays for libmime's charset
        // tables. Their default export is used as an object (libmime.decodeWords(...)), which a proxy serves.
        name: "lazy-cjs",
        setup(b) {
          b.onResolve({ filter: LAZY_FILTER }, (a) =>
            a.namespace === "lazy" ? undefined : { path: a.path, namespace: "lazy" },
          );
          b.onLoad({ filter: /.*/, namespace: "lazy" }, (a) => ({
            loader: "js",
            resolveDir: root,
            contents: [
              'import { createRequire } from "node:module";',
              "let m;",
              `const load = () => (m ??= createRequire(import.meta.url)(${JSON.stringify(a.path)}));`,
              "export default new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });",
            ].join("\n"),
          }));
        },
      },
      serverOnlyEmpty,
    ],
  };
}

/** Builds dist/cli (bin/mxray.mjs runs dist/cli/main.js); resolves to the build's milliseconds. */
export async function buildCli() {
  const outdir = join(root, "dist/cli");
  rmSync(outdir, { recursive: true, force: true });
  const t0 = performance.now();
  await build(cliBuildOptions(outdir));
  return Math.round(performance.now() - t0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ms = await buildCli();
  console.log(`build:cli: dist/cli built in ${ms} ms`);
}

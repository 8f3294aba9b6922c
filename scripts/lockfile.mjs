#!/usr/bin/env node
/**
 * `npm run lockfile`: writes package-lock.json from package.json so that `npm ci` accepts it on any platform
 * and `npm install` leaves it unchanged.
 * `npm run lockfile -- --check`: changes nothing; exits 1 when `npm install` would rewrite the lockfile, when
 * a platform's optional native package is missing from it, or when a locked package's `engines.node` does
 * not accept the Node.js minimum of package.json (npm would print EBADENGINE).
 * `npm run lockfile -- --fresh`: resolves every version again instead of keeping the locked ones.
 *
 * Why a scratch directory: npm builds the lockfile from the installed tree when node_modules exists, and an
 * installed tree holds only this platform's optional packages (@next/swc-*, lightningcss-*, …), so an
 * `npm install` in a working copy can drop the other platforms' entries and the next machine's install
 * adds them back (npm/cli#4828). Resolving with --package-lock-only next to no node_modules records them all.
 * Git conflict markers left by a merge are resolved by npm itself on the first pass.
 *
 * Plain Node.js with no dependencies, so it runs before the first install and right after a merge.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const LOCK = "package-lock.json";
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NETWORK_ERROR = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH)\b/;
const INSTALL = ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"];

function lockIn(dir) {
  return readFileSync(join(dir, LOCK), "utf8");
}

/** Copies what npm reads (manifest, lockfile, project .npmrc) into a directory without node_modules. */
function scratch(withLock) {
  const dir = mkdtempSync(join(tmpdir(), "mxray-lockfile-"));
  for (const f of ["package.json", ".npmrc", ...(withLock ? [LOCK] : [])]) {
    if (existsSync(join(root, f))) copyFileSync(join(root, f), join(dir, f));
  }
  return dir;
}

function npmInstall(dir, extra = []) {
  const r = spawnSync(NPM, [...INSTALL, ...extra], {
    cwd: dir,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.status !== 0) throw new Error(`npm ${[...INSTALL, ...extra].join(" ")} failed:\n${out}`);
  return out;
}

/**
 * Every optional dependency named by a locked package must itself be locked (at the top level or nested
 * under the package): those are the other platforms' native builds that a partial lockfile lacks.
 */
export function missingOptionals(lock) {
  const pkgs = lock.packages ?? {};
  const missing = [];
  for (const [path, entry] of Object.entries(pkgs)) {
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      // Node's resolution: the nearest node_modules/<dep> walking up from the package's own directory.
      let base = path;
      let found = false;
      for (;;) {
        const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
        if (pkgs[candidate]) {
          found = true;
          break;
        }
        if (!base) break;
        const cut = base.lastIndexOf("/node_modules/");
        base = cut === -1 ? "" : base.slice(0, cut);
      }
      if (!found) missing.push(`${dep} (optional dependency of ${path || "the project"})`);
    }
  }
  return missing;
}

/** Locked packages whose engines.node refuses the project's stated minimum Node.js version. */
export function engineConflicts(lock, minimum) {
  let semver;
  try {
    semver = createRequire(join(root, "package.json"))("semver");
  } catch {
    return null; // not installed yet: the check runs again in npm test, after the install
  }
  const out = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const range = entry.engines?.node;
    if (!path || typeof range !== "string") continue;
    if (!semver.satisfies(minimum, range))
      out.push(`${path.replace(/^.*node_modules\//, "")}@${entry.version} wants node ${range}`);
  }
  return out;
}

function minimumNode() {
  const range = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).engines?.node ?? "";
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(range);
  return m ? `${m[1]}.${m[2]}.${m[3] ?? 0}` : null;
}

function problems(lockText) {
  const lock = JSON.parse(lockText);
  const list = missingOptionals(lock).map((m) => `missing ${m}`);
  const min = minimumNode();
  const engines = min ? engineConflicts(lock, min) : [];
  for (const e of engines ?? []) list.push(`engine: ${e} (package.json promises node ${min})`);
  return list;
}

function countChangedLines(a, b) {
  const left = new Map();
  for (const l of a.split("\n")) left.set(l, (left.get(l) ?? 0) + 1);
  let changed = 0;
  for (const l of b.split("\n")) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else changed++;
  }
  for (const n of left.values()) changed += n;
  return changed;
}

function check() {
  if (!existsSync(join(root, LOCK))) {
    console.error(`no ${LOCK}: run \`npm run lockfile\` and commit it`);
    return 1;
  }
  const committed = lockIn(root);
  if (/^(<<<<<<<|>>>>>>>|=======)( |$)/m.test(committed)) {
    console.error(`${LOCK} holds merge conflict markers: run \`npm run lockfile\` and commit it`);
    return 1;
  }
  const found = problems(committed);
  const dir = scratch(true);
  let offline = false;
  try {
    let rewritten = committed;
    try {
      npmInstall(dir, ["--prefer-offline"]);
      rewritten = lockIn(dir);
    } catch (e) {
      // Without the registry npm cannot say what it would write; the checks above need no network.
      if (!NETWORK_ERROR.test(String(e))) throw e;
      offline = true;
    }
    if (rewritten !== committed) {
      found.unshift(
        `\`npm install\` would rewrite ${LOCK} (${countChangedLines(committed, rewritten)} lines differ)`,
      );
    }
    if (found.length) {
      console.error(
        `${LOCK} is not reproducible:\n  - ${found.join("\n  - ")}\nRun \`npm run lockfile\` and commit ${LOCK}.`,
      );
      return 1;
    }
    console.log(
      offline
        ? `${LOCK}: every platform's optional packages are locked (npm registry unreachable: whether npm install would rewrite it was not checked)`
        : `${LOCK}: npm install leaves it unchanged; every platform's optional packages are locked`,
    );
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function regenerate(fresh) {
  const dir = scratch(!fresh);
  try {
    npmInstall(dir);
    // A second pass must be a fixed point, else `npm install` on a clone would change the file again.
    const first = lockIn(dir);
    npmInstall(dir);
    const second = lockIn(dir);
    if (first !== second) throw new Error(`npm did not settle: a second pass changed ${LOCK}; run again`);
    const found = problems(second);
    if (found.length)
      throw new Error(`the lockfile npm wrote is still not reproducible:\n  - ${found.join("\n  - ")}`);
    const before = existsSync(join(root, LOCK)) ? lockIn(root) : "";
    writeFileSync(join(root, LOCK), second);
    console.log(
      before === second
        ? `${LOCK} unchanged`
        : `wrote ${LOCK} (${countChangedLines(before, second)} lines changed); run \`npm install\` to update node_modules`,
    );
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  const unknown = args.filter((a) => a !== "--check" && a !== "--fresh");
  if (unknown.length) {
    console.error(`unknown argument ${unknown[0]}\nusage: npm run lockfile [-- --check | --fresh]`);
    return 2;
  }
  try {
    return args.includes("--check") ? check() : regenerate(args.includes("--fresh"));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());

import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, cp, mkdir, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";

/**
 * PGlite runs PostgreSQL inside this process's memory, so its server-sized defaults are paid in RSS: the
 * 128 MB of shared_buffers that initdb picks (touched as pages are read) and 16 MB WAL segments, written
 * zero-filled at creation. One process and small tables need far less: 16 MB of buffers (2,048 pages) and
 * 1 MB segments (initdb --wal-segsize, PostgreSQL 11+). Applied to initdb (so postgresql.conf records them)
 * and to every start (so data directories made before keep within them too).
 */
const PGLITE_SETTINGS = ["-c", "shared_buffers=16MB", "-c", "wal_buffers=512kB"];
export const PGLITE_OPTIONS = {
  initDbStartParams: [...PGLITE_SETTINGS, "--wal-segsize=1"],
  startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
};

/*
 * Where a first start's memory goes (measured with `npm run bench:db-memory`): creating a data directory
 * means initdb, for which PGlite loads a second PostgreSQL and initdb's own WebAssembly beside the first; each
 * one's linear memory only ever grows while the bootstrap runs, and the new directory is then copied through
 * an in-memory tarball (about 650 MiB at the peak). Opening an existing directory costs a third of that.
 *
 * So initdb runs once per installed PGlite build, not once per database: a template data directory is made
 * by `npm install` (postinstall), or else by the first start that needs one, in a short-lived child process,
 * and every new database is a copy of it (plain file copies: no second PostgreSQL, no tarball in memory).
 * The migrations then run on the copy as on any database. An in-memory database (memory://, the tests) is
 * loaded from the same template as a tarball (PGlite's loadDataDir), made with it by PGlite's dumpDataDir. The template is keyed by the PGlite version and
 * the initdb settings, since a data directory only opens with the PostgreSQL build that made it.
 */
const TEMPLATE_FORMAT = 2;

/*
 * The child that runs initdb. Its process only lives for this, so it compiles PGlite's WebAssembly with V8's
 * baseline compiler alone (--liftoff-only): optimised code would cost about 100 MiB more and pays off only
 * in a long-lived process. setFlagsFromString ignores a flag a V8 build does not know, where a command-line
 * flag would stop the child.
 */
const INIT_CHILD = `
const [url, dir, options, tarball] = JSON.parse(process.argv[1]);
(await import("node:v8")).setFlagsFromString("--liftoff-only");
const mod = await import(url);
const { PGlite } = mod.PGlite ? mod : mod.default;
const db = await PGlite.create(dir, options);
if (tarball) {
  const dump = await db.dumpDataDir("none");
  (await import("node:fs")).writeFileSync(tarball, new Uint8Array(await dump.arrayBuffer()));
}
await db.close();
`;

interface PglitePackage {
  dir: string;
  version: string;
  /** The ES module entry point, as a file: URL (the child imports it). */
  entryUrl: string;
}

/**
 * The installed PGlite package on disk. Once Next has bundled this module, require.resolve answers a module
 * id rather than a path, so the package is then looked for from the working directory (the project root for
 * `npm start` and `next start`) upwards, as Node would.
 */
function pglitePackage(): PglitePackage | null {
  const candidates: string[] = [];
  try {
    const entry: unknown = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    if (typeof entry === "string") candidates.push(path.resolve(path.dirname(entry), ".."));
  } catch {
    // not resolvable from here: the working directory below
  }
  for (let d = process.cwd(); ; d = path.dirname(d)) {
    candidates.push(path.join(d, "node_modules", "@electric-sql", "pglite"));
    if (path.dirname(d) === d) break;
  }
  for (const dir of candidates) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
        module?: string;
      };
      if (pkg.name !== "@electric-sql/pglite" || !pkg.version || !pkg.module) continue;
      return { dir, version: pkg.version, entryUrl: pathToFileURL(path.join(dir, pkg.module)).href };
    } catch {
      // not there
    }
  }
  return null;
}

/** The command that makes a new PGlite data directory in `dataDir`, and its tarball if asked (a child process). */
function pgliteInitCommand(dataDir: string, tarball?: string): { command: string; args: string[] } | null {
  const pkg = pglitePackage();
  if (!pkg) return null;
  return {
    command: process.execPath,
    args: [
      "--input-type=module",
      "-e",
      INIT_CHILD,
      JSON.stringify([pkg.entryUrl, dataDir, PGLITE_OPTIONS, tarball ?? null]),
    ],
  };
}

/**
 * The template's place: `node_modules/.cache/mxray/pglite-<version>-<settings hash>`, beside the PGlite it
 * belongs to, so that reinstalling PGlite leaves the old template behind under another name. Null when
 * PGlite cannot be located on disk.
 */
export function defaultPgliteTemplateDir(): string | null {
  const pkg = pglitePackage();
  if (!pkg) return null;
  const nodeModules = path.resolve(pkg.dir, "..", "..");
  const hash = createHash("sha256")
    .update(JSON.stringify([TEMPLATE_FORMAT, PGLITE_OPTIONS.initDbStartParams]))
    .digest("hex")
    .slice(0, 12);
  return path.join(nodeModules, ".cache", "mxray", `pglite-${pkg.version}-${hash}`);
}

/** PG_VERSION is the first file initdb writes and, in a copy made here, the last (PostgreSQL docs, "Database File Layout"). */
function isDataDir(dir: string): boolean {
  return existsSync(path.join(dir, "PG_VERSION"));
}

/** Runs initdb into `dataDir` in a child process; false if the child could not run or failed. */
async function initInChild(dataDir: string, tarball?: string): Promise<boolean> {
  const cmd = pgliteInitCommand(dataDir, tarball);
  if (!cmd) return false;
  return new Promise<boolean>((resolve) => {
    const child = spawn(cmd.command, cmd.args, { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.resume();
    child.on("error", () => resolve(false));
    child.on("exit", (code) => resolve(code === 0 && isDataDir(dataDir)));
  });
}

/** A template: the data directory new databases copy, and the same as a tarball for in-memory ones. */
export interface PgliteTemplate {
  dataDir: string;
  tarball: string;
}

function templateAt(dir: string): PgliteTemplate {
  return { dataDir: path.join(dir, "pgdata"), tarball: path.join(dir, "pgdata.tar") };
}

function isWhole(dir: string): boolean {
  const t = templateAt(dir);
  return isDataDir(t.dataDir) && existsSync(t.tarball);
}

/**
 * Makes the template if it is missing, or returns null if it cannot be made (no place to write it, initdb
 * failed). Built under a private name and renamed into place whole, so a template that exists is complete,
 * and processes building it at the same time each end with the one that was renamed first.
 */
export async function ensurePgliteTemplate(
  dir: string | null = defaultPgliteTemplateDir(),
): Promise<PgliteTemplate | null> {
  if (!dir) return null;
  if (isWhole(dir)) return templateAt(dir);
  const building = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await mkdir(building, { recursive: true });
    const parts = templateAt(building);
    if (!(await initInChild(parts.dataDir, parts.tarball)) || !isWhole(building)) return null;
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(building, dir);
        break;
      } catch (e) {
        // Another process renamed its template first (the target is then a non-empty directory)...
        if (isWhole(dir)) break;
        if (attempt === 2) throw e;
        // ... or what stands there is no template (left by something else): moved aside, then replaced.
        const aside = `${dir}.old-${process.pid}-${randomBytes(4).toString("hex")}`;
        try {
          await rename(dir, aside);
        } catch {
          continue; // gone meanwhile (moved aside by another process): try again
        }
        await rm(aside, { recursive: true, force: true });
      }
    }
    return templateAt(dir);
  } catch {
    return null;
  } finally {
    await rm(building, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * The template as PGlite's loadDataDir takes it, for an in-memory database (made first if need be); null
 * when there is none, and PGlite then runs initdb itself.
 */
export async function pgliteTemplateTarball(
  templateDir: string | null | undefined = defaultPgliteTemplateDir(),
): Promise<Blob | null> {
  const template = await ensurePgliteTemplate(templateDir);
  if (!template) return null;
  try {
    return new Blob([await readFile(template.tarball)], { type: "application/x-tar" });
  } catch {
    return null;
  }
}

/**
 * Fills `dataDir` (which may exist, e.g. a mounted volume) with a copy of the template. PG_VERSION is copied
 * last: a copy cut short leaves a directory without it, which is not taken for a database, and the next start
 * copies again over what is there.
 */
export async function copyPgliteTemplate(template: string, dataDir: string): Promise<void> {
  const versionFile = path.join(template, "PG_VERSION");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await cp(template, dataDir, { recursive: true, force: true, filter: (src) => src !== versionFile });
  await copyFile(versionFile, path.join(dataDir, "PG_VERSION"));
}

export interface CreateDataDirOptions {
  /** The template directory; null creates the database by initdb without one (as before templates). */
  templateDir?: string | null;
}

/**
 * Makes sure `dataDir` holds a PostgreSQL data directory before PGlite opens it: a copy of the template,
 * made first if need be. Without a template it runs initdb in a child process into `dataDir` itself; should
 * that fail too (no spawn allowed), the directory is left for PGlite.create to make in this process.
 * The caller holds the data directory's lock.
 */
export async function createPgliteDataDir(
  dataDir: string,
  options: CreateDataDirOptions = {},
): Promise<void> {
  if (isDataDir(dataDir)) return;
  const templateDir = options.templateDir === undefined ? defaultPgliteTemplateDir() : options.templateDir;
  const template = await ensurePgliteTemplate(templateDir);
  if (template) {
    await copyPgliteTemplate(template.dataDir, dataDir);
    return;
  }
  const existed = existsSync(dataDir);
  // A half-made directory would be taken for a database: remove what a failed attempt left.
  if (!(await initInChild(dataDir)) && !existed && !isDataDir(dataDir)) {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The embedded database's memory, as bench:db-memory and bench:serve print it: a fresh process opens a
 * PGlite database the way the app does (lib/db/open.ts: lock, create if new, migrations, a Prisma query),
 * closes it and exits, and its whole process tree (with any child it starts) is sampled from /proc every
 * 20 ms. Cases: a first start copying the template, the same directory reopened, a first start with no
 * template (initdb in a child, as before templates existed), and making the template itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAppServer } from "./app-server";
import { measureTreeRss, watchTreeRss, type TreeRss } from "./tree-rss";

export interface DbMemoryCase {
  label: string;
  rss: Pick<TreeRss, "peakMiB" | "processesAtPeak" | "perProcessPeakMiB" | "ms">;
}

const PROBE = `
const [dataDir, templateDir] = JSON.parse(process.argv[1]);
const { openDatabase } = await import("./lib/db/open.ts");
const db = await openDatabase({ kind: "pglite", dataDir }, { pgliteTemplateDir: templateDir });
await db.prisma.report.count();
await db.close();
`;

const TEMPLATE = `
const [templateDir] = JSON.parse(process.argv[1]);
const { ensurePgliteTemplate } = await import("./lib/db/pglite-template.ts");
if (!(await ensurePgliteTemplate(templateDir))) throw new Error("no template made");
`;

async function run(label: string, code: string, params: unknown[]): Promise<DbMemoryCase> {
  const rss = await measureTreeRss(process.execPath, [
    "--conditions=react-server",
    "--import",
    "tsx",
    "--input-type=module",
    "-e",
    code,
    JSON.stringify(params),
  ]);
  if (rss.exitCode !== 0) throw new Error(`${label}: the probe exited with ${rss.exitCode}`);
  return { label, rss };
}

/** Measures each case in a scratch directory (removed afterwards); the template is made there too. */
export async function measureDbMemory(): Promise<DbMemoryCase[]> {
  const dir = mkdtempSync(join(tmpdir(), "mxray-db-memory-"));
  try {
    const template = join(dir, "template");
    return [
      await run("making the template (npm install, or a first start without one)", TEMPLATE, [template]),
      await run("first start (copy of the template, migrations, a query)", PROBE, [join(dir, "a"), template]),
      await run("reopened (migrations current, a query)", PROBE, [join(dir, "a"), template]),
      await run("first start without a template (initdb in a child)", PROBE, [join(dir, "b"), null]),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A share-link id that cannot exist: answering it (404) takes the open, migrated database. */
const UNKNOWN_SLUG = "AAAAAAAAAAAAAAAAAAAAAA";

async function appRun(label: string, pgliteDir: string): Promise<DbMemoryCase> {
  // Timed from the app's spawn: the server build and the DNS sandbox before it are not the database's.
  let t0 = 0;
  let watch: ReturnType<typeof watchTreeRss> | undefined;
  const app = await startAppServer({
    pgliteDir,
    onSpawn: (pid) => {
      t0 = performance.now();
      watch = watchTreeRss(pid);
    },
  });
  try {
    const res = await fetch(`${app.base}/api/reports/${UNKNOWN_SLUG}`);
    if (res.status !== 404) throw new Error(`${label}: GET /api/reports/<unknown>: ${res.status}`);
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000)); // what settles after the first answer
    return { label, rss: { ...watch!.stop(), ms } };
  } finally {
    watch?.stop();
    await app.close();
  }
}

/**
 * The app as `npm start` runs it (a production build must exist) on a new PGlite database, up to its first
 * answer that needs the database, then the same directory reopened: Next's server and the database in one
 * process. Uses the installed template (made by postinstall, or by the first of these starts).
 */
export async function measureAppMemory(): Promise<DbMemoryCase[]> {
  const dir = mkdtempSync(join(tmpdir(), "mxray-app-memory-"));
  try {
    return [
      await appRun(
        "app (npm start) first start on a new database, to its first database answer",
        join(dir, "db"),
      ),
      await appRun("app (npm start) reopened", join(dir, "db")),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MB = 1_000_000 / 2 ** 20; // MiB in one MB

export function formatDbMemory(cases: DbMemoryCase[]): string {
  const rows = [
    "| embedded PGlite | peak RSS, whole process tree | processes at peak | each process's peak | wall time |",
    "|---|--:|--:|--:|--:|",
  ];
  for (const { label, rss } of cases) {
    rows.push(
      `| ${label} | ${rss.peakMiB.toFixed(0)} MiB (${(rss.peakMiB / MB).toFixed(0)} MB) | ${rss.processesAtPeak} | ` +
        `${rss.perProcessPeakMiB.map((m) => m.toFixed(0)).join(" + ")} MiB | ${(rss.ms / 1000).toFixed(1)} s |`,
    );
  }
  return rows.join("\n");
}

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { AppError } from "@/lib/errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { describeDb, type DbConfig } from "./config";
import { applyMigrations, MigrationError, type MigrationConnection, type MigrateResult } from "./migrate";
import { readMigrations } from "./migrations";
import { lockDataDir } from "./pglite-lock";

export interface OpenDatabase {
  prisma: PrismaClient;
  config: DbConfig;
  /** Migrations this start-up applied (empty when the database was already current). */
  migrated: MigrateResult;
  /** The embedded database itself (PGlite only): for code that speaks SQL without Prisma (the job queue). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  migrationsDir?: string;
  /** Connect timeout for PostgreSQL; a dead server must fail fast, not hang a request for 30 s. */
  connectTimeoutMs?: number;
}

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
 * Creating a data directory (initdb) is what costs most: PGlite loads a second PostgreSQL and initdb's own
 * WebAssembly beside the first, and each one's linear memory only ever grows while initdb's bootstrap runs
 * (about 650 MB at the peak, against under 300 MB for opening an existing one). So a new directory is made by
 * a short-lived child process that exits when done, and this process, which goes on serving, only opens it.
 * Should the child fail (PGlite not resolvable from here, no spawn allowed), the directory is made here.
 */
const INIT_CHILD = `
const [url, dir, options] = JSON.parse(process.argv[1]);
const mod = await import(url);
const { PGlite } = mod.PGlite ? mod : mod.default;
const db = await PGlite.create(dir, options);
await db.close();
process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
`;

/** The child that makes a new PGlite data directory: command and arguments (bench:serve measures it too). */
export function pgliteInitCommand(dataDir: string): { command: string; args: string[] } | null {
  let url: string;
  try {
    url = pathToFileURL(createRequire(import.meta.url).resolve("@electric-sql/pglite")).href;
  } catch {
    return null;
  }
  return {
    command: process.execPath,
    args: ["--input-type=module", "-e", INIT_CHILD, JSON.stringify([url, dataDir, PGLITE_OPTIONS])],
  };
}

async function initDataDirApart(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return;
  const existed = existsSync(dataDir);
  const cmd = pgliteInitCommand(dataDir);
  if (!cmd) return;
  const ok = await new Promise<boolean>((resolve) => {
    const child = spawn(cmd.command, cmd.args, { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.resume();
    child.on("error", () => resolve(false));
    child.on("exit", (code) => resolve(code === 0));
  });
  // A half-made directory would be taken for a database: remove what the failed attempt left.
  if (!ok && !existed && !existsSync(path.join(dataDir, "PG_VERSION"))) {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Opens the database, applies pending migrations, and returns a Prisma client bound to it. */
export async function openDatabase(config: DbConfig, options: OpenOptions = {}): Promise<OpenDatabase> {
  const name = describeDb(config);
  try {
    return config.kind === "pglite" ? await openPglite(config, options) : await openPostgres(config, options);
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof MigrationError) {
      throw new AppError("database_unavailable", `Cannot migrate ${name}: ${e.message}`, {}, { cause: e });
    }
    const detail = errorDetail(e);
    throw new AppError("database_unavailable", `Cannot open ${name}: ${detail}`, {}, { cause: e });
  }
}

async function openPglite(
  config: Extract<DbConfig, { kind: "pglite" }>,
  options: OpenOptions,
): Promise<OpenDatabase> {
  const migrations = await readMigrations(options.migrationsDir);
  const inMemory = config.dataDir === "memory://";
  // PGlite creates its own data directory but not the parents (e.g. `.data/` on a fresh checkout).
  if (!inMemory) await mkdir(path.dirname(config.dataDir), { recursive: true });
  const unlock = inMemory ? async () => undefined : await lockDataDir(config.dataDir);
  let db: PGlite;
  try {
    if (!inMemory) await initDataDirApart(config.dataDir);
    db = await PGlite.create(inMemory ? undefined : config.dataDir, PGLITE_OPTIONS);
  } catch (e) {
    await unlock();
    throw e;
  }
  try {
    const migrated = await applyMigrations(pgliteConnection(db), migrations);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
    return {
      prisma,
      config,
      migrated,
      pglite: db,
      close: async () => {
        await prisma.$disconnect().catch(() => undefined);
        if (!db.closed) await db.close();
        await unlock();
      },
    };
  } catch (e) {
    if (!db.closed) await db.close().catch(() => undefined);
    await unlock();
    throw e;
  }
}

async function openPostgres(
  config: Extract<DbConfig, { kind: "postgres" }>,
  options: OpenOptions,
): Promise<OpenDatabase> {
  const migrations = await readMigrations(options.migrationsDir);
  const connectionTimeoutMillis = options.connectTimeoutMs ?? 3_000;
  const searchPath = `-c search_path=${quoteIdent(config.schema)}`;

  // Migrations run on one dedicated session: the advisory lock is held by the session that took it.
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis });
  client.on("error", () => undefined); // a dropped idle connection must not crash the process
  let migrated: MigrateResult;
  await client.connect();
  try {
    if (config.schema !== "public")
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(config.schema)}`);
    await client.query(`SET search_path TO ${quoteIdent(config.schema)}`);
    migrated = await applyMigrations(pgConnection(client), migrations);
  } finally {
    await client.end().catch(() => undefined);
  }

  const pool = new pg.Pool({
    connectionString: config.url,
    connectionTimeoutMillis,
    options: searchPath,
    max: 10,
    idleTimeoutMillis: 30_000,
    // Our queries are single-row reads and writes: one that takes this long means a hung server or network,
    // and the request should fail (503 with Retry-After) within 5 s rather than wait. The server cancels a
    // statement past 3 s (SQLSTATE 57014); the client gives up at 4 s if the server does not even say so.
    statement_timeout: 3_000,
    query_timeout: 4_000,
  });
  pool.on("error", () => undefined); // idle clients that die are replaced on the next checkout
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema: config.schema }) });
  return {
    prisma,
    config,
    migrated,
    close: async () => {
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}

export function pgliteConnection(db: PGlite): MigrationConnection {
  return {
    session: db,
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
  };
}

export function pgConnection(client: pg.Client): MigrationConnection {
  return {
    session: client,
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    // Without parameters node-postgres uses the simple query protocol, which accepts a multi-statement script.
    exec: async (script) => {
      await client.query(script);
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function errorDetail(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return errorDetail(e.errors[0]);
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === "string" && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}

import { mkdir } from "node:fs/promises";
import path from "node:path";
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
import { createPgliteDataDir, PGLITE_OPTIONS, pgliteTemplateTarball } from "./pglite-template";

/** Connections per instance (PostgreSQL's default max_connections of 100 leaves room for several). */
const POOL_SIZE = 10;

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
  /**
   * PGlite: the template a new database is copied (or, in memory, loaded) from, see pglite-template.ts;
   * null makes it by initdb instead. Defaults to the one beside the installed PGlite.
   */
  pgliteTemplateDir?: string | null;
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
    if (inMemory) {
      const loadDataDir = await pgliteTemplateTarball(options.pgliteTemplateDir);
      db = await PGlite.create({ ...PGLITE_OPTIONS, ...(loadDataDir ? { loadDataDir } : {}) });
    } else {
      await createPgliteDataDir(config.dataDir, { templateDir: options.pgliteTemplateDir });
      db = await PGlite.create(config.dataDir, PGLITE_OPTIONS);
    }
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
    max: POOL_SIZE,
    idleTimeoutMillis: 30_000,
    // Our queries are single-row reads and writes: one that takes this long means a hung server or network,
    // and the request should fail (503 with Retry-After) within 5 s rather than wait. The server cancels a
    // statement past 3 s (SQLSTATE 57014); the client gives up at 4 s if the server does not even say so.
    statement_timeout: 3_000,
    query_timeout: 4_000,
  });
  pool.on("error", () => undefined); // idle clients that die are replaced on the next checkout
  // Open the pool's connections now, while nothing waits on them. Otherwise the first burst of requests
  // (each counts its rate limit in the database) makes PostgreSQL fork every backend at once, and on a
  // busy machine some of those connects pass the timeout above: 503s that only a cold start caused.
  // A connection that cannot be made now is simply made later, on demand.
  await Promise.allSettled(
    Array.from({ length: POOL_SIZE }, async () => {
      const c = await pool.connect();
      c.release();
    }),
  );
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

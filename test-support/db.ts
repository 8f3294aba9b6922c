/**
 * Test support: the database backends a test run can use. PGlite (in memory) always; PostgreSQL too when
 * DATABASE_URL is set, each time in a scratch database created here and dropped afterwards, so parallel
 * runs and the developer's own data never meet.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "../lib/db";
import type { DbConfig } from "../lib/db/config";

export interface TestBackend {
  name: "pglite" | "postgres";
  /** Creates an empty database; returns its config and the env vars that select it. */
  create(): Promise<ScratchDb>;
}

export interface ScratchDb {
  config: DbConfig;
  env: { DATABASE_URL?: string; PGLITE_DIR?: string };
  drop(): Promise<void>;
}

/** Captured at import, before any test rewrites process.env to point at a scratch database. */
const ADMIN_URL = process.env.DATABASE_URL?.trim() || undefined;

export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [
    {
      name: "pglite",
      create: async () => ({
        config: { kind: "pglite", dataDir: "memory://" },
        env: { PGLITE_DIR: "memory://" },
        drop: async () => undefined,
      }),
    },
  ];
  if (ADMIN_URL) {
    const adminUrl = ADMIN_URL;
    backends.push({ name: "postgres", create: () => createScratchPostgres(adminUrl) });
  }
  return backends;
}

export async function createScratchPostgres(adminUrl: string): Promise<ScratchDb> {
  const name = `mxray_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  url.searchParams.delete("schema");
  const scratchUrl = url.toString();
  return {
    config: { kind: "postgres", url: scratchUrl, schema: "public" },
    env: { DATABASE_URL: scratchUrl },
    drop: () =>
      withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Points getPrisma() at `env` (undefined deletes); returns a function that restores the previous values. */
export function setDbEnv(env: { DATABASE_URL?: string; PGLITE_DIR?: string }): () => void {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR };
  const apply = (values: typeof saved) => {
    for (const key of ["DATABASE_URL", "PGLITE_DIR"] as const) {
      const value = values[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply({ DATABASE_URL: env.DATABASE_URL, PGLITE_DIR: env.PGLITE_DIR });
  return () => apply(saved);
}

/**
 * Inside a describe block: a scratch database of `backend` for the block's tests, selected through the
 * environment before they run and dropped after them. Returns a getter for it (set once beforeAll has run).
 */
export function useScratchDb(backend: TestBackend): () => ScratchDb {
  let scratch: ScratchDb | undefined;
  let restoreEnv = (): void => undefined;
  beforeAll(async () => {
    scratch = await backend.create();
    restoreEnv = setDbEnv(scratch.env);
    await closeDb();
  });
  afterAll(async () => {
    await closeDb();
    restoreEnv();
    await scratch?.drop();
  });
  return () => {
    if (!scratch) throw new Error("useScratchDb: the scratch database is made in beforeAll");
    return scratch;
  };
}

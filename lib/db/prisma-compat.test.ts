/**
 * Our start-up runner and Prisma Migrate must be interchangeable on the same database. The Prisma CLI
 * needs a native engine it downloads (impossible offline), so these tests drive the same engine code in
 * its WebAssembly build: `applyMigrations` is the call behind `prisma migrate deploy`,
 * `diagnoseMigrationHistory` the one behind `prisma migrate status`.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { applyMigrations, type MigrationConnection } from "./migrate";
import { readMigrations } from "./migrations";
import { pgConnection, pgliteConnection } from "./open";
import { openSchemaEngine, type SchemaEngineSession } from "./schema-engine";
import { testBackends, type ScratchDb } from "../../test-support/db";

// Starting an embedded PostgreSQL (initdb) takes seconds, many more on a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const PRISMA_DIR = fileURLToPath(new URL("../../prisma", import.meta.url));

interface Target {
  conn: MigrationConnection;
  adapter: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

const migrationRows = (conn: MigrationConnection) =>
  conn.query<Row>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count
       FROM _prisma_migrations ORDER BY migration_name`,
  );

describe.each(testBackends())("Prisma Migrate agrees with our runner on $name", (backend) => {
  let scratch: ScratchDb;
  let target: Target;
  let engine: SchemaEngineSession | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mxray-compat-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await target.close();
    await scratch.drop();
  });

  async function fresh(): Promise<Target> {
    scratch = await backend.create();
    if (scratch.config.kind === "pglite") {
      const db = await PGlite.create();
      target = {
        conn: pgliteConnection(db),
        adapter: new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory,
        close: () => db.close(),
      };
    } else {
      const client = new pg.Client({ connectionString: scratch.config.url });
      await client.connect();
      target = {
        conn: pgConnection(client),
        adapter: new PrismaPg({ connectionString: scratch.config.url }),
        close: () => client.end(),
      };
    }
    return target;
  }

  it("a database migrated by `prisma migrate deploy` is current for our runner, with the same checksums", async () => {
    const { conn, adapter } = await fresh();
    engine = await openSchemaEngine(
      path.join(PRISMA_DIR, "schema.prisma"),
      path.join(PRISMA_DIR, "migrations"),
      adapter,
    );
    const deployed = await engine.engine.applyMigrations({
      migrationsList: engine.migrationsList,
      filters: { externalTables: [], externalEnums: [] },
    });
    const migrations = await readMigrations(path.join(PRISMA_DIR, "migrations"));
    expect(deployed.appliedMigrationNames).toEqual(migrations.map((m) => m.name));

    const byPrisma = await migrationRows(conn);
    expect((await applyMigrations(conn, migrations)).applied).toEqual([]);
    expect(await migrationRows(conn)).toEqual(byPrisma);
    expect(byPrisma.map((r) => [r.migration_name, r.checksum, r.applied_steps_count, r.logs])).toEqual(
      migrations.map((m) => [m.name, m.checksum, 1, null]),
    );
  });

  it("a database migrated by our runner is up to date for `prisma migrate status` and `deploy`", async () => {
    const { conn, adapter } = await fresh();
    await applyMigrations(conn, await readMigrations(path.join(PRISMA_DIR, "migrations")));
    engine = await openSchemaEngine(
      path.join(PRISMA_DIR, "schema.prisma"),
      path.join(PRISMA_DIR, "migrations"),
      adapter,
    );
    const status = await engine.engine.diagnoseMigrationHistory({
      migrationsList: engine.migrationsList,
      optInToShadowDatabase: false,
      filters: { externalTables: [], externalEnums: [] },
    });
    expect(status).toMatchObject({
      hasMigrationsTable: true,
      failedMigrationNames: [],
      editedMigrationNames: [],
      history: null,
    });
    const deployed = await engine.engine.applyMigrations({
      migrationsList: engine.migrationsList,
      filters: { externalTables: [], externalEnums: [] },
    });
    expect(deployed.appliedMigrationNames).toEqual([]);
  });

  it("Prisma sees a migration our runner failed as failed, and refuses to deploy past it", async () => {
    const { conn, adapter } = await fresh();
    const migrationsDir = path.join(dir, `${backend.name}-migrations`);
    await cp(path.join(PRISMA_DIR, "migrations"), migrationsDir, { recursive: true });
    await mkdir(path.join(migrationsDir, "29990101000000_broken"));
    await writeFile(
      path.join(migrationsDir, "29990101000000_broken", "migration.sql"),
      "SELECT * FROM nope;\n",
    );

    await expect(applyMigrations(conn, await readMigrations(migrationsDir))).rejects.toThrow(
      /29990101000000_broken/,
    );
    engine = await openSchemaEngine(path.join(PRISMA_DIR, "schema.prisma"), migrationsDir, adapter);
    const status = await engine.engine.diagnoseMigrationHistory({
      migrationsList: engine.migrationsList,
      optInToShadowDatabase: false,
      filters: { externalTables: [], externalEnums: [] },
    });
    expect(status.failedMigrationNames).toEqual(["29990101000000_broken"]);
    expect(status.editedMigrationNames).toEqual([]);
    await expect(
      engine.engine.applyMigrations({
        migrationsList: engine.migrationsList,
        filters: { externalTables: [], externalEnums: [] },
      }),
    ).rejects.toThrow(/29990101000000_broken/);
  });
});

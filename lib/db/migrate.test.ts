import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  applyMigrations,
  MigrationError,
  PRISMA_ADVISORY_LOCK_KEY,
  type MigrationConnection,
} from "./migrate";
import { readMigrations, type MigrationFile } from "./migrations";
import { pgConnection, pgliteConnection } from "./open";
import { testBackends, type ScratchDb } from "../../test-support/db";

// Starting an embedded PostgreSQL (initdb) takes seconds, many more on a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

interface Session {
  conn: MigrationConnection;
  close(): Promise<void>;
}

/** One session per call: on Postgres a new connection, on PGlite the same single-session instance. */
type Connect = () => Promise<Session>;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

async function rows(conn: MigrationConnection): Promise<MigrationRow[]> {
  return conn.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
}

async function tables(conn: MigrationConnection): Promise<string[]> {
  const r = await conn.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
  );
  return r.map((t) => t.table_name);
}

function migration(name: string, sql: string): MigrationFile {
  return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
}

describe.each(testBackends())("migrations on $name", (backend) => {
  let scratch: ScratchDb;
  let connect: Connect;
  let pglite: PGlite | undefined;
  const sessions: Session[] = [];
  // Every test starts from an empty database (fresh()), dropped afterwards.

  // Every test gets an empty database.
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
    await pglite?.close();
    pglite = undefined;
    await scratch?.drop();
  });

  async function fresh(): Promise<Connect> {
    scratch = await backend.create();
    if (scratch.config.kind === "pglite") {
      const db = await PGlite.create();
      pglite = db;
      connect = async () => {
        const s = { conn: pgliteConnection(db), close: async () => undefined };
        sessions.push(s);
        return s;
      };
    } else {
      const url = scratch.config.url;
      connect = async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const s = { conn: pgConnection(client), close: () => client.end() };
        sessions.push(s);
        return s;
      };
    }
    return connect;
  }

  it("applies the project's migrations to an empty database, recorded as Prisma records them", async () => {
    const { conn } = await (await fresh())();
    const migrations = await readMigrations(MIGRATIONS_DIR);
    expect(migrations.length).toBeGreaterThan(0);

    const result = await applyMigrations(conn, migrations);
    expect(result.applied).toEqual(migrations.map((m) => m.name));
    // Each feature adds its tables: the ones every migration set must end with, in name order.
    const made = await tables(conn);
    expect(made).toEqual([...made].sort());
    expect(made).toEqual(
      expect.arrayContaining([
        "_prisma_migrations",
        "dmarc_records",
        "message_tests",
        "monitor_alerts",
        "monitor_runs",
        "monitors",
        "rate_limits",
        "received_reports",
        "reports",
        "smtp_messages",
        "smtp_sessions",
        "source_ip_names",
        "tls_policy_results",
      ]),
    );

    const recorded = await rows(conn);
    expect(recorded.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const row of recorded) {
      // The checksum Prisma computes: sha256 hex of the file's bytes, read here independently.
      const bytes = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("is a no-op when run again", async () => {
    const { conn } = await (await fresh())();
    const migrations = await readMigrations(MIGRATIONS_DIR);
    await applyMigrations(conn, migrations);
    const before = await rows(conn);
    const again = await applyMigrations(conn, migrations);
    expect(again.applied).toEqual([]);
    expect(await rows(conn)).toEqual(before);
  });

  it("lets two concurrent runners apply each migration exactly once", async () => {
    const open = await fresh();
    const [a, b] = await Promise.all([open(), open()]);
    const migrations = [
      ...(await readMigrations(MIGRATIONS_DIR)),
      // Slow enough that the second runner arrives while the first holds the lock.
      migration("29990101000000_slow", "SELECT pg_sleep(0.3); CREATE TABLE slow_one (id int);"),
    ];
    const [ra, rb] = await Promise.all([
      applyMigrations(a.conn, migrations),
      applyMigrations(b.conn, migrations),
    ]);
    expect([...ra.applied, ...rb.applied].sort()).toEqual(migrations.map((m) => m.name).sort());
    const recorded = await rows(a.conn);
    expect(recorded).toHaveLength(migrations.length);
    expect(recorded.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("records a failed migration, stops, and refuses to continue until it is resolved", async () => {
    const { conn } = await (await fresh())();
    const good = migration("20000101000000_good", "CREATE TABLE good (id int);");
    const bad = migration("20000102000000_bad", "CREATE TABLE half (id int);\nSELECT * FROM no_such_table;");
    const later = migration("20000103000000_later", "CREATE TABLE later (id int);");

    const error = await applyMigrations(conn, [good, bad, later]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migrationName).toBe(bad.name);
    expect((error as Error).message).toMatch(/20000102000000_bad failed to apply: .*no_such_table/);

    const recorded = await rows(conn);
    expect(recorded.map((r) => [r.migration_name, r.finished_at === null, r.applied_steps_count])).toEqual([
      [good.name, false, 1],
      [bad.name, true, 0],
    ]);
    expect(recorded[1]?.logs).toMatch(/no_such_table/);
    // The script ran as one implicit transaction: its first statement did not survive either.
    expect(await tables(conn)).not.toContain("half");
    expect(await tables(conn)).not.toContain("later");

    // Start-up after a failure: blocked with the name of the culprit (Prisma's P3009 behaviour).
    await expect(applyMigrations(conn, [good, bad, later])).rejects.toThrow(
      /failed migrations \(20000102000000_bad\).*migrate resolve/,
    );

    // What `prisma migrate resolve --rolled-back` does; then a fixed script applies.
    await conn.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`, [
      bad.name,
    ]);
    const fixed = migration(bad.name, "CREATE TABLE half (id int);");
    const resumed = await applyMigrations(conn, [good, fixed, later]);
    expect(resumed.applied).toEqual([bad.name, later.name]);
    expect(await tables(conn)).toEqual(expect.arrayContaining(["good", "half", "later"]));
  });

  it("warns, without failing, when an applied migration was edited", async () => {
    const { conn } = await (await fresh())();
    const original = migration("20000101000000_one", "CREATE TABLE one (id int);");
    await applyMigrations(conn, [original]);
    const warnings: string[] = [];
    const edited = migration(original.name, "CREATE TABLE one (id bigint);");
    const result = await applyMigrations(conn, [edited], { warn: (m) => warnings.push(m) });
    expect(result.applied).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(original.checksum);
    expect(warnings[0]).toContain(edited.checksum);
  });

  it("releases the advisory lock when it is done, even after a failure", async () => {
    const { conn } = await (await fresh())();
    await applyMigrations(conn, [migration("20000101000000_bad", "SELECT * FROM nope;")]).catch(
      () => undefined,
    );
    const locks = await conn.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1`,
      [PRISMA_ADVISORY_LOCK_KEY],
    );
    expect(locks[0]?.n).toBe(0);
  });

  if (backend.name === "postgres") {
    it("gives up with a clear error when another session holds the migration lock too long", async () => {
      const open = await fresh();
      const holder = await open();
      const waiter = await open();
      await holder.conn.query(`SELECT pg_advisory_lock($1)`, [PRISMA_ADVISORY_LOCK_KEY]);
      const started = Date.now();
      await expect(applyMigrations(waiter.conn, [], { lockTimeoutMs: 400 })).rejects.toThrow(
        /Timed out after 400 ms waiting for the migration lock/,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  }
});

describe("readMigrations", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mxray-migrations-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("orders directories by name and checksums the raw bytes (a BOM included)", async () => {
    await mkdir(path.join(dir, "20000102000000_b"));
    await mkdir(path.join(dir, "20000101000000_a"));
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("SELECT 1;\r\n")]);
    await writeFile(path.join(dir, "20000101000000_a", "migration.sql"), bom);
    await writeFile(path.join(dir, "20000102000000_b", "migration.sql"), "SELECT 2;\n");
    await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    const found = await readMigrations(dir);
    expect(found.map((m) => m.name)).toEqual(["20000101000000_a", "20000102000000_b"]);
    expect(found[0]?.checksum).toBe(createHash("sha256").update(bom).digest("hex"));
  });

  it("names the directory that lacks its migration.sql", async () => {
    await mkdir(path.join(dir, "20000103000000_empty"));
    await expect(readMigrations(dir)).rejects.toThrow(/20000103000000_empty has no readable migration\.sql/);
  });

  it("fails clearly when the directory is missing", async () => {
    await expect(readMigrations(path.join(dir, "nope"))).rejects.toThrow(
      /Cannot read the migrations directory/,
    );
  });
});

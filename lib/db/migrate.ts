import { randomUUID } from "node:crypto";
import type { MigrationFile } from "./migrations";

/**
 * The little a migration runner needs from a connection. Both PGlite and a dedicated `pg.Client` provide
 * it; it must be ONE session, because the advisory lock belongs to the session that took it.
 */
export interface MigrationConnection {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a whole script with the simple query protocol (several statements, one implicit transaction). */
  exec(script: string): Promise<void>;
  /** The underlying session (e.g. the PGlite instance): runners that share it are serialised in-process. */
  session?: object;
}

export interface MigrateOptions {
  /** How long to wait for another process's migration run before giving up. */
  lockTimeoutMs?: number;
  /** Called for non-fatal oddities (an applied migration whose file changed). */
  warn?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
}

/** A migration failed (now or in an earlier run): the database needs a human before the app can start. */
export class MigrationError extends Error {
  readonly migrationName: string;
  constructor(migrationName: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MigrationError";
    this.migrationName = migrationName;
  }
}

// Prisma Migrate's own lock key, so our runner and `prisma migrate deploy` never run at the same time.
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

// Byte for byte the table Prisma Migrate creates on PostgreSQL, so either tool can take over from the other.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Several runners in one process may share one PGlite session, where a session-level advisory lock is
 * re-entrant and so excludes nobody: serialise them here as well.
 */
const inProcessLocks = new WeakMap<object, Promise<unknown>>();

/**
 * Applies the migrations not yet recorded in `_prisma_migrations`, with Prisma Migrate's semantics:
 * a row is inserted when a migration starts, `applied_steps_count`/`finished_at` are set when it succeeds
 * and `logs` when it fails; a failed, not rolled-back migration blocks every later run (Prisma's P3009).
 */
export async function applyMigrations(
  conn: MigrationConnection,
  migrations: readonly MigrationFile[],
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const session = conn.session ?? conn;
  const previous = inProcessLocks.get(session) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => applyLocked(conn, migrations, options));
  inProcessLocks.set(session, run);
  return run;
}

async function applyLocked(
  conn: MigrationConnection,
  migrations: readonly MigrationFile[],
  { lockTimeoutMs = 60_000, warn = (m) => console.warn(m) }: MigrateOptions,
): Promise<MigrateResult> {
  await acquireAdvisoryLock(conn, lockTimeoutMs);
  try {
    await conn.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await conn.query<MigrationRow>(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at
         FROM _prisma_migrations ORDER BY started_at ASC`,
    );
    const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed.length > 0) {
      const names = failed.map((r) => r.migration_name).join(", ");
      throw new MigrationError(
        failed[0]!.migration_name,
        `The database has failed migrations (${names}); no further migration is applied until they are ` +
          `resolved: fix the database by hand, then mark them with ` +
          `\`prisma migrate resolve --rolled-back <name>\` (to retry) or \`--applied <name>\`.`,
      );
    }
    const live = new Map<string, MigrationRow>();
    for (const row of rows) if (row.rolled_back_at === null) live.set(row.migration_name, row);

    const applied: string[] = [];
    for (const migration of migrations) {
      const row = live.get(migration.name);
      if (row) {
        if (row.checksum !== migration.checksum) {
          warn(
            `Migration ${migration.name} was edited after it was applied (checksum ${row.checksum} in ` +
              `the database, ${migration.checksum} on disk); the database keeps the applied version.`,
          );
        }
        continue;
      }
      await applyOne(conn, migration);
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    await releaseAdvisoryLock(conn);
  }
}

async function applyOne(conn: MigrationConnection, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await conn.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    await conn.exec(migration.sql);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    // Recorded the way Prisma records it, so `prisma migrate status/resolve` understand the state.
    await conn
      .query(`UPDATE _prisma_migrations SET logs = $2 WHERE id = $1`, [
        id,
        `Migration ${migration.name} failed to apply: ${detail}`,
      ])
      .catch(() => undefined);
    throw new MigrationError(
      migration.name,
      `Migration ${migration.name} failed to apply: ${detail}. It is recorded as failed in ` +
        `_prisma_migrations; fix the database, then run \`prisma migrate resolve --rolled-back ` +
        `${migration.name}\` and start again.`,
      { cause: e },
    );
  }
  await conn.query(
    `UPDATE _prisma_migrations
        SET applied_steps_count = applied_steps_count + 1, finished_at = now()
      WHERE id = $1`,
    [id],
  );
}

async function acquireAdvisoryLock(conn: MigrationConnection, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Polling pg_try_advisory_lock (rather than blocking in pg_advisory_lock) gives a clear error when another
  // process holds the lock for too long, instead of a start-up that hangs forever.
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    const [row] = await conn.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [
      PRISMA_ADVISORY_LOCK_KEY,
    ]);
    if (row?.locked) return;
    if (Date.now() + delay > deadline) {
      throw new MigrationError(
        "",
        `Timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock(` +
          `${PRISMA_ADVISORY_LOCK_KEY})): another process is migrating this database.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function releaseAdvisoryLock(conn: MigrationConnection): Promise<void> {
  await conn.query(`SELECT pg_advisory_unlock($1)`, [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
}

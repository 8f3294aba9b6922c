import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** One migration directory: prisma/migrations/<timestamp>_<name>/migration.sql. */
export interface MigrationFile {
  /** The directory name, which is also `migration_name` in `_prisma_migrations`. */
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

export function migrationChecksum(sql: string | Uint8Array): string {
  return createHash("sha256").update(sql).digest("hex");
}

/**
 * The migrations directory. From source (tsx, vitest) it sits two levels above this file; once Next has
 * bundled this module `import.meta.url` points into `.next/`, so fall back to the working directory, which
 * is the project root for `next start` and `npm run`. (Built with path.join rather than
 * `new URL("…", import.meta.url)`, which bundlers would try to resolve as an asset at build time.)
 */
export function defaultMigrationsDir(): string {
  const candidates: string[] = [];
  try {
    candidates.push(
      path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma", "migrations"),
    );
  } catch {
    // import.meta.url is not a file: URL in some bundles; the cwd candidate below still applies.
  }
  candidates.push(path.resolve(process.cwd(), "prisma", "migrations"));
  return candidates.find((dir) => existsSync(path.join(dir, "migration_lock.toml"))) ?? candidates.at(-1)!;
}

/** Reads every migration, ordered by directory name (the timestamp prefix), as `prisma migrate` does. */
export async function readMigrations(dir: string = defaultMigrationsDir()): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new Error(`Cannot read the migrations directory ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name, "migration.sql");
    let bytes: Buffer;
    try {
      // Checksum the raw bytes, as Prisma does, so a BOM or odd encoding cannot make the two disagree.
      bytes = await readFile(file);
    } catch (e) {
      throw new Error(`Migration ${name} has no readable migration.sql: ${(e as Error).message}`, {
        cause: e,
      });
    }
    migrations.push({ name, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) });
  }
  return migrations;
}

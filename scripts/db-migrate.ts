/**
 * Applies pending migrations to the configured database (DATABASE_URL, else PGlite in PGLITE_DIR) and
 * prints the migration history: what the app does at start-up, run on its own (e.g. before a rollout).
 *
 *   node --conditions=react-server --import tsx scripts/db-migrate.ts
 */
import { closeDb, getPrisma } from "@/lib/db/index";
import { describeDb, dbConfigFromEnv } from "@/lib/db/config";
import { isAppError } from "@/lib/errors";

interface Row {
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function main(): Promise<number> {
  const name = describeDb(dbConfigFromEnv());
  const prisma = await getPrisma();
  const rows = await prisma.$queryRawUnsafe<Row[]>(
    `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at`,
  );
  console.log(`${name}: ${rows.length} migration record(s)`);
  for (const r of rows) {
    const state = r.rolled_back_at
      ? "rolled back"
      : r.finished_at
        ? `applied ${r.finished_at.toISOString()}`
        : "FAILED";
    console.log(`  ${r.migration_name}  ${state}`);
  }
  return 0;
}

main()
  .catch((e: unknown) => {
    console.error(isAppError(e) || e instanceof Error ? e.message : String(e));
    return 1;
  })
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  });

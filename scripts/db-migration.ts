/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
 * that brings the existing migrations up to prisma/schema.prisma (what `prisma migrate dev --create-only`
 * does), using the WebAssembly schema engine so it works offline. The app applies it at its next start.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { MIGRATION_LOCK_TOML, NO_FILTERS, openSchemaEngine } from "@/lib/db/schema-engine";

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  const draft = args.includes("--draft");
  const rawName = args.find((a) => !a.startsWith("--"));
  if (!rawName) {
    console.error("usage: npm run db:migration -- <name> [--draft]   (--draft: write one even when empty)");
    return 2;
  }
  // Prisma's own convention for directory names: snake_case, ASCII.
  const name = rawName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
  if (!name) {
    console.error(`invalid migration name ${JSON.stringify(rawName)}: use letters, digits and _`);
    return 2;
  }

  const root = process.cwd();
  const schemaPath = path.join(root, "prisma", "schema.prisma");
  const migrationsDir = path.join(root, "prisma", "migrations");
  if (!existsSync(schemaPath)) {
    console.error(`no prisma/schema.prisma under ${root}: run this from the project root`);
    return 2;
  }

  // The wasm engine's createMigration insists on a shadow-database factory it cannot be given from JS
  // ("PostgreSQL shadow DB must be provided through an external factory"), but `diff` from the migrations
  // directory to the schema replays the migrations through the adapter's shadow database just fine and
  // yields the same script `prisma migrate dev --create-only` would write.
  const session = await openSchemaEngine(schemaPath, migrationsDir);
  let script: string;
  try {
    const result = await session.engine.diff({
      from: { tag: "migrations", ...session.migrationsList },
      to: { tag: "schemaDatamodel", ...session.schema },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    script = result.exitCode === 2 ? (result.stdout ?? "") : "";
  } finally {
    await session.close();
  }
  if (script === "" && !draft) {
    console.log("prisma/schema.prisma and the migrations already agree: nothing to generate.");
    return 0;
  }
  const dirName = `${migrationTimestamp(new Date())}_${name}`;
  const dir = path.join(migrationsDir, dirName);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, "migration.sql"),
    script === "" ? "-- This is an empty migration.\n" : script,
  );
  const lock = path.join(migrationsDir, "migration_lock.toml");
  if (!existsSync(lock)) await writeFile(lock, MIGRATION_LOCK_TOML);
  console.log(`wrote ${path.relative(root, path.join(dir, "migration.sql"))}`);
  return 0;
}

/** Prisma's directory prefix: UTC YYYYMMDDHHMMSS. */
function migrationTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`db:migration failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);

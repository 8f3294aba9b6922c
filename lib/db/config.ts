import path from "node:path";
import { envSchema } from "@/lib/config";

/** Where the data lives: embedded PGlite (a directory, or memory) or a PostgreSQL server. */
export type DbConfig =
  { kind: "pglite"; dataDir: string | "memory://" } | { kind: "postgres"; url: string; schema: string };

// The two variables as lib/config.ts defines them (validation, default), read here from any env for tests.
const dbEnvSchema = envSchema.pick({ DATABASE_URL: true, PGLITE_DIR: true });

/** Reads DATABASE_URL / PGLITE_DIR. Throws a plain Error naming the bad variable. */
export function dbConfigFromEnv(env: Record<string, string | undefined> = process.env): DbConfig {
  const set = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v);
  const parsed = dbEnvSchema.safeParse({
    DATABASE_URL: set(env.DATABASE_URL),
    PGLITE_DIR: set(env.PGLITE_DIR),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid ${String(issue?.path[0] ?? "database setting")}: ${issue?.message ?? "invalid"}`,
    );
  }
  const { DATABASE_URL: url, PGLITE_DIR: dir } = parsed.data;
  if (url !== undefined) {
    let schema = "public";
    try {
      // Prisma's convention: ?schema=<name> selects the PostgreSQL schema (default public).
      schema = new URL(url).searchParams.get("schema") || "public";
    } catch {
      throw new Error("Invalid DATABASE_URL: not a parseable URL");
    }
    return { kind: "postgres", url, schema };
  }
  if (dir === "memory://" || dir.startsWith("memory://")) return { kind: "pglite", dataDir: "memory://" };
  return { kind: "pglite", dataDir: path.resolve(dir) };
}

/** A name for messages that never leaks a password. */
export function describeDb(config: DbConfig): string {
  if (config.kind === "pglite") {
    return config.dataDir === "memory://"
      ? "the in-memory PGlite database"
      : `the PGlite database in ${config.dataDir}`;
  }
  try {
    const u = new URL(config.url);
    const db = u.pathname.replace(/^\//, "") || "(default database)";
    return `PostgreSQL at ${u.hostname}${u.port ? `:${u.port}` : ""}/${decodeURIComponent(db)}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

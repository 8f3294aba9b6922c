import path from "node:path";
import { z } from "zod";

/** Where the data lives: embedded PGlite (a directory, or memory) or a PostgreSQL server. */
export type DbConfig =
  { kind: "pglite"; dataDir: string | "memory://" } | { kind: "postgres"; url: string; schema: string };

const DEFAULT_PGLITE_DIR = ".data/pglite";

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/./i.test(v), {
      message: "must be a postgres:// or postgresql:// URL (unset it to use the embedded PGlite database)",
    }),
  PGLITE_DIR: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? DEFAULT_PGLITE_DIR : v)),
});

/** Reads DATABASE_URL / PGLITE_DIR. Throws a plain Error naming the bad variable. */
export function dbConfigFromEnv(env: Record<string, string | undefined> = process.env): DbConfig {
  const parsed = envSchema.safeParse({ DATABASE_URL: env.DATABASE_URL, PGLITE_DIR: env.PGLITE_DIR });
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

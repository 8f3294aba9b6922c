import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { dbConfigFromEnv, type DbConfig } from "./config";
import { openDatabase, type OpenDatabase } from "./open";

export type { PrismaClient } from "@/lib/generated/prisma/client";
export type { DbConfig } from "./config";

interface DbState {
  opening?: Promise<OpenDatabase>;
  open?: OpenDatabase;
  /** The attempt in progress creates the embedded database (no data directory yet, or in memory). */
  creating?: boolean;
}

// On globalThis, not in module scope: Next's dev server may evaluate this module twice (HMR, separate
// route bundles), and two PGlite instances on one data directory would corrupt it.
const globalForDb = globalThis as typeof globalThis & { __mxrayDb?: DbState };
const state: DbState = (globalForDb.__mxrayDb ??= {});

/**
 * The Prisma client for this process. The first call opens the database chosen by the environment
 * (DATABASE_URL → PostgreSQL, else PGlite in PGLITE_DIR) and applies pending migrations; concurrent callers
 * share that one attempt. Throws AppError("database_unavailable") when the database cannot be reached or
 * migrated; the failed attempt is forgotten, so a later call tries again.
 */
export async function getPrisma(): Promise<PrismaClient> {
  if (state.open) return state.open.prisma;
  if (!state.opening) {
    state.creating = createsEmbeddedDatabase();
    const attempt = open();
    state.opening = attempt;
    // Only the attempt still current may settle the state: closeDb() may have run in between.
    attempt.then(
      (db) => {
        if (state.opening === attempt) {
          state.open = db;
          state.creating = false;
        }
      },
      () => {
        if (state.opening === attempt) {
          state.opening = undefined;
          state.creating = false;
        }
      },
    );
  }
  return (await state.opening).prisma;
}

/** True when opening now would create the PGlite database (and apply every migration): seconds, not ms. */
function createsEmbeddedDatabase(): boolean {
  try {
    const config = dbConfigFromEnv();
    if (config.kind !== "pglite") return false;
    // PG_VERSION is the first file initdb writes (PostgreSQL docs, "Database File Layout").
    return config.dataDir === "memory://" || !existsSync(path.join(config.dataDir, "PG_VERSION"));
  } catch {
    return false; // the open itself reports the bad setting
  }
}

/**
 * Where the database stands, for progress shown to a user who is waiting: "ready" once open; "preparing"
 * while the first start creates and migrates the embedded database; "opening" otherwise (connecting).
 */
export function databaseState(): "ready" | "preparing" | "opening" {
  if (state.open) return "ready";
  return state.creating || (!state.opening && createsEmbeddedDatabase()) ? "preparing" : "opening";
}

/** The open database (opening it if needed): its config, and the PGlite instance when embedded. */
export async function getOpenDatabase(): Promise<OpenDatabase> {
  await getPrisma();
  return state.open ?? (await state.opening!);
}

async function open(): Promise<OpenDatabase> {
  let config: DbConfig;
  try {
    config = dbConfigFromEnv();
  } catch (e) {
    throw new AppError("database_unavailable", (e as Error).message, {}, { cause: e });
  }
  return openDatabase(config);
}

/** Closes the database (tests, CLI exit). The next getPrisma() opens it again, re-reading the environment. */
export async function closeDb(): Promise<void> {
  const opening = state.opening;
  state.opening = undefined;
  state.open = undefined;
  state.creating = false;
  if (!opening) return;
  const db = await opening.catch(() => undefined);
  await db?.close();
}

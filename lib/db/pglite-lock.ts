import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";

/**
 * PGlite is single-process and, unlike a PostgreSQL server, takes no lock on its data directory: a second
 * process (say `mxray check --save` while `next dev` runs) would open the same files and corrupt them. So
 * each opener holds `<dataDir>.lock` (its pid) and others get a clear error instead. A lock left by a
 * process that no longer exists is taken over.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(
      `it is in use by process ${pid} (PGlite allows one process per data directory: stop that process, ` +
        `use another PGLITE_DIR, or set DATABASE_URL to share a PostgreSQL server; if no such process ` +
        `runs, delete ${lockPath})`,
    );
    this.name = "DataDirInUseError";
  }
}

/**
 * Takes `<dataDir>.lock`. The lock file never exists without its PID: the PID is written to a private
 * temporary file first, then hard-linked to the lock name, which either creates it whole or fails with
 * EEXIST (link(2) is atomic, like open with O_CREAT|O_EXCL, and works the same on local file systems and
 * NFS). A stale lock (dead PID) is moved aside by rename(2) before removal, and only removed if what was
 * moved is still that stale lock, so two processes taking over the same stale lock cannot both win.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  const unique = () => `${lockPath}.${process.pid}.${randomBytes(6).toString("hex")}`;
  const temp = unique();
  await writeFile(temp, `${process.pid}\n`, { flag: "wx" });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(temp, lockPath);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const seen = await readFile(lockPath, "utf8").catch(() => null);
        if (seen === null) continue; // removed meanwhile: try again
        const pid = Number.parseInt(seen, 10);
        if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new DataDirInUseError(lockPath, pid);
        await removeIfStill(lockPath, seen, unique());
        continue;
      }
      return holdLock(lockPath);
    }
    throw new Error(`could not take the lock ${lockPath}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Removes the lock if it still holds `content` (moved aside atomically first); puts back anything else. */
async function removeIfStill(lockPath: string, content: string, aside: string): Promise<void> {
  try {
    await rename(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = await readFile(aside, "utf8").catch(() => null);
  if (moved !== content) {
    // A live lock taken in between: restore it (link fails if yet another lock exists; that one stands).
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function holdLock(lockPath: string): () => Promise<void> {
  // A process that exits without closing the database (Ctrl-C, process.exit) still frees the directory.
  const onExit = () => {
    try {
      if (readFileSync(lockPath, "utf8").trim() === String(process.pid)) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.once("exit", onExit);
  return async () => {
    process.removeListener("exit", onExit);
    const owner = await readFile(lockPath, "utf8").catch(() => "");
    if (owner.trim() === String(process.pid)) await unlink(lockPath).catch(() => undefined);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else, which still counts as in use.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

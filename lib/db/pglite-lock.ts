import { readFileSync, unlinkSync } from "node:fs";
import { open, readFile, unlink } from "node:fs/promises";

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

export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
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
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number.parseInt(await readFile(lockPath, "utf8").catch(() => ""), 10);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new DataDirInUseError(lockPath, pid);
      // Stale (its process is gone) or unreadable: remove it and try once more.
      await unlink(lockPath).catch(() => undefined);
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
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

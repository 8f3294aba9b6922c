import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { openDatabase } from "./open";
import { DataDirInUseError, lockDataDir } from "./pglite-lock";

describe("PGlite data directory lock", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mxray-lock-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is held while open and released on close", async () => {
    const dataDir = path.join(dir, "a");
    const release = await lockDataDir(dataDir);
    expect((await readFile(`${dataDir}.lock`, "utf8")).trim()).toBe(String(process.pid));
    await expect(lockDataDir(dataDir)).rejects.toBeInstanceOf(DataDirInUseError);
    await release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const again = await lockDataDir(dataDir);
    await again();
  });

  it("refuses a directory another live process holds, naming the process", async () => {
    const dataDir = path.join(dir, "b");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      await writeFile(`${dataDir}.lock`, `${other.pid}\n`);
      const error = await openDatabase({ kind: "pglite", dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("database_unavailable");
      expect((error as AppError).message).toContain(`in use by process ${other.pid}`);
      expect(existsSync(dataDir)).toBe(false); // PGlite never touched it
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left behind by a process that is gone", async () => {
    const dataDir = path.join(dir, "c");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    await writeFile(`${dataDir}.lock`, `${gone.stdout.toString()}\n`);
    const release = await lockDataDir(dataDir);
    expect((await readFile(`${dataDir}.lock`, "utf8")).trim()).toBe(String(process.pid));
    await release();
  });

  it("is released when opening the database fails", async () => {
    const dataDir = path.join(dir, "d");
    await expect(
      openDatabase({ kind: "pglite", dataDir }, { migrationsDir: path.join(dir, "none") }),
    ).rejects.toThrow(/migrations directory/);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});

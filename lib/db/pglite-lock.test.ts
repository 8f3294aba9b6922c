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

describe("PGlite lock under a race", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mxray-lock-race-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lets exactly one of two processes win, 100 times, stale locks included", async () => {
    const { fork } = await import("node:child_process");
    const worker = path.join(import.meta.dirname, "pglite-lock-race.worker.ts");
    const sides = [0, 1].map(() => fork(worker, [], { execArgv: ["--import", "tsx"], stdio: "ignore" }));
    const next = (c: (typeof sides)[number]) =>
      new Promise<string>((resolve) => c.once("message", (m) => resolve(String(m))));
    try {
      await Promise.all(sides.map(next));
      // A PID that no longer runs, for stale locks.
      const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
      for (let round = 0; round < 100; round++) {
        const dataDir = path.join(dir, `race-${round}`);
        if (round % 4 === 3) await writeFile(`${dataDir}.lock`, `${dead}\n`);
        const answers = sides.map(next);
        for (const c of sides) c.send({ go: dataDir });
        const got = await Promise.all(answers);
        expect([...got].sort(), `round ${round}`).toEqual(["lost", "won"]);
        const winner = sides[got.indexOf("won")]!;
        expect((await readFile(`${dataDir}.lock`, "utf8")).trim()).toBe(String(winner.pid));
        const released = next(winner);
        winner.send({ release: true });
        await released;
        expect(existsSync(`${dataDir}.lock`)).toBe(false);
      }
    } finally {
      for (const c of sides) c.kill();
    }
  }, 180_000);
});

import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getPrisma } from "./index";
import { testBackends, setDbEnv } from "../../test-support/db";
import { AppError } from "../errors";

// Starting an embedded PostgreSQL (initdb) takes seconds, many more on a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

describe("getPrisma", () => {
  let restoreEnv: (() => void) | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mxray-db-"));
  });
  afterEach(async () => {
    await closeDb();
    restoreEnv?.();
    restoreEnv = undefined;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates the PGlite directory (parents too), migrates once, and keeps data across restarts", async () => {
    const dataDir = path.join(dir, "nested", "deeper", "pglite");
    restoreEnv = setDbEnv({ PGLITE_DIR: dataDir });
    // Concurrent first callers share one start-up.
    const [a, b, c] = await Promise.all([getPrisma(), getPrisma(), getPrisma()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect((await stat(dataDir)).isDirectory()).toBe(true);
    const migrations = await a.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM _prisma_migrations`,
    );
    expect(migrations[0]?.n).toBeGreaterThan(0);
    await a.messageTest.create({ data: { slug: "persisted", address: "t1@example.test" } });

    await closeDb();
    const again = await getPrisma();
    expect(again).not.toBe(a);
    expect(await again.messageTest.findUnique({ where: { slug: "persisted" } })).toMatchObject({
      address: "t1@example.test",
      status: "waiting",
    });
    const after = await again.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM _prisma_migrations`,
    );
    expect(after[0]?.n).toBe(migrations[0]?.n);
  });

  it("fails fast with database_unavailable when PostgreSQL is unreachable, and retries on the next call", async () => {
    restoreEnv = setDbEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/mxray" });
    const started = Date.now();
    const error = await getPrisma().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("database_unavailable");
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).message).toMatch(/PostgreSQL at 127\.0\.0\.1:1\/mxray.*ECONNREFUSED/);

    // The failure is not cached: once the environment points somewhere usable, the next call succeeds.
    process.env.DATABASE_URL = "";
    process.env.PGLITE_DIR = "memory://";
    const prisma = await getPrisma();
    expect(await prisma.report.count()).toBe(0);
  });

  it("reports a bad DATABASE_URL as database_unavailable naming the variable", async () => {
    restoreEnv = setDbEnv({ DATABASE_URL: "mysql://localhost/x" });
    await expect(getPrisma()).rejects.toMatchObject({
      code: "database_unavailable",
      message: expect.stringMatching(/DATABASE_URL/),
    });
  });

  it("reports an unusable PGlite directory as database_unavailable", async () => {
    const file = path.join(dir, "a-file");
    await import("node:fs/promises").then((fs) => fs.writeFile(file, "not a directory"));
    restoreEnv = setDbEnv({ PGLITE_DIR: path.join(file, "pglite") });
    await expect(getPrisma()).rejects.toMatchObject({
      code: "database_unavailable",
      message: expect.stringContaining("PGlite database in"),
    });
  });

  describe.each(testBackends())("on $name", (backend) => {
    it("serves queries through the Prisma client", async () => {
      const scratch = await backend.create();
      restoreEnv = setDbEnv(scratch.env);
      try {
        const prisma = await getPrisma();
        expect(await prisma.report.count()).toBe(0);
        const [row] = await prisma.$queryRawUnsafe<{ one: number }[]>(`SELECT 1 AS one`);
        expect(row?.one).toBe(1);
      } finally {
        await closeDb();
        await scratch.drop();
      }
    });
  });
});

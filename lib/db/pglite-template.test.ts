import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readMigrations } from "./migrations";
import { openDatabase } from "./open";
import {
  copyPgliteTemplate,
  createPgliteDataDir,
  defaultPgliteTemplateDir,
  ensurePgliteTemplate,
} from "./pglite-template";

// Each initdb takes seconds, many more on a busy machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mxray-pglite-template-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fakeTemplate(name: string): Promise<string> {
  const t = path.join(dir, name);
  await mkdir(path.join(t, "base", "1"), { recursive: true });
  await writeFile(path.join(t, "PG_VERSION"), "17\n");
  await writeFile(path.join(t, "base", "1", "1259"), "catalog");
  await writeFile(path.join(t, "postgresql.conf"), "shared_buffers = 16MB\n", { mode: 0o600 });
  return t;
}

describe("copying the template", () => {
  it("fills a new directory, and an existing one (a mounted volume), with every file and its mode", async () => {
    const template = await fakeTemplate("fake-a");
    for (const target of [path.join(dir, "new", "db"), path.join(dir, "existing")]) {
      if (target.endsWith("existing")) await mkdir(target);
      await copyPgliteTemplate(template, target);
      expect(await readFile(path.join(target, "PG_VERSION"), "utf8")).toBe("17\n");
      expect(await readFile(path.join(target, "base", "1", "1259"), "utf8")).toBe("catalog");
      expect((await stat(path.join(target, "postgresql.conf"))).mode & 0o777).toBe(0o600);
    }
  });

  it("leaves no PG_VERSION when the copy is cut short, and a later copy completes it", async () => {
    const template = await fakeTemplate("fake-b");
    const target = path.join(dir, "cut-short");
    // A directory where the template has a file: the copy fails part-way.
    await mkdir(path.join(target, "postgresql.conf"), { recursive: true });
    await expect(copyPgliteTemplate(template, target)).rejects.toThrow();
    expect(existsSync(path.join(target, "PG_VERSION"))).toBe(false);
    await rm(path.join(target, "postgresql.conf"), { recursive: true });
    await copyPgliteTemplate(template, target);
    expect(existsSync(path.join(target, "PG_VERSION"))).toBe(true);
  });
});

describe("the template", () => {
  it("lives beside the installed PGlite, named by its version", () => {
    expect(defaultPgliteTemplateDir()).toMatch(
      /node_modules\/\.cache\/mxray\/pglite-\d+\.\d+\.\d+-[0-9a-f]{12}$/,
    );
  });

  it("is made once when two processes ask at the same time, then new databases are copies of it", async () => {
    const template = path.join(dir, "cache", "pglite");
    // What stands in its place is not a template (say, an interrupted copy by hand): it is replaced.
    await mkdir(template, { recursive: true });
    await writeFile(path.join(template, "stray"), "");
    const [a, b] = await Promise.all([ensurePgliteTemplate(template), ensurePgliteTemplate(template)]);
    expect(a).toEqual({ dataDir: path.join(template, "pgdata"), tarball: path.join(template, "pgdata.tar") });
    expect(b).toEqual(a);
    expect(existsSync(path.join(template, "pgdata", "PG_VERSION"))).toBe(true);
    expect(existsSync(path.join(template, "stray"))).toBe(false);
    expect(readdirSync(path.dirname(template))).toEqual(["pglite"]); // no half-made copies left

    // A new database: a copy of the template, then our runner applies and records every migration.
    const dataDir = path.join(dir, "from-template");
    const migrations = await readMigrations();
    const first = await openDatabase({ kind: "pglite", dataDir }, { pgliteTemplateDir: template });
    try {
      expect(first.migrated.applied).toEqual(migrations.map((m) => m.name));
      const rows = await first.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
        `SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
      );
      expect(rows).toEqual(migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum })));
      await first.prisma.$executeRawUnsafe(`CREATE TABLE kept (v int)`);
      await first.prisma.$executeRawUnsafe(`INSERT INTO kept VALUES (42)`);
    } finally {
      await first.close();
    }
    // The template itself is untouched: a second new database starts from scratch.
    expect(existsSync(path.join(template, "pgdata", "postmaster.pid"))).toBe(false);
    const again = await openDatabase({ kind: "pglite", dataDir }, { pgliteTemplateDir: template });
    try {
      expect(again.migrated.applied).toEqual([]);
      expect(await again.prisma.$queryRawUnsafe(`SELECT v FROM kept`)).toEqual([{ v: 42 }]);
    } finally {
      await again.close();
    }
    const other = await openDatabase(
      { kind: "pglite", dataDir: path.join(dir, "other") },
      { pgliteTemplateDir: template },
    );
    try {
      expect(other.migrated.applied).toHaveLength(migrations.length);
      expect(await other.prisma.$queryRawUnsafe(`SELECT to_regclass('kept')::text AS t`)).toEqual([
        { t: null },
      ]);
    } finally {
      await other.close();
    }
  });

  it("is loaded as a tarball for an in-memory database, which the runner then migrates", async () => {
    const template = path.join(dir, "cache", "pglite");
    const create = vi.spyOn(PGlite, "create");
    const db = await openDatabase({ kind: "pglite", dataDir: "memory://" }, { pgliteTemplateDir: template });
    try {
      expect(create.mock.calls[0]?.[0]).toMatchObject({ loadDataDir: expect.any(Blob) });
      expect(db.migrated.applied).toEqual((await readMigrations()).map((m) => m.name));
      expect(await db.prisma.report.count()).toBe(0);
    } finally {
      create.mockRestore();
      await db.close();
    }
  });

  it("is not needed: when it cannot be made, initdb makes the new directory in a child process", async () => {
    const blocked = path.join(dir, "blocked");
    await writeFile(blocked, "a file where the template's parent directory would be");
    const template = path.join(blocked, "pglite");
    expect(await ensurePgliteTemplate(template)).toBeNull();
    const dataDir = path.join(dir, "no-template");
    await createPgliteDataDir(dataDir, { templateDir: template });
    expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);
    const db = await openDatabase({ kind: "pglite", dataDir }, { pgliteTemplateDir: null });
    try {
      expect(db.migrated.applied.length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});

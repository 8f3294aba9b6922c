import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { diffMigrationsToSchema } from "./schema-engine";

// Starting an embedded PostgreSQL (initdb) takes seconds, many more on a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const PRISMA_DIR = fileURLToPath(new URL("../../prisma", import.meta.url));

describe("prisma/schema.prisma and prisma/migrations", () => {
  it("agree: replaying the migrations yields exactly the schema (run `npm run db:migration -- <name>` if not)", async () => {
    const drift = await diffMigrationsToSchema(
      path.join(PRISMA_DIR, "schema.prisma"),
      path.join(PRISMA_DIR, "migrations"),
    );
    expect(drift).toBe("");
  });

  describe("when the schema moves ahead", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "mxray-schema-"));
      await cp(PRISMA_DIR, dir, { recursive: true });
      const schema = await readFile(path.join(dir, "schema.prisma"), "utf8");
      await writeFile(
        path.join(dir, "schema.prisma"),
        schema.replace("model MessageTest {", "model MessageTest {\n  note String?"),
      );
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("the engine produces the migration SQL for the difference", async () => {
      const drift = await diffMigrationsToSchema(
        path.join(dir, "schema.prisma"),
        path.join(dir, "migrations"),
      );
      expect(drift).toContain('ALTER TABLE "message_tests" ADD COLUMN     "note" TEXT;');
    });
  });
});

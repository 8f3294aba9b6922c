import path from "node:path";
import { describe, expect, it } from "vitest";
import { dbConfigFromEnv, describeDb } from "./config";

describe("dbConfigFromEnv", () => {
  it("defaults to PGlite in .data/pglite under the working directory", () => {
    expect(dbConfigFromEnv({})).toEqual({ kind: "pglite", dataDir: path.resolve(".data/pglite") });
    expect(dbConfigFromEnv({ DATABASE_URL: "", PGLITE_DIR: " " })).toEqual({
      kind: "pglite",
      dataDir: path.resolve(".data/pglite"),
    });
  });

  it("accepts memory:// and relative or absolute directories", () => {
    expect(dbConfigFromEnv({ PGLITE_DIR: "memory://" })).toEqual({ kind: "pglite", dataDir: "memory://" });
    expect(dbConfigFromEnv({ PGLITE_DIR: "tmp/db" })).toEqual({
      kind: "pglite",
      dataDir: path.resolve("tmp/db"),
    });
    expect(dbConfigFromEnv({ PGLITE_DIR: "/var/lib/mxray" })).toEqual({
      kind: "pglite",
      dataDir: "/var/lib/mxray",
    });
  });

  it("prefers PostgreSQL when DATABASE_URL is set, with Prisma's ?schema= convention", () => {
    expect(dbConfigFromEnv({ DATABASE_URL: "postgresql://u:p@db:5432/mx", PGLITE_DIR: "x" })).toEqual({
      kind: "postgres",
      url: "postgresql://u:p@db:5432/mx",
      schema: "public",
    });
    expect(dbConfigFromEnv({ DATABASE_URL: "postgres://db/mx?schema=mxray" })).toMatchObject({
      schema: "mxray",
    });
  });

  it("rejects a DATABASE_URL that is not PostgreSQL, naming the variable", () => {
    expect(() => dbConfigFromEnv({ DATABASE_URL: "mysql://db/mx" })).toThrow(
      /Invalid DATABASE_URL: must be a postgres/,
    );
    expect(() => dbConfigFromEnv({ DATABASE_URL: "file:./dev.db" })).toThrow(/DATABASE_URL/);
  });
});

describe("describeDb", () => {
  it("names the database without leaking the password", () => {
    const text = describeDb({
      kind: "postgres",
      url: "postgresql://user:s3cret@db.internal:6543/mxray",
      schema: "public",
    });
    expect(text).toBe("PostgreSQL at db.internal:6543/mxray");
    expect(describeDb({ kind: "pglite", dataDir: "memory://" })).toBe("the in-memory PGlite database");
    expect(describeDb({ kind: "pglite", dataDir: "/d" })).toBe("the PGlite database in /d");
  });
});

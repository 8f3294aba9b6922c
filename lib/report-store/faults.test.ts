import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getPrisma } from "@/lib/db";
import { setDbEnv, testBackends, useScratchDb } from "@/test-support/db";
import { toProblem } from "@/lib/errors";
import { createReport, getReportBySlug, type NewReport } from "./index";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

function bounceReport(text: string): NewReport {
  return {
    kind: "bounce",
    input: { bounce: text },
    score: 0,
    grade: "F",
    scoringVersion: "test-1",
    results: { schemaVersion: 1, input: { bounce: text }, [`key\ud800`]: "x" },
    dnsLog: [],
  };
}

describe.each(testBackends())("faults on $name", (backend) => {
  useScratchDb(backend);

  it("saves a bounce holding lone surrogates with U+FFFD in their place", async () => {
    const text = "550 5.1.1 <a\ud800b@example.com> unknown \udfff user";
    const made = await createReport(bounceReport(text));
    const read = await getReportBySlug(made.slug);
    expect(read?.input.bounce).toBe("550 5.1.1 <a\ufffdb@example.com> unknown \ufffd user");
    expect(read?.results).toMatchObject({ "key\ufffd": "x" });
  });

  it("refuses a report document over the size cap with 413, and cuts only the DNS log", async () => {
    const big = "x".repeat(3 * 1024 * 1024);
    await expect(createReport({ ...bounceReport("550"), results: { big } })).rejects.toMatchObject({
      code: "payload_too_large",
      status: 413,
    });
    const log = Array.from({ length: 5000 }, (_, i) => ({ name: `n${i}.example`, data: "y".repeat(1000) }));
    const made = await createReport({ ...bounceReport("550"), dnsLog: log });
    const kept = (await getReportBySlug(made.slug))?.dnsLog as unknown[];
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.length).toBeLessThan(log.length);
    expect(kept[0]).toEqual(log[0]);
  });
});

// Statement timeouts need a server that takes locks: PostgreSQL only (PGlite is single-connection).
describe.each(testBackends().filter((b) => b.name === "postgres"))(
  "a stuck statement on $name",
  (backend) => {
    const scratch = useScratchDb(backend);

    it("turns a statement stuck behind a lock into database_unavailable within 5 s", async () => {
      const made = await createReport(bounceReport("550 5.7.1 blocked"));
      await getPrisma();
      const locker = new pg.Client({ connectionString: scratch().env.DATABASE_URL });
      await locker.connect();
      try {
        await locker.query("BEGIN");
        await locker.query("LOCK TABLE reports IN ACCESS EXCLUSIVE MODE");
        const started = Date.now();
        const e = await getReportBySlug(made.slug).catch((x: unknown) => x);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(toProblem(e)).toMatchObject({ status: 503, retryAfter: 5 });
      } finally {
        await locker.query("ROLLBACK").catch(() => undefined);
        await locker.end();
      }
    });
  },
);

describe("a database that accepts connections and never answers", () => {
  let server: net.Server;
  const sockets = new Set<net.Socket>();
  let restoreEnv: () => void;
  beforeAll(async () => {
    server = net.createServer((s) => void sockets.add(s));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as net.AddressInfo;
    await closeDb();
    restoreEnv = setDbEnv({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/mxray` });
  });
  afterAll(async () => {
    await closeDb();
    restoreEnv();
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it("gives 503 with Retry-After within 5 s, never the driver's text", async () => {
    const started = Date.now();
    const e = await getReportBySlug("AAAAAAAAAAAAAAAAAAAAAA").catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(5_000);
    const problem = toProblem(e);
    expect(problem).toMatchObject({ status: 503, code: "database_unavailable", retryAfter: 5 });
    expect(problem.detail).not.toMatch(/timeout|terminated|127\.0\.0\.1/i);
  });
});

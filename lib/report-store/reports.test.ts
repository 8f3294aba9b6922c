import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getPrisma } from "@/lib/db";
import { setDbEnv, testBackends, useScratchDb, type ScratchDb } from "@/test-support/db";
import { AppError } from "@/lib/errors";
import { createReport, getReportBySlug, latestReportFor, listDomainReports, type NewReport } from "./index";

// Starting an embedded PostgreSQL (initdb) takes seconds, many more on a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

function domainReport(domain: string, overrides: Partial<NewReport> = {}): NewReport {
  return {
    kind: "domain",
    domain,
    input: { domain },
    score: 80,
    grade: "B",
    scoringVersion: "test-1",
    results: { schemaVersion: 1, input: { domain }, checks: {} },
    dnsLog: [],
    ...overrides,
  };
}

describe.each(testBackends())("reports on $name", (backend) => {
  useScratchDb(backend);

  it("creates a report under a fresh 22-character base64url slug and reads it back", async () => {
    const created = await createReport(domainReport("example.com", { score: 91, grade: "A" }));
    expect(created.slug).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.slug).not.toContain(created.id.slice(0, 8));
    expect(created.createdAt).toBeInstanceOf(Date);
    const { deleteToken, ...stored } = created;
    expect(deleteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await getReportBySlug(created.slug)).toEqual(stored);
  });

  it("never hands out the same slug twice", async () => {
    const reports = await Promise.all(
      Array.from({ length: 40 }, () => createReport(domainReport("many.example"))),
    );
    const slugs = new Set(reports.map((r) => r.slug));
    expect(slugs.size).toBe(40);
    for (const slug of slugs) expect(slug).toHaveLength(22);
  });

  it("round-trips the JSON documents exactly, key order included", async () => {
    const results = {
      schemaVersion: 1,
      zeta: "first key stays first",
      checks: {
        spf: {
          status: "fail",
          findings: [{ code: "spf.too_many_lookups", severity: "high", params: { count: 12 } }],
        },
      },
      unicode: "bücher.example — ✓ 🚀",
      numbers: [0, -1, 1.5, 1e21],
      nested: { a: null, b: [true, false, { c: "" }] },
      "": "empty key",
    };
    const dnsLog = [{ q: "example.com. TXT", rcode: "NOERROR", ms: 12 }];
    const input = { domain: "example.com", selectors: ["s1", "google"] };
    const created = await createReport(domainReport("example.com", { results, dnsLog, input }));
    const read = await getReportBySlug(created.slug);
    expect(read?.results).toEqual(results);
    expect(Object.keys(read?.results as object)).toEqual(Object.keys(results));
    expect(read?.dnsLog).toEqual(dnsLog);
    expect(read?.input).toEqual(input);
  });

  it("stores what JSON would: undefined members dropped, dates as ISO strings, null as JSON null", async () => {
    const created = await createReport(
      domainReport("example.com", {
        results: { at: new Date("2026-01-02T03:04:05.000Z"), gone: undefined, kept: 1 },
        dnsLog: null,
      }),
    );
    const read = await getReportBySlug(created.slug);
    expect(read?.results).toEqual({ at: "2026-01-02T03:04:05.000Z", kept: 1 });
    expect(read?.dnsLog).toBeNull();
  });

  it("rejects invalid reports with a clear invalid_input error", async () => {
    const cases: [Partial<NewReport>, RegExp][] = [
      [{ score: 101 }, /score/],
      [{ score: 5.5 }, /score/],
      [{ grade: "E" as never }, /grade/],
      [{ kind: "smtp" as never }, /kind/],
      [{ domain: "bücher.example" }, /A-label/],
      [{ results: { big: 1n } }, /results is not JSON-serialisable/],
      [{ results: undefined }, /results is missing/],
      [{ previousId: "not-a-uuid" }, /previousId/],
    ];
    for (const [override, message] of cases) {
      const error = await createReport(domainReport("example.com", override)).catch((e: unknown) => e);
      expect(
        error,
        JSON.stringify(override, (_, v: unknown) => (typeof v === "bigint" ? "1n" : v)),
      ).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("invalid_input");
      expect((error as AppError).message).toMatch(message);
    }
  });

  it("rejects a previousId that names no report", async () => {
    await expect(
      createReport(domainReport("example.com", { previousId: "01900000-0000-7000-8000-000000000000" })),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/names no report/) });
  });

  it("returns null for unknown slugs and for strings that cannot be slugs, without throwing", async () => {
    expect(await getReportBySlug("AAAAAAAAAAAAAAAAAAAAAA")).toBeNull();
    for (const bad of [
      "",
      "short",
      "x".repeat(22),
      "../../etc/passwd",
      "A".repeat(23),
      "AAAAAAAAAAAAAAAAAAAA$A",
    ]) {
      expect(await getReportBySlug(bad)).toBeNull();
    }
  });

  it("lists a domain's history newest first, with paging by date and summaries only", async () => {
    const prisma = await getPrisma();
    const domain = "history.example";
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createReport(domainReport(domain, { score: 50 + i })));
    // Spread the rows over distinct, known instants (the clock may put several in one millisecond),
    // recent enough to be inside the retention period.
    const base = Date.now() - 3_600_000;
    for (const [i, r] of made.entries()) {
      await prisma.report.update({ where: { id: r.id }, data: { createdAt: new Date(base + i * 60_000) } });
    }
    await createReport(domainReport("other.example"));

    const all = await listDomainReports("HISTORY.example.");
    expect(all.map((r) => r.score)).toEqual([54, 53, 52, 51, 50]);
    expect(all[0]).not.toHaveProperty("results");
    expect(all[0]).not.toHaveProperty("dnsLog");
    expect(all[0]).toMatchObject({ domain, kind: "domain", grade: "B", slug: made[4]?.slug });

    const page1 = await listDomainReports(domain, { limit: 2 });
    expect(page1.map((r) => r.score)).toEqual([54, 53]);
    const page2 = await listDomainReports(domain, { limit: 2, before: page1.at(-1)?.createdAt });
    expect(page2.map((r) => r.score)).toEqual([52, 51]);
    expect(await listDomainReports("nothing.example")).toEqual([]);
  });

  it("rejects a bad limit or date", async () => {
    await expect(listDomainReports("example.com", { limit: 0 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(listDomainReports("example.com", { before: new Date("nope") })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("finds the latest report for the same input and chains a re-run to it", async () => {
    expect(await latestReportFor({ kind: "domain", domain: "rerun.example" })).toBeNull();
    const first = await createReport(domainReport("rerun.example"));
    const withIp = await createReport(domainReport("rerun.example", { ip: "192.0.2.1" }));
    const ipOnly = await createReport({
      ...domainReport("x"),
      kind: "ip",
      domain: null,
      ip: "192.0.2.1",
      input: { ip: "192.0.2.1" },
    });

    const latest = await latestReportFor({ kind: "domain", domain: "Rerun.Example" });
    expect(latest?.id).toBe(first.id);
    expect((await latestReportFor({ kind: "domain", domain: "rerun.example", ip: "192.0.2.1" }))?.id).toBe(
      withIp.id,
    );
    expect((await latestReportFor({ kind: "ip", ip: "192.0.2.1" }))?.id).toBe(ipOnly.id);

    const second = await createReport(domainReport("rerun.example", { previousId: latest?.id }));
    expect(second.previousId).toBe(first.id);
    expect((await latestReportFor({ kind: "domain", domain: "rerun.example" }))?.id).toBe(second.id);
  });

  it("matches bounce reports on their text", async () => {
    const text = "550 5.7.26 Unauthenticated email from example.com is not accepted";
    const bounce = await createReport({
      kind: "bounce",
      input: { bounce: text },
      score: 0,
      grade: "F",
      scoringVersion: "test-1",
      results: {},
      dnsLog: [],
    });
    expect((await latestReportFor({ kind: "bounce", bounce: text }))?.id).toBe(bounce.id);
    expect(await latestReportFor({ kind: "bounce", bounce: `${text}!` })).toBeNull();
    expect(await latestReportFor({ kind: "bounce" })).toBeNull();
  });
});

describe("reports with the database down", () => {
  let restoreEnv: () => void;
  beforeAll(async () => {
    await closeDb();
    restoreEnv = setDbEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/mxray" });
  });
  afterAll(async () => {
    await closeDb();
    restoreEnv();
  });

  it("answers database_unavailable (503) quickly instead of crashing or hanging", async () => {
    const started = Date.now();
    await expect(createReport(domainReport("example.com"))).rejects.toMatchObject({
      code: "database_unavailable",
      status: 503,
    });
    await expect(getReportBySlug("AAAAAAAAAAAAAAAAAAAAAA")).rejects.toMatchObject({
      code: "database_unavailable",
    });
    await expect(listDomainReports("example.com")).rejects.toMatchObject({ code: "database_unavailable" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe.skipIf(!testBackends().some((b) => b.name === "postgres"))(
  "reports when PostgreSQL goes away",
  () => {
    let scratch: ScratchDb;
    let restoreEnv: () => void;
    let proxy: net.Server;
    const sockets = new Set<net.Socket>();

    beforeAll(async () => {
      scratch = await testBackends()
        .find((b) => b.name === "postgres")!
        .create();
      const target = new URL((scratch.config as { url: string }).url);
      // A TCP relay in front of the server, so the test can take "the server" away without touching it.
      proxy = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("error", () => undefined);
          s.on("close", () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      const port = (proxy.address() as net.AddressInfo).port;
      const viaProxy = new URL(target);
      viaProxy.host = `127.0.0.1:${port}`;
      await closeDb();
      restoreEnv = setDbEnv({ DATABASE_URL: viaProxy.toString() });
    });
    afterAll(async () => {
      await closeDb();
      restoreEnv();
      proxy.close();
      await scratch.drop();
    });

    it("turns a lost server into database_unavailable, not a crash or a hang", async () => {
      const saved = await createReport(domainReport("gone.example"));
      expect((await getReportBySlug(saved.slug))?.id).toBe(saved.id);

      // The server "dies": open connections drop and new ones are refused.
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      const started = Date.now();
      await expect(getReportBySlug(saved.slug)).rejects.toMatchObject({
        code: "database_unavailable",
        status: 503,
      });
      await expect(createReport(domainReport("gone.example"))).rejects.toMatchObject({
        code: "database_unavailable",
      });
      expect(Date.now() - started).toBeLessThan(8_000);
    });
  },
);

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";

/**
 * A saved report's JSON and its on-demand evidence as Next calls the handlers (embedded PGlite, fixture DNS
 * server): immutable HTTP caching, and one database read per report until it is invalidated.
 */
type Ctx = { params: Promise<{ slug: string }> };
let sandbox: Sandbox;
let create: (r: Request) => Promise<Response>;
let getReport: (r: Request, ctx: Ctx) => Promise<Response>;
let getEvidence: (r: Request, ctx: Ctx) => Promise<Response>;

beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  vi.stubEnv("MXRAY_DNS", sandbox.server);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("PGLITE_DIR", "memory://");
  vi.stubEnv("MXRAY_RATE_LIMIT", "0");
  vi.stubEnv("MXRAY_PUBLIC_URL", "");
  ({ POST: create } = await import("../route"));
  ({ GET: getReport } = await import("./route"));
  ({ GET: getEvidence } = await import("./evidence/route"));
  // Creating the embedded database is the slow part: here, not in the first test's time.
  await (await import("@/lib/db/index")).getPrisma();
});
afterAll(async () => {
  await sandbox?.close();
  const { closeDb } = await import("@/lib/db/index");
  await closeDb();
  vi.unstubAllEnvs();
});

const ctx = (slug: string): Ctx => ({ params: Promise.resolve({ slug }) });

async function newReport(body: unknown): Promise<{ id: string; dns: { queries: number } }> {
  const res = await create(
    new Request("http://mxray.test/api/reports", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  expect(res.status).toBe(201);
  return res.json();
}

describe("GET /api/reports/<id>", () => {
  it("is immutable: strong ETag, public max-age immutable, 304 on If-None-Match", async () => {
    const { id } = await newReport({ domain: "mxray-demo.test" });
    const url = `http://mxray.test/api/reports/${id}`;
    const res = await getReport(new Request(url), ctx(id));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+, immutable$/);
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect((await res.json()).id).toBe(id);
    const again = await getReport(new Request(url, { headers: { "if-none-match": etag } }), ctx(id));
    expect(again.status).toBe(304);
    const other = await getReport(new Request(url, { headers: { "if-none-match": '"other"' } }), ctx(id));
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).toBe(etag);
  });

  it("reads the database once per report, again after invalidateReport", async () => {
    const { id } = await newReport({ domain: "spf.test" });
    const reports = await import("@/lib/report-store");
    const { invalidateReport } = await import("@/lib/report/cache");
    const spy = vi.spyOn(reports, "getReportBySlug");
    try {
      invalidateReport(id);
      for (let i = 0; i < 3; i++)
        await getReport(new Request(`http://mxray.test/api/reports/${id}`), ctx(id));
      await getEvidence(new Request(`http://mxray.test/api/reports/${id}/evidence`), ctx(id));
      expect(spy.mock.calls.filter(([s]) => s === id)).toHaveLength(1);
      invalidateReport(id);
      await getReport(new Request(`http://mxray.test/api/reports/${id}`), ctx(id));
      expect(spy.mock.calls.filter(([s]) => s === id)).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
  });

  it("never keeps an unknown id: a 404 each time", async () => {
    const id = "AAAAAAAAAAAAAAAAAAAAAA";
    expect((await getReport(new Request(`http://mxray.test/api/reports/${id}`), ctx(id))).status).toBe(404);
    expect(
      (await getEvidence(new Request(`http://mxray.test/api/reports/${id}/evidence`), ctx(id))).status,
    ).toBe(404);
  });
});

describe("GET /api/reports/<id>/evidence", () => {
  it("holds the query log and every check's records, which the report JSON also has", async () => {
    const { id, dns } = await newReport({ domain: "mxray-broken.test", ip: "203.0.113.66" });
    const res = await getEvidence(new Request(`http://mxray.test/api/reports/${id}/evidence`), ctx(id));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/immutable/);
    const ev = await res.json();
    expect(ev.id).toBe(id);
    expect(ev.dns.log.length).toBe(dns.queries);
    expect(ev.dns.servers).toEqual([sandbox.server]);
    const doc = await (await getReport(new Request(`http://mxray.test/api/reports/${id}`), ctx(id))).json();
    for (const [name, check] of Object.entries(doc.checks as Record<string, { records: unknown[] }>)) {
      expect(ev.records[name], name).toEqual(check.records);
    }
    expect(ev.records.mx.length).toBeGreaterThan(0);
  });
});

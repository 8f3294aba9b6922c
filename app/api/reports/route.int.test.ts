import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";

/**
 * The route handlers as Next calls them (Request in, Response out), on embedded PGlite, with DNS answers
 * from the fixture server over real sockets.
 */
let sandbox: Sandbox;
let POST: (r: Request) => Promise<Response>;
let GET: (r: Request, ctx: { params: Promise<{ slug: string }> }) => Promise<Response>;

beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  vi.stubEnv("MXRAY_DNS", sandbox.server);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("PGLITE_DIR", "memory://");
  vi.stubEnv("MXRAY_RATE_LIMIT", "0");
  ({ POST } = await import("./route"));
  ({ GET } = await import("./[slug]/route"));
});
afterAll(async () => {
  await sandbox?.close();
  const { closeDb } = await import("@/lib/db/index");
  await closeDb();
  vi.unstubAllEnvs();
});

function post(body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) {
  return POST(
    new Request("http://mxray.test/api/reports", {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

describe("POST /api/reports", () => {
  it("runs, saves and returns 201 with the share link; GET returns the same report", async () => {
    const res = await post({ domain: "MXRAY-DEMO.test." });
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc.url).toBe(`http://mxray.test/r/${doc.id}`);
    expect(doc.input.domain).toBe("mxray-demo.test");
    const got = await GET(new Request(`http://mxray.test/api/reports/${doc.id}`), {
      params: Promise.resolve({ slug: doc.id }),
    });
    expect(got.status).toBe(200);
    const again = await got.json();
    expect(again.checks).toEqual(doc.checks);
    expect(again.score).toBe(doc.score);
    expect(again.dns.log.length).toBe(doc.dns.log.length);
  });

  it("answers 422 for text that is not a bounce when nothing else was asked, and for binary input", async () => {
    const res = await post({ bounce: "hello my email is not working" });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 422,
      code: "not_a_bounce",
      detail: expect.stringMatching(/not a bounce/),
    });
    const bin = await post({ bounce: "PK\u0003\u0004\u0000\u0000binary" });
    expect(bin.status).toBe(422);
    expect((await bin.json()).detail).toMatch(/binary data/);
  });

  it("saves an incomplete report with no score and a domain that does not exist with no score", async () => {
    sandbox.setFaults([{ match: "_dmarc.mxray-demo.test", kind: "servfail" }]);
    try {
      const res = await post({ domain: "mxray-demo.test" });
      expect(res.status).toBe(201);
      const doc = await res.json();
      expect(doc).toMatchObject({ status: "incomplete", score: null, grade: null });
      expect(doc.scoreRange.min).toBeLessThan(doc.scoreRange.max);
      const got = await (
        await GET(new Request(`http://mxray.test/api/reports/${doc.id}`), {
          params: Promise.resolve({ slug: doc.id }),
        })
      ).json();
      expect(got).toMatchObject({
        status: "incomplete",
        score: null,
        grade: null,
        scoreRange: doc.scoreRange,
      });
    } finally {
      sandbox.setFaults([]);
    }
    const missing = await (await post({ domain: "nothing-here.mxray-demo.test" })).json();
    expect(missing).toMatchObject({ status: "domain_not_found", score: null, grade: null, checks: {} });
    expect(missing.findings.map((f: { code: string }) => f.code)).toEqual(["domain.not_found"]);
  });

  it("answers 422 problem details for invalid input, 422 for empty, 413 for too large, 415 for non-JSON", async () => {
    const bad = await post({ domain: "a..b" });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(await bad.json()).toMatchObject({
      status: 422,
      code: "invalid_input",
      detail: expect.stringMatching(/empty label/),
    });
    expect((await post({})).status).toBe(422);
    expect((await post("{not json")).status).toBe(422);
    expect((await post({ bounce: "x".repeat(1024 * 1024 + 10) })).status).toBe(413);
    expect(
      (await post("domain=example.com", { "content-type": "application/x-www-form-urlencoded" })).status,
    ).toBe(415);
  });

  it("GET of an unknown or malformed id is 404", async () => {
    for (const slug of ["AAAAAAAAAAAAAAAAAAAAAA", "../../etc/passwd", "x"]) {
      const res = await GET(new Request(`http://mxray.test/api/reports/x`), {
        params: Promise.resolve({ slug }),
      });
      expect(res.status).toBe(404);
    }
  });
});

describe("with the database down", () => {
  it("POST answers 503 with a clear message", async () => {
    // The database client is a process-wide singleton: close it so the next use reads the new URL.
    const { closeDb: close } = await import("@/lib/db/index");
    await close();
    vi.resetModules();
    vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere");
    const { POST: post503 } = await import("./route");
    const started = Date.now();
    const res = await post503(
      new Request("http://mxray.test/api/reports", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ domain: "mxray-demo.test" }),
      }),
    );
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toMatch(/PostgreSQL|database/i);
    expect(Date.now() - started).toBeLessThan(15_000);
    const { closeDb } = await import("@/lib/db/index");
    await closeDb();
  });
});

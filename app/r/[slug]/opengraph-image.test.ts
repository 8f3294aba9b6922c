import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ReportDocument } from "@/lib/report/types";

/**
 * The share card handler as Next calls it, on embedded PGlite. `fetch` is made to fail: the card must
 * render from bundled assets only (a self-hosted instance may have no internet).
 */
type Image = (props: { params: Promise<{ slug: string }> }) => Promise<Response>;
let Image: Image;
let save: (doc: ReportDocument, opts: { baseUrl: string }) => Promise<ReportDocument>;
const fetched: string[] = [];

beforeAll(async () => {
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("PGLITE_DIR", "memory://");
  // next/og loads its own WebAssembly through `fetch` of data: URLs; anything else would be the network.
  const realFetch = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith("data:")) return realFetch(input, init);
    fetched.push(url);
    throw new Error(`no network in this test: ${url}`);
  });
  ({ default: Image } = await import("./opengraph-image"));
  ({ saveReportDocument: save } = await import("@/lib/report/service"));
});
afterAll(async () => {
  const { closeDb } = await import("@/lib/db/index");
  await closeDb();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

function doc(extra: Partial<ReportDocument>): ReportDocument {
  return {
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    kind: "domain",
    input: { domain: "example.com" },
    status: "complete",
    score: 87,
    grade: "B",
    scoreRange: { min: 87, max: 87 },
    scoringVersion: "test",
    profile: "deliverability",
    deductions: [],
    unknown: [],
    checks: {},
    dns: { queries: 0, elapsedMs: 0, servers: [] },
    ...extra,
  };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function png(res: Response): Promise<{ width: number; height: number; bytes: number }> {
  expect(res.headers.get("content-type")).toBe("image/png");
  const buf = Buffer.from(await res.arrayBuffer());
  expect([...buf.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  // IHDR is the first chunk: width and height are big-endian at bytes 16 and 20.
  expect(buf.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bytes: buf.length };
}

describe("app/r/[slug]/opengraph-image", () => {
  it("exports the alt text, size and content type Next reads", async () => {
    const mod = await import("./opengraph-image");
    expect(mod.alt).toMatch(/mxray/);
    expect(mod.size).toEqual({ width: 1200, height: 630 });
    expect(mod.contentType).toBe("image/png");
  });

  it("renders a 1200x630 PNG for a domain report, offline", async () => {
    const saved = await save(doc({}), { baseUrl: "http://mxray.test" });
    const res = await Image({ params: Promise.resolve({ slug: saved.id ?? "" }) });
    expect(res.status).toBe(200);
    const img = await png(res);
    expect(img).toMatchObject({ width: 1200, height: 630 });
    expect(img.bytes).toBeGreaterThan(5_000);
    expect(fetched).toEqual([]);
  });

  it("renders IDN, IP and bounce reports without fetching fonts for non-Latin text", async () => {
    const reports = [
      doc({
        input: { domain: "xn--fsqu00a.xn--3lr804guic", domainUnicode: "例子.测试" },
        score: 40,
        grade: "F",
      }),
      doc({ kind: "ip", input: { ip: "2001:db8::25" }, score: 100, grade: "A+" }),
      doc({ kind: "bounce", input: { bounce: "550 5.1.1 user unknown 🙂" }, score: 70, grade: "C" }),
    ];
    for (const d of reports) {
      const saved = await save(d, { baseUrl: "http://mxray.test" });
      const res = await Image({ params: Promise.resolve({ slug: saved.id ?? "" }) });
      expect(res.status).toBe(200);
      expect(await png(res)).toMatchObject({ width: 1200, height: 630 });
    }
    expect(fetched).toEqual([]);
  });

  it("answers 404 with a generic card for an unknown id", async () => {
    const res = await Image({ params: Promise.resolve({ slug: "AAAAAAAAAAAAAAAAAAAAAA" }) });
    expect(res.status).toBe(404);
    expect(await png(res)).toMatchObject({ width: 1200, height: 630 });
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";

/** The re-run and Markdown export handlers as Next calls them, on embedded PGlite and the fixture DNS server. */
type Ctx = { params: Promise<{ slug: string }> };
let sandbox: Sandbox;
let create: (r: Request) => Promise<Response>;
let rerun: (r: Request, ctx: Ctx) => Promise<Response>;
let markdown: (r: Request, ctx: Ctx) => Promise<Response>;

beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  vi.stubEnv("MXRAY_DNS", sandbox.server);
  vi.stubEnv("MXRAY_DNSBL_ZONES", "bl.dnsbl.test,bl2.dnsbl.test");
  vi.stubEnv("MXRAY_DNSBL_DOMAIN_ZONES", "dom.dnsbl.test");
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("PGLITE_DIR", "memory://");
  vi.stubEnv("MXRAY_RATE_LIMIT", "0");
  vi.stubEnv("MXRAY_PUBLIC_URL", "");
  ({ POST: create } = await import("../route"));
  ({ POST: rerun } = await import("./rerun/route"));
  ({ GET: markdown } = await import("./markdown/route"));
});
afterAll(async () => {
  await sandbox?.close();
  const { closeDb } = await import("@/lib/db/index");
  await closeDb();
  vi.unstubAllEnvs();
});

const ctx = (slug: string): Ctx => ({ params: Promise.resolve({ slug }) });

async function newReport(body: unknown) {
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

describe("POST /api/reports/<id>/rerun", () => {
  it("runs the same input again, links the new report to the old one and answers 201", async () => {
    const first = await newReport({ domain: "mxray-broken.test", selectors: ["custom1"] });
    const res = await rerun(
      new Request(`http://mxray.test/api/reports/${first.id}/rerun`, { method: "POST" }),
      ctx(first.id),
    );
    expect(res.status).toBe(201);
    const second = await res.json();
    expect(second.id).not.toBe(first.id);
    expect(second.previousId).toBe(first.id);
    expect(second.url).toBe(`http://mxray.test/r/${second.id}`);
    expect(res.headers.get("location")).toBe(`/api/reports/${second.id}`);
    expect(second.input).toEqual(first.input);
    expect(second.input.selectors).toEqual(["custom1"]);
    expect(Object.keys(second.checks).sort()).toEqual(Object.keys(first.checks).sort());
    // Same zone data, same answers: the same score.
    expect(second.score).toBe(first.score);
  });

  it("re-runs a bounce report from its stored text", async () => {
    const first = await newReport({
      bounce: "550 5.1.1 <nobody@mxray-demo.test>: Recipient address rejected: User unknown",
    });
    const res = await rerun(new Request("http://mxray.test/x", { method: "POST" }), ctx(first.id));
    expect(res.status).toBe(201);
    const second = await res.json();
    expect(second.kind).toBe("bounce");
    expect(second.previousId).toBe(first.id);
    expect(second.bounce.reason).toBe(first.bounce.reason);
  });

  it("answers 404 problem details for unknown or malformed ids", async () => {
    for (const slug of ["AAAAAAAAAAAAAAAAAAAAAA", "../../etc/passwd", "x"]) {
      const res = await rerun(new Request("http://mxray.test/x", { method: "POST" }), ctx(slug));
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 404, code: "not_found" });
    }
  });
});

describe("GET /api/reports/<id>/markdown", () => {
  it("downloads the report as Markdown with a filename from the subject and date", async () => {
    const doc = await newReport({ domain: "mxray-broken.test" });
    const res = await markdown(new Request(`http://mxray.test/api/reports/${doc.id}/markdown`), ctx(doc.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const date = doc.createdAt.slice(0, 10);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="mxray-mxray-broken.test-${date}.md"`,
    );
    const body = await res.text();
    expect(body.startsWith("# mxray report: mxray-broken.test\n")).toBe(true);
    expect(body).toContain(`- **Score:** ${doc.score}/100, grade **${doc.grade}**`);
    expect(body).toContain(`\`http://mxray.test/r/${doc.id}\``);
    expect(body).toContain("### MX: ");
  });

  it("answers 404 problem details for an unknown id", async () => {
    const res = await markdown(new Request("http://mxray.test/x"), ctx("AAAAAAAAAAAAAAAAAAAAAA"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

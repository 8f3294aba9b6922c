import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";

/**
 * Privacy through the route handlers as Next calls them: the delete token (JSON and the streamed `done`
 * event), DELETE, bounce reports kept out of a domain's history, MXRAY_HISTORY=off, bad percent-encoding.
 * Embedded PGlite, DNS answers from the fixture server.
 */
type Ctx<K extends string> = { params: Promise<Record<K, string>> };
let sandbox: Sandbox;
let POST: (r: Request) => Promise<Response>;
let GET: (r: Request, ctx: Ctx<"slug">) => Promise<Response>;
let DELETE: (r: Request, ctx: Ctx<"slug">) => Promise<Response>;
let HISTORY: (r: Request, ctx: Ctx<"domain">) => Promise<Response>;

beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  vi.stubEnv("MXRAY_DNS", sandbox.server);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("PGLITE_DIR", "memory://");
  vi.stubEnv("MXRAY_RATE_LIMIT", "0");
  ({ POST } = await import("./route"));
  ({ GET, DELETE } = await import("./[slug]/route"));
  ({ GET: HISTORY } = await import("../domains/[domain]/reports/route"));
  // Open the embedded database (initdb and migrations) here, not inside the first test's time budget.
  await (await import("@/lib/db/index")).getPrisma();
}, 180_000);
afterAll(async () => {
  await sandbox?.close();
  const { closeDb } = await import("@/lib/db/index");
  await closeDb();
  vi.unstubAllEnvs();
});

const url = "http://mxray.test";
function post(body: unknown, accept = "application/json") {
  return POST(
    new Request(`${url}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", accept },
      body: JSON.stringify(body),
    }),
  );
}
const slugCtx = (slug: string) => ({ params: Promise.resolve({ slug }) });
function del(slug: string, token?: string) {
  return DELETE(
    new Request(`${url}/api/reports/${slug}`, {
      method: "DELETE",
      headers: token === undefined ? {} : { "x-delete-token": token },
    }),
    slugCtx(slug),
  );
}
function history(domain: string) {
  return HISTORY(new Request(`${url}/api/domains/${domain}/reports`), {
    params: Promise.resolve({ domain }),
  });
}

describe("delete token and DELETE /api/reports/<id>", () => {
  it("returns the token once at creation; DELETE needs it; GET never shows it", async () => {
    const res = await post({ domain: "mxray-demo.test" });
    expect(res.status).toBe(201);
    const doc = (await res.json()) as { id: string; deleteToken: string };
    expect(doc.deleteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const got = await GET(new Request(`${url}/api/reports/${doc.id}`), slugCtx(doc.id));
    expect(JSON.stringify(await got.json())).not.toContain(doc.deleteToken);

    const other = (await (await post({ domain: "mxray-demo.test" })).json()) as { deleteToken: string };
    const none = await del(doc.id);
    expect(none.status).toBe(403);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    expect((await del(doc.id, other.deleteToken)).status).toBe(403);
    expect((await GET(new Request(`${url}/api/reports/${doc.id}`), slugCtx(doc.id))).status).toBe(200);

    const ok = await del(doc.id, doc.deleteToken);
    expect(ok.status).toBe(204);
    expect((await GET(new Request(`${url}/api/reports/${doc.id}`), slugCtx(doc.id))).status).toBe(404);
    expect((await del(doc.id, doc.deleteToken)).status).toBe(404);
    expect((await del("AAAAAAAAAAAAAAAAAAAAAA", doc.deleteToken)).status).toBe(404);
  });

  it("streams the token in the `done` event", async () => {
    const res = await post({ domain: "mxray-demo.test" }, "text/event-stream");
    const text = await res.text();
    const done = /event: done\ndata: (.*)\n/.exec(text)?.[1];
    const data = JSON.parse(done ?? "{}") as { id: string; deleteToken: string };
    expect(data.deleteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await del(data.id, data.deleteToken)).status).toBe(204);
  });
});

describe("a domain's history", () => {
  it("lists domain reports but never a pasted bounce filed under its sender domain", async () => {
    const bounce = [
      "From: MAILER-DAEMON@mx.mxray-demo.test",
      "Subject: Undelivered Mail Returned to Sender",
      "",
      "<secret-recipient@mxray-demo.test>: host mx.mxray-demo.test[192.0.2.25] said:",
      "    550 5.7.26 Unauthenticated email from mxray-demo.test is not accepted due to domain's DMARC",
      "    policy (in reply to end of DATA command)",
    ].join("\n");
    const b = await post({ bounce });
    expect(b.status).toBe(201);
    const bdoc = (await b.json()) as { id: string; kind: string };
    expect(bdoc.kind).toBe("bounce");
    const d = (await (await post({ domain: "mxray-demo.test" })).json()) as { id: string };
    const res = await history("mxray-demo.test");
    expect(res.status).toBe(200);
    const list = (await res.json()) as { reports: { slug: string; kind: string }[] };
    expect(list.reports.map((r) => r.slug)).toContain(d.id);
    expect(list.reports.map((r) => r.slug)).not.toContain(bdoc.id);
    expect(list.reports.every((r) => r.kind !== "bounce")).toBe(true);
    expect(JSON.stringify(list)).not.toContain("secret-recipient");
    // The bounce report stays reachable by its share link.
    expect((await GET(new Request(`${url}/api/reports/${bdoc.id}`), slugCtx(bdoc.id))).status).toBe(200);
  });

  it("answers 404 for bad percent-encoding instead of failing", async () => {
    const res = await history("%ff");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("is a 404 with MXRAY_HISTORY=off", async () => {
    vi.stubEnv("MXRAY_HISTORY", "off");
    const { resetConfig } = await import("@/lib/config");
    resetConfig();
    try {
      expect((await history("mxray-demo.test")).status).toBe(404);
    } finally {
      vi.stubEnv("MXRAY_HISTORY", "on");
      resetConfig();
    }
    expect((await history("mxray-demo.test")).status).toBe(200);
  });
});

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clearReportCache, invalidateReport } from "@/lib/report/cache";
import { contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";
import { serveReportResponse } from "./report-responses";

const ID = "gpHOF3cZuq0CZIAL8XmaUw";
const PAGE = `<!DOCTYPE html><html><body>${"<p>finding</p>".repeat(500)}</body></html>`;
const scriptedPage = (nonce: string) =>
  `<!DOCTYPE html><html><head><script src="/_next/static/chunks/a.js" nonce="${nonce}" async></script></head><body>${"<p>finding</p>".repeat(500)}${Array.from({ length: 12 }, (_, i) => `<script nonce="${nonce}">self.__next_f.push([1,"${i}"])</script>`).join("")}</body></html>`;

/** Stands in for Next's handler: answers like it does (headers set, body streamed in chunks, later). */
let calls = 0;
let status = 200;
/** When set, Next renders like proxy.ts makes it: a CSP with a fresh nonce, carried by the page's scripts. */
let scripts = false;
async function fakeNext(req: IncomingMessage, res: ServerResponse): Promise<void> {
  calls++;
  const nonce = newNonce();
  if (scripts) res.setHeader("content-security-policy", contentSecurityPolicy(nonce));
  res.setHeader(
    "content-type",
    req.url?.startsWith("/api/") ? "application/json" : "text/html; charset=utf-8",
  );
  res.setHeader("cache-control", "private, no-cache, no-store, max-age=0, must-revalidate");
  res.setHeader("vary", "rsc, next-router-state-tree");
  res.setHeader("x-seen-accept-encoding", String(req.headers["accept-encoding"] ?? "none"));
  res.writeHead(status);
  const body = req.url?.startsWith("/api/")
    ? JSON.stringify({ id: ID })
    : scripts
      ? scriptedPage(nonce)
      : PAGE;
  res.write(body.slice(0, 100));
  await new Promise((r) => setTimeout(r, 5));
  setTimeout(() => res.end(body.slice(100)), 5);
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    void serveReportResponse(req, res, () => fakeNext(req, res)).then((served) => {
      if (!served) {
        res.setHeader("x-passed", "1");
        return fakeNext(req, res);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  clearReportCache();
  calls = 0;
  status = 200;
  scripts = false;
});

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>(
    (resolve, reject) => {
      request(`${base}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
        .on("error", reject)
        .end();
    },
  );
}

describe("saved reports' responses in front of Next", () => {
  it("renders once, then answers from memory with validators, compression and 304", async () => {
    const first = await get(`/r/${ID}`, { "accept-encoding": "gzip" });
    expect(first.status).toBe(200);
    expect(first.headers["x-seen-accept-encoding"]).toBe("none"); // Next produced identity bytes
    expect(first.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(first.body).toString()).toBe(PAGE);
    expect(first.headers["cache-control"]).toBe("public, max-age=300, immutable");
    expect(first.headers.vary).toBe("rsc, next-router-state-tree, Accept-Encoding");
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}-gzip"$/);

    const plain = await get(`/r/${ID}`);
    expect(plain.body.toString()).toBe(PAGE);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["content-length"]).toBe(String(Buffer.byteLength(PAGE)));
    expect(plain.headers.etag).not.toBe(etag);

    const again = await get(`/r/${ID}`, { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(calls).toBe(1);
  });

  it("keeps the JSON per origin: another Host is another entry", async () => {
    await get(`/api/reports/${ID}`);
    await get(`/api/reports/${ID}`);
    expect(calls).toBe(1);
    await get(`/api/reports/${ID}`, { host: "other.example" });
    expect(calls).toBe(2);
  });

  it("never keeps a response that is not a 200", async () => {
    status = 404;
    expect((await get(`/r/${ID}`)).status).toBe(404);
    status = 200;
    expect((await get(`/r/${ID}`)).status).toBe(200);
    expect(calls).toBe(2);
  });

  it("lets RSC requests, other queries and other methods through untouched", async () => {
    expect((await get(`/r/${ID}`, { rsc: "1" })).headers["x-passed"]).toBe("1");
    expect((await get(`/r/${ID}?x=1`)).headers["x-passed"]).toBe("1");
    expect((await get(`/r/not-a-share-id`)).headers["x-passed"]).toBe("1");
    expect((await get(`/r/${ID}?profile=strict`)).headers["x-passed"]).toBeUndefined();
  });

  it("renders once for many readers arriving together", async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => get(`/r/${ID}`)));
    expect(all.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(all.map((r) => r.body.toString())).size).toBe(1);
    expect(calls).toBe(1);
  });

  it("answers a conditional request on a cold cache (another instance's ETag) with a 304 after rendering", async () => {
    const etag = (await get(`/api/reports/${ID}`)).headers.etag!;
    clearReportCache();
    const res = await get(`/api/reports/${ID}`, { "if-none-match": etag });
    expect(res.status).toBe(304);
    expect(calls).toBe(2);
    expect((await get(`/api/reports/${ID}`)).status).toBe(200);
    expect(calls).toBe(2);
  });

  it("renders again after invalidateReport", async () => {
    await get(`/api/reports/${ID}/evidence`);
    await get(`/api/reports/${ID}/evidence`);
    expect(calls).toBe(1);
    invalidateReport(ID);
    await get(`/api/reports/${ID}/evidence`);
    expect(calls).toBe(2);
  });

  it("gives a kept page a fresh nonce per response, the same in its CSP header and its scripts", async () => {
    scripts = true;
    const nonceOf = (r: { headers: IncomingMessage["headers"] }) =>
      /'nonce-([^']+)'/.exec(String(r.headers["content-security-policy"]))?.[1];
    const bodyNonces = (html: string) => new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
    const responses = [
      await get(`/r/${ID}`),
      await get(`/r/${ID}`),
      await get(`/r/${ID}`, { "accept-encoding": "gzip, br" }),
      await get(`/r/${ID}`, { "accept-encoding": "gzip" }),
    ];
    expect(calls).toBe(1); // rendered once, answered from memory after
    const seen = new Set<string>();
    for (const r of responses) {
      const nonce = nonceOf(r);
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      const html =
        r.headers["content-encoding"] === "gzip" ? gunzipSync(r.body).toString() : r.body.toString();
      expect(html).toBe(scriptedPage(nonce!));
      expect(bodyNonces(html)).toEqual(new Set([nonce]));
      expect(r.headers["content-length"]).toBe(String(r.body.length));
      seen.add(nonce!);
    }
    expect(seen.size).toBe(responses.length);
    // Brotli cannot take a nonce in per response: gzip is offered instead.
    expect(responses[2]!.headers["content-encoding"]).toBe("gzip");
    // Shared caches would replay one nonce to everyone: the browser's own cache only.
    expect(responses[0]!.headers["cache-control"]).toBe("private, max-age=300, immutable");
    const etag = responses[3]!.headers.etag!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{32}-gzip"$/);
    // Revalidated: 304 without a CSP, so the browser keeps the policy stored with the body it has.
    const again = await get(`/r/${ID}`, { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers["content-security-policy"]).toBeUndefined();
    expect(again.headers["x-content-type-options"]).toBe("nosniff");
  });
});

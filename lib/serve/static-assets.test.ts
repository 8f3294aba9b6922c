import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStaticAsset } from "./static-assets";

const JS = `console.log(${JSON.stringify("x".repeat(4000))});`;
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "mxray-assets-"));
  mkdirSync(path.join(dir, "static", "chunks"), { recursive: true });
  writeFileSync(path.join(dir, "static", "chunks", "a1.js"), JS);
  writeFileSync(path.join(dir, "secret.js"), "no");
  server = createServer((req, res) => {
    void serveStaticAsset(req, res, dir).then((served) => {
      if (!served) res.writeHead(418).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function get(p: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>(
    (resolve, reject) => {
      request(`${base}${p}`, { headers }, (res) => {
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

describe("build assets from memory", () => {
  it("answers with the asset, compressed when accepted, immutable for a year", async () => {
    const res = await get("/_next/static/chunks/a1.js", { "accept-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(res.body).toString()).toBe(JS);
    const plain = await get("/_next/static/chunks/a1.js");
    expect(plain.body.toString()).toBe(JS);
    expect((await get("/_next/static/chunks/a1.js", { "if-none-match": plain.headers.etag! })).status).toBe(
      304,
    );
  });

  it("leaves to Next what it does not serve: outside the folder, unknown types, missing files", async () => {
    expect((await get("/_next/static/..%2Fsecret.js")).status).toBe(418);
    expect((await get("/_next/static/chunks/a1.exe")).status).toBe(418);
    expect((await get("/_next/static/chunks/missing.js")).status).toBe(418);
    expect((await get("/other/a1.js")).status).toBe(418);
  });
});

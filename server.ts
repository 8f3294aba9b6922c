/**
 * `npm start`: the built app (`npm run build` first) behind a front that answers saved reports' responses from
 * memory (lib/serve/report-responses.ts). Everything else is Next's own handler, as with `next start`.
 * `npm start` runs this file built as JavaScript (dist/server/server.mjs, scripts/build-server.mjs), not
 * through tsx: tsx's loader hooks would see every module Next's server loads and hold their transforms,
 * about 110 MiB more on a first start (npm run bench:db-memory -- --app). `--max-semi-space-size=1` caps
 * V8's young generation at 1 MiB per semi-space (16 MiB by default on 64-bit): another 40-50 MiB off the
 * first start's peak, for more frequent (and shorter) scavenges; `--single-threaded-gc` leaves out V8's
 * GC helper threads and their work lists (this process shares its cores with PGlite's PostgreSQL anyway).
 *
 *   npm start [-- -p 3000] [-- -H 127.0.0.1]      (or PORT / HOSTNAME in the environment)
 */
import { createRequire } from "node:module";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { Duplex } from "node:stream";
import next from "next";
import { setting } from "@/lib/config";
import { cacheMaxBytes, cacheSeconds } from "@/lib/report/cache";
import { serveReportResponse } from "@/lib/serve/report-responses";
import { serveStaticAsset } from "@/lib/serve/static-assets";
import { trackRequest } from "@/lib/serve/status";

function option(short: string, long: string): string | undefined {
  const i = process.argv.findIndex((a) => a === short || a === long);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(option("-p", "--port") ?? setting("PORT"));
const hostname = option("-H", "--hostname") ?? process.env.HOSTNAME;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${port}`);
  process.exit(2);
}

// A wrong cache setting stops the app here with its name, not later on every request.
try {
  cacheSeconds();
  cacheMaxBytes();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}

const app = next({ dev: false, dir: process.cwd(), port, ...(hostname ? { hostname } : {}) });
const handle = app.getRequestHandler();
const distDir = path.join(process.cwd(), ".next");
await app.prepare();

// `next start` compresses in its own router server, which a custom server does not get: the same middleware
// here, for everything not answered from the report cache (which holds its variants compressed once).
const require = createRequire(import.meta.url);
const compression = require("next/dist/compiled/compression") as () => (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void;
const compress = compression();

function compressed(req: IncomingMessage, res: ServerResponse): Promise<void> {
  compress(req, res, () => undefined);
  // A client that leaves mid-response would leave the zlib stream open (as next start guards against).
  res.once("close", () => {
    const stream: unknown = res.on("drain", () => undefined);
    if (stream instanceof Duplex && stream !== (res as unknown)) stream.destroy();
  });
  return handle(req, res);
}

const server = createServer((req, res) => {
  // Before anything answers: a page may turn its response into 503 (lib/serve/status.ts).
  trackRequest(req, res);
  serveStaticAsset(req, res, distDir)
    .then((served) => served || serveReportResponse(req, res, () => handle(req, res)))
    .then((served) => (served ? undefined : compressed(req, res)))
    .catch((e: unknown) => {
      console.error(e);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
});
server.listen(port, hostname, () => {
  const a = server.address();
  const where = typeof a === "object" && a ? `${hostname ?? "0.0.0.0"}:${a.port}` : String(a);
  console.log(`mxray ready on http://${where}`);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open: give them a moment, then go.
    setTimeout(() => process.exit(0), 3000).unref();
  });
}

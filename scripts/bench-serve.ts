/**
 * npm run bench:serve — needs a production build (`next build`) and PostgreSQL in DATABASE_URL.
 *
 * Serving a saved report, side by side with the floor: starts the built app on PostgreSQL (and the fixture DNS
 * server), saves one report of the largest fixture domain, and records the exact bytes (status, headers and
 * body, compressed as a browser asks) the app answers on each route: the JSON, the page and the Open Graph card.
 * A bare node:http server then returns those same bytes from memory, and autocannon drives both with the same
 * load. Printed per route: requests per second, latency p50/p95/p99, errors, and the app's throughput as a
 * fraction of the bare server's. Then the embedded database's memory: the peak RSS of the process tree that
 * creates a new PGlite database (with the migrations), and of one that reopens it (as bench:db-memory).
 *
 *   npm run bench:serve [-- --seconds 8] [-- --rounds 4] [-- --connections 20]
 *                       [-- --domain mxray-broken.test --ip 203.0.113.66]
 *
 * A benchmark, not a test: figures depend on the machine and its load (printed with them).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { loadavg } from "node:os";
import autocannon from "autocannon";
import { startAppServer } from "./lib/app-server";
import { formatDbMemory, measureAppMemory, measureDbMemory } from "./lib/db-memory";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const SECONDS = Number(arg("seconds", "8"));
const CONNECTIONS = Number(arg("connections", "20"));
const DOMAIN = arg("domain", "mxray-broken.test");
const IP = arg("ip", "203.0.113.66");
// What a browser sends: the app may compress, and the bare server returns whatever bytes the app chose.
const ACCEPT = { "accept-encoding": "gzip, deflate, br" };

interface Captured {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One GET with raw bytes kept (fetch would decompress them). */
function get(url: string, headers: Record<string, string> = ACCEPT): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

interface Load {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ROUNDS = Number(arg("rounds", "4"));

/**
 * Drives the app's and the bare server's URL in alternating rounds (SECONDS in all for each), so that a change
 * in the machine's load during the run weighs on both alike; every latency is kept for exact percentiles.
 */
async function compare(appUrl: string, bareUrl: string): Promise<[Load, Load]> {
  const a = newLoad();
  const b = newLoad();
  for (let i = 0; i < ROUNDS; i++) {
    await drive(appUrl, SECONDS / ROUNDS, a);
    await drive(bareUrl, SECONDS / ROUNDS, b);
  }
  return [finish(a), finish(b)];
}

interface Acc {
  latencies: number[];
  requests: number;
  errors: number;
  non2xx: number;
}

function newLoad(): Acc {
  return { latencies: [], requests: 0, errors: 0, non2xx: 0 };
}

function finish(acc: Acc): Load {
  const sorted = [...acc.latencies].sort((x, y) => x - y);
  return {
    rps: acc.requests / SECONDS,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    requests: acc.requests,
    errors: acc.errors,
    non2xx: acc.non2xx,
  };
}

async function drive(url: string, seconds: number, acc: Acc): Promise<void> {
  const latencies = acc.latencies;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: seconds, headers: ACCEPT },
      (err: Error | null, r: autocannon.Result) => (err ? reject(err) : resolve(r)),
    );
    instance.on("response", (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
  acc.requests += result.requests.total;
  acc.errors += result.errors + result.timeouts;
  acc.non2xx += result.non2xx;
}

/** The floor: a bare node:http server answering each path with the app's captured bytes. */
async function bareServer(routes: Map<string, Captured>): Promise<{ base: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const hit = routes.get(req.url ?? "");
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of ["content-type", "content-encoding", "etag", "cache-control", "vary"]) {
      const v = hit.headers[h];
      if (typeof v === "string") headers[h] = v;
    }
    res.writeHead(hit.status, headers);
    res.end(hit.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (n: number) => n.toFixed(1);

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("bench:serve runs the app on PostgreSQL: set DATABASE_URL");
  const load0 = loadavg();
  const app = await startAppServer({ databaseUrl });
  const routes = new Map<string, Captured>();
  const rows: string[] = [];
  try {
    const created = await fetch(`${app.base}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ domain: DOMAIN, ...(IP ? { ip: IP } : {}) }),
    });
    if (created.status !== 201)
      throw new Error(`POST /api/reports: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const page = await get(`${app.base}/r/${id}`, {});
    const html = page.body.toString("utf8");
    const og = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
    if (!og) throw new Error("the report page has no og:image");
    const card = new URL(og);
    const paths: [string, string][] = [
      ["GET /api/reports/<id>", `/api/reports/${id}`],
      ["GET /r/<id>", `/r/${id}`],
      ["GET card (after first render)", `${card.pathname}${card.search}`],
    ];
    // First request of each route: its first render; the captured second one is what the load sees.
    for (const [, path] of paths) {
      await get(`${app.base}${path}`);
      const c = await get(`${app.base}${path}`);
      if (c.status !== 200) throw new Error(`${path}: ${c.status}`);
      routes.set(path, c);
    }
    const bare = await bareServer(routes);
    console.log(
      `Report of ${DOMAIN}${IP ? ` --ip ${IP}` : ""} (${id}); ${CONNECTIONS} connections, ${SECONDS} s per server ` +
        `in ${ROUNDS} alternating rounds, ` +
        `Accept-Encoding: ${ACCEPT["accept-encoding"]}; ${process.platform}, load average before ${load0.map((l) => l.toFixed(2)).join(" ")}.\n`,
    );
    console.log(
      `Page: ${kib(Buffer.byteLength(html))} of HTML uncompressed; ` +
        `${kib(routes.get(`/r/${id}`)!.body.length)} sent (${routes.get(`/r/${id}`)!.headers["content-encoding"] ?? "identity"}). ` +
        `JSON: ${kib(routes.get(`/api/reports/${id}`)!.body.length)} sent. Card: ${kib(routes.get(paths[2]![1])!.body.length)}.\n`,
    );
    rows.push(
      "| route | bytes sent | app req/s | app p50 / p95 / p99 ms | bare req/s | bare p50 / p95 / p99 ms | ratio | app errors, non-2xx |",
      "|---|--:|--:|--:|--:|--:|--:|--:|",
    );
    for (const [label, path] of paths) {
      const [a, b] = await compare(`${app.base}${path}`, `${bare.base}${path}`);
      rows.push(
        `| ${label} | ${kib(routes.get(path)!.body.length)} | ${a.rps.toFixed(0)} | ${ms(a.p50)} / ${ms(a.p95)} / ${ms(a.p99)} | ` +
          `${b.rps.toFixed(0)} | ${ms(b.p50)} / ${ms(b.p95)} / ${ms(b.p99)} | ${(a.rps / b.rps).toFixed(3)}× | ${a.errors}, ${a.non2xx} |`,
      );
      console.log(rows.at(-1));
    }
    await bare.close();
  } finally {
    await app.close();
  }
  console.log(`\n${rows.join("\n")}`);
  console.log(
    `Load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (the machine is shared).`,
  );

  const memory = [...(await measureDbMemory()), ...(await measureAppMemory())];
  console.log(`\nEmbedded PGlite (scripts/lib/db-memory.ts):\n${formatDbMemory(memory)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

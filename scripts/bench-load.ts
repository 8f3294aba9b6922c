/**
 * `npm run bench:load [-- --reports 200 --latency 20 --max-reports 16]`: 200 reports at once against the
 * fixture DNS server (in a child process, 20 ms added to every answer), and how many checks end "error"
 * (could not determine) because of our own load. Printed twice: every report started at once (before:
 * nothing bounds them) and through the instance's gate (after: `--max-reports` in flight, the rest queued
 * before their deadline starts).
 *
 * `-- --instances 2` runs the app itself instead: two `next start` processes (a production build must
 * exist) sharing only the PostgreSQL database in DATABASE_URL, the reports sent over HTTP to both in turn;
 * prints p50/p95/p99 latency, 2xx / 429 / 503 counts, rows saved == 2xx, and checks ending "error"; then
 * one client asks three times its rate limit at once over both instances (the limit must hold in total).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort, waitFor } from "./lib/app-server";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { CheckResult } from "@/lib/checks/types";
import { ReportGate } from "@/lib/report/admission";
import { runReport } from "@/lib/report/run";
import type { ReportDocument } from "@/lib/report/types";
import { parseReportRequest } from "@/lib/validation/input";

const args = process.argv.slice(2).filter((a) => a !== "--");
function intOption(name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a positive integer`);
  return v;
}

/** Fixture domains, good and broken, so the reports ask the mix of questions real ones do. */
const DOMAINS = [
  "mxray-demo.test",
  "mxray-broken.test",
  "dkim-good.test",
  "dmarc-reject.test",
  "good.spf.test",
  "toomany.spf.test",
  "mta-sts.test",
  "bimi-good.test",
];

/** Reports per minute per client in the two-instance run (MXRAY_RATE_LIMIT of each instance). */
const RATE_LIMIT = 10;

interface Outcome {
  ms: number;
  status: number;
  /** The problem code of an error response (busy, database_unavailable, rate_limited...). */
  code?: string;
  checks: number;
  errors: number;
  incomplete: boolean;
}

function countChecks(doc: Pick<ReportDocument, "checks" | "status">): Omit<Outcome, "ms" | "status"> {
  const results = Object.values(doc.checks) as CheckResult[];
  return {
    checks: results.length,
    errors: results.filter((r) => r.status === "error").length,
    incomplete: doc.status === "incomplete",
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(label: string, outcomes: Outcome[], wallMs: number): string {
  const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300);
  const ms = ok.map((o) => o.ms).sort((a, b) => a - b);
  const checks = ok.reduce((a, o) => a + o.checks, 0);
  const errors = ok.reduce((a, o) => a + o.errors, 0);
  return [
    `${label}:`,
    `  checks ending error: ${errors} of ${checks} (${ok.filter((o) => o.incomplete).length} of ${ok.length} reports incomplete)`,
    `  report latency p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms; all done in ${wallMs.toFixed(0)} ms`,
  ].join("\n");
}

/** The fixture DNS server in its own process, so its event loop is not the one under load. */
async function startSandboxProcess(latency: number): Promise<{ server: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/dns-sandbox.ts",
      "--zones",
      "e2e/fixtures/zones",
      "--port",
      "0",
      "--latency",
      String(latency),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const server = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+) \(UDP and TCP\)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`dns-sandbox exited with ${code}: ${out}`)));
  });
  return { server, child };
}

async function inProcess(server: string, reports: number, maxReports: number): Promise<void> {
  const requests = Array.from({ length: reports }, (_, i) =>
    parseReportRequest({ domain: DOMAINS[i % DOMAINS.length] }),
  );
  const one = async (i: number): Promise<Outcome> => {
    const started = performance.now();
    const doc = await runReport(requests[i]!, { dns: server, timeoutMs: 2_000, deadlineMs: 10_000 });
    return { ms: performance.now() - started, status: 200, ...countChecks(doc) };
  };
  // Warm-up (discarded): module loading and JIT are not load.
  await one(0);

  let t = performance.now();
  const before = await Promise.all(requests.map((_, i) => one(i)));
  console.log(
    summary(`before: ${reports} reports started at once, nothing bounds them`, before, performance.now() - t),
  );

  const gate = new ReportGate(maxReports, reports);
  t = performance.now();
  const after = await Promise.all(
    requests.map((_, i) => {
      const queued = performance.now();
      return gate.run(() => one(i)).then((o) => ({ ...o, ms: performance.now() - queued }));
    }),
  );
  console.log(
    summary(
      `after: the same ${reports} through the gate, ${maxReports} in flight, the rest queued (latency includes the queue)`,
      after,
      performance.now() - t,
    ),
  );
}

async function overHttp(
  server: string,
  reports: number,
  instances: number,
  maxReports: number,
): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl?.startsWith("postgres")) {
    throw new Error("--instances needs DATABASE_URL=postgresql://...: the instances share only the database");
  }
  const apps: { base: string; child: ChildProcess }[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      const port = await freePort();
      const child = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
        env: {
          ...process.env,
          NEXT_TELEMETRY_DISABLED: "1",
          MXRAY_DNS: server,
          MXRAY_MAX_REPORTS: String(maxReports),
          // The bench is the proxy: each simulated client has its own X-Forwarded-For address, so the
          // load is not one client's, and the rate-limit phase below is one client's over both instances.
          MXRAY_TRUSTED_PROXIES: "1",
          // Each instance's SMTP inbox on a port of its own (the default 2525 would be taken twice).
          MXRAY_SMTP_PORT: String(await freePort()),
          MXRAY_SMTP_HOST: "127.0.0.1",
          MXRAY_RATE_LIMIT: String(RATE_LIMIT),
          MXRAY_DNSBL_ZONES: process.env.MXRAY_DNSBL_ZONES,
          MXRAY_DNSBL_DOMAIN_ZONES: process.env.MXRAY_DNSBL_DOMAIN_ZONES,
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      apps.push({ base: `http://127.0.0.1:${port}`, child });
    }
    await Promise.all(apps.map((a) => waitFor(`${a.base}/`, 120_000)));
    // Warm-up, one report per instance, one after the other: start-up work (migrations, connections,
    // compilation of the route) is not steady-state load.
    for (const a of apps) {
      const res = await fetch(`${a.base}/api/reports`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ domain: DOMAINS[0] }),
      });
      if (!res.ok) throw new Error(`warm-up report on ${a.base}: HTTP ${res.status} ${await res.text()}`);
    }
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const since = new Date();
    const t = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: reports }, async (_, i): Promise<Outcome> => {
        const app = apps[i % apps.length]!;
        const started = performance.now();
        const res = await fetch(`${app.base}/api/reports`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i % 250}` },
          body: JSON.stringify({ domain: DOMAINS[i % DOMAINS.length] }),
        });
        const body = (await res.json()) as ReportDocument & { code?: string };
        const counted = res.ok ? countChecks(body) : { checks: 0, errors: 0, incomplete: false };
        return {
          ms: performance.now() - started,
          status: res.status,
          ...(res.ok ? {} : { code: String(body.code) }),
          ...counted,
        };
      }),
    );
    const wall = performance.now() - t;
    const rows = await db.query<{ n: string }>(
      "select count(*)::text as n from reports where created_at >= $1",
      [since],
    );
    await db.end();
    const by = (p: (s: number) => boolean) => outcomes.filter((o) => p(o.status)).length;
    const ok = by((s) => s >= 200 && s < 300);
    console.log(
      summary(
        `${reports} reports over HTTP to ${instances} instances sharing one PostgreSQL`,
        outcomes,
        wall,
      ),
    );
    console.log(
      `  responses: ${ok} 2xx, ${by((s) => s === 429)} 429, ${by((s) => s === 503)} 503, ${by((s) => s >= 500 && s !== 503)} other 5xx; rows saved ${rows.rows[0]?.n} (${Number(rows.rows[0]?.n) === ok ? "==" : "!="} 2xx)`,
    );
    const codes = new Map<string, number>();
    for (const o of outcomes)
      if (o.code) codes.set(`${o.status} ${o.code}`, (codes.get(`${o.status} ${o.code}`) ?? 0) + 1);
    if (codes.size > 0) console.log(`  errors: ${[...codes].map(([k, n]) => `${n} × ${k}`).join(", ")}`);

    // One client, three times its allowance at once, spread over every instance: the limit is kept in the
    // database, so the instances together grant exactly RATE_LIMIT (not RATE_LIMIT per instance).
    const burst = await Promise.all(
      Array.from({ length: RATE_LIMIT * 3 }, async (_, i) => {
        const app = apps[i % apps.length]!;
        const res = await fetch(`${app.base}/api/reports`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.77" },
          body: JSON.stringify({ domain: DOMAINS[i % DOMAINS.length] }),
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    const granted = burst.filter((st) => st >= 200 && st < 300).length;
    console.log(
      `  rate limit ${RATE_LIMIT}/min, one client, ${burst.length} requests over ${instances} instances: ${granted} 2xx, ${burst.filter((st) => st === 429).length} 429, ${burst.filter((st) => st !== 429 && (st < 200 || st >= 300)).length} other (${granted === RATE_LIMIT ? "holds across instances" : "DOES NOT HOLD"})`,
    );
    console.log(
      `  load average during the run (1/5/15 min): ${loadavg()
        .map((n) => n.toFixed(1))
        .join(" / ")}`,
    );
  } finally {
    for (const a of apps) a.child.kill("SIGTERM");
  }
}

async function main(): Promise<void> {
  const reports = intOption("--reports", 200);
  const latency = intOption("--latency", 20);
  const maxReports = intOption("--max-reports", 16);
  const instances = args.includes("--instances") ? intOption("--instances", 2) : 0;
  process.env.MXRAY_DNSBL_ZONES ??= "bl.dnsbl.test,bl2.dnsbl.test";
  process.env.MXRAY_DNSBL_DOMAIN_ZONES ??= "dom.dnsbl.test";
  const { server, child } = await startSandboxProcess(latency);
  console.log(`bench:load: ${reports} reports, fixture DNS server ${server} with ${latency} ms per answer`);
  try {
    if (instances > 0) await overHttp(server, reports, instances, maxReports);
    else await inProcess(server, reports, maxReports);
  } finally {
    child.kill("SIGTERM");
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

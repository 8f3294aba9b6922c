/**
 * Report concurrency benchmark: full reports on fixture domains served by the DNS sandbox with a fixed
 * latency added to every answer, against the longest chain of dependent queries k (from the query log's
 * data, bench/dependency-depth.ts). A report that asks every independent query at once and each
 * dependent one as soon as its input is known takes about k round trips; the target is time / (k × latency)
 * at most 1.3 on every domain, and no question sent twice.
 *
 *   npm run bench:checks [-- --runs 3] [-- --latency 50] [-- --only demo] [-- --skip-sequential] [-- --verbose]
 *                        [-- --max-concurrent N]   (the DNS client's cap for the concurrent runs; default: its own)
 *
 * It is a benchmark, not a test: it prints figures and exits non-zero only when something crashes.
 */
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { formatCriticalPath, observedCriticalPath, openingWave, summarizePath } from "@/bench/critical-path";
import { dependencyGraph, type BenchLogEntry, type DependencyGraph } from "@/bench/dependency-depth";
import { createInstrumentedResolver } from "@/bench/instrument";
import { wireStats, type WireStats } from "@/bench/wire-stats";
import { runReport } from "@/lib/report/run";
import { REPORT_MAX_CONCURRENT } from "@/lib/report/run";
import { parseReportRequest } from "@/lib/validation/input";

const TARGET_RATIO = 1.3;

interface Case {
  domain: string;
  ip?: string;
  /** What the domain exercises, for the reader of the table. */
  why: string;
}

/** Fixture domains (e2e/fixtures/zones) that make many checks do dependent work. */
const CASES: Case[] = [
  { domain: "mxray-demo.test", why: "2 MX hosts, both families, FCrDNS; SPF mx; DMARC; TLS-RPT" },
  { domain: "mxray-demo.test", ip: "192.0.2.25", why: "the same with a sending IP: PTR, DNSBL, SPF verdict" },
  { domain: "mxray-demo.test", ip: "203.0.113.66", why: "a listed sending IP: DNSBL reason TXT" },
  {
    domain: "mxray-broken.test",
    ip: "198.51.100.4",
    why: "MX via CNAME, a host without address, +all; 2 PTRs",
  },
  { domain: "toomany.spf.test", why: "SPF include tree, 11 a: targets, over the lookup limit" },
  { domain: "redirect.spf.test", why: "SPF redirect → include and mx → MX → A (4 deep); implicit MX" },
  { domain: "mxmany.spf.test", why: "11 MX names: SPF mx and the MX check on every host" },
  { domain: "good.mx.test", ip: "192.0.2.10", why: "MX hosts with FCrDNS, PTR of the sending IP" },
  { domain: "dkim-good.test", why: "DKIM key delegated by CNAME, Ed25519 beside RSA" },
  { domain: "dmarc-ext.test", why: "external rua: _report._dmarc authorizations" },
  { domain: "shop.bimi-good.test", why: "DMARC and BIMI org-domain fallback (subdomain)" },
  { domain: "good.mta-sts.test", why: "MTA-STS policy host lookup; MX hosts without address" },
];

const args = process.argv.slice(2).filter((a) => a !== "--");
function flag(name: string): boolean {
  return args.includes(name);
}
function option(name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}
function positiveInt(name: string, fallback: number): number {
  const v = option(name, String(fallback));
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${name} needs a positive integer, got "${v}"`);
  return Number(v);
}

interface Run {
  ms: number;
  /** Queries the sandbox received during the report: more than the log holds would mean a bypass. */
  served: number;
  entries: BenchLogEntry[];
  requesters: ReadonlyMap<string, string>;
  checks: Record<string, { durationMs: number; status: string; queries: number }>;
}

async function runOnce(c: Case, sandbox: Sandbox, maxConcurrent?: number): Promise<Run> {
  const inst = createInstrumentedResolver({
    servers: sandbox.server,
    // The same cap a real report uses, unless the run asks for another.
    maxConcurrent: maxConcurrent ?? REPORT_MAX_CONCURRENT,
  });
  const req = parseReportRequest({ domain: c.domain, ...(c.ip ? { ip: c.ip } : {}) });
  const served0 = sandbox.queriesServed();
  const t0 = performance.now();
  // One query at a time takes queries × latency: give it room past the default 10 s deadline.
  const report = await runReport(req, {
    resolver: inst.resolver,
    ...(maxConcurrent === 1 ? { deadlineMs: 300_000 } : {}),
  });
  const ms = performance.now() - t0;
  const served = sandbox.queriesServed() - served0;
  const checks: Run["checks"] = {};
  for (const [name, r] of Object.entries(report.checks)) {
    if (r) checks[name] = { durationMs: r.durationMs, status: r.status, queries: r.queries };
  }
  return { ms, served, entries: inst.entries(), requesters: inst.requesters(), checks };
}

interface Row {
  c: Case;
  run: Run;
  graph: DependencyGraph;
  wire: WireStats;
  ratio: number;
  sequential?: { ms: number; queries: number };
}

function label(c: Case): string {
  return c.ip ? `${c.domain} --ip ${c.ip}` : c.domain;
}

function table(rows: Row[], latency: number): string {
  const head = [
    "domain",
    "k",
    "time ms",
    "ratio",
    "queries",
    "sequential ms",
    "duplicates",
    "distinct",
    "served",
    `queries×${latency} ms`,
  ];
  const body = rows.map((r) => [
    label(r.c),
    String(r.graph.k),
    r.run.ms.toFixed(0),
    r.ratio.toFixed(2),
    String(r.wire.sent),
    r.sequential ? r.sequential.ms.toFixed(0) : "-",
    String(r.wire.duplicates),
    String(r.wire.distinct),
    String(r.run.served),
    String(r.wire.sent * latency),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i === 0 ? "-" : "") + "-".repeat(w + 1) + (i === 0 ? "" : ":")).join("|")}|`,
  ]
    .concat(body.map(line))
    .join("\n");
}

async function main(): Promise<void> {
  const runs = positiveInt("--runs", 3);
  const latency = positiveInt("--latency", 50);
  const only = option("--only", "");
  const verbose = flag("--verbose");
  const skipSequential = flag("--skip-sequential");
  // A what-if for diagnosis: the same reports with another client concurrency cap (default: the client's).
  const maxConcurrent = args.includes("--max-concurrent") ? positiveInt("--max-concurrent", 32) : undefined;
  const cases = CASES.filter((c) => label(c).includes(only));
  if (cases.length === 0) throw new Error(`no case matches --only "${only}"`);

  // The fixture DNSBLs (dnsbl.zone), so listings and their TXT reasons happen; public lists would only be
  // REFUSED by the sandbox. Set these variables to measure other zones.
  process.env.MXRAY_DNSBL_ZONES ??= "bl.dnsbl.test,bl2.dnsbl.test";
  process.env.MXRAY_DNSBL_DOMAIN_ZONES ??= "dom.dnsbl.test";

  const zoneDir = fileURLToPath(new URL("../e2e/fixtures/zones", import.meta.url));
  const sandbox = await startDnsSandbox({ zoneDir, latencyMs: latency });
  try {
    console.log(
      `bench:checks: ${cases.length} reports, ${latency} ms added to every answer, median of ${runs} run(s); ` +
        `DNSBL zones ${process.env.MXRAY_DNSBL_ZONES} / ${process.env.MXRAY_DNSBL_DOMAIN_ZONES}` +
        (maxConcurrent ? `; client concurrency cap ${maxConcurrent}` : ""),
    );
    // Warm-up (discarded): module loading and JIT compilation are not the report's concurrency.
    await runOnce(cases[0]!, sandbox, maxConcurrent);

    const rows: Row[] = [];
    for (const c of cases) {
      const all: Run[] = [];
      for (let i = 0; i < runs; i++) all.push(await runOnce(c, sandbox, maxConcurrent));
      all.sort((a, b) => a.ms - b.ms);
      const run = all[Math.floor((all.length - 1) / 2)]!;
      const graph = dependencyGraph(run.entries, c.ip ? { ip: c.ip } : {});
      const wire = wireStats(run.entries);
      const row: Row = { c, run, graph, wire, ratio: run.ms / (Math.max(1, graph.k) * latency) };
      if (!skipSequential) {
        const seq = await runOnce(c, sandbox, 1);
        row.sequential = { ms: seq.ms, queries: seq.entries.length };
      }
      rows.push(row);
      process.stderr.write(`  ${label(c)}: ${run.ms.toFixed(0)} ms, k=${graph.k}\n`);
    }

    console.log();
    console.log(table(rows, latency));
    console.log();
    for (const r of rows) {
      console.log(`${label(r.c)} — ${r.c.why}`);
      console.log(`  longest chain (k=${r.graph.k}): ${r.graph.chain.join(" → ")}`);
      if (r.sequential && r.sequential.queries !== r.wire.sent) {
        console.log(`  one at a time sent ${r.sequential.queries} queries (concurrently: ${r.wire.sent})`);
      }
      for (const d of r.wire.duplicated) console.log(`  DUPLICATE: ${d.question} sent ${d.times} times`);
      if (r.run.served !== r.wire.sent) {
        console.log(`  the sandbox received ${r.run.served} queries, the report's log holds ${r.wire.sent}`);
      }
      if (r.ratio > TARGET_RATIO || verbose) {
        const checks = Object.entries(r.run.checks)
          .sort((a, b) => b[1].durationMs - a[1].durationMs)
          .map(([name, x]) => `${name} ${x.durationMs} ms (${x.queries} q)`);
        console.log(`  per check: ${checks.join(", ")}`);
        const path = observedCriticalPath(r.graph.nodes, { requesters: r.run.requesters });
        const sum = summarizePath(path);
        console.log(
          `  ${openingWave(r.graph.nodes)} questions asked before the first answer; on the critical path ` +
            `${path.length} round trips for k=${r.graph.k}: ${sum.steps.queued} held in the DNS client's ` +
            `queue (${sum.queuedMs.toFixed(0)} ms), ${sum.steps.waited} asked later than their input allowed ` +
            `(${sum.waitedMs.toFixed(0)} ms)`,
        );
        console.log(`  critical path as it happened (ms since the report started, sent → answered):`);
        for (const line of formatCriticalPath(path)) console.log(line);
      }
    }
    console.log();
    const over = rows.filter((r) => r.ratio > TARGET_RATIO);
    const dups = rows.filter((r) => r.wire.duplicates > 0);
    const ok = over.length === 0 && dups.length === 0;
    console.log(
      `target (ratio ≤ ${TARGET_RATIO} on every domain, 0 duplicates): ${ok ? "MET" : "NOT MET"}` +
        (over.length ? `; ratio over ${TARGET_RATIO}: ${over.map((r) => label(r.c)).join(", ")}` : "") +
        (dups.length ? `; duplicates: ${dups.map((r) => label(r.c)).join(", ")}` : ""),
    );
  } finally {
    await sandbox.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

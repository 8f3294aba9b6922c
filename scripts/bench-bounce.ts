/**
 * Bounce classifier benchmark: accuracy by field on the labelled corpus, single-reply classification
 * throughput on one core, and (when the bulk analyser and its generator exist) a generated 1,000,000-line
 * Postfix log analysed in a child process, with wall time and peak RSS.
 *
 *   npm run bench:bounce [-- --lines 1000000] [-- --skip-bulk]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS } from "@/lib/bounce/corpus";
import { evaluate, FIELDS, pct } from "@/lib/bounce/corpus/evaluate";
import { classify } from "@/lib/bounce/classify";
import { diagnose } from "@/lib/bounce/diagnose";
import { parseBounce } from "@/lib/bounce/parse";
import type { ParsedBounce } from "@/lib/bounce/types";

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

type Generator = (lines: number) => unknown;

async function loadGenerator(): Promise<Generator | null> {
  const here = fileURLToPath(new URL("../lib/bounce/bulk/generate.ts", import.meta.url));
  if (!existsSync(here)) return null;
  const mod = (await import("@/lib/bounce/bulk/generate" as string)) as Record<string, unknown>;
  const fn = Object.entries(mod).find(([k, v]) => typeof v === "function" && /postfix/i.test(k))?.[1];
  return (fn as Generator | undefined) ?? null;
}

/** Child mode: analyse the given log file, report wall time and peak RSS as JSON on stdout. */
async function bulkChild(file: string): Promise<void> {
  const { analyzeBounces } = await import("@/lib/bounce/bulk");
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  const summary = (await analyzeBounces(createReadStream(file), {})) as unknown as Record<string, unknown>;
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const totals = (summary.totals ?? {}) as Record<string, unknown>;
  const counts = Object.fromEntries(Object.entries(totals).filter(([, v]) => typeof v === "number"));
  process.stdout.write(JSON.stringify({ ms, peakRss: peak, counts }));
}

async function writeLog(gen: Generator, lines: number, file: string): Promise<void> {
  const out = gen(lines);
  if (typeof out === "string") return writeFileSync(file, out);
  const { createWriteStream } = await import("node:fs");
  const ws = createWriteStream(file);
  const iter = out as AsyncIterable<string> | Iterable<string>;
  let buf = "";
  for await (const chunk of iter as AsyncIterable<string>) {
    buf += chunk.endsWith("\n") ? chunk : `${chunk}\n`;
    if (buf.length > 1 << 20) {
      if (!ws.write(buf)) await new Promise<void>((r) => ws.once("drain", () => r()));
      buf = "";
    }
  }
  ws.end(buf);
  await new Promise<void>((r) => ws.once("finish", () => r()));
}

/**
 * Single-reply throughput. Node runs this on one thread, so CPU time is one core's time; it is also the
 * figure that stays meaningful on a shared machine, where wall time includes waiting for a core.
 */
function benchSingle(): { perCpuSec: number; perWallSec: number; n: number } {
  const parsed: ParsedBounce[] = CORPUS.map((s) => parseBounce(s.input)[0]!).filter(Boolean);
  // Warm-up so the JIT has compiled the hot paths before timing.
  for (let i = 0; i < 20_000; i++) classify(parsed[i % parsed.length]!);
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < 3000) {
    for (let i = 0; i < 1000; i++) classify(parsed[(n + i) % parsed.length]!);
    n += 1000;
    t = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { perCpuSec: (n * 1000) / cpuMs, perWallSec: (n * 1000) / (t - t0), n };
}

async function main(): Promise<void> {
  const childFile = argValue("--bulk-child");
  if (childFile) return bulkChild(childFile);

  const acc = evaluate(CORPUS, diagnose);
  console.log(`Corpus: ${acc.total} labelled samples (lib/bounce/corpus)`);
  console.log("field          accuracy   correct/checked");
  for (const f of FIELDS) {
    const a = acc.byField[f];
    console.log(`${f.padEnd(14)} ${pct(a).toFixed(1).padStart(6)} %   ${a.correct}/${a.checked}`);
  }
  if (args.includes("--misses"))
    for (const m of acc.misses)
      console.log(`  miss ${m.id} ${m.field}: want ${String(m.expected)} got ${String(m.got)}`);

  const single = benchSingle();
  console.log(
    `\nSingle-reply classification (one core): ${Math.round(single.perCpuSec).toLocaleString("en")} /s of CPU time, ` +
      `${Math.round(single.perWallSec).toLocaleString("en")} /s wall (${single.n.toLocaleString("en")} runs, ${CORPUS.length} distinct replies)`,
  );

  if (args.includes("--skip-bulk")) return;
  const gen = await loadGenerator();
  if (!gen) {
    console.log("\nBulk: lib/bounce/bulk/generate.ts not available; skipped.");
    return;
  }
  const lines = Number(argValue("--lines") ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), "mxray-bench-"));
  const file = join(dir, "maillog");
  try {
    const tg = performance.now();
    await writeLog(gen, lines, file);
    console.log(
      `\nBulk: generated ${lines.toLocaleString("en")}-line Postfix log in ${((performance.now() - tg) / 1000).toFixed(1)} s`,
    );
    const script = fileURLToPath(import.meta.url);
    const res = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, script, "--bulk-child", file], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`bulk child exited with ${code}`)),
      );
    });
    const r = JSON.parse(res) as { ms: number; peakRss: number; counts: Record<string, number> };
    console.log(
      `Bulk: analysed in ${(r.ms / 1000).toFixed(2)} s wall, peak RSS ${(r.peakRss / 1048576).toFixed(0)} MB`,
    );
    if (Object.keys(r.counts).length) console.log(`Bulk totals: ${JSON.stringify(r.counts)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

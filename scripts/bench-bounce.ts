/**
 * Bounce classifier benchmark: accuracy by field on the labelled corpus, single-reply classification
 * throughput on one core, and (when the bulk analyser and its generator exist) a generated 1,000,000-line
 * Postfix log analysed in a child process, with wall time and peak RSS.
 *
 * On sisimai's labelled corpus of real bounce messages (found through $MXRAY_SISIMAI_CORPUS or
 * ../shared/corpora/sisimai-train): per-recipient accuracy of reason, family, status and reply code with a
 * confusion table, and the CPU time per message beside sisimai's own (Perl, `libsisimai-perl`) on the same
 * files in the same run, in alternating windows, each timed inside a process of its own that holds only its
 * parser and the files (scripts/bench-bounce-timer.mjs for mxray). Timings run the parser as the CLI ships
 * it (built by esbuild with the options of scripts/build-cli.mjs); the per-message figure is also given for
 * the TypeScript source run through tsx.
 *
 *   npm run bench:bounce [-- --lines 1000000] [-- --skip-bulk] [-- --misses] [-- --corpus DIR]
 *   npm run bench:bounce -- --accuracy-only [--misses]   (sisimai corpus figures only, no timing)
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync, mkdtempSync, rmSync, writeFileSync, createReadStream } from "node:fs";
import { build } from "esbuild";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cliBuildOptions } from "./build-cli.mjs";
import { CORPUS } from "@/test-support/bounce-corpus";
import { evaluate, FIELDS, pct } from "@/test-support/bounce-corpus/evaluate";
import { classify } from "@/lib/bounce/classify";
import { diagnose } from "@/lib/bounce/diagnose";
import { parseBounce } from "@/lib/bounce/parse";
import type { ParsedBounce } from "@/lib/bounce/types";
import {
  CONTRACT_NAME,
  SISIMAI_FIELDS,
  confusionTable,
  findSisimaiCorpus,
  loadSisimaiCorpus,
  scoreSisimai,
} from "@/test-support/bounce-corpus/sisimai";

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

interface Parser {
  diagnose: typeof diagnose;
  classify: typeof classify;
  parseBounce: typeof parseBounce;
}

/**
 * The bounce parser built as `mxray bounce` runs it: one esbuild bundle of lib/bounce with the CLI build's
 * options (scripts/build-cli.mjs), written under node_modules/.cache (its path is returned); built once
 * per run. builtParser imports it into this process.
 */
function builtParserFile(): Promise<string> {
  return (BUILT ??= buildParser());
}
let BUILT: Promise<string> | undefined;

async function builtParser(): Promise<Parser> {
  return (await import(pathToFileURL(await builtParserFile()).href)) as Parser;
}

async function buildParser(): Promise<string> {
  const outfile = join(process.cwd(), "node_modules/.cache/mxray/bench-bounce/parser.mjs");
  rmSync(dirname(outfile), { recursive: true, force: true });
  await build({
    ...cliBuildOptions(dirname(outfile)),
    entryPoints: undefined,
    outdir: undefined,
    outfile,
    splitting: false,
    stdin: {
      contents: [
        'export { diagnose } from "@/lib/bounce/diagnose";',
        'export { classify } from "@/lib/bounce/classify";',
        'export { parseBounce } from "@/lib/bounce/parse";',
      ].join("\n"),
      resolveDir: process.cwd(),
      loader: "ts",
      sourcefile: "bench-bounce-entry.ts",
    },
  });
  return outfile;
}

/**
 * Single-reply throughput. Node runs this on one thread, so CPU time is one core's time; it is also the
 * figure that stays meaningful on a shared machine, where wall time includes waiting for a core.
 */
function benchSingle({ classify, parseBounce }: Parser): {
  perCpuSec: number;
  perWallSec: number;
  n: number;
} {
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

// sisimai's time on the same files, in its own Perl process: texts are read first and parsed once (the
// first line says sisimai's version and how many files it cannot read), then each line on stdin asks for
// one timed window of that many milliseconds of CPU time, in which every message is parsed
// (Sisimai::Message, then Sisimai::Data with delivered results kept, as its tests do) in whole passes; the
// answer is "<messages> <CPU ms>". Only the parse is timed, as for mxray. Every file given counts as a
// message, as on mxray's side, read or not: the time spent on a file sisimai cannot read is in the window
// too. The process's CPU clock (Time::HiRes, a core module) reads to the microsecond, where `times` counts
// 10 ms ticks.
const SISIMAI_TIMER = String.raw`
use strict; use warnings; use Sisimai; use Sisimai::Message; use Sisimai::Data;
use Time::HiRes qw(clock_gettime CLOCK_PROCESS_CPUTIME_ID);
$| = 1;
my @texts;
for my $f (@ARGV) { open(my $fh, "<:raw", $f) or die "$f: $!"; local $/; push @texts, scalar <$fh>; close $fh; }
my $unread = 0;
for my $t (@texts) { my $m = Sisimai::Message->new(data => $t) or ++$unread && next; Sisimai::Data->make(data => $m, delivered => 1); }
printf "%s %d\n", Sisimai->version, $unread;
while (my $ms = <STDIN>) {
  my ($n, $c0) = (0, clock_gettime(CLOCK_PROCESS_CPUTIME_ID));
  my $cpu = 0;
  while ($cpu * 1000 < $ms) {
    for my $t (@texts) { my $m = Sisimai::Message->new(data => $t) or next; Sisimai::Data->make(data => $m, delivered => 1); }
    $n += @texts;
    $cpu = clock_gettime(CLOCK_PROCESS_CPUTIME_ID) - $c0;
  }
  printf "%d %.3f\n", $n, $cpu * 1000;
}
`;

interface Window {
  messages: number;
  cpuMs: number;
}

/** A timing process: its first line, and one timed window per request. */
interface Timer {
  first: string;
  window(ms: number): Promise<Window>;
  close(): void;
}

/**
 * Starts a process that answers the window protocol (a first line, then "<messages> <CPU ms>" for each
 * line of milliseconds sent); a string says why it could not start (`failure` reads its standard error).
 */
async function startTimer(
  command: string,
  argv: string[],
  failure: (stderr: string) => string,
): Promise<Timer | string> {
  const child = spawn(command, argv, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<string>((resolve) => {
    child.on("error", (e) => resolve(`${command} not available (${e.message})`));
    child.on("exit", () => resolve(failure(stderr)));
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  // Each answer is one line, or the reason the process ended.
  const next = async (): Promise<string> => {
    const r = await Promise.race([lines.next(), exited]);
    if (typeof r === "string") throw new Error(r);
    if (r.done) throw new Error(await exited);
    return r.value;
  };
  try {
    return {
      first: await next(),
      async window(ms) {
        child.stdin.write(`${ms}\n`);
        const [messages = "0", cpuMs = "0"] = (await next()).split(" ");
        return { messages: Number(messages), cpuMs: Number(cpuMs) };
      },
      close: () => child.stdin.end(),
    };
  } catch (e) {
    child.kill();
    return (e as Error).message;
  }
}

/** Starts the Perl timer; a string says why sisimai cannot be timed here. */
function startSisimai(files: string[]): Promise<Timer | string> {
  return startTimer("perl", ["-e", SISIMAI_TIMER, ...files], (stderr) =>
    /Can't locate Sisimai/.test(stderr)
      ? "Sisimai not installed (apt-get install libsisimai-perl)"
      : `perl exited: ${stderr.split("\n")[0] ?? ""}`,
  );
}

/**
 * Starts mxray's timer (scripts/bench-bounce-timer.mjs) on a parser module, in a node process of its own as
 * sisimai's is; `tsx` loads the TypeScript source. Its first line is "ready <warm-up ms>".
 */
async function startMxray(module: string, files: string[], tsx = false): Promise<Timer> {
  const timer = fileURLToPath(new URL("./bench-bounce-timer.mjs", import.meta.url));
  const t = await startTimer(
    process.execPath,
    [...(tsx ? ["--import", "tsx"] : []), timer, module, ...files],
    (stderr) => `mxray's timer exited: ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
  );
  if (typeof t === "string") throw new Error(t);
  return t;
}

const perMessageUs = (w: Window): number => (w.cpuMs * 1000) / w.messages;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const range = (xs: number[], digits: number): string =>
  `${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}`;

/**
 * Rounds of one mxray window and one sisimai window each: many short rounds, so that a change in the
 * machine's speed (other load, CPU frequency) lasting a second or more reaches both windows of a round
 * alike, and the median of the rounds' ratios leaves out the few rounds it split.
 */
const ROUNDS = 25;
const WINDOW_MS = 400;

async function benchSisimaiCorpus(): Promise<void> {
  const dir = argValue("--corpus") ?? findSisimaiCorpus();
  if (!dir) {
    console.log("sisimai corpus: not found (set MXRAY_SISIMAI_CORPUS or pass --corpus DIR); skipped.\n");
    return;
  }
  const corpus = loadSisimaiCorpus(dir);
  const score = scoreSisimai(corpus, diagnose);
  console.log(
    `sisimai corpus: ${score.files} real bounce messages, ${score.rows} labelled recipients (${dir})`,
  );
  console.log("field          accuracy   correct/checked");
  for (const f of SISIMAI_FIELDS) {
    const a = score.byField[f];
    console.log(`${f.padEnd(14)} ${pct(a).toFixed(1).padStart(6)} %   ${a.correct}/${a.checked}`);
  }
  console.log(
    "  (family: agrees with the expected reason; status: X.0.9xx, sisimai's internal codes, excluded)",
  );
  if (score.renamed.rows > 0) {
    const r = score.byField.reason;
    const f = score.byField.family;
    const names = Object.entries(CONTRACT_NAME)
      .map(([s, c]) => `${s} as ${c}`)
      .join(", ");
    console.log(
      `  (${score.renamed.rows} rows carry a sisimai reason the contract names otherwise, scored as the contract's (${names}); ` +
        `counting them all as misses: reason ${pct({ correct: r.correct - score.renamed.correct, checked: r.checked }).toFixed(1)} %, ` +
        `family ${pct({ correct: f.correct - score.renamed.family, checked: f.checked }).toFixed(1)} %)`,
    );
  }
  console.log("\nConfusion (expected reason: labelled rows, right, and what the rest were taken for)");
  for (const l of confusionTable(score.confusion)) console.log(`  ${l}`);
  if (args.includes("--misses"))
    for (const m of score.misses)
      console.log(`  miss ${m.file}#${m.row} ${m.field}: want ${m.expected} got ${m.got}`);
  if (args.includes("--accuracy-only")) return;

  const files = corpus.map((c) => join(dir, "emails", c.file));
  // Each side in a process of its own, holding its parser and the files and nothing else (see
  // scripts/bench-bounce-timer.mjs). mxray's and sisimai's windows alternate, so a change in the machine's
  // speed during the run (other load, CPU frequency) reaches both windows of a round alike; each side's
  // figure is the median of its windows, the ratio the median of the rounds' ratios.
  const mx = await startMxray(await builtParserFile(), files);
  const warmMs = Number(mx.first.split(" ")[1] ?? 0);
  const theirs = await startSisimai(files);
  const ours: number[] = [];
  const their: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    ours.push(perMessageUs(await mx.window(WINDOW_MS)));
    if (typeof theirs === "string") continue;
    their.push(perMessageUs(await theirs.window(WINDOW_MS)));
    ratios.push(their[r]! / ours[r]!);
  }
  mx.close();
  if (typeof theirs !== "string") theirs.close();
  // The TypeScript source, for comparison: the same timer, the source loaded through tsx.
  const src = await startMxray(
    fileURLToPath(new URL("../lib/bounce/diagnose.ts", import.meta.url)),
    files,
    true,
  );
  const source = perMessageUs(await src.window(2 * WINDOW_MS));
  src.close();
  console.log(
    `\nSpeed on the same ${corpus.length} files, CPU time per message in a process of each one's own (median of ${ROUNDS} windows of ${WINDOW_MS / 1000} s each, mxray's and sisimai's alternating):` +
      `\n  mxray   ${median(ours).toFixed(1).padStart(8)} µs  (windows ${range(ours, 1)} µs, after ${(warmMs / 1000).toFixed(1)} s of warm-up, built as the CLI ships it; ` +
      `the TypeScript source through tsx: ${source.toFixed(1)} µs)`,
  );
  if (typeof theirs === "string") {
    console.log(`  sisimai  comparison skipped: ${theirs}`);
  } else {
    const [version = "?", unread = "0"] = theirs.first.split(" ");
    const ratio = median(ratios);
    console.log(
      `  sisimai ${median(their).toFixed(1).padStart(8)} µs  (windows ${range(their, 1)} µs, Sisimai ${version}, Perl` +
        (unread !== "0"
          ? `; it reads ${unread} of the files as no bounce it knows, each still counted as a message on both sides`
          : "") +
        ")" +
        // Two decimals: 9.95 must not read as "10.0" beside the target.
        `\n  mxray is ${ratio.toFixed(2)}× faster per message (median of the ${ROUNDS} rounds' ratios, ${range(ratios, 2)}×; ` +
        `ratio of the medians ${(median(their) / median(ours)).toFixed(2)}×; target ≥ 10×: ${ratio >= 10 ? "met" : "not met"})`,
    );
  }
  console.log("");
}

async function main(): Promise<void> {
  const childFile = argValue("--bulk-child");
  if (childFile) return bulkChild(childFile);

  // Timings on a shared machine depend on what else runs: say how busy it was.
  if (!args.includes("--accuracy-only"))
    console.log(
      `Load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")} on ${availableParallelism()} cores (timings: CPU time of the process timed)\n`,
    );
  if (!args.includes("--skip-sisimai")) await benchSisimaiCorpus();
  // The sisimai corpus figures alone, without any timing (a few seconds).
  if (args.includes("--accuracy-only")) return;

  const acc = evaluate(CORPUS, diagnose);
  console.log(`Corpus: ${acc.total} labelled samples (test-support/fixtures/bounce-corpus)`);
  console.log("field          accuracy   correct/checked");
  for (const f of FIELDS) {
    const a = acc.byField[f];
    console.log(`${f.padEnd(14)} ${pct(a).toFixed(1).padStart(6)} %   ${a.correct}/${a.checked}`);
  }
  if (args.includes("--misses"))
    for (const m of acc.misses)
      console.log(`  miss ${m.id} ${m.field}: want ${String(m.expected)} got ${String(m.got)}`);

  const single = benchSingle(await builtParser());
  console.log(
    `\nSingle-reply classification (one core): ${Math.round(single.perCpuSec).toLocaleString("en")} /s of CPU time, ` +
      `${Math.round(single.perWallSec).toLocaleString("en")} /s wall (${single.n.toLocaleString("en")} runs, ${CORPUS.length} distinct replies)` +
      `\n  ${(single.perCpuSec / 100_000).toFixed(2)}× the target of 100,000 /s of CPU time`,
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

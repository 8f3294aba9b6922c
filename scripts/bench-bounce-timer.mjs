// The mxray side of `npm run bench:bounce`'s speed comparison, in a process of its own as sisimai's Perl
// timer is: it loads one parser module (the esbuild bundle the CLI ships, or with `--import tsx` the
// TypeScript source) and the corpus files, and nothing else the benchmark itself uses (tsx's compiler,
// esbuild, the other copy of the parser, the labelled corpus), which a parser run in the benchmark's own
// process shared its heap and the engine's caches with.
//
//   node [--import tsx] scripts/bench-bounce-timer.mjs MODULE FILE...
//
// Reads the files as the CLI reads a file (UTF-8), warms up (see below), writes "ready <warm-up ms>", then
// answers each line on stdin, a number of milliseconds, with one timed window of that much CPU time in which
// every message is diagnosed in whole passes: "<messages> <CPU ms>".
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [module, ...files] = process.argv.slice(2);
if (!module || files.length === 0) {
  console.error("usage: bench-bounce-timer.mjs MODULE FILE...");
  process.exit(2);
}
const { diagnose } = await import(pathToFileURL(resolve(module)).href);
const texts = files.map((f) => readFileSync(f, "utf8"));

const cpuMs = (since) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};

/**
 * Warms up for the steady state a long-running server or a bulk run sees. V8 compiles optimized code on
 * background threads for several seconds after start, and that CPU time counts against this process:
 * passes go on for at least 3 s and until a second of them takes no more CPU time than wall time (within
 * 3 %, so compilation has settled), for at most 10 s. The 3 s floor is for a busy machine, where waiting
 * for a core makes wall time exceed CPU time while compilation is still going on. Returns its milliseconds.
 */
function warmUp() {
  const started = performance.now();
  for (;;) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 1000) {
      for (const text of texts) diagnose(text);
      t = performance.now();
    }
    const settled = cpuMs(c0) <= (t - t0) * 1.03 && t - started >= 3000;
    if (settled || t - started > 10_000) return performance.now() - started;
  }
}

/** One timed window: every message diagnosed, in whole passes, for `ms` of CPU time. */
function window(ms) {
  let n = 0;
  const c0 = process.cpuUsage();
  let spent = 0;
  while (spent < ms) {
    for (const text of texts) diagnose(text);
    n += texts.length;
    spent = cpuMs(c0);
  }
  return `${n} ${spent.toFixed(3)}`;
}

console.log(`ready ${Math.round(warmUp())}`);
for await (const line of createInterface({ input: process.stdin })) {
  const ms = Number(line);
  if (ms > 0) console.log(window(ms));
}

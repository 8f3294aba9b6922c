/**
 * `npm run fuzz [-- --runs N] [--seed S] [--only name]`: every fuzz target (test-support/fuzz/targets.ts) over at
 * least 100,000 generated or mutated inputs (default), each input timed. Prints per target the inputs
 * run, crashes, the slowest input's time and the 99th percentile; exits 1 on a crash or an input over
 * 100 ms (printing it, to be added as a regression test).
 */
import fc from "fast-check";
import { FUZZ_TARGETS } from "@/test-support/fuzz/targets";

const LIMIT_MS = 100;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(arg("runs") ?? 100_000);
const seed = Number(arg("seed") ?? Date.now() % 2 ** 31);
const only = arg("only");
let failed = false;
console.log(`fuzz: ${runs} inputs per target, seed ${seed}`);
for (const target of FUZZ_TARGETS) {
  if (only && target.name !== only) continue;
  const times: number[] = [];
  let slowest: { ms: number; input: unknown } = { ms: 0, input: null };
  let crash: unknown = null;
  const started = performance.now();
  // Each sample is drawn, then timed alone: generation time is not the target's.
  const samples = fc.sample(target.arbitrary, { numRuns: runs, seed });
  for (const input of samples) {
    const t0 = performance.now();
    try {
      target.run(input);
    } catch (e) {
      crash = { input, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      break;
    }
    const ms = performance.now() - t0;
    times.push(ms);
    if (ms > slowest.ms) slowest = { ms, input };
  }
  times.sort((a, b) => a - b);
  const p99 = times[Math.floor(times.length * 0.99)] ?? 0;
  const wall = (performance.now() - started) / 1000;
  console.log(
    `${target.name.padEnd(11)} ${String(times.length).padStart(7)} inputs  crashes ${crash ? 1 : 0}  ` +
      `max ${slowest.ms.toFixed(2)} ms  p99 ${p99.toFixed(3)} ms  (${wall.toFixed(1)} s)`,
  );
  if (crash) {
    failed = true;
    console.log(`  CRASH: ${JSON.stringify(crash, null, 2).slice(0, 4000)}`);
  } else if (slowest.ms > LIMIT_MS) {
    // A GC pause or a busy machine can stall one input: time it again before calling it slow.
    const t0 = performance.now();
    target.run(slowest.input);
    const again = performance.now() - t0;
    if (again > LIMIT_MS) {
      failed = true;
      console.log(`  SLOW (${again.toFixed(1)} ms again): ${JSON.stringify(slowest.input).slice(0, 2000)}`);
    } else {
      console.log(`  (the slowest input took ${again.toFixed(2)} ms when run again: a pause, not the input)`);
    }
  }
}
process.exit(failed ? 1 : 0);

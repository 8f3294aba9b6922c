/**
 * Memory of a process and all its descendants, as the machine sees it: the sum of their resident set sizes
 * (VmRSS in /proc/<pid>/status), sampled every `intervalMs` while the process runs; the figure is the
 * highest sum seen. A child that lives between two samples can be missed, so the interval is short. Linux
 * only (/proc).
 */
import { spawn, type SpawnOptions } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface TreeRss {
  /** Highest sum of RSS over the process tree, MiB. */
  peakMiB: number;
  /** Processes in the tree at that peak. */
  processesAtPeak: number;
  /** Highest RSS each process reached on its own, MiB (the root first). */
  perProcessPeakMiB: number[];
  /** Wall time from spawn to exit, ms. */
  ms: number;
  exitCode: number | null;
}

function parentOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null; // exited meanwhile
  }
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The process `root` and its descendants, with their RSS (KiB) now. */
function sampleTree(root: number): Map<number, number> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(entry);
    if (ppid === null) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out = new Map<number, number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.set(pid, rssKiB(pid));
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Samples the tree under `pid` every `intervalMs` until stop() (or the process is gone). */
export function watchTreeRss(pid: number, intervalMs = 20): { stop(): Omit<TreeRss, "ms" | "exitCode"> } {
  let peakKiB = 0;
  let processesAtPeak = 0;
  const perProcess = new Map<number, number>();
  const sample = () => {
    const tree = sampleTree(pid);
    let sum = 0;
    for (const [p, kib] of tree) {
      sum += kib;
      perProcess.set(p, Math.max(perProcess.get(p) ?? 0, kib));
    }
    if (sum > peakKiB) {
      peakKiB = sum;
      processesAtPeak = tree.size;
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return {
        peakMiB: peakKiB / 1024,
        processesAtPeak,
        perProcessPeakMiB: [...perProcess.values()].filter((k) => k > 0).map((k) => k / 1024),
      };
    },
  };
}

/** Runs `command` and measures its process tree's peak RSS until it exits. */
export function measureTreeRss(
  command: string,
  args: string[],
  options: SpawnOptions & { intervalMs?: number } = {},
): Promise<TreeRss> {
  const { intervalMs = 20, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"], ...spawnOptions });
    if (child.pid === undefined) {
      child.on("error", reject);
      return;
    }
    const watch = watchTreeRss(child.pid, intervalMs);
    child.on("error", (e) => {
      watch.stop();
      reject(e);
    });
    // "close", not "exit": the child's output has then been read to the end.
    child.on("close", (exitCode) => {
      resolve({ ...watch.stop(), ms: performance.now() - t0, exitCode });
    });
  });
}

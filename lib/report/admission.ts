import { AppError } from "@/lib/errors";

/**
 * Bounds the reports one instance runs at once. A report asks 70–100 DNS questions, most at the same
 * moment: with hundreds in flight the questions queue behind each other (in our client, in the kernel's
 * socket buffers, at the resolver) until their own timeouts and the report deadline expire, and checks
 * end "could not determine" because of our load, not the domain's. Reports beyond `maxInFlight` wait
 * here, before their deadline starts; beyond `maxQueued` the instance is full and says so (503 +
 * Retry-After) instead of degrading everyone's answers.
 */
export class ReportGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Mean wall time of recent reports (ms), for Retry-After. */
  private meanMs = 2_000;

  constructor(
    readonly maxInFlight: number,
    readonly maxQueued: number,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new Error("maxInFlight must be >= 1");
    if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new Error("maxQueued must be >= 0");
  }

  stats(): { active: number; queued: number } {
    return { active: this.active, queued: this.waiting.length };
  }

  /** Runs `task` when a slot is free; throws AppError("busy") at once when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxInFlight) {
      if (this.waiting.length >= this.maxQueued) {
        // The queue drains maxInFlight reports per mean report time.
        const retryAfter = Math.max(
          1,
          Math.ceil(((this.waiting.length / this.maxInFlight + 1) * this.meanMs) / 1000),
        );
        throw new AppError(
          "busy",
          `This instance is running ${this.active} reports with ${this.waiting.length} waiting; try again in ${retryAfter} s.`,
          { retryAfter },
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.meanMs = this.meanMs * 0.8 + (performance.now() - started) * 0.2;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line.
      if (next) next();
      else this.active--;
    }
  }
}

let shared: ReportGate | undefined;

/** The instance's gate, sized by MXRAY_MAX_REPORTS (in flight) and MXRAY_REPORT_QUEUE (waiting). */
export function reportGate(cfg: { MXRAY_MAX_REPORTS: number; MXRAY_REPORT_QUEUE: number }): ReportGate {
  shared ??= new ReportGate(cfg.MXRAY_MAX_REPORTS, cfg.MXRAY_REPORT_QUEUE);
  return shared;
}

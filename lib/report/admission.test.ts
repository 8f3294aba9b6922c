import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { toProblem } from "@/lib/errors";
import { ReportGate } from "./admission";

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe("ReportGate", () => {
  it("runs at most maxInFlight at once, queues the next, and refuses beyond the queue with 503 + Retry-After", async () => {
    const gate = new ReportGate(2, 1);
    const holds = [deferred(), deferred(), deferred()];
    let running = 0;
    let most = 0;
    const task = (i: number) => async () => {
      running++;
      most = Math.max(most, running);
      await holds[i]!.promise;
      running--;
      return i;
    };
    const a = gate.run(task(0));
    const b = gate.run(task(1));
    const c = gate.run(task(2));
    expect(gate.stats()).toEqual({ active: 2, queued: 1 });
    const refused = await gate.run(async () => -1).catch((e: unknown) => e);
    expect(isAppError(refused)).toBe(true);
    const problem = toProblem(refused);
    expect(problem.status).toBe(503);
    expect(problem.retryAfter).toBeGreaterThanOrEqual(1);
    holds[0]!.resolve();
    expect(await a).toBe(0);
    holds[1]!.resolve();
    holds[2]!.resolve();
    expect(await Promise.all([b, c])).toEqual([1, 2]);
    expect(most).toBe(2);
    expect(gate.stats()).toEqual({ active: 0, queued: 0 });
  });

  it("frees the slot when a task throws", async () => {
    const gate = new ReportGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(async () => "next")).toBe("next");
  });
});

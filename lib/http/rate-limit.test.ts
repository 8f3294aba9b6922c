import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows the burst, then refuses with a retry time, then refills", () => {
    const rl = new RateLimiter(2);
    const t = 1_000_000;
    expect(rl.take("a", t).ok).toBe(true);
    expect(rl.take("a", t).ok).toBe(true);
    const refused = rl.take("a", t);
    expect(refused).toEqual({ ok: false, retryAfter: 30 });
    expect(rl.take("b", t).ok).toBe(true);
    expect(rl.take("a", t + 30_000).ok).toBe(true);
  });
  it("is off at 0", () => {
    const rl = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(rl.take("a").ok).toBe(true);
  });
});

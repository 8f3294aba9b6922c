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

describe("enforceRateLimit", () => {
  it("throws a 429 whose problem response carries Retry-After", async () => {
    const { enforceRateLimit } = await import("./rate-limit");
    const { problemResponse } = await import("./problem");
    const rl = new RateLimiter(1);
    const req = new Request("http://x.test/", { headers: { "x-forwarded-for": "192.0.2.1" } });
    enforceRateLimit(rl, req);
    try {
      enforceRateLimit(rl, req);
      expect.unreachable();
    } catch (e) {
      const res = problemResponse(e);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });
});

import { describe, expect, it, vi } from "vitest";
import { testBackends, useScratchDb } from "@/test-support/db";
import { PEER_HEADER } from "./client-address";
import { problemResponse } from "./problem";
import { enforceRateLimit, RateLimiter } from "./rate-limit";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

describe.each(testBackends())("rate limits in the database on $name", (backend) => {
  useScratchDb(backend);

  it("gives a client one allowance across two instances, counting concurrent requests exactly", async () => {
    // Two limiters stand for two app instances: they share nothing but the database.
    const a = new RateLimiter(10, "shared");
    const b = new RateLimiter(10, "shared");
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take("192.0.2.1")),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false });
    expect((refused as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
    expect((refused as { retryAfter: number }).retryAfter).toBeLessThanOrEqual(60);
    // Another client, and another action, have their own allowance.
    expect((await a.take("192.0.2.2")).ok).toBe(true);
    expect((await new RateLimiter(10, "other").take("192.0.2.1")).ok).toBe(true);
  });

  it("has no bucket a stranger can reset: thousands of keys leave a client's count alone", async () => {
    const rl = new RateLimiter(2, "flood");
    expect((await rl.take("198.51.100.7")).ok).toBe(true);
    expect((await rl.take("198.51.100.7")).ok).toBe(true);
    await Promise.all(Array.from({ length: 300 }, (_, i) => rl.take(`10.0.${i >> 8}.${i & 255}`)));
    expect((await rl.take("198.51.100.7")).ok).toBe(false);
  });

  it("throws a 429 with Retry-After, keyed on the TCP peer and not on X-Forwarded-For", async () => {
    const rl = new RateLimiter(1, "enforce");
    const req = (xff: string) =>
      new Request("http://x.test/", { headers: { [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": xff } });
    await enforceRateLimit(rl, req("192.0.2.1"));
    // Rotating X-Forwarded-For does not buy a new allowance without trusted proxies.
    const e = await enforceRateLimit(rl, req("192.0.2.99")).catch((x: unknown) => x);
    const res = problemResponse(e);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("is off at 0", async () => {
    const rl = new RateLimiter(0, "off");
    for (let i = 0; i < 50; i++) expect((await rl.take("a")).ok).toBe(true);
  });
});

/**
 * The upload and creation routes spend a rate-limit point before doing anything: with a limit of 1 per
 * minute, a client's second request is 429 with Retry-After whatever it asks. (Until the limit was awaited
 * these routes let every request through and left the limiter's rejection unhandled.)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb } from "@/lib/db/index";
import { PEER_HEADER } from "@/lib/http/client-address";
import { setDbEnv } from "@/test-support/db";

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });
vi.stubEnv("MXRAY_RATE_LIMIT", "1");
vi.stubEnv("MXRAY_DNS", "127.0.0.1:9");

const routes = {
  "/api/dmarc-reports": (await import("./dmarc-reports/route")).POST,
  "/api/message-tests": (await import("./message-tests/route")).POST,
  "/api/messages": (await import("./messages/route")).POST,
  "/api/monitors": (await import("./monitors/route")).POST,
};

let restore: () => void;
beforeAll(async () => {
  restore = setDbEnv({ PGLITE_DIR: "memory://" });
  await closeDb();
});
afterAll(async () => {
  await closeDb();
  restore();
});

describe("rate limits on the upload and creation routes", () => {
  it.each(Object.entries(routes).map(([path, post], i) => ({ path, post, peer: `198.51.100.${i + 1}` })))(
    "POST $path: the second request of a client within the minute is 429",
    // One client per route, so routes that share a budget do not spend each other's.
    async ({ path, post, peer }) => {
      const request = () =>
        new Request(`http://mxray.test${path}`, {
          method: "POST",
          headers: { [PEER_HEADER]: peer, "content-type": "application/json" },
          body: "{}",
        });
      const first = await post(request());
      expect(first.status).not.toBe(429);
      const second = await post(request());
      expect(second.status).toBe(429);
      expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
    },
  );
});

import { AppError } from "@/lib/errors";

/**
 * A small in-memory token bucket per client key. Enough for one self-hosted instance; a fleet behind a
 * load balancer would put this in the database or a proxy.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly burst = perMinute,
  ) {}

  /** Takes one token; returns the seconds to wait when none is left. */
  take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfter: number } {
    if (this.perMinute <= 0) return { ok: true };
    const b = this.buckets.get(key) ?? { tokens: this.burst, updated: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.updated) / 60_000) * this.perMinute);
    b.updated = now;
    if (this.buckets.size > 10_000) this.buckets.clear();
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfter: Math.ceil(((1 - b.tokens) * 60) / this.perMinute) };
  }
}

export function clientKey(request: Request): string {
  const fwd = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return fwd || request.headers.get("x-real-ip") || "local";
}

/** Takes a token for the request's client or throws a 429 AppError whose problem carries `retryAfter`. */
export function enforceRateLimit(limiter: RateLimiter, request: Request, what = "reports"): void {
  const allowed = limiter.take(clientKey(request));
  if (!allowed.ok) {
    throw new AppError(
      "rate_limited",
      `Too many ${what} from this address; try again in ${allowed.retryAfter} s.`,
      {
        retryAfter: allowed.retryAfter,
      },
    );
  }
}

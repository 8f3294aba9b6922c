import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db/index";
import { AppError } from "@/lib/errors";
import { rethrowDbError } from "@/lib/report-store/db-errors";
import { clientAddress, parseTrustedProxies } from "./client-address";

/**
 * Requests per minute per client, counted in the database (rate-limiter-flexible's Prisma store, table
 * rate_limits) so that every instance behind a load balancer draws on one allowance, on PostgreSQL and on
 * embedded PGlite alike. Each counter is one row, incremented atomically (INSERT … ON CONFLICT DO UPDATE);
 * expired rows are swept by the library. Fixed one-minute windows per key.
 */
export class RateLimiter {
  private store: Promise<RateLimiterPrisma> | null = null;

  constructor(
    private readonly perMinute: number,
    /** Separates the budgets of different actions (reports, re-runs, bulk uploads). */
    private readonly keyPrefix = "reports",
  ) {}

  private limiter(): Promise<RateLimiterPrisma> {
    this.store ??= getPrisma().then(
      (prisma) =>
        new RateLimiterPrisma({
          storeClient: prisma,
          tableName: "rateLimit",
          keyPrefix: this.keyPrefix,
          points: this.perMinute,
          duration: 60,
        }),
    );
    // A failed open is retried on the next request rather than remembered.
    this.store.catch(() => (this.store = null));
    return this.store;
  }

  /** Takes one point; returns the seconds to wait when the window's allowance is spent. */
  async take(key: string): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
    if (this.perMinute <= 0) return { ok: true };
    try {
      await (await this.limiter()).consume(key, 1);
      return { ok: true };
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        return { ok: false, retryAfter: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
      }
      rethrowDbError(e, "counting requests");
    }
  }
}

/** The client's address: the TCP peer, or from X-Forwarded-For only through MXRAY_TRUSTED_PROXIES. */
export function clientKey(request: Request): string {
  return clientAddress(request.headers, parseTrustedProxies(config().MXRAY_TRUSTED_PROXIES));
}

/** Takes a point for the request's client or throws a 429 AppError whose problem carries `retryAfter`. */
export async function enforceRateLimit(
  limiter: RateLimiter,
  request: Request,
  what = "reports",
): Promise<void> {
  const allowed = await limiter.take(clientKey(request));
  if (!allowed.ok) {
    throw new AppError(
      "rate_limited",
      `Too many ${what} from this address; try again in ${allowed.retryAfter} s.`,
      { retryAfter: allowed.retryAfter },
    );
  }
}

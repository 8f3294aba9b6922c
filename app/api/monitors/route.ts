import { config } from "@/lib/config";
import { json, problemResponse, readJsonBody } from "@/lib/http/problem";
import { enforceRateLimit, RateLimiter } from "@/lib/http/rate-limit";
import { createMonitor } from "@/lib/monitor/service";

export const dynamic = "force-dynamic";

const limiter = new RateLimiter(config().MXRAY_RATE_LIMIT);

/**
 * POST /api/monitors: watch a domain (and sending IPs, DKIM selectors). Body { domain, ips?, selectors?,
 * intervalMinutes? (default 1440, at least 60), webhook?, webhookSecret?, email? } → 201 with the monitor,
 * its management `token` and the webhook secret (each shown once).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    await enforceRateLimit(limiter, request, "monitors");
    const body = await readJsonBody(request, 16 * 1024);
    const { monitor, token, webhookSecret } = await createMonitor(body);
    return json({ ...monitor, token, ...(webhookSecret ? { webhookSecret } : {}) }, { status: 201 });
  } catch (e) {
    return problemResponse(e);
  }
}

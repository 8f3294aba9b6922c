import { config } from "@/lib/config";
import { json, problemResponse } from "@/lib/http/problem";
import { enforceRateLimit, RateLimiter } from "@/lib/http/rate-limit";
import { issueTestAddress } from "@/lib/mail/service";
import { publicBaseUrl } from "@/lib/report/service";

export const dynamic = "force-dynamic";

const limiter = new RateLimiter(config().MXRAY_RATE_LIMIT);

/** POST /api/message-tests: issues a test address for the SMTP inbox → 201 { id, address, url }. */
export async function POST(request: Request): Promise<Response> {
  try {
    await enforceRateLimit(limiter, request, "test addresses");
    const test = await issueTestAddress(publicBaseUrl(request));
    return json(test, { status: 201, headers: { location: `/api/message-tests/${test.id}` } });
  } catch (e) {
    return problemResponse(e);
  }
}

import { config } from "@/lib/config";
import { toUploadResult, ingestUpload } from "@/lib/dmarc-reports/upload";
import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
import { enforceRateLimit, RateLimiter } from "@/lib/http/rate-limit";

export const dynamic = "force-dynamic";

const limiter = new RateLimiter(config().MXRAY_RATE_LIMIT);

/**
 * POST /api/dmarc-reports: DMARC aggregate and SMTP TLS reports as the raw body or as files of a
 * multipart form → 201 with what was read (and what was refused, with the reason); 422 when nothing in
 * the upload could be read.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    await enforceRateLimit(limiter, request, "uploads");
    const result = toUploadResult(await ingestUpload(request));
    if (result.reports.length === 0) {
      const reasons = result.refused.map((r) => `${r.source}: ${r.reason}`);
      throw new AppError(
        "invalid_input",
        reasons.length ? `No report could be read. ${reasons.slice(0, 5).join("; ")}` : "No report found.",
        { refused: result.refused },
      );
    }
    return json(result, { status: 201 });
  } catch (e) {
    return problemResponse(e);
  }
}

import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
import { enforceRateLimit, RateLimiter } from "@/lib/http/rate-limit";
import { loadReport, publicBaseUrl, runAndSaveReport } from "@/lib/report/service";
import { parseReportRequest } from "@/lib/validation/input";

export const dynamic = "force-dynamic";

// A re-run costs as much as a new report, so it has the same per-client budget (its own bucket).
const limiter = new RateLimiter(config().MXRAY_RATE_LIMIT, "rerun");

/** POST /api/reports/<id>/rerun: runs the saved report's input again; the new report links back to it. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ slug: string }> },
): Promise<Response> {
  try {
    await enforceRateLimit(limiter, request);
    const { slug } = await params;
    const baseUrl = publicBaseUrl(request);
    const previous = await loadReport(slug, baseUrl);
    if (!previous) throw new AppError("not_found", `No report with id "${slug.slice(0, 64)}".`);
    // The stored input goes through the same validation as a new request: it is data, not trusted.
    const { domain, ip, bounce, selectors } = previous.input;
    const req = parseReportRequest({
      ...(domain ? { domain } : {}),
      ...(ip ? { ip } : {}),
      ...(bounce !== undefined ? { bounce } : {}),
      ...(selectors?.length ? { selectors } : {}),
      previous: previous.id ?? slug,
    });
    const doc = await runAndSaveReport(req, { baseUrl });
    return json(doc, { status: 201, headers: { location: `/api/reports/${doc.id}` } });
  } catch (e) {
    return problemResponse(e);
  }
}

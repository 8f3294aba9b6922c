import { AppError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/problem";
import { immutableJson } from "@/lib/report/cache";
import { reportEvidence } from "@/lib/report/evidence";
import { loadReport, publicBaseUrl } from "@/lib/report/service";

export const dynamic = "force-dynamic";

/**
 * The heavy evidence of a saved report — the DNS query log (also drawn as the timeline) and every check's
 * raw records — that the report page loads only when a reader opens it.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ slug: string }> },
): Promise<Response> {
  try {
    const { slug } = await params;
    const doc = await loadReport(slug, publicBaseUrl(request));
    if (!doc) throw new AppError("not_found", `No report with id "${slug.slice(0, 64)}".`);
    return immutableJson(request, reportEvidence(doc));
  } catch (e) {
    return problemResponse(e);
  }
}

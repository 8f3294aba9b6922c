import { domainInPath } from "@/lib/http/path-segment";
import { json, problemResponse } from "@/lib/http/problem";
import { AppError } from "@/lib/errors";
import { domainHistory, historyEnabled, publicBaseUrl } from "@/lib/report/service";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ domain: string }> },
): Promise<Response> {
  try {
    const { domain: raw } = await params;
    // MXRAY_HISTORY=off: 404 before anything else, so the route does not even confirm a domain's format.
    if (!historyEnabled()) throw new AppError("not_found", "Report history is turned off on this server.");
    const domain = domainInPath(raw);
    const base = publicBaseUrl(request);
    const reports = await domainHistory(domain.ascii);
    return json({
      domain: domain.ascii,
      domainUnicode: domain.unicode,
      // Database ids stay inside: the share slug is the public handle.
      reports: reports.map((r) => ({
        slug: r.slug,
        kind: r.kind,
        domain: r.domain,
        ip: r.ip,
        status: r.status,
        score: r.score,
        grade: r.grade,
        scoringVersion: r.scoringVersion,
        createdAt: r.createdAt,
        url: `${base}/r/${r.slug}`,
      })),
    });
  } catch (e) {
    return problemResponse(e);
  }
}

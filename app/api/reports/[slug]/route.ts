import { AppError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/problem";
import { immutableJson } from "@/lib/report/cache";
import { loadReport, publicBaseUrl } from "@/lib/report/service";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ slug: string }> },
): Promise<Response> {
  try {
    const { slug } = await params;
    const doc = await loadReport(slug, publicBaseUrl(request));
    if (!doc) throw new AppError("not_found", `No report with id "${slug.slice(0, 64)}".`);
    // A saved report never changes: cacheable as long as it exists (lib/report/cache.ts).
    return immutableJson(request, doc);
  } catch (e) {
    return problemResponse(e);
  }
}

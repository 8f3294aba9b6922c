import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
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
    return json(doc);
  } catch (e) {
    return problemResponse(e);
  }
}

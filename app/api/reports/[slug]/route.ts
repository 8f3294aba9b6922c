import { AppError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/problem";
import { immutableJson } from "@/lib/report/cache";
import { deleteReport } from "@/lib/report-store";
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

/**
 * DELETE /api/reports/<id> with `X-Delete-Token: <the deleteToken returned at creation>`: 204 when removed,
 * 403 without the right token, 404 for an unknown report. Deleting is final.
 */
export async function DELETE(
  request: Request,
  { params }: { params: Promise<{ slug: string }> },
): Promise<Response> {
  try {
    const { slug } = await params;
    const token = request.headers.get("x-delete-token")?.trim() ?? "";
    if (!token) {
      throw new AppError("forbidden", "Send the report's delete token in the X-Delete-Token header.");
    }
    const outcome = await deleteReport(slug, token);
    if (outcome === "not_found") {
      throw new AppError("not_found", `No report with id "${slug.slice(0, 64)}".`);
    }
    if (outcome === "forbidden") {
      throw new AppError("forbidden", "That delete token does not belong to this report.");
    }
    return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  } catch (e) {
    return problemResponse(e);
  }
}

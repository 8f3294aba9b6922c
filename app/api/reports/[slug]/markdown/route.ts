import { AppError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/problem";
import { markdownFilename, reportToMarkdown } from "@/lib/report/markdown";
import { loadReport, publicBaseUrl } from "@/lib/report/service";

export const dynamic = "force-dynamic";

/** GET /api/reports/<id>/markdown: the report as a Markdown file to download. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ slug: string }> },
): Promise<Response> {
  try {
    const { slug } = await params;
    const doc = await loadReport(slug, publicBaseUrl(request));
    if (!doc) throw new AppError("not_found", `No report with id "${slug.slice(0, 64)}".`);
    return new Response(reportToMarkdown(doc), {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        // The filename is built from [a-z0-9.-] only, so it needs no quoting beyond the quotes.
        "content-disposition": `attachment; filename="${markdownFilename(doc)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (e) {
    return problemResponse(e);
  }
}

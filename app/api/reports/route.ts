import { config } from "@/lib/config";
import { databaseState } from "@/lib/db/index";
import { json, problemResponse, readJsonBody } from "@/lib/http/problem";
import { enforceRateLimit, RateLimiter } from "@/lib/http/rate-limit";
import { sseStream } from "@/lib/http/sse";
import { isAppError, toProblem } from "@/lib/errors";
import { publicBaseUrl, runAndSaveReport } from "@/lib/report/service";
import { MAX_BOUNCE_BYTES, parseReportRequest } from "@/lib/validation/input";

export const dynamic = "force-dynamic";

const limiter = new RateLimiter(config().MXRAY_RATE_LIMIT, "reports");

/** POST /api/reports: validate → run → score → save → 201 with the report and its share link. */
export async function POST(request: Request): Promise<Response> {
  try {
    await enforceRateLimit(limiter, request);
    // The JSON envelope may escape a bounce to ~6× its size; the bounce itself is limited after parsing.
    const body = await readJsonBody(request, MAX_BOUNCE_BYTES * 6 + 64 * 1024);
    const req = parseReportRequest(body);
    const baseUrl = publicBaseUrl(request);
    if ((request.headers.get("accept") ?? "").includes("text/event-stream")) {
      // Live progress: each check's result as it finishes, "saving" once they all have (saying when the
      // embedded database is being created on a first start: seconds the page must not spend on "done"),
      // then the saved report's id.
      return sseStream(async (send) => {
        try {
          const doc = await runAndSaveReport(req, {
            baseUrl,
            onProgress: (e) => send(e.type, e),
            onSaving: () => {
              const db = databaseState();
              send("saving", db === "ready" ? {} : { database: db });
            },
          });
          // The delete token travels once, to the creator; the page keeps it in this browser only.
          send("done", {
            id: doc.id,
            url: doc.url,
            status: doc.status,
            score: doc.score,
            grade: doc.grade,
            scoreRange: doc.scoreRange,
            deleteToken: doc.deleteToken,
          });
        } catch (e) {
          if (!isAppError(e)) console.error(e);
          send("error", toProblem(e));
        }
      });
    }
    const doc = await runAndSaveReport(req, { baseUrl });
    return json(doc, { status: 201, headers: { location: `/api/reports/${doc.id}` } });
  } catch (e) {
    return problemResponse(e);
  }
}

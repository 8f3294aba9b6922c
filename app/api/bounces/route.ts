import { analyzeBounces } from "@/lib/bounce/bulk";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
import { enforceRateLimit, RateLimiter } from "@/lib/http/rate-limit";

export const dynamic = "force-dynamic";

/** The documented upload limit for a mail log, mbox or CSV export (the analysis itself streams). */
export const MAX_BULK_BYTES = 50 * 1024 * 1024;

const limiter = new RateLimiter(config().MXRAY_RATE_LIMIT, "bounces");

/** Counts bytes as they stream through and stops the upload past the limit (413), never buffering it. */
async function* capped(body: ReadableStream<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new AppError("payload_too_large", `The upload is over ${max / 1024 / 1024} MB; split the log.`);
    }
    yield value;
  }
}

/**
 * POST /api/bounces: many bounces at once (a Postfix or Exim log, an mbox, a CSV export of bounce events,
 * or one reply per line) as the raw request body → the grouped summary. `?totalSent=N` gives each group
 * its share of the mail sent and a priority band; `?format=` forces a format.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    await enforceRateLimit(limiter, request, "uploads");
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_BULK_BYTES) {
      throw new AppError(
        "payload_too_large",
        `The upload is over ${MAX_BULK_BYTES / 1024 / 1024} MB; split the log.`,
      );
    }
    if (!request.body) throw new AppError("empty_input", "The upload is empty.");
    const url = new URL(request.url);
    const totalRaw = url.searchParams.get("totalSent");
    let totalSent: number | undefined;
    if (totalRaw !== null && totalRaw !== "") {
      if (!/^\d{1,15}$/.test(totalRaw) || Number(totalRaw) < 1) {
        throw new AppError(
          "invalid_input",
          `totalSent must be a positive whole number, not "${totalRaw.slice(0, 20)}".`,
        );
      }
      totalSent = Number(totalRaw);
    }
    const format = url.searchParams.get("format") ?? "auto";
    if (!["auto", "postfix", "exim", "mbox", "lines", "csv"].includes(format)) {
      throw new AppError("invalid_input", `format must be auto, postfix, exim, mbox, lines or csv.`);
    }
    const summary = await analyzeBounces(capped(request.body, MAX_BULK_BYTES), {
      ...(totalSent ? { totalSent } : {}),
      format: format as "auto",
    });
    return json(summary);
  } catch (e) {
    return problemResponse(e);
  }
}

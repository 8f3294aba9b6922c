import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
import { enforceRateLimit, RateLimiter } from "@/lib/http/rate-limit";
import { MAX_MESSAGE_BYTES } from "@/lib/mail/message/report";
import { reportOnUploadedMessage } from "@/lib/mail/service";
import { publicBaseUrl } from "@/lib/report/service";

export const dynamic = "force-dynamic";

const limiter = new RateLimiter(config().MXRAY_RATE_LIMIT);

/**
 * POST /api/messages: a raw message (or its headers) → 201 with its saved report. The body is the message
 * itself (message/rfc822 or text/plain), a file in multipart/form-data (field "file" or "message"), or JSON
 * { "message": "..." }.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    await enforceRateLimit(limiter, request);
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_MESSAGE_BYTES * 2)
      throw new AppError("payload_too_large", "The message is larger than 25 MB.");
    const raw = await readMessage(request);
    const doc = await reportOnUploadedMessage(raw, publicBaseUrl(request));
    return json(doc, { status: 201, headers: { location: `/api/reports/${doc.id}` } });
  } catch (e) {
    return problemResponse(e);
  }
}

async function readMessage(request: Request): Promise<Buffer> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const form = await request.formData();
    const part = form.get("file") ?? form.get("message");
    if (part === null)
      throw new AppError("empty_input", 'Send the message in a form field named "file" or "message".');
    return typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(await part.arrayBuffer());
  }
  if (/^application\/(.+\+)?json\b/.test(type)) {
    const body = (await request.json().catch(() => {
      throw new AppError("invalid_input", "The body is not valid JSON.");
    })) as { message?: unknown };
    if (typeof body?.message !== "string")
      throw new AppError("invalid_input", 'JSON body needs "message": the raw message as a string.');
    return Buffer.from(body.message, "utf8");
  }
  if (type && !/^(message\/rfc822|text\/plain|application\/octet-stream)\b/.test(type)) {
    throw new AppError(
      "unsupported_media_type",
      `Send the message as message/rfc822, text/plain, multipart/form-data or JSON, not ${type}.`,
    );
  }
  return Buffer.from(await request.arrayBuffer());
}

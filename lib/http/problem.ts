import { AppError, toProblem } from "@/lib/errors";

/** Every API error leaves as RFC 9457 problem details with the status of its AppError code. */
export function problemResponse(e: unknown): Response {
  if (!(e instanceof AppError)) console.error(e);
  else if (e.code === "database_unavailable") console.error(`mxray: ${e.message}`);
  const problem = toProblem(e);
  const headers: Record<string, string> = {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
  };
  // RFC 9110 §10.2.3: tell a rate-limited client when to come back.
  if (typeof problem.retryAfter === "number") headers["retry-after"] = String(problem.retryAfter);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...(init.headers ?? {}) },
  });
}

/** Reads a JSON body with a size cap; bad JSON is a 422, an oversized body a 413. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", `Send JSON (Content-Type: application/json), not ${type}.`);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes)
    throw new AppError("payload_too_large", `The request body is over ${maxBytes} bytes.`);
  const reader = request.body?.getReader();
  if (!reader) throw new AppError("empty_input", "The request body is empty.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError("payload_too_large", `The request body is over ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new AppError("empty_input", "The request body is empty.");
  const depth = jsonNestingDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    throw new AppError("invalid_input", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
}

/** Our request bodies nest three levels at most; 32 leaves room and still stops pathological input. */
export const MAX_JSON_DEPTH = 32;

/**
 * The deepest nesting of arrays/objects in JSON text, found in one pass over the characters without
 * building anything, and stopping as soon as `limit` is passed: a body of a million "[" is refused before
 * JSON.parse allocates a million arrays. Brackets inside strings (with their escapes) do not count.
 */
export function jsonNestingDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

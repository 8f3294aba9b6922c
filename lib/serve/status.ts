/**
 * A page cannot choose its HTTP status in the App Router (only notFound() and redirects exist), yet a page
 * that says "temporarily unavailable" must not be a 200: caches and monitors would keep it as the content
 * (RFC 9110 §15.6.4: 503, with Retry-After §10.2.3). So server.ts tags every request with an id of its own
 * (`x-mxray-request`, anything the client sent under that name dropped) and tracks its response; a page
 * that renders the unavailable message marks the id (lib/http/unavailable.ts), and the response goes out
 * as 503 + Retry-After, whatever status Next sets. Next renders the page before it writes the head (no
 * loading boundary above these pages), so the mark always comes first.
 *
 * The store lives on globalThis: server.ts and the page bundles load this module separately.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

export const REQUEST_ID_HEADER = "x-mxray-request";

interface Tracked {
  unavailable: { retryAfterSeconds: number } | null;
}

const KEY = Symbol.for("mxray.trackedResponses");
const g = globalThis as typeof globalThis & { [KEY]?: Map<string, Tracked> };
const tracked = (): Map<string, Tracked> => (g[KEY] ??= new Map());

/** Marks a request's response as 503 + Retry-After (no-op for an id this process did not give). */
export function markRequestUnavailable(id: string | null | undefined, retryAfterSeconds: number): void {
  const t = id ? tracked().get(id) : undefined;
  if (t) t.unavailable = { retryAfterSeconds };
}

/** Tags a request with a fresh id and makes its response honour markRequestUnavailable. */
export function trackRequest(req: IncomingMessage, res: ServerResponse): void {
  const id = randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  const t: Tracked = { unavailable: null };
  tracked().set(id, t);
  const forget = () => tracked().delete(id);
  res.once("finish", forget);
  res.once("close", forget);

  // Every way the status reaches the wire: read back (implicit head, the report cache's keep/skip
  // decision) and written (writeHead). Node's writeHead puts its argument on the status line.
  let status = res.statusCode;
  Object.defineProperty(res, "statusCode", {
    configurable: true,
    enumerable: true,
    get: () => (t.unavailable ? 503 : status),
    set: (v: number) => {
      status = v;
    },
  });
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
  res.writeHead = ((code: number, ...rest: unknown[]) => {
    if (!t.unavailable) return writeHead(code, ...rest);
    res.setHeader("retry-after", String(t.unavailable.retryAfterSeconds));
    res.setHeader("cache-control", "no-store");
    const headers = rest.find((r) => r && typeof r === "object" && !Array.isArray(r)) as
      OutgoingHttpHeaders | undefined;
    if (headers) {
      delete headers["cache-control"];
      delete headers["Cache-Control"];
    }
    return writeHead(503, ...rest.filter((r) => typeof r !== "string"));
  }) as typeof res.writeHead;
}

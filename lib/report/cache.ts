/**
 * Saved reports never change, so what is made from one (its JSON, its page, its card, its evidence) is made
 * once and kept here: a bounded, in-memory, least-recently-used store of finished HTTP responses, and a small
 * one of documents read from the database. Per process; safe with several instances behind a load balancer
 * because the content is immutable (a deletion reaches the other instances when their entries expire:
 * MXRAY_REPORT_CACHE_SECONDS, also the browsers' max-age).
 *
 * Keys carry the scoring version: a deployment with other weights never serves a response of the old one.
 * Only saved reports come here; a report still running has no id, so nothing in progress is ever cached.
 *
 * The stores live on globalThis: the custom server (server.ts) and the route bundles Next compiles load this
 * module separately, and must share one cache (and one invalidateReport).
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { parseConfig } from "@/lib/config";
import { SCORING_VERSION } from "@/lib/scoring/weights";

export type Encoding = "br" | "gzip" | "identity";

export interface CachedResponse {
  status: number;
  /** Headers to send, without content-length and content-encoding (they depend on the variant). */
  headers: Record<string, string>;
  /** Strong validator of the identity bytes; encoded variants get their own (RFC 9110 §8.8.3). */
  etag: string;
  bodies: Partial<Record<Encoding, Buffer>> & { identity: Buffer };
  /** Report ids whose deletion makes this response wrong (the report, the one it is compared with). */
  deps: string[];
  expires: number;
  size: number;
}

interface CachedDoc {
  value: unknown;
  expires: number;
}

interface Stores {
  responses: Map<string, CachedResponse>;
  responseBytes: number;
  docs: Map<string, CachedDoc>;
  /** id → the id of the report it was run again from: pages show the difference. */
  previousOf: Map<string, string>;
}

const KEY = Symbol.for("mxray.reportCache");
const g = globalThis as typeof globalThis & { [KEY]?: Stores };
function stores(): Stores {
  return (g[KEY] ??= { responses: new Map(), responseBytes: 0, docs: new Map(), previousOf: new Map() });
}

const MAX_DOCS = 64;
// Compressing costs more than the bytes it saves below this size (and proxies ignore tiny gains).
const MIN_COMPRESS = 1024;

/** How long a saved report's responses are kept and may be kept by browsers and proxies (seconds). */
export function cacheSeconds(): number {
  // Read on each call (not cached): tests and the benchmark change it between runs.
  return parseConfig(process.env).MXRAY_REPORT_CACHE_SECONDS;
}

/** The response store's bound, all encoded variants counted. */
export function cacheMaxBytes(): number {
  return parseConfig(process.env).MXRAY_REPORT_CACHE_MB * 1024 * 1024;
}

/** `Cache-Control` of a saved report's response: final content, shared caches welcome. */
export function immutableCacheControl(): string {
  return `public, max-age=${cacheSeconds()}, immutable`;
}

/** A cache key: the scoring version first, so a new version never meets an old entry. */
export function cacheKey(...parts: string[]): string {
  return [SCORING_VERSION, ...parts].join("\u0000");
}

/** Strong ETag of some bytes (with the scoring version, which decides what the bytes mean). */
export function strongEtag(body: Buffer | string): string {
  const h = createHash("sha256").update(SCORING_VERSION).update("\u0000").update(body);
  return `"${h.digest("base64url").slice(0, 32)}"`;
}

/** The ETag of one encoded variant of a representation (RFC 9110 §8.8.3: strong validators differ). */
export function variantEtag(etag: string, encoding: Encoding): string {
  return encoding === "identity" ? etag : `${etag.slice(0, -1)}-${encoding}"`;
}

/** If-None-Match against an ETag, with the weak comparison RFC 9110 §13.1.2 prescribes. */
export function ifNoneMatchHits(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}

/** The best encoding the client accepts among those available (RFC 9110 §12.5.3; q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | null | undefined, available: Encoding[]): Encoding {
  if (!acceptEncoding) return "identity";
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const wildcard = q.get("*");
  let best: Encoding = "identity";
  let bestQ = 0;
  for (const enc of ["br", "gzip"] as const) {
    if (!available.includes(enc)) continue;
    const v = q.get(enc) ?? wildcard ?? 0;
    if (v > bestQ) {
      best = enc;
      bestQ = v;
    }
  }
  return best;
}

/** Builds an entry from the identity bytes: strong ETag, gzip and Brotli variants made once. */
export function makeCachedResponse(opts: {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  deps: string[];
  compress: boolean;
  now?: number;
}): CachedResponse {
  const bodies: CachedResponse["bodies"] = { identity: opts.body };
  if (opts.compress && opts.body.length >= MIN_COMPRESS) {
    bodies.gzip = gzipSync(opts.body, { level: 9 });
    bodies.br = brotliCompressSync(opts.body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: opts.body.length },
    });
  }
  const size = Object.values(bodies).reduce((n, b) => n + b.length, 0) + 512;
  return {
    status: opts.status,
    headers: opts.headers,
    etag: strongEtag(opts.body),
    bodies,
    deps: [...new Set(opts.deps)],
    expires: (opts.now ?? Date.now()) + cacheSeconds() * 1000,
    size,
  };
}

export function getCachedResponse(key: string, now = Date.now()): CachedResponse | undefined {
  const s = stores();
  const e = s.responses.get(key);
  if (!e) return undefined;
  s.responses.delete(key);
  if (e.expires <= now) {
    s.responseBytes -= e.size;
    return undefined;
  }
  s.responses.set(key, e); // most recently used last
  return e;
}

/** Keeps an entry, evicting the least recently used ones beyond the bound. Too big alone: not kept. */
export function putCachedResponse(key: string, entry: CachedResponse): void {
  const s = stores();
  const max = cacheMaxBytes();
  const old = s.responses.get(key);
  if (old) {
    s.responses.delete(key);
    s.responseBytes -= old.size;
  }
  if (entry.size > max / 4 || cacheSeconds() === 0) return;
  s.responses.set(key, entry);
  s.responseBytes += entry.size;
  for (const [k, e] of s.responses) {
    if (s.responseBytes <= max) break;
    s.responses.delete(k);
    s.responseBytes -= e.size;
  }
}

/** A document read from the database, kept so the page, its metadata, card and evidence read it once. */
export function getCachedDoc<T>(id: string, now = Date.now()): T | undefined {
  const s = stores();
  const e = s.docs.get(id);
  if (!e) return undefined;
  s.docs.delete(id);
  if (e.expires <= now) return undefined;
  s.docs.set(id, e);
  return e.value as T;
}

export function putCachedDoc(id: string, value: unknown, previousId?: string | null): void {
  const s = stores();
  if (previousId) s.previousOf.set(id, previousId);
  if (cacheSeconds() === 0) return;
  s.docs.delete(id);
  s.docs.set(id, { value, expires: Date.now() + cacheSeconds() * 1000 });
  while (s.docs.size > MAX_DOCS) {
    const oldest = s.docs.keys().next().value;
    if (oldest === undefined) break;
    s.docs.delete(oldest);
  }
  while (s.previousOf.size > 10_000) {
    const oldest = s.previousOf.keys().next().value;
    if (oldest === undefined) break;
    s.previousOf.delete(oldest);
  }
}

/** The report a report was run again from, when this process has read it. */
export function previousOf(id: string): string | undefined {
  return stores().previousOf.get(id);
}

/**
 * Forgets everything made from a report: call it when the report is deleted. Responses that show it beside
 * another one (a page comparing a re-run with it) go too. Only this process's cache: other instances drop
 * theirs when the entries expire.
 */
export function invalidateReport(id: string): void {
  const s = stores();
  s.docs.delete(id);
  for (const [k, e] of s.responses) {
    if (e.deps.includes(id)) {
      s.responses.delete(k);
      s.responseBytes -= e.size;
    }
  }
  s.previousOf.delete(id);
}

/** Empties both stores (tests). */
export function clearReportCache(): void {
  const s = stores();
  s.responses.clear();
  s.responseBytes = 0;
  s.docs.clear();
  s.previousOf.clear();
}

export function reportCacheStats(): { responses: number; bytes: number; docs: number } {
  const s = stores();
  return { responses: s.responses.size, bytes: s.responseBytes, docs: s.docs.size };
}

/**
 * A saved report's JSON as a route handler answers it: strong ETag, immutable Cache-Control, 304 when the
 * client already has it. (Behind server.ts the response is also kept in memory; under `next start` alone
 * this is the HTTP caching that remains.)
 */
export function immutableJson(request: Request, body: unknown): Response {
  const bytes = Buffer.from(JSON.stringify(body));
  const etag = strongEtag(bytes);
  const headers = { "content-type": "application/json", etag, "cache-control": immutableCacheControl() };
  if (ifNoneMatchHits(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(bytes, { status: 200, headers });
}

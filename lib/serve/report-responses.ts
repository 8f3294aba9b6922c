/**
 * In front of Next (server.ts): a saved report's responses — its JSON, its evidence, its page and its
 * Open Graph card — are answered from lib/report/cache.ts once made. The first request of each goes to Next
 * as usual; its finished response is kept (identity bytes, plus gzip and Brotli made once) when it is a 200
 * for a plain document request, then every later request is answered from memory with a strong ETag,
 * `Cache-Control: public, max-age=…, immutable`, and 304 on a matching If-None-Match (RFC 9110 §13.1.2).
 *
 * Only GET/HEAD of these paths with a valid share id; the page only for a plain navigation (no RSC flight
 * request, no query but `profile`). Anything else, and every non-200 (unknown id, database down), passes
 * through untouched and is never kept.
 */
import { servedOverHttps } from "@/lib/http/origin";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/http/security-headers";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { gzipWithNonce, identityWithNonce, makeNonceTemplate, type NonceTemplate } from "./nonce-template";
import {
  cacheKey,
  chooseEncoding,
  getCachedResponse,
  ifNoneMatchHits,
  immutableCacheControl,
  makeCachedResponse,
  previousOf,
  putCachedResponse,
  variantEtag,
  type CachedResponse,
  type Encoding,
} from "@/lib/report/cache";

const SLUG = "[A-Za-z0-9_-]{21}[AQgw]";
const ROUTES: { kind: "json" | "evidence" | "page" | "card"; re: RegExp }[] = [
  { kind: "json", re: new RegExp(`^/api/reports/(${SLUG})$`) },
  { kind: "evidence", re: new RegExp(`^/api/reports/(${SLUG})/evidence$`) },
  { kind: "page", re: new RegExp(`^/r/(${SLUG})$`) },
  { kind: "card", re: new RegExp(`^/r/(${SLUG})/opengraph-image(?:-[A-Za-z0-9]+)?$`) },
];

// Per-connection or per-message headers: never replayed from a kept response.
const HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "date",
  "etag",
  "cache-control",
  "expires",
  "pragma",
]);

export interface Cacheable {
  key: string;
  slug: string;
  kind: "json" | "evidence" | "page" | "card";
}

/** Whether a request is one of a saved report's cacheable responses, and its cache key. */
export function cacheableRequest(req: IncomingMessage): Cacheable | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const url = new URL(req.url ?? "/", "http://x");
  const route = ROUTES.map((r) => ({ kind: r.kind, m: r.re.exec(url.pathname) })).find((r) => r.m);
  const slug = route?.m?.[1];
  if (!route || !slug) return null;
  const h = req.headers;
  if (route.kind === "page") {
    // Client-side navigations ask the same URL for the RSC payload: only whole documents are kept.
    if (h.rsc || h["next-router-prefetch"] || h["next-router-state-tree"] || h["next-action"]) return null;
    if ([...url.searchParams.keys()].some((k) => k !== "profile")) return null;
  } else if (route.kind !== "card" && url.search) {
    return null;
  }
  // Everything a response may be made from: the path and query, and the headers the public origin (share
  // links, og:image) is taken from. Over-keying costs a miss; under-keying would serve another origin's links.
  const origin = [h.host, h["x-forwarded-host"], h["x-forwarded-proto"]].map((v) => String(v ?? ""));
  return { key: cacheKey(route.kind, url.pathname + url.search, ...origin), slug, kind: route.kind };
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(", ") : v;
}

/**
 * Kept pages whose scripts carry a CSP nonce: each response gets a fresh one (./nonce-template.ts). Keyed
 * by the kept entry, so an entry evicted or invalidated takes its template with it.
 */
const templates = new WeakMap<CachedResponse, NonceTemplate>();

/**
 * The security headers proxy.ts gives every response Next serves, for what this layer answers itself:
 * a kept page carries the CSP of its render with the nonce of this response (sendTemplated), anything
 * else (JSON, cards) gets a fresh one.
 */
function hardening(req: IncomingMessage, e: CachedResponse): OutgoingHttpHeaders {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") h.set(k, v);
  const https = servedOverHttps(h);
  return {
    ...securityHeaders({ https }),
    ...(e.headers["content-security-policy"]
      ? {}
      : { "content-security-policy": contentSecurityPolicy(newNonce(), { https }) }),
  };
}

/** Sends a kept response: 304 when the client has it, else the best variant it accepts. */
export function sendCached(req: IncomingMessage, res: ServerResponse, e: CachedResponse): void {
  const template = templates.get(e);
  if (template) {
    sendTemplated(req, res, e, template);
    return;
  }
  const available = Object.keys(e.bodies) as Encoding[];
  const enc = chooseEncoding(header(req.headers["accept-encoding"]), available);
  const etag = variantEtag(e.etag, enc);
  const headers: OutgoingHttpHeaders = {
    "cache-control": immutableCacheControl(),
    ...hardening(req, e),
    ...e.headers,
    etag,
  };
  if (available.length > 1) {
    const vary = e.headers.vary ? e.headers.vary.split(",").map((s) => s.trim()) : [];
    if (!vary.some((v) => v.toLowerCase() === "accept-encoding")) vary.push("Accept-Encoding");
    headers.vary = vary.join(", ");
  }
  if (ifNoneMatchHits(header(req.headers["if-none-match"]), etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = e.bodies[enc] ?? e.bodies.identity;
  if (enc !== "identity") headers["content-encoding"] = enc;
  headers["content-length"] = body.length;
  res.writeHead(e.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * A kept page with a fresh nonce in its CSP header and in its scripts. Its bytes differ per response, so
 * its ETag is weak (RFC 9110 §8.8.1: the same page, not the same bytes), and a 304 carries no CSP: the
 * browser keeps the policy it stored with the body it has (RFC 9111 §4.3.4 would otherwise replace it,
 * and the stored scripts' nonce would no longer match). `private`: a shared cache would hand one nonce
 * to everyone.
 */
function sendTemplated(req: IncomingMessage, res: ServerResponse, e: CachedResponse, t: NonceTemplate): void {
  const available: Encoding[] = t.deflated ? ["gzip", "identity"] : ["identity"];
  const enc = chooseEncoding(header(req.headers["accept-encoding"]), available);
  const etag = `W/${variantEtag(e.etag, enc)}`;
  const nonce = newNonce();
  const headers: OutgoingHttpHeaders = {
    "cache-control": immutableCacheControl().replace(/^public\b/, "private"),
    ...hardening(req, e),
  };
  for (const [k, v] of Object.entries(e.headers)) headers[k] = v.split(t.nonce).join(nonce);
  headers.etag = etag;
  if (available.length > 1) {
    const vary = e.headers.vary ? e.headers.vary.split(",").map((s) => s.trim()) : [];
    if (!vary.some((v) => v.toLowerCase() === "accept-encoding")) vary.push("Accept-Encoding");
    headers.vary = vary.join(", ");
  }
  if (ifNoneMatchHits(header(req.headers["if-none-match"]), etag)) {
    delete headers["content-security-policy"];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = (enc === "gzip" ? gzipWithNonce(t, nonce) : null) ?? identityWithNonce(t, nonce);
  if (enc === "gzip") headers["content-encoding"] = "gzip";
  headers["content-length"] = body.length;
  res.writeHead(e.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

type Chunk = string | Uint8Array;

/**
 * Answers a cacheable request from memory, or lets `next` (Next's handler) answer it while its response is
 * held back, kept when it is a 200, and then sent from the kept entry. Returns false for other requests,
 * which the caller hands to Next itself.
 */
export async function serveReportResponse(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => Promise<void>,
): Promise<boolean> {
  const c = cacheableRequest(req);
  if (!c) return false;
  let hit = getCachedResponse(c.key);
  // Many readers opening a just-shared link at once: one render, the others wait for it.
  const pending = inflight.get(c.key);
  if (!hit && pending) {
    await pending;
    hit = getCachedResponse(c.key);
  }
  if (hit) {
    sendCached(req, res, hit);
    return true;
  }
  if (req.method === "HEAD") {
    await next();
    return true;
  }
  let settle!: () => void;
  const rendering = new Promise<void>((r) => (settle = r));
  inflight.set(c.key, rendering);
  try {
    await render(req, res, c, next);
  } finally {
    inflight.delete(c.key);
    settle();
  }
  return true;
}

const inflight = new Map<string, Promise<void>>();

/** A miss: Next answers, its response is held back, kept when it is a 200, then sent from the entry. */
async function render(
  req: IncomingMessage,
  res: ServerResponse,
  c: Cacheable,
  next: () => Promise<void>,
): Promise<void> {
  // Identity bytes of the whole representation from Next: the variants are compressed once here, and the
  // conditional request is answered from the entry (a 304 from Next would leave nothing to keep).
  const acceptEncoding = req.headers["accept-encoding"];
  const ifNoneMatch = req.headers["if-none-match"];
  delete req.headers["accept-encoding"];
  delete req.headers["if-none-match"];
  const restore = () => {
    if (acceptEncoding !== undefined) req.headers["accept-encoding"] = acceptEncoding;
    if (ifNoneMatch !== undefined) req.headers["if-none-match"] = ifNoneMatch;
  };

  const chunks: Buffer[] = [];
  const original = {
    write: res.write.bind(res),
    end: res.end.bind(res),
    writeHead: res.writeHead.bind(res),
    flushHeaders: res.flushHeaders.bind(res),
  };
  const toBuffer = (c: Chunk, enc?: BufferEncoding) =>
    typeof c === "string" ? Buffer.from(c, enc ?? "utf8") : Buffer.from(c);
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));

  // Held back until the end: Next writes the status, headers and body; nothing reaches the socket yet.
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    res.statusCode = status;
    const hs = rest.find((r) => r && typeof r === "object") as OutgoingHttpHeaders | string[] | undefined;
    if (Array.isArray(hs)) {
      for (let i = 0; i + 1 < hs.length; i += 2) res.setHeader(hs[i]!, hs[i + 1]!);
    } else if (hs) {
      for (const [k, v] of Object.entries(hs)) if (v !== undefined) res.setHeader(k, v);
    }
    return res;
  }) as typeof res.writeHead;
  res.flushHeaders = () => undefined;
  res.write = ((chunk: Chunk, encOrCb?: unknown, cb?: unknown) => {
    chunks.push(toBuffer(chunk, typeof encOrCb === "string" ? (encOrCb as BufferEncoding) : undefined));
    const callback = typeof encOrCb === "function" ? encOrCb : cb;
    if (typeof callback === "function") queueMicrotask(() => (callback as () => void)());
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encOrCb?: unknown, cb?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") {
      chunks.push(
        toBuffer(chunk as Chunk, typeof encOrCb === "string" ? (encOrCb as BufferEncoding) : undefined),
      );
    }
    const callback = [chunk, encOrCb, cb].find((f) => typeof f === "function");
    Object.assign(res, original);
    finish();
    if (typeof callback === "function") queueMicrotask(() => (callback as () => void)());
    finished();
    return res;
  }) as typeof res.end;

  const finish = () => {
    restore();
    const body = Buffer.concat(chunks);
    const raw = res.getHeaders();
    const cacheable =
      res.statusCode === 200 && raw["set-cookie"] === undefined && raw["content-encoding"] === undefined;
    if (!cacheable) {
      res.setHeader("content-length", body.length);
      original.end(body);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined || HOP.has(k)) continue;
      headers[k] = Array.isArray(v) ? v.join(", ") : String(v);
      res.removeHeader(k);
    }
    for (const k of Object.keys(raw)) res.removeHeader(k);
    const prev = c.kind === "page" ? previousOf(c.slug) : undefined;
    // A page's scripts carry its render's nonce: kept as a template that takes a fresh one per response.
    const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")?.[1];
    const template = c.kind === "page" && nonce ? makeNonceTemplate(body, nonce) : null;
    const entry = makeCachedResponse({
      status: 200,
      headers,
      body,
      deps: prev ? [c.slug, prev] : [c.slug],
      compress: !template && !/^image\/(png|jpeg|webp|gif)/.test(headers["content-type"] ?? ""),
    });
    if (template) {
      templates.set(entry, template);
      entry.size += template.size;
    }
    putCachedResponse(c.key, entry);
    sendCached(req, res, entry);
  };

  try {
    await next();
  } catch (e) {
    Object.assign(res, original);
    restore();
    throw e;
  }
  // Next's handler may resolve before its stream has ended: wait for the body, unless the client left.
  if (!res.writableEnded && !res.destroyed) {
    await Promise.race([done, new Promise<void>((r) => res.once("close", () => r()))]);
  }
}

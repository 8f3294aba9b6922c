import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SCORING_VERSION } from "@/lib/scoring/weights";
import {
  cacheKey,
  chooseEncoding,
  clearReportCache,
  getCachedDoc,
  getCachedResponse,
  ifNoneMatchHits,
  immutableJson,
  invalidateReport,
  makeCachedResponse,
  putCachedDoc,
  putCachedResponse,
  reportCacheStats,
  strongEtag,
  variantEtag,
} from "./cache";

afterEach(() => {
  clearReportCache();
  vi.unstubAllEnvs();
});

const entry = (body: string, deps: string[], compress = false) =>
  makeCachedResponse({
    status: 200,
    headers: { "content-type": "text/plain" },
    body: Buffer.from(body),
    deps,
    compress,
  });

describe("validators and negotiation", () => {
  it("makes strong ETags that change with the bytes, and a distinct one per encoding", () => {
    const a = strongEtag(Buffer.from("a"));
    expect(a).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(strongEtag(Buffer.from("a"))).toBe(a);
    expect(strongEtag(Buffer.from("b"))).not.toBe(a);
    expect(variantEtag(a, "gzip")).toBe(`${a.slice(0, -1)}-gzip"`);
    expect(variantEtag(a, "identity")).toBe(a);
  });

  it("compares If-None-Match weakly, in lists, and honours *", () => {
    expect(ifNoneMatchHits('"x", "y"', '"y"')).toBe(true);
    expect(ifNoneMatchHits('W/"y"', '"y"')).toBe(true);
    expect(ifNoneMatchHits("*", '"y"')).toBe(true);
    expect(ifNoneMatchHits('"x"', '"y"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"y"')).toBe(false);
  });

  it("picks the best accepted encoding and respects q=0", () => {
    expect(chooseEncoding("gzip, deflate, br", ["identity", "gzip", "br"])).toBe("br");
    expect(chooseEncoding("gzip;q=1, br;q=0.5", ["identity", "gzip", "br"])).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip", ["identity", "gzip", "br"])).toBe("gzip");
    expect(chooseEncoding("*", ["identity", "gzip"])).toBe("gzip");
    expect(chooseEncoding("gzip", ["identity"])).toBe("identity");
    expect(chooseEncoding(undefined, ["identity", "gzip", "br"])).toBe("identity");
  });

  it("keys entries by scoring version", () => {
    expect(cacheKey("page", "/r/x").startsWith(SCORING_VERSION)).toBe(true);
  });
});

describe("the response store", () => {
  it("compresses once into variants that decode to the same bytes", () => {
    const body = "report ".repeat(1000);
    const e = entry(body, ["id1"], true);
    expect(gunzipSync(e.bodies.gzip!).toString()).toBe(body);
    expect(brotliDecompressSync(e.bodies.br!).toString()).toBe(body);
    expect(e.bodies.br!.length).toBeLessThan(body.length / 10);
    // Too small to be worth it: identity only.
    expect(Object.keys(entry("tiny", ["id1"], true).bodies)).toEqual(["identity"]);
  });

  it("returns what was put, until it expires", () => {
    const e = entry("hello", ["id1"]);
    putCachedResponse("k", e);
    expect(getCachedResponse("k")).toBe(e);
    expect(getCachedResponse("k", e.expires + 1)).toBeUndefined();
    expect(getCachedResponse("k")).toBeUndefined();
    expect(reportCacheStats().bytes).toBe(0);
  });

  it("stays within its bound, evicting the least recently used", () => {
    vi.stubEnv("MXRAY_REPORT_CACHE_MB", "1");
    const big = () => entry("x".repeat(240 * 1024), ["id"]);
    putCachedResponse("a", big());
    putCachedResponse("b", big());
    putCachedResponse("c", big());
    expect(getCachedResponse("a")).toBeDefined(); // a is now the most recently used
    putCachedResponse("d", big());
    putCachedResponse("e", big());
    expect(reportCacheStats().bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(getCachedResponse("b")).toBeUndefined();
    expect(getCachedResponse("a")).toBeDefined();
    expect(getCachedResponse("e")).toBeDefined();
    // An entry over a quarter of the bound is never kept.
    putCachedResponse("huge", entry("x".repeat(300 * 1024), ["id"]));
    expect(getCachedResponse("huge")).toBeUndefined();
  });

  it("invalidateReport drops every response showing the report, and its document", () => {
    putCachedResponse("json", entry("1", ["A"]));
    putCachedResponse("page-of-rerun", entry("2", ["B", "A"]));
    putCachedResponse("other", entry("3", ["C"]));
    putCachedDoc("A", { id: "A" });
    invalidateReport("A");
    expect(getCachedResponse("json")).toBeUndefined();
    expect(getCachedResponse("page-of-rerun")).toBeUndefined();
    expect(getCachedResponse("other")).toBeDefined();
    expect(getCachedDoc("A")).toBeUndefined();
  });

  it("keeps nothing when MXRAY_REPORT_CACHE_SECONDS is 0, and rejects a bad value", () => {
    vi.stubEnv("MXRAY_REPORT_CACHE_SECONDS", "0");
    putCachedResponse("k", entry("x", ["A"]));
    putCachedDoc("A", {});
    expect(getCachedResponse("k")).toBeUndefined();
    expect(getCachedDoc("A")).toBeUndefined();
    vi.stubEnv("MXRAY_REPORT_CACHE_SECONDS", "soon");
    expect(() => entry("x", ["A"])).toThrow(/MXRAY_REPORT_CACHE_SECONDS/);
  });
});

describe("immutableJson", () => {
  it("answers 200 with validators, then 304 to a matching If-None-Match", async () => {
    const first = immutableJson(new Request("http://x/api/reports/a"), { a: 1 });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("public, max-age=300, immutable");
    const etag = first.headers.get("etag")!;
    expect(await first.json()).toEqual({ a: 1 });
    const again = immutableJson(
      new Request("http://x/api/reports/a", { headers: { "if-none-match": etag } }),
      {
        a: 1,
      },
    );
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});

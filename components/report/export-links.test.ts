import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));

const { ExportLinks, requestRerun } = await import("./export-links");

function reply(status: number, body: unknown): typeof fetch {
  return vi.fn(async () => new Response(typeof body === "string" ? body : JSON.stringify(body), { status }));
}

describe("requestRerun", () => {
  it("POSTs to the rerun route and returns the new id", async () => {
    const fetcher = reply(201, { id: "BBBBBBBBBBBBBBBBBBBBBB", url: "http://x/r/BBBBBBBBBBBBBBBBBBBBBB" });
    expect(await requestRerun("AAAAAAAAAAAAAAAAAAAAAA", fetcher)).toEqual({
      ok: true,
      id: "BBBBBBBBBBBBBBBBBBBBBB",
    });
    expect(fetcher).toHaveBeenCalledWith(
      "/api/reports/AAAAAAAAAAAAAAAAAAAAAA/rerun",
      expect.objectContaining({ method: "POST" }),
    );
  });

  it("returns the problem detail, a status message, or a network message on failure", async () => {
    expect(
      await requestRerun("x", reply(429, { status: 429, detail: "Too many reports; try again in 12 s." })),
    ).toEqual({
      ok: false,
      error: "Too many reports; try again in 12 s.",
    });
    expect(await requestRerun("x", reply(502, "<html>Bad gateway</html>"))).toEqual({
      ok: false,
      error: "Running the report again failed (HTTP 502).",
    });
    // A 2xx without a usable id is not a success (it would navigate to a broken page).
    expect(await requestRerun("x", reply(201, { id: "../../admin" }))).toMatchObject({ ok: false });
    const offline = vi.fn(async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch;
    expect(await requestRerun("x", offline)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/reach the server/),
    });
  });
});

describe("ExportLinks", () => {
  it("links to the JSON and Markdown exports and has a Run again button", () => {
    const html = renderToStaticMarkup(createElement(ExportLinks, { slug: "AAAAAAAAAAAAAAAAAAAAAA" }));
    expect(html).toContain('href="/api/reports/AAAAAAAAAAAAAAAAAAAAAA"');
    expect(html).toContain('href="/api/reports/AAAAAAAAAAAAAAAAAAAAAA/markdown"');
    expect(html).toMatch(/<button[^>]*data-testid="run-again"[^>]*>Run again<\/button>/);
  });
});

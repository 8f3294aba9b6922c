import { describe, expect, it } from "vitest";
import { requestDelete } from "./delete-report";

function fetcher(status: number, body?: unknown, calls: RequestInit[] = []): typeof fetch {
  return (async (_url: string, init: RequestInit) => {
    calls.push(init);
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
}

describe("requestDelete", () => {
  it("sends the token in X-Delete-Token and treats 204 and 404 as done", async () => {
    const calls: RequestInit[] = [];
    expect(await requestDelete("abc", "tok", fetcher(204, undefined, calls))).toEqual({ ok: true });
    expect(calls[0]).toMatchObject({ method: "DELETE", headers: { "x-delete-token": "tok" } });
    expect(await requestDelete("abc", "tok", fetcher(404, { detail: "gone" }))).toEqual({ ok: true });
  });

  it("shows the problem's detail, or the status, when refused", async () => {
    expect(await requestDelete("abc", "tok", fetcher(403, { detail: "Wrong token." }))).toEqual({
      ok: false,
      error: "Wrong token.",
    });
    expect(await requestDelete("abc", "tok", fetcher(503))).toEqual({
      ok: false,
      error: "Deleting the report failed (HTTP 503).",
    });
    const offline = (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch;
    expect((await requestDelete("abc", "tok", offline)).ok).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { jsonNestingDepth, MAX_JSON_DEPTH, problemResponse, readJsonBody } from "./problem";

function req(body: string) {
  return new Request("http://x.test/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

describe("JSON bodies", () => {
  it("measures nesting without counting brackets inside strings", () => {
    expect(jsonNestingDepth('{"a":[1,{"b":"[[[{{{\\\\\\"]]"}]}')).toBe(3);
    expect(jsonNestingDepth("[]")).toBe(1);
    expect(jsonNestingDepth('"[["')).toBe(0);
  });

  it("refuses a deeply nested body with a 422 before parsing it, quickly", async () => {
    const deep = "[".repeat(3_000_000) + "]".repeat(3_000_000);
    const e = await readJsonBody(req(deep), 8 * 1024 * 1024).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(422);
    // The depth message, not "not valid JSON": refused by the scan, before JSON.parse saw it.
    expect((e as AppError).message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    const ok = await readJsonBody(req(JSON.stringify({ selectors: ["a"], domain: "x.test" })), 1024);
    expect(ok).toEqual({ selectors: ["a"], domain: "x.test" });
  });
});

describe("problem responses", () => {
  it("answer a database outage with 503, Retry-After and no driver text", async () => {
    const res = problemResponse(
      new AppError(
        "database_unavailable",
        "The database is unavailable (reading): PrismaClientKnownRequestError: connect ECONNREFUSED 10.1.2.3:5432 user=secret",
      ),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const text = await res.text();
    expect(text).not.toMatch(/Prisma|ECONNREFUSED|10\.1\.2\.3|secret/);
    expect(JSON.parse(text)).toMatchObject({ code: "database_unavailable", retryAfter: 5 });
  });

  it("never pass an unexpected error's text to the client", async () => {
    const res = problemResponse(new Error('Invalid `prisma.report.create()` invocation: column "x"'));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toMatch(/prisma|column/i);
  });
});

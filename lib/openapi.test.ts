import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { openApiDocument } from "./openapi";

/**
 * Conformance: real responses of the route handlers (embedded PGlite, fixture DNS server) validated against
 * the OpenAPI document, so the document cannot drift from what the API sends. OpenAPI 3.1 schemas are
 * JSON Schema 2020-12.
 */

const DOC_ID = "https://mxray.dev/openapi.json";
type Ctx<K extends string> = { params: Promise<Record<K, string>> };

let sandbox: Sandbox;
let ajv: Ajv2020;
let postReport: (r: Request) => Promise<Response>;
let getReport: (r: Request, ctx: Ctx<"slug">) => Promise<Response>;
let getHistory: (r: Request, ctx: Ctx<"domain">) => Promise<Response>;

beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  vi.stubEnv("MXRAY_DNS", sandbox.server);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("PGLITE_DIR", "memory://");
  vi.stubEnv("MXRAY_RATE_LIMIT", "0");
  ({ POST: postReport } = await import("@/app/api/reports/route"));
  ({ GET: getReport } = await import("@/app/api/reports/[slug]/route"));
  ({ GET: getHistory } = await import("@/app/api/domains/[domain]/reports/route"));
  // Creating the embedded database is the slow part: in the set-up, not in the first test's time.
  await (await import("@/lib/db/index")).getPrisma();

  ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  // The OpenAPI members around the schemas are not JSON Schema keywords: declare them so strict mode
  // accepts the document while still rejecting unknown keywords inside the schemas themselves.
  ajv.addVocabulary(["openapi", "info", "paths", "components"]);
  ajv.addSchema({ $id: DOC_ID, ...structuredClone(openApiDocument) } as object);
}, 180_000);
afterAll(async () => {
  await sandbox?.close();
  const { closeDb } = await import("@/lib/db/index");
  await closeDb();
  vi.unstubAllEnvs();
});

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/**
 * Checks a response against the documented operation: the status is listed, the media type is listed for it,
 * and the body validates against that media type's schema. Returns the body for further assertions.
 */
async function conforms(path: string, method: "get" | "post", res: Response): Promise<unknown> {
  const paths = openApiDocument.paths as Record<
    string,
    Record<string, { responses: Record<string, unknown> }>
  >;
  const op = paths[path]?.[method];
  expect(op, `${method.toUpperCase()} ${path} is documented`).toBeDefined();
  const status = String(res.status);
  const documented = op?.responses[status] as { content?: Record<string, unknown> } | undefined;
  expect(documented, `${method.toUpperCase()} ${path} documents status ${status}`).toBeDefined();
  const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  expect(
    Object.keys(documented?.content ?? {}),
    `${method.toUpperCase()} ${path} ${status} media type`,
  ).toContain(type);
  const body: unknown = await res.json();
  const validate = ajv.compile({
    $ref: `${DOC_ID}#/${pointer("paths", path, method, "responses", status, "content", type, "schema")}`,
  });
  const ok = validate(body);
  expect(
    ok ? [] : validate.errors,
    `${method.toUpperCase()} ${path} ${status} body matches the schema`,
  ).toEqual([]);
  return body;
}

function post(body: unknown): Promise<Response> {
  return postReport(
    new Request("http://mxray.test/api/reports", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

function requestBodyErrors(body: unknown) {
  const validate = ajv.compile({
    $ref: `${DOC_ID}#/${pointer("paths", "/api/reports", "post", "requestBody", "content", "application/json", "schema")}`,
  });
  return validate(body) ? [] : validate.errors;
}

describe("OpenAPI document vs. the handlers", () => {
  let reportId = "";

  it("POST /api/reports 201: a domain report matches Report", async () => {
    const body = { domain: "mxray-broken.test", selectors: ["s1"] };
    expect(requestBodyErrors(body)).toEqual([]);
    const res = await post(body);
    expect(res.status).toBe(201);
    const doc = (await conforms("/api/reports", "post", res)) as { id: string; checks: object };
    reportId = doc.id;
    expect(Object.keys(doc.checks).length).toBeGreaterThan(3);
  });

  it("POST /api/reports 201: IP and bounce reports match Report (with Diagnosis)", async () => {
    const ip = await post({ ip: "192.0.2.1" });
    expect(ip.status).toBe(201);
    await conforms("/api/reports", "post", ip);
    const bounce = await post({
      bounce:
        "550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.",
    });
    expect(bounce.status).toBe(201);
    const doc = (await conforms("/api/reports", "post", bounce)) as { bounce?: { enhancedCode: string } };
    expect(doc.bounce?.enhancedCode).toBe("5.7.26");
  });

  it("POST /api/reports 422: invalid and empty input are Problem documents", async () => {
    for (const body of [{ domain: "a..b" }, {}, { domain: "example.com", unknown: 1 }]) {
      const res = await post(body);
      expect(res.status).toBe(422);
      const problem = (await conforms("/api/reports", "post", res)) as { status: number };
      expect(problem.status).toBe(422);
    }
    // The documented request schema rejects what the handler rejects for shape reasons.
    expect(requestBodyErrors({ domain: "example.com", unknown: 1 })).not.toEqual([]);
  });

  it("POST /api/reports 413 and 415 are documented Problem documents", async () => {
    const big = await post({ bounce: "x".repeat(1024 * 1024 + 10) });
    expect(big.status).toBe(413);
    await conforms("/api/reports", "post", big);
    const form = await postReport(
      new Request("http://mxray.test/api/reports", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "domain=example.com",
      }),
    );
    expect(form.status).toBe(415);
    await conforms("/api/reports", "post", form);
  });

  it("the documented request body accepts every member the handler accepts", async () => {
    const { reportRequestSchema } = await import("@/lib/validation/input");
    const members = Object.keys(reportRequestSchema.shape);
    const sample: Record<string, unknown> = { domain: "example.com", ip: "192.0.2.1", bounce: "550 x" };
    sample.selectors = ["s1"];
    for (const m of members)
      if (!(m in sample))
        sample[m] = m === "sender" ? "a@example.com" : m === "probeRecipients" ? true : "example.com";
    expect(requestBodyErrors(sample)).toEqual([]);
  });

  it("GET /api/reports/{id} 200 and 404", async () => {
    expect(reportId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const ok = await getReport(new Request(`http://mxray.test/api/reports/${reportId}`), {
      params: Promise.resolve({ slug: reportId }),
    });
    expect(ok.status).toBe(200);
    await conforms("/api/reports/{id}", "get", ok);
    const missing = await getReport(new Request("http://mxray.test/api/reports/x"), {
      params: Promise.resolve({ slug: "AAAAAAAAAAAAAAAAAAAAAA" }),
    });
    expect(missing.status).toBe(404);
    await conforms("/api/reports/{id}", "get", missing);
  });

  it("GET /api/domains/{domain}/reports 200 (with history) and 422", async () => {
    const res = await getHistory(new Request("http://mxray.test/api/domains/mxray-broken.test/reports"), {
      params: Promise.resolve({ domain: "mxray-broken.test" }),
    });
    expect(res.status).toBe(200);
    const body = (await conforms("/api/domains/{domain}/reports", "get", res)) as {
      reports: { slug: string }[];
    };
    expect(body.reports.map((r) => r.slug)).toContain(reportId);
    const bad = await getHistory(new Request("http://mxray.test/api/domains/a..b/reports"), {
      params: Promise.resolve({ domain: "a..b" }),
    });
    expect(bad.status).toBe(422);
    await conforms("/api/domains/{domain}/reports", "get", bad);
  });

  it("the validator is not vacuous: a report missing required members or with a bad grade fails", () => {
    const validate = ajv.compile({ $ref: `${DOC_ID}#/components/schemas/Report` });
    expect(validate({ schemaVersion: 1 })).toBe(false);
    expect(
      validate({
        schemaVersion: 1,
        createdAt: "2026-11-23T20:00:00.000Z",
        input: {},
        score: 50,
        grade: "E",
        scoringVersion: "x",
        checks: {},
        dns: { queries: 0, elapsedMs: 0 },
      }),
    ).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === "/grade")).toBe(true);
  });
});

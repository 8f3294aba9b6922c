import { CHECK_NAMES } from "@/lib/checks/types";
import { FAMILIES, REASONS } from "@/lib/bounce/types";

const problem = {
  description: "RFC 9457 problem details",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

const finding = {
  type: "object",
  required: ["code", "severity", "params"],
  properties: {
    code: { type: "string", examples: ["spf.too_many_lookups"] },
    severity: { enum: ["critical", "high", "medium", "low", "info"] },
    params: { type: "object" },
  },
};

const checkResult = {
  type: "object",
  required: ["status", "findings", "records", "durationMs"],
  properties: {
    check: { enum: [...CHECK_NAMES] },
    status: { enum: ["pass", "warn", "fail", "error", "info", "skipped"] },
    findings: { type: "array", items: { $ref: "#/components/schemas/Finding" } },
    records: { type: "array" },
    queries: { type: "integer", minimum: 0 },
    durationMs: { type: "number", minimum: 0 },
  },
};

const diagnosis = {
  type: "object",
  required: ["replyCode", "enhancedCode", "permanent", "family", "reason", "action", "retry", "summary"],
  properties: {
    replyCode: { type: ["integer", "null"] },
    enhancedCode: { type: ["string", "null"], examples: ["5.7.26"] },
    enhancedMeaning: { type: ["string", "null"] },
    permanent: { type: ["boolean", "null"] },
    family: { enum: [...FAMILIES] },
    reason: { enum: [...REASONS] },
    provider: { type: ["string", "null"] },
    stage: { enum: ["connect", "helo", "auth", "mail_from", "rcpt_to", "data", "after_data", null] },
    recipient: { type: ["string", "null"] },
    senderDomain: { type: ["string", "null"] },
    sendingIp: { type: ["string", "null"] },
    remoteMta: { type: ["string", "null"] },
    blocklist: {
      oneOf: [
        { type: "null" },
        {
          type: "object",
          required: ["name", "lookupUrl"],
          properties: { name: { type: "string" }, lookupUrl: { type: ["string", "null"] } },
        },
      ],
    },
    action: { type: "string" },
    retry: { type: "boolean" },
    summary: { type: "string" },
    recipients: { type: "array", items: { $ref: "#/components/schemas/Diagnosis" } },
  },
};

const report = {
  type: "object",
  required: ["schemaVersion", "createdAt", "input", "score", "grade", "scoringVersion", "checks", "dns"],
  properties: {
    schemaVersion: { const: 1 },
    id: { type: "string", pattern: "^[A-Za-z0-9_-]{22}$" },
    url: { type: "string", format: "uri" },
    createdAt: { type: "string", format: "date-time" },
    kind: { enum: ["domain", "ip", "bounce"] },
    input: {
      type: "object",
      properties: {
        domain: { type: "string" },
        domainUnicode: { type: "string" },
        ip: { type: "string" },
        bounce: { type: "string" },
        selectors: { type: "array", items: { type: "string" } },
      },
    },
    score: { type: "integer", minimum: 0, maximum: 100 },
    grade: { enum: ["A+", "A", "B", "C", "D", "F"] },
    scoringVersion: { type: "string" },
    checks: {
      type: "object",
      propertyNames: { enum: [...CHECK_NAMES] },
      additionalProperties: { $ref: "#/components/schemas/CheckResult" },
    },
    bounce: { $ref: "#/components/schemas/Diagnosis" },
    dns: {
      type: "object",
      required: ["queries", "elapsedMs"],
      properties: { queries: { type: "integer", minimum: 0 }, elapsedMs: { type: "number", minimum: 0 } },
    },
    previousId: { type: "string" },
    deleteToken: {
      type: "string",
      description:
        "Only in the answer that created the report (POST): send it as X-Delete-Token to DELETE the report. Never shown again.",
    },
  },
};

/** OpenAPI 3.1 description of the JSON API. */
export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "mxray API",
    version: "1",
    description: "Email deliverability reports: domains, sending IPs and bounces.",
  },
  paths: {
    "/api/reports": {
      post: {
        summary: "Run and save a report",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                additionalProperties: false,
                properties: {
                  domain: { type: "string" },
                  ip: { type: "string" },
                  bounce: { type: "string", description: "At most 1 MiB." },
                  selectors: { type: "array", items: { type: "string" }, maxItems: 20 },
                  helo: { type: "string", description: "HELO name for the SPF verdict of ip." },
                  sender: { type: "string", description: "MAIL FROM address for the SPF verdict of ip." },
                  previous: { type: "string", description: "The report this one re-runs." },
                },
              },
            },
          },
        },
        responses: {
          "201": {
            description: "Saved",
            headers: { location: { schema: { type: "string" } } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/Report" } } },
          },
          "200": {
            description:
              "With Accept: text/event-stream: a live stream of events plan, bounce, check (one per finished check), then done {id, url, score, grade, deleteToken} or error (problem details).",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          "413": problem,
          "415": problem,
          "422": problem,
          "429": problem,
          "503": problem,
        },
      },
    },
    "/api/reports/{id}": {
      get: {
        summary: "A saved report",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "The report",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Report" } } },
          },
          "404": problem,
          "503": problem,
        },
      },
      delete: {
        summary: "Delete a report (with the deleteToken returned when it was created)",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "X-Delete-Token", in: "header", required: true, schema: { type: "string" } },
        ],
        responses: {
          "204": { description: "Deleted" },
          "403": problem,
          "404": problem,
          "503": problem,
        },
      },
    },
    "/api/reports/{id}/markdown": {
      get: {
        summary: "A saved report as Markdown (download)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "Markdown", content: { "text/markdown": { schema: { type: "string" } } } },
          "404": problem,
          "503": problem,
        },
      },
    },
    "/api/reports/{id}/rerun": {
      post: {
        summary: "Run a saved report's input again; the new report links to this one",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "201": {
            description: "Saved",
            headers: { location: { schema: { type: "string" } } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/Report" } } },
          },
          "404": problem,
          "422": problem,
          "429": problem,
          "503": problem,
        },
      },
    },
    "/api/bounces": {
      post: {
        summary:
          "Analyse many bounces: a mail log, an mbox, a CSV export or one reply per line (at most 50 MB)",
        parameters: [
          { name: "totalSent", in: "query", required: false, schema: { type: "integer", minimum: 1 } },
          {
            name: "format",
            in: "query",
            required: false,
            schema: { enum: ["auto", "postfix", "exim", "mbox", "lines", "csv"] },
          },
        ],
        requestBody: { required: true, content: { "text/plain": { schema: { type: "string" } } } },
        responses: {
          "200": {
            description: "Grouped summary",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["format", "totals", "groups", "actions"],
                  properties: {
                    format: { enum: ["postfix", "exim", "mbox", "lines", "csv"] },
                    totals: { type: "object" },
                    groups: { type: "object" },
                    actions: { type: "array" },
                    truncated: { type: "boolean" },
                    elapsedMs: { type: "number" },
                  },
                },
              },
            },
          },
          "413": problem,
          "422": problem,
          "429": problem,
        },
      },
    },
    "/api/domains/{domain}/reports": {
      get: {
        summary:
          "A domain's saved domain and IP reports, newest first (bounce reports are never listed; 404 when MXRAY_HISTORY=off)",
        parameters: [{ name: "domain", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "History",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["domain", "reports"],
                  properties: {
                    domain: { type: "string" },
                    domainUnicode: { type: "string" },
                    reports: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["slug", "score", "grade", "createdAt", "url"],
                        properties: {
                          slug: { type: "string" },
                          score: { type: "integer" },
                          grade: { type: "string" },
                          createdAt: { type: "string", format: "date-time" },
                          url: { type: "string" },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          "404": problem,
          "422": problem,
          "503": problem,
        },
      },
    },
  },
  components: {
    schemas: {
      Report: report,
      CheckResult: checkResult,
      Finding: finding,
      Diagnosis: diagnosis,
      Problem: {
        type: "object",
        required: ["type", "title", "status", "detail"],
        properties: {
          type: { type: "string" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
          code: { type: "string" },
        },
      },
    },
  },
} as const;

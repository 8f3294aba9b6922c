import { CHECK_NAMES } from "@/lib/checks/registry";
import { SEVERITIES } from "@/lib/findings/severity";
import { FAMILIES, REASONS } from "@/lib/bounce/types";

const problem = {
  description: "RFC 9457 problem details",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

/** RFC 9457 problem details for each of the given statuses (the error responses a route shares). */
function problems(...statuses: number[]): Record<string, typeof problem> {
  return Object.fromEntries(statuses.map((s) => [String(s), problem]));
}

const reportJson = { "application/json": { schema: { $ref: "#/components/schemas/Report" } } };

/** 201 with the saved report and its address in Location. */
function saved(description: string) {
  return { description, headers: { location: { schema: { type: "string" } } }, content: reportJson };
}

const notModified = { description: "Not modified (If-None-Match matched the ETag)" };

const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };

const finding = {
  type: "object",
  required: ["code", "severity", "params"],
  properties: {
    code: { type: "string", examples: ["spf.too_many_lookups"] },
    severity: { enum: [...SEVERITIES] },
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
  required: [
    "schemaVersion",
    "createdAt",
    "input",
    "status",
    "score",
    "grade",
    "scoreRange",
    "scoringVersion",
    "checks",
    "dns",
  ],
  properties: {
    schemaVersion: { const: 1 },
    id: { type: "string", pattern: "^[A-Za-z0-9_-]{22}$" },
    url: { type: "string", format: "uri" },
    createdAt: { type: "string", format: "date-time" },
    kind: { enum: ["domain", "ip", "bounce", "message"] },
    input: {
      type: "object",
      properties: {
        domain: { type: "string" },
        domainUnicode: { type: "string" },
        ip: { type: "string" },
        bounce: { type: "string" },
        selectors: { type: "array", items: { type: "string" } },
        asked: { type: "string", description: "What was typed, when the domain checked was read out of it." },
        derivedFrom: { enum: ["url", "email", "www"] },
      },
    },
    status: {
      enum: ["complete", "incomplete", "domain_not_found", "not_a_bounce"],
      description:
        "complete: every check that carries points was determined; incomplete: one or more could not be (score and grade null, scoreRange the bounds); domain_not_found: NXDOMAIN or no zone at or above the domain; not_a_bounce: the pasted text holds no SMTP reply, DSN or bounce wording.",
    },
    score: { type: ["integer", "null"], minimum: 0, maximum: 100 },
    grade: { enum: ["A+", "A", "B", "C", "D", "F", null] },
    scoreRange: {
      type: ["object", "null"],
      required: ["min", "max"],
      properties: {
        min: { type: "integer", minimum: 0, maximum: 100 },
        max: { type: "integer", minimum: 0, maximum: 100 },
      },
    },
    findings: {
      type: "array",
      description: "Report-level findings (domain.not_found, bounce.not_a_bounce).",
      items: { type: "object" },
    },
    scoringVersion: { type: "string" },
    checks: {
      type: "object",
      propertyNames: { enum: [...CHECK_NAMES] },
      additionalProperties: { $ref: "#/components/schemas/CheckResult" },
    },
    bounce: { $ref: "#/components/schemas/Diagnosis" },
    message: {
      type: "object",
      description:
        "Message reports: source (smtp | upload), envelope, from, spf, dkim[] (result, keyBits, algorithm, headers, bodyLength, aligned), dmarc, arc, fcrdns, unsubscribe, mime, providers[] (provider, rule, status, replyCode, enhancedCode, reply), findings[].",
      required: ["source", "findings", "providers"],
      properties: {
        source: { enum: ["smtp", "upload"] },
        findings: { type: "array", items: { $ref: "#/components/schemas/Finding" } },
        providers: {
          type: "array",
          items: {
            type: "object",
            required: ["provider", "rule", "status"],
            properties: {
              provider: { enum: ["gmail", "yahoo", "microsoft"] },
              rule: { type: "string" },
              status: { enum: ["pass", "fail", "unknown"] },
              replyCode: { type: "integer" },
              enhancedCode: { type: "string" },
              reply: { type: "string" },
            },
          },
        },
      },
    },
    dns: {
      type: "object",
      required: ["queries", "elapsedMs"],
      properties: { queries: { type: "integer", minimum: 0 }, elapsedMs: { type: "number", minimum: 0 } },
    },
    previousId: { type: "string" },
    latestMessage: {
      type: "object",
      description:
        "Domain reports: the latest message received (or pasted) from this domain, and demonstrably sent by it (SPF pass for the MAIL FROM domain or a valid DKIM signature, in the From: domain's organizational domain), when the report was made; dated, without the message report's id or link (message reports are private). With the bulk-sender checklist items only a real message decides (alignment, fcrdns, tls, unsubscribe) and the provider rules it was judged by.",
      required: ["createdAt", "source", "items", "providers"],
      properties: {
        createdAt: { type: "string", format: "date-time" },
        source: { enum: ["smtp", "upload"] },
        items: {
          type: "array",
          items: {
            type: "object",
            required: ["id", "label", "status", "because"],
            properties: {
              id: { type: "string" },
              label: { type: "string" },
              status: { enum: ["pass", "fail", "unknown", "not_applicable"] },
              because: { type: "string" },
            },
          },
        },
        providers: { type: "array", items: { type: "object" } },
      },
    },
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
                  probeRecipients: {
                    type: "boolean",
                    description:
                      "Ask each MX host RCPT TO for a random address after MAIL FROM:<> and QUIT before DATA (off by default).",
                  },
                },
              },
            },
          },
        },
        responses: {
          "201": saved("Saved"),
          "200": {
            description:
              'With Accept: text/event-stream: a live stream of events plan, bounce, check (one per finished check), saving (every check has finished; {database: "preparing"} while the embedded database is created on a first start), then done {id, url, status, score, grade, scoreRange, deleteToken} or error (problem details).',
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          ...problems(413, 415, 422, 429, 503),
        },
      },
    },
    "/api/reports/{id}": {
      get: {
        summary: "A saved report",
        description:
          "Immutable: a strong ETag and Cache-Control: public, max-age=…, immutable; 304 to a matching If-None-Match.",
        parameters: [idParam],
        responses: {
          "200": {
            description: "The report",
            content: reportJson,
          },
          "304": notModified,
          ...problems(404, 503),
        },
      },
    },
    "/api/reports/{id}/evidence": {
      get: {
        summary: "A saved report's bulky evidence: the DNS query log and every check's raw records",
        description:
          "What the report page loads when a reader opens the query log, timeline or raw records. Cached as the report.",
        parameters: [idParam],
        responses: {
          "200": {
            description: "The evidence",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "dns", "records"],
                  properties: {
                    id: { type: "string" },
                    dns: {
                      type: "object",
                      required: ["servers", "log"],
                      properties: {
                        servers: { type: "array", items: { type: "string" } },
                        log: { type: "array", items: { type: "object" } },
                      },
                    },
                    records: { type: "object", additionalProperties: { type: "array" } },
                  },
                },
              },
            },
          },
          "304": notModified,
          ...problems(404, 503),
        },
      },
      delete: {
        summary: "Delete a report (with the deleteToken returned when it was created)",
        parameters: [
          idParam,
          { name: "X-Delete-Token", in: "header", required: true, schema: { type: "string" } },
        ],
        responses: {
          "204": { description: "Deleted" },
          ...problems(403, 404, 503),
        },
      },
    },
    "/api/reports/{id}/markdown": {
      get: {
        summary: "A saved report as Markdown (download)",
        parameters: [idParam],
        responses: {
          "200": { description: "Markdown", content: { "text/markdown": { schema: { type: "string" } } } },
          ...problems(404, 503),
        },
      },
    },
    "/api/reports/{id}/rerun": {
      post: {
        summary: "Run a saved report's input again; the new report links to this one",
        parameters: [idParam],
        responses: {
          "201": saved("Saved"),
          ...problems(404, 422, 429, 503),
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
          ...problems(413, 422, 429),
        },
      },
    },
    "/api/message-tests": {
      post: {
        summary: "Issue a test address for the SMTP inbox",
        responses: {
          "201": {
            description: "The address to send a message to",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "address", "url"],
                  properties: {
                    id: { type: "string" },
                    address: { type: "string" },
                    url: { type: "string" },
                  },
                },
              },
            },
          },
          ...problems(429, 503),
        },
      },
    },
    "/api/message-tests/{id}": {
      get: {
        summary: "Whether the test message arrived, and its report (Accept: text/event-stream waits live)",
        parameters: [idParam],
        responses: {
          "200": {
            description: "Status",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["status"],
                  properties: {
                    status: { enum: ["waiting", "received"] },
                    address: { type: "string" },
                    report: { $ref: "#/components/schemas/Report" },
                  },
                },
              },
            },
          },
          ...problems(404),
        },
      },
    },
    "/api/messages": {
      post: {
        summary: "Report on a raw message or its headers",
        requestBody: {
          required: true,
          content: {
            "message/rfc822": { schema: { type: "string" } },
            "text/plain": { schema: { type: "string" } },
            "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string" } } } },
            "application/json": {
              schema: { type: "object", required: ["message"], properties: { message: { type: "string" } } },
            },
          },
        },
        responses: {
          "201": {
            description: "The saved message report",
            content: reportJson,
          },
          ...problems(413, 415, 422, 429),
        },
      },
    },
    "/api/smtp/sessions": {
      get: {
        summary: "Captured SMTP sessions with their transcripts, newest first",
        parameters: [
          { name: "recipient", in: "query", schema: { type: "string" } },
          { name: "scenario", in: "query", schema: { type: "string" } },
          { name: "since", in: "query", schema: { type: "string", format: "date-time" } },
          { name: "until", in: "query", schema: { type: "string", format: "date-time" } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200 } },
        ],
        responses: {
          "200": {
            description: "Sessions",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["sessions"],
                  properties: {
                    sessions: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["id", "mode", "clientIp", "recipients", "transcript", "startedAt"],
                        properties: {
                          id: { type: "string" },
                          mode: { enum: ["inbox", "sandbox", "rejected"] },
                          clientIp: { type: "string" },
                          helo: { type: ["string", "null"] },
                          mailFrom: { type: ["string", "null"] },
                          recipients: { type: "array", items: { type: "string" } },
                          scenario: { type: ["string", "null"] },
                          tls: { type: ["object", "null"] },
                          transcript: {
                            type: "array",
                            items: {
                              type: "object",
                              required: ["at", "dir", "line"],
                              properties: {
                                at: { type: "number" },
                                dir: { enum: ["C", "S", "I"] },
                                line: { type: "string" },
                              },
                            },
                          },
                          startedAt: { type: "string", format: "date-time" },
                          closedAt: { type: ["string", "null"] },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...problems(422),
        },
      },
    },
    "/api/dmarc-reports": {
      post: {
        summary:
          "Upload DMARC aggregate (RFC 7489, RFC 9990) and SMTP TLS (RFC 8460) reports: raw body or multipart files",
        requestBody: {
          required: true,
          content: {
            "application/xml": { schema: { type: "string" } },
            "application/gzip": { schema: { type: "string", format: "binary" } },
            "application/zip": { schema: { type: "string", format: "binary" } },
            "message/rfc822": { schema: { type: "string" } },
            "application/json": { schema: { type: "object" } },
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: { file: { type: "array", items: { type: "string", format: "binary" } } },
              },
            },
          },
        },
        responses: {
          "201": {
            description: "What was read, and what was refused with the reason",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["reports", "refused"],
                  properties: {
                    reports: {
                      type: "array",
                      items: {
                        type: "object",
                        required: [
                          "kind",
                          "orgName",
                          "reportId",
                          "domain",
                          "period",
                          "messageCount",
                          "duplicate",
                        ],
                        properties: {
                          kind: { enum: ["aggregate", "tls"] },
                          orgName: { type: "string" },
                          reportId: { type: "string" },
                          domain: { type: "string" },
                          period: {
                            type: "object",
                            required: ["begin", "end"],
                            properties: {
                              begin: { type: "string", format: "date-time" },
                              end: { type: "string", format: "date-time" },
                            },
                          },
                          messageCount: { type: "integer" },
                          records: { type: "integer" },
                          duplicate: { type: "boolean" },
                          source: { type: "string" },
                          warnings: { type: "array", items: { type: "string" } },
                        },
                      },
                    },
                    refused: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["source", "reason"],
                        properties: { source: { type: "string" }, reason: { type: "string" } },
                      },
                    },
                  },
                },
              },
            },
          },
          ...problems(413, 415, 422, 429, 503),
        },
      },
    },
    "/api/domains/{domain}/dmarc": {
      get: {
        summary: "A domain's DMARC aggregate and TLS reports, aggregated: per source, per service, per day",
        parameters: [{ name: "domain", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "Aggregates",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: [
                    "domain",
                    "totalMessages",
                    "dmarc",
                    "sources",
                    "services",
                    "days",
                    "enforce",
                    "tls",
                  ],
                  properties: {
                    domain: { type: "string" },
                    totalMessages: { type: "number" },
                    dmarc: { type: "object" },
                    sources: {
                      type: "array",
                      items: {
                        type: "object",
                        required: [
                          "ip",
                          "ptr",
                          "service",
                          "messages",
                          "dmarc",
                          "spf",
                          "dkim",
                          "spfAligned",
                          "dkimAligned",
                        ],
                        properties: {
                          ip: { type: "string" },
                          ptr: { type: ["string", "null"] },
                          orgDomain: { type: ["string", "null"] },
                          service: { type: "string" },
                          messages: { type: "number" },
                          dmarc: { type: "object" },
                          spf: { type: "object" },
                          dkim: { type: "object" },
                          spfAligned: { type: "object" },
                          dkimAligned: { type: "object" },
                          disposition: { type: "object" },
                        },
                      },
                    },
                    services: { type: "array" },
                    days: { type: "array" },
                    enforce: { type: "object" },
                    tls: { type: "object" },
                  },
                },
              },
            },
          },
          ...problems(422, 503),
        },
      },
    },
    "/api/domains/{domain}/dmarc/records": {
      get: {
        summary: "The report rows behind a figure of the domain's DMARC page",
        parameters: [
          { name: "domain", in: "path", required: true, schema: { type: "string" } },
          { name: "ip", in: "query", required: false, schema: { type: "string" } },
          { name: "day", in: "query", required: false, schema: { type: "string", format: "date" } },
          { name: "dmarc", in: "query", required: false, schema: { enum: ["pass", "fail"] } },
        ],
        responses: {
          "200": {
            description: "Rows (at most 500)",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["rows", "truncated"],
                  properties: { rows: { type: "array" }, truncated: { type: "boolean" } },
                },
              },
            },
          },
          ...problems(422, 503),
        },
      },
    },
    "/api/monitors": {
      post: {
        summary: "Watch a domain: scheduled re-checks, alerts on change to a webhook or an e-mail address",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["domain"],
                additionalProperties: false,
                properties: {
                  domain: { type: "string" },
                  ips: { type: "array", items: { type: "string" }, maxItems: 20 },
                  selectors: { type: "array", items: { type: "string" }, maxItems: 20 },
                  intervalMinutes: { type: "integer", minimum: 60, default: 1440 },
                  webhook: { type: "string", format: "uri" },
                  webhookSecret: { type: "string", minLength: 16 },
                  email: { type: "string", format: "email" },
                },
              },
            },
          },
        },
        responses: {
          "201": {
            description: "The monitor, with its management token (and webhook secret) shown once",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "domain", "token", "nextRunAt"],
                  properties: {
                    id: { type: "string" },
                    domain: { type: "string" },
                    token: { type: "string" },
                    webhookSecret: { type: "string" },
                    nextRunAt: { type: "string", format: "date-time" },
                    dmarcAddress: {
                      type: "string",
                      description:
                        "dmarc+<token>@<MXRAY_MAIL_DOMAIN>: DMARC aggregate and TLS reports mailed here (a rua= target) are filed under this monitor",
                    },
                  },
                },
              },
            },
          },
          ...problems(422, 429, 503),
        },
      },
    },
    "/api/monitors/{id}": {
      get: {
        summary: "A monitor, its recent runs and alerts",
        parameters: [idParam],
        responses: {
          "200": {
            description: "The monitor",
            content: { "application/json": { schema: { type: "object" } } },
          },
          ...problems(404),
        },
      },
      delete: {
        summary: "Stop watching (needs the management token in X-Monitor-Token)",
        parameters: [
          idParam,
          { name: "X-Monitor-Token", in: "header", required: true, schema: { type: "string" } },
        ],
        responses: { "204": { description: "Stopped" }, "404": problem },
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
                        required: ["slug", "status", "score", "grade", "createdAt", "url"],
                        properties: {
                          slug: { type: "string" },
                          status: { enum: ["complete", "incomplete", "domain_not_found", "not_a_bounce"] },
                          score: { type: ["integer", "null"] },
                          grade: { type: ["string", "null"] },
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
          ...problems(404, 422, 503),
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

import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { capEvidence, jsonBytes, shortenString } from "./evidence-cap";
import type { ReportDocument } from "./types";

function doc(
  checks: ReportDocument["checks"],
  log: NonNullable<ReportDocument["dns"]["log"]> = [],
): ReportDocument {
  return {
    schemaVersion: 1,
    createdAt: "2026-12-06T00:00:00.000Z",
    kind: "domain",
    input: { domain: "example.test" },
    status: "complete",
    score: 90,
    grade: "A",
    scoreRange: { min: 90, max: 90 },
    scoringVersion: "test",
    profile: "deliverability",
    deductions: [],
    unknown: [],
    checks,
    dns: { queries: log.length, elapsedMs: 1, servers: ["127.0.0.1:53"], log },
  } satisfies ReportDocument;
}

function result(check: CheckResult["check"], records: unknown[], params: Record<string, unknown> = {}) {
  return {
    check,
    status: "pass",
    findings: [{ code: `${check}.something`, severity: "info", params }],
    records,
    queries: 1,
    durationMs: 1,
  } satisfies CheckResult;
}

const logEntry = (i: number, answers: string[]) => ({
  name: `n${i}.example.test`,
  type: "TXT" as const,
  rcode: "NOERROR",
  status: "ok" as const,
  answers,
  server: "127.0.0.1:53",
  transport: "tcp" as const,
  startedMs: i,
  rttMs: 1,
  authenticated: false,
});

describe("shortenString", () => {
  it("keeps short strings and marks what it cuts, in UTF-8 bytes, never splitting a surrogate pair", () => {
    expect(shortenString("abc", 10)).toBe("abc");
    expect(shortenString("a".repeat(100), 10)).toBe(`${"a".repeat(10)}[… 90 bytes cut]`);
    const cut = shortenString("😀".repeat(10), 6);
    expect(cut).toMatch(/^😀\[… 36 bytes cut\]$/);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
  });
});

describe("capEvidence", () => {
  it("returns an ordinary report as it is: no finding, same object", () => {
    const d = doc({ spf: result("spf", [{ record: "v=spf1 -all" }]) }, [logEntry(1, ["v=spf1 -all"])]);
    expect(capEvidence(d)).toBe(d);
  });

  it("shortens one check's long records to 64 KiB and says so", () => {
    const huge = "x".repeat(300_000);
    const d = doc({
      spf: result("spf", [{ record: "v=spf1 -all" }]),
      dkim: result(
        "dkim",
        [
          { selector: "s1", txt: huge },
          { selector: "s2", txt: huge },
        ],
        { key: huge },
      ),
    });
    const out = capEvidence(d);
    expect(out.checks.spf).toBe(d.checks.spf);
    const dkim = out.checks.dkim!;
    expect(jsonBytes(dkim.records) + jsonBytes(dkim.findings)).toBeLessThanOrEqual(64 * 1024);
    // Shape kept: the same records with their fields, the values marked where they were cut.
    expect(dkim.records).toHaveLength(2);
    expect((dkim.records[0] as { txt: string }).txt).toMatch(/^x{4096}\[… 295904 bytes cut\]$/);
    expect(dkim.findings[0]!.code).toBe("dkim.something");
    const f = out.findings?.find((x) => x.code === "report.evidence_limited");
    expect(f?.params).toMatchObject({ checks: ["dkim"], logEntriesCut: 0, perCheckBytes: 64 * 1024 });
    expect(f?.params.bytesBefore).toBeGreaterThan(900_000);
    expect(f?.params.bytesAfter).toBeLessThan(100_000);
    // The verdict is untouched.
    expect([out.status, out.score, out.grade]).toEqual(["complete", 90, "A"]);
  });

  it("leaves records out from the end when shortening strings is not enough", () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ i, v: "y".repeat(200) }));
    const out = capEvidence(doc({ mx: result("mx", many) }));
    const mx = out.checks.mx!;
    expect(mx.records.length).toBeGreaterThan(0);
    expect(mx.records.length).toBeLessThan(many.length);
    expect(mx.records[0]).toEqual({ i: 0, v: "y".repeat(200) });
    expect(jsonBytes(mx.records) + jsonBytes(mx.findings)).toBeLessThanOrEqual(64 * 1024);
  });

  it("bounds the DNS log, keeping every question and how it ended", () => {
    const log = Array.from({ length: 400 }, (_, i) => logEntry(i, ["z".repeat(60_000)]));
    const out = capEvidence(doc({}, log));
    const kept = out.dns.log!;
    expect(kept).toHaveLength(400);
    expect(kept.map((e) => [e.name, e.status])).toEqual(log.map((e) => [e.name, e.status]));
    expect(jsonBytes(kept)).toBeLessThanOrEqual(256 * 1024);
    expect(out.findings?.[0]).toMatchObject({
      code: "report.evidence_limited",
      params: { checks: [], logEntriesCut: 400 },
    });
  });

  it("keeps the whole report under 1 MiB when every part is at its own limit", () => {
    const huge = "w".repeat(200_000);
    const names = ["spf", "dmarc", "dkim", "mx", "mta_sts", "tls_rpt", "bimi", "dnssec", "dnsbl"] as const;
    // Findings with long parameters in every check: the per-check caps alone would add up to more.
    const checks = Object.fromEntries(
      names.map((n) => [
        n,
        {
          ...result(n, [{ v: huge }]),
          findings: Array.from({ length: 40 }, (_, i) => ({
            code: `${n}.f${i}`,
            severity: "info" as const,
            params: { v: "q".repeat(3000) },
          })),
        },
      ]),
    );
    const log = Array.from({ length: 400 }, (_, i) => logEntry(i, ["v".repeat(60_000)]));
    const out = capEvidence(doc(checks, log), {
      perCheckBytes: 128 * 1024,
      logBytes: 256 * 1024,
      perReportBytes: 1024 * 1024,
    });
    expect(jsonBytes(out) - jsonBytes(out.input)).toBeLessThanOrEqual(1024 * 1024);
    expect(out.findings?.[0]?.code).toBe("report.evidence_limited");
    // Every finding is still there (only records and long values are cut).
    for (const n of names) expect(out.checks[n]!.findings).toHaveLength(40);
  });
});

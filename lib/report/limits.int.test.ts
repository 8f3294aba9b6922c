import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { parseReportRequest } from "@/lib/validation/input";
import { jsonBytes } from "./evidence-cap";
import { runReport } from "./run";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** A TXT record of `n` strings of 250 characters (RFC 1035 §3.3.14: each string at most 255). */
function longTxt(prefix: string, n: number): string {
  const strings = [`"${prefix}"`];
  for (let i = 0; i < n; i++) strings.push(`"${String.fromCharCode(97 + (i % 26)).repeat(250)}"`);
  return strings.join(" ");
}

/**
 * huge.test answers every TXT question mxray asks with tens of kilobytes (over TCP, RFC 7766): the apex
 * holds 12 long TXT records beside its SPF record, every DKIM selector guess hits a wildcard of ~60 KB,
 * and DMARC, TLS-RPT, MTA-STS and BIMI records carry long tails. Served as written by the sandbox.
 */
function hugeZone(): string {
  const lines = [
    "$ORIGIN huge.test.",
    "$TTL 300",
    "@ SOA ns1 hostmaster 2026120601 3600 600 86400 60",
    "@ NS ns1",
    "ns1 A 192.0.2.53",
    '@ TXT "v=spf1 -all"',
    ...Array.from({ length: 12 }, (_, i) => `@ TXT ${longTxt(`note-${i}=`, 18)}`),
    `*._domainkey TXT ${longTxt("v=DKIM1; k=rsa; n=", 230)}`,
    `_dmarc TXT ${longTxt("v=DMARC1; p=reject; x=", 100)}`,
    `_smtp._tls TXT ${longTxt("v=TLSRPTv1; rua=mailto:t@huge.test; x=", 100)}`,
    `_mta-sts TXT ${longTxt("v=STSv1; id=1; x=", 100)}`,
    `default._bimi TXT ${longTxt("v=BIMI1; l=; x=", 100)}`,
  ];
  return `${lines.join("\n")}\n`;
}

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "mxray-huge-"));
  writeFileSync(path.join(dir, "huge.zone"), hugeZone());
  sandbox = await startDnsSandbox({ zoneDir: dir });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (maxQueries?: number) =>
  runReport(parseReportRequest({ domain: "huge.test" }), {
    dns: sandbox.server,
    timeoutMs: 3000,
    deadlineMs: 40_000,
    smtp: { port: 1 },
    ...(maxQueries ? { maxQueries } : {}),
  });

describe("per-report limits against a zone of huge records", () => {
  it("keeps the saved report under 1 MiB, says what was cut, and judges from the whole answers", async () => {
    const doc = await run();
    const cut = doc.findings?.find((f) => f.code === "report.evidence_limited");
    expect(cut).toBeDefined();
    // What the zone made mxray receive: several megabytes of answers.
    expect(cut!.params.bytesBefore).toBeGreaterThan(2 * 1024 * 1024);
    // What is saved (the document, its DNS log included) stays within the cap.
    expect(jsonBytes(doc)).toBeLessThanOrEqual(1024 * 1024);
    expect(cut!.params.bytesAfter).toBeLessThanOrEqual(1024 * 1024);
    expect(cut!.params.checks).toContain("dkim");
    for (const [name, result] of Object.entries(doc.checks)) {
      expect(jsonBytes(result.records) + jsonBytes(result.findings), name).toBeLessThanOrEqual(64 * 1024);
    }
    // Every question asked is still in the log, with how it ended.
    expect(doc.dns.log).toHaveLength(doc.dns.queries);
    expect(jsonBytes(doc.dns.log)).toBeLessThanOrEqual(256 * 1024);
    // The verdicts were reached before cutting: SPF saw its record, DMARC its policy.
    expect(doc.checks.spf?.status).not.toBe("error");
    expect(doc.checks.spf?.findings.map((f) => f.code)).not.toContain("spf.missing");
    expect(doc.checks.dmarc?.findings.map((f) => f.code)).not.toContain("dmarc.missing");
  });

  it("says when the report reached its limit of DNS questions (MXRAY_MAX_QUERIES)", async () => {
    const doc = await run(8);
    const limit = doc.findings?.find((f) => f.code === "report.query_limit");
    expect(limit?.params.maxQueries).toBe(8);
    expect(limit?.params.notSent).toBeGreaterThan(0);
    // Distinct questions (a truncated UDP answer asked again over TCP is the same question).
    expect(new Set(doc.dns.log?.map((e) => `${e.name}|${e.type}`)).size).toBeLessThanOrEqual(8);
    // The checks that needed the questions not sent could not be determined: never a verdict without them.
    expect(doc.status).toBe("incomplete");
    const unlimited = await run();
    expect(unlimited.findings?.some((f) => f.code === "report.query_limit")).toBe(false);
  });
});

import { severityRank } from "@/lib/findings/severity";
import { createHash } from "node:crypto";
import type { CheckName, Severity } from "@/lib/checks/types";
import type { ReportDocument } from "@/lib/report/types";

/**
 * What a monitor remembers of a run, to compare with the next: per target (the domain, each watched IP)
 * the score, each check's status, its findings and a fingerprint of the records it found.
 */
export interface Snapshot {
  targets: Record<string, TargetSnapshot>;
  /** DMARC failures per source IP in the reports received so far (lib/dmarc-reports). */
  dmarcFail: Record<string, number>;
}

export interface TargetSnapshot {
  /** Null unless the report is complete (no grade without evidence). */
  score: number | null;
  grade: string | null;
  /** Checks that could not be determined make the score provisional (report status incomplete). */
  complete: boolean;
  checks: Partial<Record<CheckName, { status: string; records: string; recordsHash: string }>>;
  findings: {
    check: CheckName;
    code: string;
    severity: Severity;
    key: string;
    params: Record<string, unknown>;
  }[];
}

/** Checks whose records, when they change, are worth an alert (RFC 7208 SPF, RFC 7489 DMARC, …). */
export const WATCHED_RECORDS: CheckName[] = ["spf", "dmarc", "dkim", "mx", "mta_sts"] as CheckName[];
/** Stay under this many characters per record excerpt in an alert. */
const EXCERPT = 2000;

/** JSON with sorted keys, so the same records always give the same fingerprint. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** A finding's identity across runs: its code and the params that say what it is about. */
function findingKey(code: string, params: Record<string, unknown>): string {
  const about = ["zone", "ip", "query", "domain", "selector", "host", "name", "mx"]
    .filter((k) => typeof params[k] === "string" || typeof params[k] === "number")
    .map((k) => `${k}=${String(params[k])}`);
  return [code, ...about].join("|");
}

export function targetSnapshot(doc: ReportDocument): TargetSnapshot {
  const checks: TargetSnapshot["checks"] = {};
  const findings: TargetSnapshot["findings"] = [];
  for (const [name, r] of Object.entries(doc.checks) as [
    CheckName,
    NonNullable<ReportDocument["checks"][CheckName]>,
  ][]) {
    const records = stableJson(r.records);
    checks[name] = {
      status: r.status,
      records: records.length > EXCERPT ? `${records.slice(0, EXCERPT)}…` : records,
      recordsHash: createHash("sha256").update(records).digest("hex"),
    };
    for (const f of r.findings)
      findings.push({
        check: name,
        code: f.code,
        severity: f.severity,
        key: findingKey(f.code, f.params),
        params: f.params,
      });
  }
  return {
    score: doc.score,
    grade: doc.grade,
    complete: doc.status === "complete" && doc.unknown.length === 0,
    checks,
    findings,
  };
}

export type AlertKind =
  | "score_changed"
  | "check_status_changed"
  | "new_finding"
  | "record_changed"
  | "listed"
  | "delisted"
  | "cert_expiring"
  | "dmarc_failure_jump";

export interface Alert {
  kind: AlertKind;
  target: string;
  check?: CheckName;
  code?: string;
  severity?: Severity;
  summary: string;
  before?: unknown;
  after?: unknown;
  params?: Record<string, unknown>;
}

/** A jump in DMARC failures from one source: at least this many more, and at least half as many again. */
export const DMARC_JUMP_MIN = 10;

/**
 * The changes that matter between two runs. Pure. A check that could not be determined this time
 * (status "error") is not a change: its records and findings are compared again once it answers.
 */
export function diffSnapshots(prev: Snapshot, next: Snapshot): Alert[] {
  const alerts: Alert[] = [];
  for (const [target, n] of Object.entries(next.targets)) {
    const p = prev.targets[target];
    if (!p) continue;
    if (n.complete && p.complete && (n.score !== p.score || n.grade !== p.grade))
      alerts.push({
        kind: "score_changed",
        target,
        summary: `${target}: score ${p.score} (${p.grade}) → ${n.score} (${n.grade})`,
        before: { score: p.score, grade: p.grade },
        after: { score: n.score, grade: n.grade },
      });
    for (const [check, c] of Object.entries(n.checks) as [CheckName, TargetSnapshot["checks"][CheckName]][]) {
      const pc = p.checks[check];
      if (!pc || !c || c.status === "error" || pc.status === "error") continue;
      if (c.status !== pc.status)
        alerts.push({
          kind: "check_status_changed",
          target,
          check,
          summary: `${target}: ${check} ${pc.status} → ${c.status}`,
          before: pc.status,
          after: c.status,
        });
      if (WATCHED_RECORDS.includes(check) && c.recordsHash !== pc.recordsHash)
        alerts.push({
          kind: "record_changed",
          target,
          check,
          summary: `${target}: the ${check.toUpperCase().replace("_", "-")} record changed`,
          before: safeParse(pc.records),
          after: safeParse(c.records),
        });
    }
    const errored = (s: TargetSnapshot, check: CheckName) => s.checks[check]?.status === "error";
    const before = new Map(p.findings.map((f) => [`${f.check}|${f.key}`, f]));
    const after = new Map(n.findings.map((f) => [`${f.check}|${f.key}`, f]));
    for (const [k, f] of after) {
      if (before.has(k) || errored(p, f.check)) continue;
      if (f.code === "dnsbl.listed")
        alerts.push({
          kind: "listed",
          target,
          check: f.check,
          code: f.code,
          severity: f.severity,
          summary: `${target}: listed on ${String(f.params["zone"])}${f.params["query"] ? ` (${String(f.params["query"])})` : ""}`,
          params: f.params,
        });
      else if (f.code === "smtp_tls.cert_expiring" || f.code === "smtp_tls.cert_expired")
        alerts.push({
          kind: "cert_expiring",
          target,
          check: f.check,
          code: f.code,
          severity: f.severity,
          summary: `${target}: ${f.code === "smtp_tls.cert_expired" ? "a certificate has expired" : `a certificate expires in ${String(f.params["days"] ?? "a few")} days`}`,
          params: f.params,
        });
      else if (severityRank(f.severity) >= severityRank("high"))
        alerts.push({
          kind: "new_finding",
          target,
          check: f.check,
          code: f.code,
          severity: f.severity,
          summary: `${target}: new ${f.severity} finding ${f.code}`,
          params: f.params,
        });
    }
    for (const [k, f] of before) {
      if (f.code !== "dnsbl.listed" || after.has(k) || errored(n, f.check)) continue;
      alerts.push({
        kind: "delisted",
        target,
        check: f.check,
        code: f.code,
        summary: `${target}: no longer listed on ${String(f.params["zone"])}`,
        params: f.params,
      });
    }
  }
  for (const [ip, n] of Object.entries(next.dmarcFail)) {
    const was = prev.dmarcFail[ip] ?? 0;
    const grew = n - was;
    if (grew >= DMARC_JUMP_MIN && grew >= was / 2)
      alerts.push({
        kind: "dmarc_failure_jump",
        target: ip,
        summary: `DMARC failures from ${ip}: ${was} → ${n} messages`,
        before: was,
        after: n,
      });
  }
  return alerts;
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

import { canonicalName } from "@/lib/dns/names";
import { ReportReadError } from "./errors";
import type { TlsFailure, TlsPolicy, TlsReport } from "./types";

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads one SMTP TLS report (RFC 8460 §4.4, the JSON schema of §4.5). Refuses, saying which field, what
 * is not a TLS report; unknown fields are ignored as §4.4 asks.
 */
export function parseTlsReport(text: string): TlsReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ReportReadError(`invalid JSON: ${(e as Error).message}`);
  }
  if (!isObj(doc)) throw new ReportReadError("not an SMTP TLS report: the JSON is not an object");
  const bad = (what: string) => new ReportReadError(`not a usable SMTP TLS report (RFC 8460): ${what}`);
  const org = doc["organization-name"];
  if (typeof org !== "string" || !org.trim()) throw bad(`"organization-name" is missing`);
  const reportId = doc["report-id"];
  if (typeof reportId !== "string" || !reportId.trim()) throw bad(`"report-id" is missing`);
  const range = doc["date-range"];
  if (!isObj(range)) throw bad(`"date-range" is missing`);
  const begin = date(range["start-datetime"], "date-range.start-datetime", bad);
  const end = date(range["end-datetime"], "date-range.end-datetime", bad);
  const policies = doc["policies"];
  if (!Array.isArray(policies)) throw bad(`"policies" is not a list`);
  const out: TlsPolicy[] = policies.map((p, i) => {
    const at = `policies[${i}]`;
    if (!isObj(p) || !isObj(p["policy"]) || !isObj(p["summary"]))
      throw bad(`${at} lacks "policy" or "summary"`);
    const pol = p["policy"];
    const sum = p["summary"];
    const domain = pol["policy-domain"];
    if (typeof domain !== "string" || !domain) throw bad(`${at}.policy.policy-domain is missing`);
    const details = p["failure-details"] ?? [];
    if (!Array.isArray(details)) throw bad(`${at}.failure-details is not a list`);
    const failures: TlsFailure[] = details.map((d, j) => {
      const fat = `${at}.failure-details[${j}]`;
      if (!isObj(d) || typeof d["result-type"] !== "string") throw bad(`${fat} has no "result-type"`);
      return {
        resultType: d["result-type"],
        sendingMtaIp: str(d["sending-mta-ip"]),
        receivingMxHostname: canonicalOrNull(str(d["receiving-mx-hostname"])),
        receivingIp: str(d["receiving-ip"]),
        failedSessionCount: count(d["failed-session-count"], `${fat}.failed-session-count`, bad),
        failureReasonCode: str(d["failure-reason-code"]),
      };
    });
    return {
      policyType: str(pol["policy-type"]) ?? "no-policy-found",
      policyDomain: canonicalName(domain),
      mxHost: Array.isArray(pol["mx-host"])
        ? pol["mx-host"].filter((x) => typeof x === "string").join(", ")
        : str(pol["mx-host"]),
      successful: count(
        sum["total-successful-session-count"],
        `${at}.summary.total-successful-session-count`,
        bad,
      ),
      failed: count(sum["total-failure-session-count"], `${at}.summary.total-failure-session-count`, bad),
      failures,
    };
  });
  if (out.length === 0) throw bad(`"policies" is empty: the report names no domain`);
  return {
    kind: "tls",
    orgName: org.trim(),
    contactInfo: str(doc["contact-info"]),
    reportId: reportId.trim(),
    begin,
    end,
    policies: out,
  };
}

function canonicalOrNull(name: string | null): string | null {
  return name === null ? null : canonicalName(name);
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

function count(v: unknown, field: string, bad: (w: string) => Error): number {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
  throw bad(`${field} is not a whole number`);
}

function date(v: unknown, field: string, bad: (w: string) => Error): Date {
  // RFC 8460 §4.4: date-time as in RFC 3339.
  const d = typeof v === "string" ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) throw bad(`${field} is not an RFC 3339 date-time`);
  return d;
}

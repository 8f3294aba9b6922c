/** MTA-STS (RFC 8461): the TXT record, the policy file and MX matching. Pure. */
import { canonicalName } from "@/lib/dns/names";
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import type { CheckStatus, Finding } from "@/lib/checks/types";
import { dnsErrorFinding, finding, statusFromFindings } from "@/lib/checks/result";
import type { SafeHttpsResult } from "@/lib/net/safe-https";

export interface StsTxt {
  id: string;
  extensions: Record<string, string>;
}

export type TxtParse = { ok: true; value: StsTxt } | { ok: false; detail: string };

/** RFC 8461 §3.1: TXT records that do not begin with "v=STSv1" are ignored. */
export function stsRecords(txts: readonly string[]): string[] {
  return txts.filter((t) => /^v=STSv1(;|\s|$)/.test(t));
}

const ID_RE = /^[A-Za-z0-9]{1,32}$/;
const EXT_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const EXT_VALUE_RE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

/**
 * RFC 8461 §3.1 ABNF: sts-version 1*(sts-sep sts-field) [sts-sep], sts-sep = *WSP ";" *WSP,
 * sts-id = "id=" 1*32(ALPHA / DIGIT), extensions name=value.
 */
export function parseStsTxt(record: string): TxtParse {
  const parts = record.split(/[ \t]*;[ \t]*/);
  if (parts[0] !== "v=STSv1") return { ok: false, detail: 'the record must start with "v=STSv1"' };
  const fields = parts.slice(1);
  if (fields.at(-1) === "") fields.pop(); // optional trailing separator
  let id: string | undefined;
  const extensions: Record<string, string> = {};
  for (const field of fields) {
    const eq = field.indexOf("=");
    if (eq <= 0) return { ok: false, detail: `malformed field "${field}"` };
    const name = field.slice(0, eq);
    const value = field.slice(eq + 1);
    if (name === "id") {
      if (!ID_RE.test(value))
        return { ok: false, detail: `id "${value}" must be 1 to 32 letters and digits` };
      id ??= value;
    } else if (!EXT_NAME_RE.test(name) || !EXT_VALUE_RE.test(value)) {
      return { ok: false, detail: `malformed field "${field}"` };
    } else extensions[name] = value;
  }
  if (!id) return { ok: false, detail: "the id field is missing" };
  return { ok: true, value: { id, extensions } };
}

export type StsMode = "enforce" | "testing" | "none";

export interface StsPolicy {
  version: string | null;
  mode: StsMode | null;
  maxAge: number | null;
  mx: string[];
  extensions: Record<string, string>;
}

export type PolicyError = "version" | "mode" | "max_age" | "mx_missing" | "mx_invalid" | "syntax";

export interface PolicyParse {
  policy: StsPolicy;
  errors: { code: PolicyError; detail: string }[];
}

/** RFC 8461 §3.2: 31557600 seconds (about a year) at most. */
export const MAX_AGE_LIMIT = 31_557_600;

const HOST_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const MX_PATTERN_RE = new RegExp(`^(\\*\\.)?${HOST_LABEL}(\\.${HOST_LABEL})+$`);

/**
 * RFC 8461 §3.2: "key: value" lines separated by LF or CRLF. version (STSv1), mode and max_age are
 * required; at least one mx unless mode is none. Unknown keys are ignored; of repeated keys other than
 * mx the first counts.
 */
export function parsePolicy(text: string): PolicyParse {
  const policy: StsPolicy = { version: null, mode: null, maxAge: null, mx: [], extensions: {} };
  const errors: PolicyParse["errors"] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[ \t]+$/, "");
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) {
      errors.push({ code: "syntax", detail: `line "${line.slice(0, 80)}" is not "key: value"` });
      continue;
    }
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^[ \t]+/, "");
    if (key === "mx") {
      const pattern = canonicalName(value);
      if (!MX_PATTERN_RE.test(pattern))
        errors.push({ code: "mx_invalid", detail: `mx "${value}" is not a host name or *.domain pattern` });
      else policy.mx.push(pattern);
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    if (key === "version") policy.version = value;
    else if (key === "mode")
      policy.mode = value === "enforce" || value === "testing" || value === "none" ? value : null;
    else if (key === "max_age") policy.maxAge = /^\d{1,10}$/.test(value) ? Number(value) : null;
    else policy.extensions[key] = value;
    if (key === "mode" && policy.mode === null)
      errors.push({ code: "mode", detail: `mode "${value}" is not enforce, testing or none` });
    if (key === "max_age" && (policy.maxAge === null || policy.maxAge > MAX_AGE_LIMIT)) {
      errors.push({
        code: "max_age",
        detail: `max_age "${value}" must be a whole number of seconds up to ${MAX_AGE_LIMIT}`,
      });
    }
  }
  if (policy.version !== "STSv1") {
    errors.unshift({
      code: "version",
      detail:
        policy.version === null ? "the version field is missing" : `version "${policy.version}" is not STSv1`,
    });
  }
  if (!seen.has("mode")) errors.push({ code: "mode", detail: "the mode field is missing" });
  if (!seen.has("max_age")) errors.push({ code: "max_age", detail: "the max_age field is missing" });
  if (policy.mode !== "none" && policy.mx.length === 0 && !errors.some((e) => e.code === "mx_invalid")) {
    errors.push({ code: "mx_missing", detail: "no mx field: the policy matches no MX host" });
  }
  return { policy, errors };
}

/**
 * RFC 8461 §4.1: an MX host matches an exact pattern case-insensitively; "*.example.com" matches exactly
 * one extra left-most label ("mail.example.com", not "example.com" nor "a.b.example.com").
 */
export function mxMatches(host: string, pattern: string): boolean {
  const h = canonicalName(host);
  const p = canonicalName(pattern);
  if (p.startsWith("*.")) {
    const suffix = p.slice(1); // ".example.com"
    if (!h.endsWith(suffix)) return false;
    const first = h.slice(0, h.length - suffix.length);
    return first.length > 0 && !first.includes(".");
  }
  return h === p;
}

/** The policy file text to publish for these MX hosts (RFC 8461 §3.2). */
export function policyText(mxHosts: readonly string[], mode: StsMode = "testing", maxAge = 604_800): string {
  return [
    "version: STSv1",
    `mode: ${mode}`,
    ...mxHosts.map((h) => `mx: ${h}`),
    `max_age: ${maxAge}`,
    "",
  ].join("\r\n");
}

// ---- Evaluation: answers and the fetch result → findings (pure) ----

export interface MtaStsInput {
  domain: string;
  txt: DnsAnswer<"TXT">;
  mx: DnsAnswer<"MX">;
  /** Absent when there was no STS record to fetch a policy for. */
  fetch?: SafeHttpsResult;
}

export interface MtaStsEvidence {
  txt: { records: string[]; id: string | null };
  policy: {
    url: string;
    address?: string;
    httpStatus?: number;
    contentType?: string | null;
    text?: string;
    parsed?: StsPolicy;
  } | null;
  mx: string[];
}

/** RFC 8461 §3.3: the one place a policy lives. */
export function policyUrl(domain: string): string {
  return `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
}

/** MX hosts to match: the MX set, or the domain itself as implicit MX (RFC 5321 §5.1). */
export function mxHosts(domain: string, mx: DnsAnswer<"MX">): string[] {
  if (mx.status === "ok" && mx.answers.length > 0) {
    return [...new Set(mx.answers.map((m) => canonicalName(m.exchange)).filter((e) => e !== ""))];
  }
  return mx.status === "nodata" ? [domain] : [];
}

export function evaluateMtaSts(input: MtaStsInput): {
  findings: Finding[];
  records: MtaStsEvidence[];
  status?: CheckStatus;
} {
  const { domain, txt, mx } = input;
  const findings: Finding[] = [];
  if (isDnsFailure(txt.status)) return { findings: [dnsErrorFinding("mta_sts", txt)], records: [] };

  const all = txt.status === "ok" ? txt.answers : [];
  const records = stsRecords(all);
  const hosts = mxHosts(domain, mx);
  const evidence: MtaStsEvidence = { txt: { records, id: null }, policy: null, mx: hosts };
  if (records.length === 0) {
    findings.push(finding("mta_sts.missing", "low", { domain, mx: hosts }));
    return { findings, records: [evidence] };
  }
  if (records.length > 1) {
    // RFC 8461 §3.1: more than one record means no usable policy.
    findings.push(finding("mta_sts.invalid", "medium", { reason: "multiple_txt_records", records }));
  } else {
    const parsed = parseStsTxt(records[0]!);
    if (parsed.ok) evidence.txt.id = parsed.value.id;
    else
      findings.push(
        finding("mta_sts.invalid", "medium", {
          reason: "txt_syntax",
          detail: parsed.detail,
          record: records[0],
        }),
      );
  }

  const fetch = input.fetch;
  const url = policyUrl(domain);
  let fetchFailed = false;
  if (!fetch) {
    // not fetched (deadline)
  } else if (!fetch.ok) {
    evidence.policy = { url, ...(fetch.address ? { address: fetch.address } : {}) };
    switch (fetch.reason) {
      case "no_address":
        findings.push(
          finding("mta_sts.invalid", "medium", {
            reason: "policy_host_not_found",
            host: `mta-sts.${domain}`,
            detail: fetch.detail,
          }),
        );
        break;
      case "tls_error":
        // RFC 8461 §3.3: the policy host's certificate must be valid for mta-sts.<domain>.
        findings.push(finding("mta_sts.invalid", "medium", { reason: "certificate", detail: fetch.detail }));
        break;
      case "too_large":
        findings.push(finding("mta_sts.invalid", "medium", { reason: "too_large", detail: fetch.detail }));
        break;
      default:
        fetchFailed = true;
        findings.push(
          finding("mta_sts.policy_fetch_failed", "info", { url, reason: fetch.reason, detail: fetch.detail }),
        );
    }
  } else {
    const contentType = fetch.contentType;
    evidence.policy = { url, address: fetch.address, httpStatus: fetch.status, contentType };
    if (fetch.status >= 300 && fetch.status < 400) {
      // RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed".
      findings.push(
        finding("mta_sts.invalid", "medium", {
          reason: "redirect",
          status: fetch.status,
          location: fetch.headers.location ?? null,
        }),
      );
    } else if (fetch.status !== 200) {
      findings.push(finding("mta_sts.invalid", "medium", { reason: "http_status", status: fetch.status }));
    } else if (!/^text\/plain\s*(;|$)/i.test(contentType ?? "")) {
      // RFC 8461 §3.2: the policy is served as text/plain.
      findings.push(finding("mta_sts.invalid", "medium", { reason: "content_type", contentType }));
    } else {
      const { policy, errors } = parsePolicy(fetch.body);
      evidence.policy.text = fetch.body;
      evidence.policy.parsed = policy;
      if (errors.length > 0) {
        findings.push(
          finding("mta_sts.invalid", "medium", {
            reason: `policy_${errors[0]!.code}`,
            detail: errors[0]!.detail,
            errors,
          }),
        );
      } else {
        if (policy.mode === "testing")
          findings.push(finding("mta_sts.testing_mode", "low", { mode: "testing" }));
        if (policy.mode === "none") findings.push(finding("mta_sts.mode_none", "low", { mode: "none" }));
        if (policy.mode !== "none") {
          if (isDnsFailure(mx.status)) findings.push(dnsErrorFinding("mta_sts", mx));
          for (const host of hosts) {
            if (!policy.mx.some((p) => mxMatches(host, p))) {
              // Enforce: compliant senders refuse to deliver to this host (RFC 8461 §5).
              findings.push(
                finding("mta_sts.mx_mismatch", policy.mode === "enforce" ? "high" : "medium", {
                  mx: host,
                  patterns: policy.mx,
                  mode: policy.mode,
                }),
              );
            }
          }
        }
      }
    }
  }
  let status: CheckStatus | undefined;
  if (fetchFailed && statusFromFindings(findings) === "pass") status = "error";
  return { findings, records: [evidence], ...(status ? { status } : {}) };
}

/** What one MX host presented, as the MTA-STS certificate comparison needs it. */
export interface PresentedCertificate {
  host: string;
  /** STARTTLS offered and the handshake done. */
  tls: boolean;
  /** Names of the leaf (SAN dNSNames, else CN). */
  names: string[];
  trusted: boolean;
  expired: boolean;
}

/** A certificate name is within a policy pattern: the same name or wildcard, or a host the pattern covers. */
function nameWithinPattern(name: string, pattern: string): boolean {
  const n = name.toLowerCase();
  const p = canonicalName(pattern);
  return n === p || (!n.startsWith("*.") && mxMatches(n, p));
}

/** RFC 6125 §6.4.3 as RFC 8461 §4.1 uses it: exact, or a wildcard for exactly the leftmost label. */
function certNameCoversHost(name: string, host: string): boolean {
  const n = canonicalName(name);
  const h = canonicalName(host);
  if (n === h) return true;
  return n.startsWith("*.") && mxMatches(h, n);
}

/**
 * RFC 8461 §4.1-§4.2: a policy-compliant sender delivers to an MX host only when the host matches a policy
 * mx pattern AND presents a trusted, unexpired certificate valid for the host's name. Each host the
 * servers presented is checked against the MX name and the policy's patterns; the first reason a
 * compliant sender would refuse it becomes one `mta_sts.cert_mismatch`.
 */
export function certMismatchFindings(
  policy: Pick<StsPolicy, "mode" | "mx">,
  presented: PresentedCertificate[],
): Finding[] {
  if (policy.mode !== "enforce" && policy.mode !== "testing") return [];
  const severity = policy.mode === "enforce" ? "high" : "medium";
  const out: Finding[] = [];
  for (const c of presented) {
    let reason: string | null = null;
    if (!c.tls) reason = "no_tls";
    else if (!c.names.some((n) => policy.mx.some((p) => nameWithinPattern(n, p))))
      reason = "names_outside_policy";
    else if (!c.names.some((n) => certNameCoversHost(n, c.host))) reason = "host_not_named";
    else if (c.expired) reason = "expired";
    else if (!c.trusted) reason = "untrusted";
    if (reason) {
      out.push(
        finding("mta_sts.cert_mismatch", severity, {
          mx: c.host,
          names: c.names,
          patterns: policy.mx,
          mode: policy.mode,
          reason,
        }),
      );
    }
  }
  return out;
}

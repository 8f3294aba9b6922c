/**
 * Pure evaluation of the SMTP TLS probes of a domain's MX hosts: STARTTLS offered (RFC 3207), the
 * certificate's trust, name (RFC 6125 / RFC 7817 §3), validity, the protocol version (RFC 8996 retires TLS
 * 1.0 and 1.1) and key size. A host that could not be reached is "could not determine", never a failure.
 */
import type { CheckStatus, Finding } from "@/lib/checks/types";
import type { DnsAnswer } from "@/lib/dns/types";
import type { RecipientProbe, SmtpProbeResult } from "@/lib/smtp/client";
import type { HostProbe } from "@/lib/smtp/prober";

/** Days before notAfter from which an expiring certificate is reported. */
export const EXPIRY_WARN_DAYS = 14;
/** RSA keys below this are reported (NIST SP 800-57: 2048 bits since 2014). */
export const MIN_RSA_BITS = 2048;
const OLD_PROTOCOLS = new Set(["SSLv3", "TLSv1", "TLSv1.1"]);

export interface MxHost {
  host: string;
  priority: number;
}

/** MX targets by preference, duplicates removed; null MX (RFC 7505) gives none. */
export function mxHostsOf(mx: DnsAnswer<"MX">): MxHost[] {
  if (mx.status !== "ok") return [];
  const seen = new Set<string>();
  const out: MxHost[] = [];
  for (const r of [...mx.answers].sort((a, b) => a.priority - b.priority)) {
    if (!r.exchange || seen.has(r.exchange)) continue;
    seen.add(r.exchange);
    out.push({ host: r.exchange, priority: r.priority });
  }
  return out;
}

export interface CertSummary {
  subject: string;
  issuer: string;
  dnsNames: string[];
  validFrom: string;
  validTo: string;
  keyType: string | null;
  keyBits: number | null;
  fingerprintSha256: string;
}

export interface SmtpHostEvidence {
  host: string;
  priority: number;
  probed: boolean;
  /** Why a host was not probed, or why its probe stopped. */
  reason?: string;
  detail?: string;
  address?: string;
  port?: number;
  banner?: string | null;
  starttls?: boolean;
  extensions?: string[];
  tls?: {
    protocol: string | null;
    cipher: string | null;
    trusted: boolean;
    verifyError: string | null;
    nameMatches: boolean;
    daysToExpiry: number | null;
    chain: CertSummary[];
  } | null;
  recipient?: { address: string; verdict: RecipientVerdict; mail: string | null; rcpt: string | null };
  transcript?: string[];
  elapsedMs?: number;
}

export interface SmtpTlsEvidence {
  kind: "smtp_tls";
  domain: string;
  port: number;
  hosts: SmtpHostEvidence[];
}

export type RecipientVerdict = "rejects_unknown" | "accepts_all" | "deferred" | "not_asked";

/** How the server answered RCPT TO for an address that cannot exist (RFC 5321 §3.3, RFC 3463 5.1.1). */
export function recipientVerdict(r: RecipientProbe | undefined): RecipientVerdict {
  const code = r?.rcpt?.code ?? r?.mail?.code;
  if (code === undefined) return "not_asked";
  if (r?.rcpt && code >= 200 && code < 300) return "accepts_all";
  if (code >= 500) return "rejects_unknown";
  return "deferred";
}

export function evaluateSmtpTls(input: {
  domain: string;
  mx: DnsAnswer<"MX">;
  hosts: MxHost[];
  probes: HostProbe[];
  port: number;
  /** More MX hosts than were probed. */
  skipped?: string[];
}): { findings: Finding[]; records: SmtpTlsEvidence[]; status?: CheckStatus } {
  const findings: Finding[] = [];
  const evidence: SmtpTlsEvidence = { kind: "smtp_tls", domain: input.domain, port: input.port, hosts: [] };
  let unreached = 0;
  input.probes.forEach((probe, i) => {
    const priority = input.hosts[i]?.priority ?? 0;
    const host = probe.host;
    if (!probe.probed) {
      unreached++;
      findings.push(
        finding("smtp_tls.unreachable", "info", {
          host,
          port: input.port,
          reason: probe.reason,
          detail: probe.detail,
        }),
      );
      evidence.hosts.push({ host, priority, probed: false, reason: probe.reason, detail: probe.detail });
      return;
    }
    const r = probe.result;
    evidence.hosts.push(hostEvidence(r, priority));
    if (r.reached === null || r.reached === "connect" || r.reached === "banner") {
      // Never got as far as EHLO: the host's transport is unknown.
      unreached++;
      findings.push(
        finding("smtp_tls.unreachable", "info", {
          host,
          address: r.address,
          port: r.port,
          reason: r.error?.reason ?? "protocol_error",
          stage: r.error?.stage ?? "banner",
          detail: r.error?.detail ?? "",
        }),
      );
      return;
    }
    if (!r.starttlsOffered) {
      findings.push(finding("smtp_tls.no_starttls", "high", { host, address: r.address }));
      return;
    }
    if (!r.tls) {
      findings.push(
        finding("smtp_tls.starttls_failed", "high", {
          host,
          address: r.address,
          stage: r.error?.stage ?? "tls",
          detail: r.error?.detail ?? "",
        }),
      );
      return;
    }
    findings.push(...tlsFindings(host, r));
  });
  for (const host of input.skipped ?? []) {
    findings.push(finding("smtp_tls.host_limit", "info", { host }));
  }
  const worst = findings.some((f) => f.severity === "high" || f.severity === "critical")
    ? "fail"
    : findings.some((f) => f.severity === "medium" || f.severity === "low")
      ? "warn"
      : "pass";
  // Hosts we could not reach leave the answer open unless a reached host already shows a problem.
  const status: CheckStatus | undefined = unreached > 0 && worst === "pass" ? "error" : undefined;
  return { findings, records: [evidence], ...(status ? { status } : {}) };
}

function tlsFindings(host: string, r: SmtpProbeResult): Finding[] {
  const tls = r.tls!;
  const out: Finding[] = [];
  const leaf = tls.chain[0];
  const days = tls.daysToExpiry;
  const expired = days !== null && (days < 0 || tls.verifyError === "CERT_HAS_EXPIRED");
  if (expired) {
    out.push(finding("smtp_tls.cert_expired", "high", { host, validTo: leaf?.validTo ?? null, days }));
  } else if (days !== null && days <= EXPIRY_WARN_DAYS) {
    out.push(finding("smtp_tls.cert_expiring", "low", { host, days, validTo: leaf?.validTo ?? null }));
  }
  if (!tls.trusted && !(expired && tls.verifyError === "CERT_HAS_EXPIRED")) {
    out.push(
      finding("smtp_tls.cert_untrusted", "medium", {
        host,
        error: tls.verifyError,
        issuer: leaf?.issuer ?? null,
        selfSigned: leaf?.selfSigned ?? false,
      }),
    );
  }
  if (!tls.nameMatches) {
    out.push(
      finding("smtp_tls.cert_name_mismatch", "medium", {
        host,
        names: leaf ? (leaf.dnsNames.length ? leaf.dnsNames : leaf.commonName ? [leaf.commonName] : []) : [],
      }),
    );
  }
  if (tls.protocol && OLD_PROTOCOLS.has(tls.protocol)) {
    out.push(finding("smtp_tls.old_protocol", "medium", { host, version: tls.protocol }));
  }
  if (leaf?.keyType === "rsa" && leaf.keyBits !== null && leaf.keyBits < MIN_RSA_BITS) {
    out.push(finding("smtp_tls.weak_key", "medium", { host, bits: leaf.keyBits }));
  }
  if (r.recipient) {
    const verdict = recipientVerdict(r.recipient);
    if (verdict === "accepts_all") {
      out.push(finding("smtp_tls.accepts_unknown_recipients", "low", { host, address: r.recipient.address }));
    } else if (verdict === "deferred") {
      out.push(
        finding("smtp_tls.recipient_deferred", "info", {
          host,
          reply: `${r.recipient.rcpt?.code ?? r.recipient.mail?.code ?? ""}`,
        }),
      );
    }
  }
  return out;
}

function hostEvidence(r: SmtpProbeResult, priority: number): SmtpHostEvidence {
  return {
    host: r.host,
    priority,
    probed: true,
    address: r.address,
    port: r.port,
    ...(r.error ? { reason: r.error.reason, detail: `${r.error.stage}: ${r.error.detail}` } : {}),
    banner: r.banner ? `${r.banner.code} ${r.banner.text.split("\n")[0] ?? ""}` : null,
    starttls: r.starttlsOffered,
    extensions: r.extensions,
    tls: r.tls
      ? {
          protocol: r.tls.protocol,
          cipher: r.tls.cipher,
          trusted: r.tls.trusted,
          verifyError: r.tls.verifyError,
          nameMatches: r.tls.nameMatches,
          daysToExpiry: r.tls.daysToExpiry,
          chain: r.tls.chain.map((c) => ({
            subject: c.subject,
            issuer: c.issuer,
            dnsNames: c.dnsNames,
            validFrom: c.validFrom,
            validTo: c.validTo,
            keyType: c.keyType,
            keyBits: c.keyBits,
            fingerprintSha256: c.fingerprintSha256,
          })),
        }
      : null,
    ...(r.recipient
      ? {
          recipient: {
            address: r.recipient.address,
            verdict: recipientVerdict(r.recipient),
            mail: r.recipient.mail ? `${r.recipient.mail.code} ${r.recipient.mail.text}` : null,
            rcpt: r.recipient.rcpt ? `${r.recipient.rcpt.code} ${r.recipient.rcpt.text}` : null,
          },
        }
      : {}),
    transcript: r.transcript,
    elapsedMs: r.elapsedMs,
  };
}

function finding(code: string, severity: Finding["severity"], params: Record<string, unknown>): Finding {
  return { code, severity, params };
}

import type { Resolver } from "@/lib/dns/types";
import type { SmtpProber } from "@/lib/smtp/prober";
import type { DnsblZone } from "./dnsbl/zones";

export const CHECK_NAMES = [
  "spf",
  "dmarc",
  "dkim",
  "mx",
  "ptr",
  "dnsbl",
  "mta_sts",
  "tls_rpt",
  "bimi",
  "dnssec",
  "smtp_tls",
  "dane",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** `error` means "could not determine" (timeout, SERVFAIL, REFUSED): never scored as a failure. */
export type CheckStatus = "pass" | "warn" | "fail" | "error" | "info" | "skipped";
export type Severity = "critical" | "high" | "medium" | "low" | "info";

export interface Finding {
  /** Stable code, `<check>.<what>` (e.g. "spf.too_many_lookups"); words and fixes live in lib/findings. */
  code: string;
  severity: Severity;
  params: Record<string, unknown>;
}

export interface CheckResult {
  check: CheckName;
  status: CheckStatus;
  findings: Finding[];
  /** What was found, for the evidence panel (records, parsed trees, policies). JSON-serializable. */
  records: unknown[];
  /** DNS questions this check asked (answers shared with other checks through the report's cache count too). */
  queries: number;
  durationMs: number;
}

export interface CheckContext {
  resolver: Resolver;
  /** A-label (punycode), lower-case, no trailing dot. */
  domain?: string;
  /** Sending IP, canonical text form. */
  ip?: string;
  /** HELO/EHLO name the sending IP uses (SPF verdict with `ip`; defaults to the domain). */
  helo?: string;
  /** Envelope sender (MAIL FROM) address for the SPF verdict with `ip` (defaults to postmaster@domain). */
  sender?: string;
  /** DKIM selectors given by the user (the built-in list is added by the check). */
  selectors?: string[];
  /**
   * DNSSEC trust anchor for our own validation (dnssec, dane), in MXRAY_TRUST_ANCHOR's forms; default
   * that setting, then the root's KSKs. Tests use a fixture root.
   */
  trustAnchor?: string;
  /** Aborted at the report's deadline; checks stop issuing queries and return what they have. */
  signal?: AbortSignal;
  /**
   * DNSBL configuration; unset fields fall back to MXRAY_DNSBL_ZONES, MXRAY_DNSBL_DOMAIN_ZONES,
   * MXRAY_SPAMHAUS_DQS_KEY and then the built-in lists. Zones by name or as full zone data.
   */
  dnsbl?: { ipZones?: (string | DnsblZone)[]; domainZones?: (string | DnsblZone)[]; dqsKey?: string };
  /**
   * HTTPS probes (MTA-STS policy fetch). Test/sandbox only: a CA to trust instead of the system roots
   * and a port to use instead of 443, because tests cannot own 443 or a publicly trusted certificate.
   */
  https?: { ca?: string | string[]; port?: number };
  /**
   * SMTP probes of the MX hosts (smtp_tls, dane, mta_sts). `prober` is the report's, shared so each host is
   * connected to once per report; without it a check makes its own from the other fields. `ca` and `port`
   * are for tests and sandboxes (MXRAY_SMTP_PROBE_PORT also sets the port); `probeRecipients` turns on the
   * RCPT TO probe of a random address (off by default).
   */
  smtp?: { prober?: SmtpProber; ca?: string | string[]; port?: number; probeRecipients?: boolean };
}

export type Check = (ctx: CheckContext) => Promise<CheckResult>;

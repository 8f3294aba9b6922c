import type { Resolver } from "@/lib/dns/types";
import type { SmtpProber } from "@/lib/smtp/prober";
import type { Severity } from "@/lib/findings/severity";
import type { DnsblZone } from "./dnsbl/zones";
import type { CheckName, Evidence } from "./registry";

/** The report keys of the checks and their evidence, derived from the registry (lib/checks/registry.ts). */
export type { CheckName, Evidence } from "./registry";

/** `error` means "could not determine" (timeout, SERVFAIL, REFUSED): never scored as a failure. */
export type CheckStatus = "pass" | "warn" | "fail" | "error" | "info" | "skipped";
export type { Severity } from "@/lib/findings/severity";

export interface Finding {
  /** Stable code, `<check>.<what>` (e.g. "spf.too_many_lookups"); words and fixes live in lib/findings. */
  code: string;
  severity: Severity;
  params: Record<string, unknown>;
}

/** What every check result carries, whichever check it is. */
export interface CheckResultBase {
  status: CheckStatus;
  findings: Finding[];
  /** DNS questions this check asked (answers shared with other checks through the report's cache count too). */
  queries: number;
  durationMs: number;
}

/**
 * What one check's run returns: its name and its own evidence records (`R`). Kept free of the registry's
 * types so a check's descriptor can be inferred from its run function without a cycle.
 */
export interface CheckRun<N extends string = string, R = unknown> extends CheckResultBase {
  check: N;
  /** What was found, for the evidence panel (records, parsed trees, policies). JSON-serializable. */
  records: R[];
}

/**
 * A check's result in a report. `CheckResult<"spf">` has the SPF check's typed evidence
 * (`records: Evidence["spf"]`); plain `CheckResult` is any check's, whose records are not known until
 * its name is.
 */
export interface CheckResult<N extends CheckName = CheckName> extends CheckResultBase {
  check: N;
  records: [CheckName] extends [N] ? unknown[] : Evidence[N];
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

/** A check's run function: `N` its report key, `R` the type of its evidence records. */
export type Check<N extends string = string, R = unknown> = (ctx: CheckContext) => Promise<CheckRun<N, R>>;

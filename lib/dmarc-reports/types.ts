/**
 * What receivers send back: DMARC aggregate reports (RFC 7489 appendix C; RFC 9990) and SMTP TLS reports
 * (RFC 8460). Plain data, shared by the readers, the store, the CLI and the pages.
 */

export type ReportKind = "aggregate" | "tls";

/** policy_published: the DMARC record the receiver applied (RFC 7489 §7.2.1.1; RFC 9990 adds np, testing). */
export interface PublishedPolicy {
  domain: string;
  p: string | null;
  sp: string | null;
  np: string | null;
  adkim: string | null;
  aspf: string | null;
  pct: number | null;
  fo: string | null;
  testing: string | null;
}

/** The report's header: enough to identify it (org + report id) and to file it under a domain. */
export interface AggregateMeta {
  kind: "aggregate";
  orgName: string;
  email: string | null;
  reportId: string;
  /** The domain the report is about (policy_published/domain), lower case. */
  domain: string;
  begin: Date;
  end: Date;
  policy: PublishedPolicy;
  /** RFC 9990 reports carry a namespace; older ones none. */
  format: "rfc7489" | "rfc9990";
}

export type AuthResult = string;

/** One <record>: a source IP and identifiers, the policy evaluated and the raw SPF/DKIM results. */
export interface AggregateRecord {
  sourceIp: string;
  count: number;
  disposition: string;
  /** policy_evaluated/dkim and /spf: DMARC-aligned pass or fail (RFC 7489 appendix C, DMARCResultType). */
  dkimAligned: "pass" | "fail";
  spfAligned: "pass" | "fail";
  reasons: string[];
  headerFrom: string | null;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  dkim: { domain: string; selector: string | null; result: AuthResult }[];
  spf: { domain: string; scope: string | null; result: AuthResult }[];
}

export interface TlsFailure {
  resultType: string;
  sendingMtaIp: string | null;
  receivingMxHostname: string | null;
  receivingIp: string | null;
  failedSessionCount: number;
  failureReasonCode: string | null;
}

export interface TlsPolicy {
  policyType: string;
  policyDomain: string;
  mxHost: string | null;
  successful: number;
  failed: number;
  failures: TlsFailure[];
}

/** RFC 8460 §4.4: one JSON report. */
export interface TlsReport {
  kind: "tls";
  orgName: string;
  contactInfo: string | null;
  reportId: string;
  begin: Date;
  end: Date;
  policies: TlsPolicy[];
}

/** What was read from one report, as the API and the CLI list it. */
export interface ReadReport {
  kind: ReportKind;
  orgName: string;
  reportId: string;
  domain: string;
  begin: string;
  end: string;
  /** Aggregate: the sum of record counts. TLS: successful + failed sessions. */
  messageCount: number;
  records: number;
  /** Where it came from: a file name, "entry.xml in x.zip", "attachment a.xml.gz of mail.eml". */
  source: string;
  warnings: string[];
  /** Already kept (same reporting org and report id): counted once. */
  duplicate: boolean;
}

/** Something that could not be read, with the reason a person can act on. */
export interface RefusedInput {
  source: string;
  reason: string;
}

import type { CheckName, CheckStatus } from "./types";

export const CHECK_LABELS: Record<CheckName, { name: string; about: string }> = {
  spf: { name: "SPF", about: "Which servers may send mail for the domain (RFC 7208)." },
  dkim: { name: "DKIM", about: "Public keys receivers use to verify message signatures (RFC 6376)." },
  dmarc: {
    name: "DMARC",
    about: "What receivers do with mail that fails SPF and DKIM alignment (RFC 9989).",
  },
  mx: { name: "MX", about: "Where mail for the domain is delivered (RFC 5321, RFC 7505)." },
  ptr: { name: "Reverse DNS", about: "The sending IP's PTR name and whether it resolves back (FCrDNS)." },
  dnsbl: { name: "Blocklists", about: "Whether the IP or domain is listed on DNS blocklists (RFC 5782)." },
  mta_sts: {
    name: "MTA-STS",
    about: "A policy that makes senders require TLS to the domain's MX (RFC 8461).",
  },
  tls_rpt: { name: "TLS-RPT", about: "Where senders report TLS delivery failures (RFC 8460)." },
  bimi: { name: "BIMI", about: "The brand logo shown by supporting mailboxes." },
  dnssec: { name: "DNSSEC", about: "Whether the domain's DNS answers are signed and validate." },
  smtp_tls: {
    name: "SMTP TLS",
    about: "Whether each MX host offers STARTTLS with a valid certificate for its name (RFC 3207).",
  },
  dane: {
    name: "DANE",
    about: "TLSA records of each MX host matched against the certificate it presents (RFC 7672).",
  },
};

export const STATUS_LABELS: Record<CheckStatus, string> = {
  pass: "Pass",
  warn: "Warning",
  fail: "Fail",
  error: "Unknown",
  info: "Info",
  skipped: "Skipped",
};

import { findingCatalogue } from "@/lib/findings/types";

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

/** Where to run mxray when outbound port 25 is blocked. */
export const PORT_25_ADVICE =
  "Outbound port 25 is blocked by most home ISPs and cloud providers (AWS, GCP, Azure by default), so a probe " +
  "from there cannot reach any mail server. Run mxray (npm run mxray -- check <domain>) on a host where " +
  "outbound port 25 is open, such as a mail server of your own, to see this check's result.";

export const catalogue = findingCatalogue({
  "smtp_tls.unreachable": {
    severity: "info",
    title: "An MX host could not be reached on port 25",
    meaning:
      "mxray could not hold an SMTP conversation with this MX host, so its STARTTLS and certificate are unknown. " +
      'This is reported as "could not determine", never as a failure. ' +
      PORT_25_ADVICE,
    describe: (p) => {
      const where = `${str(p.host)}${p.address ? ` (${str(p.address)})` : ""} port ${String(p.port ?? 25)}`;
      switch (p.reason) {
        case "address_not_public":
          return `${where}: not connected to, ${str(p.detail)}.`;
        case "dns_error":
        case "no_address":
          return `${where}: ${str(p.detail)}.`;
        case "host_limit":
          return `${str(p.host)} was not probed: ${str(p.detail)}.`;
        default:
          return `${where}: ${str(p.detail, str(p.reason))}${p.stage ? ` (at ${str(p.stage)})` : ""}. Outbound port 25 may be blocked where mxray runs.`;
      }
    },
    fix: () => ({ text: PORT_25_ADVICE }),
  },
  "smtp_tls.no_starttls": {
    severity: "high",
    title: "An MX host does not offer STARTTLS",
    meaning:
      "Without STARTTLS (RFC 3207) mail to this host travels in clear text, and MTA-STS or DANE cannot protect " +
      "it. Every major mailbox provider offers it and expects it.",
    describe: (p) => `${str(p.host)} did not list STARTTLS in its EHLO reply.`,
    fix: (ctx) => ({
      text:
        `Enable STARTTLS on ${str(ctx.params.host)} with a certificate for that name (Postfix: ` +
        "smtpd_tls_security_level = may, smtpd_tls_chain_files = key.pem, fullchain.pem; Exim: tls_advertise_hosts = *).",
    }),
  },
  "smtp_tls.starttls_failed": {
    severity: "high",
    title: "STARTTLS is offered but the TLS handshake fails",
    meaning:
      "The host advertises STARTTLS but the upgrade fails, so senders either fall back to clear text or cannot " +
      "deliver at all when they require TLS.",
    describe: (p) => `${str(p.host)}: ${str(p.detail)} (at ${str(p.stage)}).`,
    fix: (ctx) => ({
      text: `Check the TLS configuration of ${str(ctx.params.host)}: certificate and key files, and TLS 1.2/1.3 enabled.`,
    }),
  },
  "smtp_tls.cert_untrusted": {
    severity: "medium",
    title: "An MX host's certificate is not trusted",
    meaning:
      "The certificate does not chain to a publicly trusted root (self-signed, or an intermediate is missing). " +
      "Opportunistic TLS still works, but MTA-STS senders refuse the host, and DANE-TA needs the full chain.",
    describe: (p) =>
      `${str(p.host)}: ${p.selfSigned ? "self-signed certificate" : str(p.error, "verification failed")}${p.issuer ? ` (issuer ${str(p.issuer)})` : ""}.`,
    fix: (ctx) => ({
      text:
        `Install a certificate from a public CA for ${str(ctx.params.host)} (Let's Encrypt works) and serve the ` +
        "full chain (leaf then intermediates).",
    }),
  },
  "smtp_tls.cert_name_mismatch": {
    severity: "medium",
    title: "An MX host's certificate does not name the host",
    meaning:
      "Senders that authenticate the server (MTA-STS, RFC 8461 §4.2; DANE-TA) check that the certificate names " +
      "the MX host; this one does not.",
    describe: (p) =>
      `${str(p.host)} presented a certificate for ${((p.names as string[]) ?? []).join(", ") || "no DNS name"}.`,
    fix: (ctx) => ({
      text: `Issue the certificate with ${str(ctx.params.host)} among its subject alternative names.`,
    }),
  },
  "smtp_tls.cert_expired": {
    severity: "high",
    title: "An MX host's certificate has expired",
    meaning:
      "Senders that authenticate the server (MTA-STS, DANE-TA) refuse an expired certificate and mail to the " +
      "domain stops.",
    describe: (p) => `${str(p.host)}: the certificate expired on ${str(p.validTo)}.`,
    fix: (ctx) => ({ text: `Renew the certificate of ${str(ctx.params.host)} and reload the mail server.` }),
  },
  "smtp_tls.cert_expiring": {
    severity: "low",
    title: "An MX host's certificate expires soon",
    meaning: "The certificate expires within two weeks; renewal may not be working.",
    describe: (p) => `${str(p.host)}: the certificate expires in ${String(p.days)} days (${str(p.validTo)}).`,
    fix: (ctx) => ({
      text: `Renew the certificate of ${str(ctx.params.host)} now and check that automatic renewal reloads the mail server.`,
    }),
  },
  "smtp_tls.old_protocol": {
    severity: "medium",
    title: "An MX host negotiates an outdated TLS version",
    meaning: "TLS 1.0 and 1.1 are deprecated (RFC 8996); the host should offer TLS 1.2 and 1.3.",
    describe: (p) => `${str(p.host)} negotiated ${str(p.version)} as its best protocol.`,
    fix: (ctx) => ({
      text: `Enable TLS 1.2 and 1.3 on ${str(ctx.params.host)} (Postfix: smtpd_tls_protocols = >=TLSv1.2 once clients allow).`,
    }),
  },
  "smtp_tls.weak_key": {
    severity: "medium",
    title: "An MX host's certificate key is too short",
    meaning: "RSA keys shorter than 2048 bits are no longer considered safe.",
    describe: (p) => `${str(p.host)} uses a ${String(p.bits)}-bit RSA key.`,
    fix: (ctx) => ({
      text: `Issue a new certificate for ${str(ctx.params.host)} with a 2048-bit (or longer) RSA or a P-256 key.`,
    }),
  },
  "smtp_tls.accepts_unknown_recipients": {
    severity: "low",
    title: "An MX host accepts mail for addresses that do not exist",
    meaning:
      "The host accepted RCPT TO for a random address. Mail to mistyped addresses is then bounced later by the " +
      "server itself (backscatter to forged senders) instead of being refused during the SMTP session.",
    describe: (p) => `${str(p.host)} accepted RCPT TO:<${str(p.address)}>.`,
    fix: (ctx) => ({
      text: `Make ${str(ctx.params.host)} reject unknown recipients at RCPT TO with 550 5.1.1 (recipient validation).`,
    }),
  },
  "smtp_tls.recipient_deferred": {
    severity: "info",
    title: "An MX host deferred the recipient probe",
    meaning:
      "The host answered the probe of a random address with a temporary error (greylisting, rate limits): how it " +
      "treats unknown recipients could not be seen.",
    describe: (p) => `${str(p.host)} answered ${str(p.reply)}.`,
  },
  "smtp_tls.host_limit": {
    severity: "info",
    title: "Not every MX host was probed",
    meaning: "mxray connects to at most 10 MX hosts per report.",
    describe: (p) => `${str(p.host)} was not probed.`,
  },
  "smtp_tls.no_mx": {
    severity: "info",
    title: "No MX host to connect to",
    meaning:
      "The domain has no MX records (or a null MX): there is no mail server whose TLS could be checked.",
    describe: (p) => `${str(p.domain)} has no MX host.`,
  },
  "smtp_tls.dns_error": {
    severity: "info",
    title: "The MX lookup for the TLS probe could not be completed",
    meaning: "A DNS query timed out or was refused (SERVFAIL, REFUSED): the result could not be determined.",
    describe: (p) =>
      `${str(p.name)} ${str(p.type)}: ${str(p.status)}${p.detail ? ` (${str(p.detail)})` : ""}.`,
  },
});

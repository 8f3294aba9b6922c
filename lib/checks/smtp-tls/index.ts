import type { SmtpTlsEvidence } from "./parse";
import { dnsErrorFinding, runCheck } from "@/lib/checks/result";
import type { Check, CheckContext } from "@/lib/checks/types";
import type { Resolver } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { MAX_PROBE_HOSTS, SmtpProber, type HostProbe } from "@/lib/smtp/prober";
import { evaluateSmtpTls, mxHostsOf, type MxHost } from "./parse";

/** The report's prober, or one of the check's own (tests calling a check directly). */
export function proberFor(ctx: CheckContext): SmtpProber {
  return (
    ctx.smtp?.prober ??
    new SmtpProber({
      ...(ctx.smtp?.ca ? { ca: ctx.smtp.ca } : {}),
      ...(ctx.smtp?.port ? { port: ctx.smtp.port } : {}),
      ...(ctx.smtp?.probeRecipients && ctx.domain ? { probeRecipientDomain: ctx.domain } : {}),
    })
  );
}

/** The domain's MX hosts (at most MAX_PROBE_HOSTS) and each one's probe, all hosts at once. */
export async function probeMxHosts(
  ctx: CheckContext,
  resolver: Resolver,
  prober: SmtpProber,
  hosts: MxHost[],
): Promise<HostProbe[]> {
  return Promise.all(hosts.slice(0, MAX_PROBE_HOSTS).map((h) => prober.probe(h.host, resolver, ctx.signal)));
}

/**
 * SMTP TLS of every MX host: one connection each (shared with the mta_sts and dane checks through the
 * report's prober), banner, EHLO, STARTTLS, the certificate; never MAIL FROM unless the recipient probe
 * was asked for. Only public addresses are connected to unless MXRAY_ALLOW_PRIVATE=1.
 */
export const smtpTlsCheck: Check<"smtp_tls", SmtpTlsEvidence> = (ctx) =>
  runCheck("smtp_tls", ctx, async (resolver) => {
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };
    const mx = await resolver.query(domain, "MX");
    if (isDnsFailure(mx.status)) return { findings: [dnsErrorFinding("smtp_tls", mx)], records: [] };
    const hosts = mxHostsOf(mx);
    if (hosts.length === 0) {
      // No MX, or a null MX (RFC 7505): nothing to connect to; the mx check reports why.
      return {
        findings: [{ code: "smtp_tls.no_mx", severity: "info", params: { domain } }],
        records: [],
        status: "info",
      };
    }
    const prober = proberFor(ctx);
    const probes = await probeMxHosts(ctx, resolver, prober, hosts);
    return evaluateSmtpTls({
      domain,
      mx,
      hosts,
      probes,
      port: prober.port,
      skipped: hosts.slice(MAX_PROBE_HOSTS).map((h) => h.host),
    });
  });

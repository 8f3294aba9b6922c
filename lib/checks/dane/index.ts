import { dnsErrorFinding, finding, runCheck } from "@/lib/checks/result";
import { mxHostsOf } from "@/lib/checks/smtp-tls/parse";
import { proberFor } from "@/lib/checks/smtp-tls";
import type { Check, CheckStatus, Finding } from "@/lib/checks/types";
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { MAX_PROBE_HOSTS, type HostProbe } from "@/lib/smtp/prober";
import { matchTlsa, tlsaText, usable, type TlsaMatch } from "./parse";

export { matchTlsa, associationData } from "./parse";

export type DaneVerdict = "valid" | "mismatch" | "unverified" | "none";

export interface DaneHostEvidence {
  host: string;
  tlsaName: string;
  tlsa: string[];
  /** The resolver validated the TLSA answer (AD bit, RFC 4035 §3.2.3). */
  authenticated: boolean;
  verdict: DaneVerdict;
  matches: TlsaMatch[];
  detail?: string;
}

export interface DaneEvidence {
  kind: "dane";
  domain: string;
  method: "AD bit from the configured resolver";
  hosts: DaneHostEvidence[];
}

/**
 * DANE (RFC 7672) of every MX host: TLSA at _25._tcp.<mx> asked with DO, and, where there are records,
 * matched against the chain the host presents (the report's shared SMTP probe).
 */
export const daneCheck: Check<"dane", DaneEvidence> = (ctx) =>
  runCheck("dane", ctx, async (resolver) => {
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };
    const mx = await resolver.query(domain, "MX");
    if (isDnsFailure(mx.status)) return { findings: [dnsErrorFinding("dane", mx)], records: [] };
    const hosts = mxHostsOf(mx).slice(0, MAX_PROBE_HOSTS);
    if (hosts.length === 0) {
      return { findings: [finding("dane.no_tlsa", "info", { domain })], records: [], status: "info" };
    }
    const tlsa = await Promise.all(
      hosts.map((h) => resolver.query(`_25._tcp.${h.host}`, "TLSA", { dnssec: true })),
    );
    const findings: Finding[] = [];
    const evidence: DaneEvidence = {
      kind: "dane",
      domain,
      method: "AD bit from the configured resolver",
      hosts: [],
    };
    const failures = tlsa.filter((a) => isDnsFailure(a.status));
    for (const f of failures) findings.push(dnsErrorFinding("dane", f));
    const withRecords = hosts.filter((_, i) => tlsa[i]!.status === "ok" && tlsa[i]!.answers.length > 0);
    if (withRecords.length === 0) {
      if (failures.length === 0) findings.push(finding("dane.no_tlsa", "info", { domain }));
      return {
        findings,
        records: [],
        status: failures.length > 0 ? "error" : "info",
      };
    }
    const prober = proberFor(ctx);
    const probes = new Map<string, HostProbe>();
    await Promise.all(
      withRecords.map(async (h) => probes.set(h.host, await prober.probe(h.host, resolver, ctx.signal))),
    );
    let unverified = 0;
    hosts.forEach((h, i) => {
      const answer = tlsa[i]! as DnsAnswer<"TLSA">;
      const records = answer.status === "ok" ? answer.answers : [];
      const ev: DaneHostEvidence = {
        host: h.host,
        tlsaName: `_25._tcp.${h.host}`,
        tlsa: records.map(tlsaText),
        authenticated: answer.authenticated,
        verdict: "none",
        matches: [],
      };
      evidence.hosts.push(ev);
      if (records.length === 0) {
        // RFC 7672 §2.2.1: a host without TLSA records is not DANE-protected while others are.
        if (answer.status !== "ok" && !isDnsFailure(answer.status) && withRecords.length > 0) {
          findings.push(finding("dane.host_without_tlsa", "low", { host: h.host }));
        }
        return;
      }
      if (!answer.authenticated) findings.push(finding("dane.tlsa_unsigned", "medium", { host: h.host }));
      const usableCount = records.filter(usable).length;
      if (usableCount === 0) {
        findings.push(
          finding("dane.tlsa_mismatch", "high", {
            host: h.host,
            reason: "no_usable_records",
            records: ev.tlsa,
          }),
        );
        ev.verdict = "mismatch";
        return;
      }
      if (usableCount === 1)
        findings.push(finding("dane.rollover_unsafe", "low", { host: h.host, count: 1 }));
      const probe = probes.get(h.host);
      const result = probe?.probed ? probe.result : undefined;
      if (
        !result ||
        (!result.tls &&
          (result.reached === null || result.reached === "connect" || result.reached === "banner"))
      ) {
        unverified++;
        ev.verdict = "unverified";
        ev.detail = probe && !probe.probed ? probe.detail : (result?.error?.detail ?? "not reached");
        findings.push(finding("dane.not_verified", "info", { host: h.host, detail: ev.detail }));
        return;
      }
      if (!result.tls) {
        // TLSA records make TLS mandatory for DANE senders (RFC 7672 §2.2): no STARTTLS means no delivery.
        ev.verdict = "mismatch";
        ev.detail = result.starttlsOffered ? "the TLS handshake failed" : "STARTTLS is not offered";
        findings.push(
          finding("dane.tlsa_mismatch", "high", {
            host: h.host,
            reason: result.starttlsOffered ? "tls_failed" : "no_starttls",
            records: ev.tlsa,
          }),
        );
        return;
      }
      ev.matches = matchTlsa(records, result.tls.chain, { host: h.host, domain });
      if (ev.matches.some((m) => m.valid)) ev.verdict = "valid";
      else {
        ev.verdict = "mismatch";
        findings.push(
          finding("dane.tlsa_mismatch", "high", {
            host: h.host,
            reason: "no_match",
            records: ev.tlsa,
            presented: result.tls.chain.map((c) => c.subject),
          }),
        );
      }
    });
    const bad = findings.some((f) => f.severity !== "info");
    const status: CheckStatus | undefined =
      !bad && (unverified > 0 || failures.length > 0) ? "error" : undefined;
    return { findings, records: [evidence], ...(status ? { status } : {}) };
  });

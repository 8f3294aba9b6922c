import { dnsErrorFinding, finding, runCheck } from "@/lib/checks/result";
import { mxHostsOf } from "@/lib/checks/smtp-tls/parse";
import { proberFor } from "@/lib/checks/smtp-tls";
import type { Check, CheckStatus, Finding } from "@/lib/checks/types";
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { MAX_PROBE_HOSTS, type HostProbe } from "@/lib/smtp/prober";
import { validatorFor, type Validation } from "@/lib/dns/dnssec";
import { matchTlsa, tlsaText, usable, type TlsaMatch } from "./parse";

export type DaneVerdict = "valid" | "mismatch" | "unverified" | "none";

export interface DaneHostEvidence {
  host: string;
  tlsaName: string;
  tlsa: string[];
  /** The resolver set AD on the TLSA answer (RFC 4035 §3.2.3): evidence only, our validation decides. */
  authenticated: boolean;
  /** Our own DNSSEC validation of the TLSA RRset from the trust anchor (RFC 7672 §2.2 needs "secure"). */
  dnssec?: Validation["security"];
  dnssecReason?: string;
  verdict: DaneVerdict;
  matches: TlsaMatch[];
  detail?: string;
}

export interface DaneEvidence {
  kind: "dane";
  domain: string;
  method: "TLSA validated by mxray from the trust anchor";
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
      // DO and CD, as our validator asks: the same question, sent once.
      hosts.map((h) =>
        resolver.query(`_25._tcp.${h.host}`, "TLSA", { dnssec: true, checkingDisabled: true }),
      ),
    );
    const findings: Finding[] = [];
    const evidence: DaneEvidence = {
      kind: "dane",
      domain,
      method: "TLSA validated by mxray from the trust anchor",
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
    // RFC 7672 §2.2: TLSA records count only when DNSSEC validates them ("secure"). We validate ourselves.
    const security = new Map<string, Validation>();
    let validator: ReturnType<typeof validatorFor> | undefined;
    let anchorError: string | undefined;
    try {
      validator = validatorFor(resolver, ctx.trustAnchor);
    } catch (e) {
      anchorError = (e as Error).message;
    }
    await Promise.all(
      withRecords.map(async (h) =>
        security.set(
          h.host,
          validator
            ? await validator.validate(`_25._tcp.${h.host}`, "TLSA")
            : { security: "indeterminate", reason: anchorError, chain: [] },
        ),
      ),
    );
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
      const v = security.get(h.host);
      ev.dnssec = v?.security ?? "indeterminate";
      if (v?.reason) ev.dnssecReason = v.reason;
      if (ev.dnssec === "insecure") {
        findings.push(finding("dane.tlsa_unsigned", "medium", { host: h.host, reason: v?.reason ?? "" }));
      } else if (ev.dnssec === "bogus") {
        findings.push(finding("dane.tlsa_bogus", "high", { host: h.host, reason: v?.reason ?? "" }));
      } else if (ev.dnssec === "indeterminate") {
        findings.push(
          finding("dane.dns_error", "info", {
            name: ev.tlsaName,
            type: "TLSA",
            status: "indeterminate",
            ...(v?.reason ? { detail: v.reason } : {}),
          }),
        );
      }
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
    const undetermined = findings.some((f) => f.code === "dane.dns_error");
    const status: CheckStatus | undefined =
      !bad && (unverified > 0 || failures.length > 0 || undetermined) ? "error" : undefined;
    return { findings, records: [evidence], ...(status ? { status } : {}) };
  });

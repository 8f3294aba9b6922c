/**
 * One report's SMTP probes. The smtp_tls, mta_sts and dane checks all need what each MX host presents;
 * the prober connects once per host per report (memoized), at most MAX_PROBE_HOSTS hosts, and only to
 * addresses the probe guard allows (public unicast, or anything but documentation space with
 * MXRAY_ALLOW_PRIVATE=1).
 */
import { canonicalName } from "@/lib/dns/names";
import { randomBytes } from "node:crypto";
import { parseConfig } from "@/lib/config";
import type { Resolver } from "@/lib/dns/types";
import { addressScope, allowPrivateFromEnv } from "@/lib/net/ip";
import { resolveProbeTarget } from "@/lib/net/probe-target";
import { probeSmtp, type SmtpProbeResult } from "./client";

/** At most this many MX hosts are connected to for one report. */
export const MAX_PROBE_HOSTS = 10;
/**
 * Per-step timeout. Short on purpose: a report's default deadline is 10 s, and the checks waiting for a
 * probe must still answer within it; a healthy MX answers each step in well under a second.
 */
export const PROBE_STEP_TIMEOUT_MS = 4_000;
/** The whole probe of one host (resolution, every address tried, every step). */
export const PROBE_TOTAL_TIMEOUT_MS = 7_000;

export interface ProbeSettings {
  /** Port on each MX host; default MXRAY_SMTP_PROBE_PORT, then 25. */
  port?: number;
  /** CA(s) to trust instead of the system roots (tests; NODE_EXTRA_CA_CERTS adds to the system roots). */
  ca?: string | string[];
  stepTimeoutMs?: number;
  totalTimeoutMs?: number;
  allowPrivate?: boolean;
  /** Domain whose random address is asked at RCPT TO (the recipient probe, off unless set). */
  probeRecipientDomain?: string;
}

export type HostProbe =
  | {
      host: string;
      probed: true;
      result: SmtpProbeResult;
      /** Every usable address found. */ addresses: string[];
    }
  | {
      host: string;
      probed: false;
      reason: "dns_error" | "no_address" | "address_not_public" | "timeout" | "host_limit" | "aborted";
      detail: string;
      addresses?: string[];
    };

export function probePortFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return parseConfig(env).MXRAY_SMTP_PROBE_PORT;
}

export class SmtpProber {
  private readonly memo = new Map<string, Promise<HostProbe>>();
  /** TCP connections opened so far. */
  connections = 0;

  constructor(private readonly settings: ProbeSettings = {}) {}

  get port(): number {
    return this.settings.port ?? probePortFromEnv() ?? 25;
  }

  /** The probe of one MX host, started once per report whoever asks first. */
  probe(host: string, resolver: Resolver, signal?: AbortSignal): Promise<HostProbe> {
    const key = canonicalName(host);
    let p = this.memo.get(key);
    if (!p) {
      if (this.memo.size >= MAX_PROBE_HOSTS) {
        return Promise.resolve({
          host: key,
          probed: false,
          reason: "host_limit",
          detail: `only the first ${MAX_PROBE_HOSTS} MX hosts are probed`,
        });
      }
      p = this.run(key, resolver, signal);
      this.memo.set(key, p);
    }
    return p;
  }

  private async run(host: string, resolver: Resolver, outer?: AbortSignal): Promise<HostProbe> {
    const budget = AbortSignal.timeout(this.settings.totalTimeoutMs ?? PROBE_TOTAL_TIMEOUT_MS);
    const signal = outer ? AbortSignal.any([outer, budget]) : budget;
    const allowPrivate = this.settings.allowPrivate ?? allowPrivateFromEnv();
    const stepTimeoutMs = this.settings.stepTimeoutMs ?? PROBE_STEP_TIMEOUT_MS;
    const target = await resolveProbeTarget(host, { resolver, allowPrivate, timeoutMs: stepTimeoutMs });
    if (!target.ok) {
      return {
        host,
        probed: false,
        reason: target.reason,
        detail: target.detail,
        ...(target.addresses ? { addresses: target.addresses } : {}),
      };
    }
    // Documentation space (RFC 5737, RFC 3849) never holds a server: connecting would only wait for a timeout.
    const addresses = target.addresses.filter((a) => addressScope(a) !== "documentation");
    if (addresses.length === 0) {
      return {
        host,
        probed: false,
        reason: "address_not_public",
        detail: `${host} resolves only to documentation addresses (${target.addresses.join(", ")})`,
        addresses: target.addresses,
      };
    }
    let last: SmtpProbeResult | undefined;
    const recipient =
      this.settings.probeRecipientDomain && takeRecipientProbe(host)
        ? randomRecipient(this.settings.probeRecipientDomain)
        : undefined;
    // One connection at a time per host: the next address only when the previous could not be reached.
    for (const address of addresses) {
      if (signal?.aborted) break;
      this.connections++;
      last = await probeSmtp({
        host,
        address,
        port: this.port,
        stepTimeoutMs,
        ...(this.settings.ca ? { ca: this.settings.ca } : {}),
        ...(recipient ? { probeRecipient: recipient } : {}),
        ...(signal ? { signal } : {}),
      });
      if (last.error?.reason !== "connect_failed") break;
    }
    if (!last) return { host, probed: false, reason: "aborted", detail: "the report's deadline passed" };
    return { host, probed: true, result: last, addresses };
  }
}

/**
 * Recipient probes are rate-limited per MX host across reports in this process: a mail server asked about
 * random addresses too often may take the prober for a directory-harvest attack.
 */
export const RECIPIENT_PROBE_INTERVAL_MS = 60_000;
const lastRecipientProbe = new Map<string, number>();

/** Whether a recipient probe of `host` may run now (and records it when so). */
export function takeRecipientProbe(host: string, now = Date.now()): boolean {
  const last = lastRecipientProbe.get(host);
  if (last !== undefined && now - last < RECIPIENT_PROBE_INTERVAL_MS) return false;
  if (lastRecipientProbe.size > 10_000) lastRecipientProbe.clear();
  lastRecipientProbe.set(host, now);
  return true;
}

/** An address that cannot exist by accident: 16 random hex digits (RFC 5321 §4.5.3.1.1 allows 64 octets). */
export function randomRecipient(domain: string): string {
  return `mxray-probe-${randomBytes(8).toString("hex")}@${domain}`;
}

/**
 * Where a probe (HTTPS, later SMTP) may connect: the host's addresses from the report's own Resolver,
 * kept only when public unicast unless MXRAY_ALLOW_PRIVATE=1 (or allowPrivate). The caller then connects
 * to one of exactly these addresses, so what was checked is what is connected to.
 */
import { canonicalName } from "@/lib/dns/names";
import type { DnsAnswer, DnsStatus, Resolver } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { allowPrivateFromEnv, canonicalIp, isPublicUnicast, parseIp } from "./ip";

export type ProbeTargetFailure = "dns_error" | "no_address" | "address_not_public" | "timeout";

export type ProbeTarget =
  | { ok: true; host: string; /** Usable addresses, IPv4 first. */ addresses: string[]; literal: boolean }
  | {
      ok: false;
      host: string;
      reason: ProbeTargetFailure;
      detail: string;
      /** Every address found (for address_not_public). */
      addresses?: string[];
      dnsFailures?: DnsAnswer[];
    };

export async function resolveProbeTarget(
  host: string,
  opts: { resolver: Resolver; allowPrivate?: boolean; timeoutMs?: number },
): Promise<ProbeTarget> {
  const name = canonicalName(host.replace(/^\[(.*)\]$/, "$1"));
  const allowPrivate = opts.allowPrivate ?? allowPrivateFromEnv();
  let addresses: string[];
  const literal = parseIp(name) !== null;
  if (literal) {
    addresses = [canonicalIp(name)!];
  } else {
    const answers = await withTimeout(
      Promise.all([opts.resolver.query(name, "A"), opts.resolver.query(name, "AAAA")]),
      opts.timeoutMs,
    );
    if (!answers)
      return { ok: false, host: name, reason: "timeout", detail: `resolving ${name} took too long` };
    const [a, aaaa] = answers;
    addresses = [...answersOf(a), ...answersOf(aaaa)];
    if (addresses.length === 0) {
      const failures = [a, aaaa].filter((x) => isDnsFailure(x.status));
      if (failures.length > 0) {
        return {
          ok: false,
          host: name,
          reason: "dns_error",
          detail: failures.map((f) => `${f.name} ${f.type}: ${f.status}`).join("; "),
          dnsFailures: failures,
        };
      }
      return {
        ok: false,
        host: name,
        reason: "no_address",
        detail: `${name} has no A or AAAA record (${statusText(a.status, aaaa.status)})`,
      };
    }
  }
  const usable = allowPrivate ? addresses : addresses.filter(isPublicUnicast);
  if (usable.length === 0) {
    return {
      ok: false,
      host: name,
      reason: "address_not_public",
      detail: `${name} resolves only to non-public addresses (${addresses.join(", ")}); MXRAY_ALLOW_PRIVATE=1 allows them in a sandbox`,
      addresses,
    };
  }
  return { ok: true, host: name, addresses: usable, literal };
}

function answersOf(a: DnsAnswer<"A"> | DnsAnswer<"AAAA">): string[] {
  return a.status === "ok" ? a.answers.map((x) => canonicalIp(x) ?? x) : [];
}

function statusText(a: DnsStatus, aaaa: DnsStatus): string {
  return a === "nxdomain" || aaaa === "nxdomain" ? "NXDOMAIN" : "no data";
}

function withTimeout<T>(p: Promise<T>, ms: number | undefined): Promise<T | null> {
  if (ms === undefined) return p;
  return new Promise<T | null>((resolve) => {
    const t = setTimeout(() => resolve(null), Math.max(0, ms));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(null);
      },
    );
  });
}

import { canonicalName } from "@/lib/dns/names";
import type { DnsAnswer, MxData } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import type { Finding } from "@/lib/checks/types";
import { dnsErrorFinding, finding } from "@/lib/checks/result";
import type { FcrdnsResult } from "@/lib/net/fcrdns";
import { addressScope, canonicalIp, isNonRoutable, parseIp } from "@/lib/net/ip";

/** What an MX exchange is: RFC 7505 null MX ("."), an address literal, or a host name. */
export type ExchangeKind = "null" | "ip" | "name";

export function exchangeKind(exchange: string): ExchangeKind {
  const name = exchange.replace(/\.$/, "");
  if (name === "") return "null";
  // RFC 5321 §5.1 wants a domain name; "[192.0.2.1]" or "192.0.2.1" as an exchange is an address literal
  // that resolvers look up as a name (and a four-label name of digits is never a host name in practice).
  if (parseIp(name) !== null) return "ip";
  return "name";
}

/** RFC 5321 §5.1: lower preference first; ties keep a stable (alphabetical) order for the report. */
export function sortMx(records: readonly MxData[]): MxData[] {
  return [...records].sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
}

/** Host names to resolve, each once, in preference order (null MX and address literals excluded). */
/**
 * MX hosts looked up per report, in preference order: senders try them in that order (RFC 5321 §5.1),
 * and a domain publishing 1,000 MX hosts must not make mxray send thousands of queries to names it picks.
 */
export const MAX_MX_HOSTS = 10;

/** Distinct host names to look up, by preference (all of them: index.ts takes the first MAX_MX_HOSTS). */
export function targetsToResolve(records: readonly MxData[]): string[] {
  const names: string[] = [];
  for (const r of sortMx(records)) {
    const name = canonicalName(r.exchange);
    if (exchangeKind(name) === "name" && !names.includes(name)) names.push(name);
  }
  return names;
}

/** What index.ts learned about one MX host. */
export interface MxTargetLookup {
  a: DnsAnswer<"A">;
  aaaa: DnsAnswer<"AAAA">;
  /** FCrDNS of each routable address of the target (private addresses are not looked up). */
  fcrdns: FcrdnsResult[];
}

export interface MxInput {
  domain: string;
  mx: DnsAnswer<"MX">;
  /** The domain's own A/AAAA, asked only when it has no MX (implicit MX, RFC 5321 §5.1). */
  implicit?: { a: DnsAnswer<"A">; aaaa: DnsAnswer<"AAAA"> };
  /** By normalized exchange name. */
  targets: Record<string, MxTargetLookup>;
}

export interface MxRecordEvidence {
  priority: number;
  /** "" for a null MX. */
  exchange: string;
  kind: ExchangeKind;
  /** The canonical name when the exchange is an alias (CNAME). */
  cname?: string;
  addresses: { A: string[]; AAAA: string[] };
  /** By address: PTR names and whether one of them resolves back to the address. */
  ptr: Record<string, { names: string[]; fcrdns: boolean | null }>;
}

export interface MxEvaluation {
  findings: Finding[];
  records: MxRecordEvidence[];
}

const NO_ANSWER = new Set(["nxdomain", "nodata"]);

/** Pure: turns the answers gathered by index.ts into findings and evidence. */
export function evaluateMx(input: MxInput): MxEvaluation {
  const { domain, mx } = input;
  const findings: Finding[] = [];
  const errors = new ErrorFindings();

  if (isDnsFailure(mx.status)) {
    errors.add(mx);
    return { findings: errors.list, records: [] };
  }

  if (mx.status !== "ok" || mx.answers.length === 0) {
    findings.push(missingFinding(domain, mx, input.implicit, errors));
    return { findings: [...findings, ...errors.list], records: [] };
  }

  const sorted = sortMx(mx.answers).map((r) => ({
    priority: r.priority,
    exchange: canonicalName(r.exchange),
  }));
  const nulls = sorted.filter((r) => exchangeKind(r.exchange) === "null");
  const others = sorted.filter((r) => exchangeKind(r.exchange) !== "null");

  if (nulls.length > 0 && others.length === 0) {
    // RFC 7505 §3: the domain declares that it accepts no mail. Preference should be 0.
    findings.push(finding("mx.null_mx", "info", { domain, priority: nulls[0]!.priority }));
  } else if (nulls.length > 0) {
    // RFC 7505 §3: a null MX MUST be the only MX; with others beside it, senders may do either.
    findings.push(
      finding("mx.null_mx_with_others", "high", {
        domain,
        others: unique(others.map((o) => o.exchange)),
      }),
    );
  }

  // Duplicate exchanges (same host at one or several preferences) add nothing but retries.
  const seen = new Map<string, number[]>();
  for (const r of others) seen.set(r.exchange, [...(seen.get(r.exchange) ?? []), r.priority]);
  for (const [exchange, priorities] of seen) {
    if (priorities.length > 1) findings.push(finding("mx.duplicate_target", "low", { exchange, priorities }));
  }

  // Past MAX_MX_HOSTS names, hosts are neither looked up nor kept as evidence: said once, not silently.
  const names = targetsToResolve(mx.answers);
  const checked = new Set(names.slice(0, MAX_MX_HOSTS));
  if (names.length > MAX_MX_HOSTS) {
    findings.push(finding("mx.hosts_limited", "info", { resolved: MAX_MX_HOSTS, total: names.length }));
  }

  const records: MxRecordEvidence[] = [];
  let anyResolved = false;
  let anyIpv6 = false;
  let ipv6Unknown = false;
  const reported = new Set<string>();

  for (const r of sorted) {
    const kind = exchangeKind(r.exchange);
    if (kind === "name" && !checked.has(r.exchange)) continue;
    const evidence: MxRecordEvidence = {
      priority: r.priority,
      exchange: r.exchange,
      kind,
      addresses: { A: [], AAAA: [] },
      ptr: {},
    };
    records.push(evidence);
    if (kind === "null") continue;
    const once = !reported.has(r.exchange);
    reported.add(r.exchange);

    if (kind === "ip") {
      if (once) {
        findings.push(
          finding("mx.target_is_ip", "high", {
            exchange: r.exchange,
            priority: r.priority,
            address: canonicalIp(r.exchange),
          }),
        );
      }
      continue;
    }

    const t = input.targets[r.exchange];
    if (!t) continue; // not looked up (deadline reached)
    evidence.addresses.A = t.a.status === "ok" ? t.a.answers.map((x) => canonicalIp(x) ?? x) : [];
    evidence.addresses.AAAA = t.aaaa.status === "ok" ? t.aaaa.answers.map((x) => canonicalIp(x) ?? x) : [];
    const canonical = t.a.cnames.at(-1) ?? t.aaaa.cnames.at(-1);
    if (canonical) evidence.cname = canonical;
    for (const f of t.fcrdns) evidence.ptr[f.ip] = { names: f.names, fcrdns: f.fcrdns };

    const addresses = [...evidence.addresses.A, ...evidence.addresses.AAAA];
    if (addresses.length > 0) anyResolved = true;
    // IPv6 presence means reachable IPv6: a unique-local AAAA does not count.
    if (evidence.addresses.AAAA.some((x) => !isNonRoutable(x))) anyIpv6 = true;
    if (isDnsFailure(t.aaaa.status)) ipv6Unknown = true;
    if (!once) continue;

    if (canonical) {
      // RFC 5321 §5.1 and RFC 2181 §10.3: an MX must point at a name with A/AAAA, not at an alias.
      findings.push(finding("mx.target_is_cname", "medium", { exchange: r.exchange, canonical }));
    }
    if (isDnsFailure(t.a.status)) errors.add(t.a);
    if (isDnsFailure(t.aaaa.status)) errors.add(t.aaaa);
    if (NO_ANSWER.has(t.a.status) && NO_ANSWER.has(t.aaaa.status)) {
      findings.push(
        finding("mx.target_unresolvable", "high", {
          exchange: r.exchange,
          priority: r.priority,
          status: t.a.status === "nxdomain" || t.aaaa.status === "nxdomain" ? "nxdomain" : "nodata",
        }),
      );
    }
    for (const address of addresses) {
      if (isNonRoutable(address)) {
        findings.push(
          finding("mx.target_private_ip", "high", {
            exchange: r.exchange,
            address,
            scope: addressScope(address),
          }),
        );
      }
    }
    for (const f of t.fcrdns) {
      for (const failure of f.failures) errors.add(failure);
      if (f.notFollowed?.length) {
        findings.push(
          finding("mx.ptr_names_limited", "info", {
            exchange: r.exchange,
            address: f.ip,
            count: f.names.length,
            followed: f.names.length - f.notFollowed.length,
          }),
        );
      }
      if (f.fcrdns === false) {
        findings.push(
          finding("mx.target_fcrdns_mismatch", "low", {
            exchange: r.exchange,
            address: f.ip,
            reverseName: f.reverseName,
            ptr: f.names,
            reason: f.names.length === 0 ? "no_ptr" : "no_forward_match",
          }),
        );
      }
    }
  }

  if (anyResolved && !anyIpv6 && !ipv6Unknown) {
    findings.push(finding("mx.no_ipv6", "info", { exchanges: unique(others.map((o) => o.exchange)) }));
  }
  return { findings: [...findings, ...errors.list], records };
}

function missingFinding(
  domain: string,
  mx: DnsAnswer<"MX">,
  implicit: MxInput["implicit"],
  errors: ErrorFindings,
): Finding {
  if (mx.status === "nxdomain") {
    return finding("mx.missing", "high", { domain, nxdomain: true, hasAddress: false, addresses: [] });
  }
  // RFC 5321 §5.1: without MX, the domain itself is the implicit MX (its A/AAAA).
  const addresses = [
    ...(implicit?.a.status === "ok" ? implicit.a.answers : []),
    ...(implicit?.aaaa.status === "ok" ? implicit.aaaa.answers : []),
  ];
  if (implicit && isDnsFailure(implicit.a.status)) errors.add(implicit.a);
  if (implicit && isDnsFailure(implicit.aaaa.status)) errors.add(implicit.aaaa);
  const unknown =
    !implicit ||
    (addresses.length === 0 && (isDnsFailure(implicit.a.status) || isDnsFailure(implicit.aaaa.status)));
  const hasAddress = addresses.length > 0 ? true : unknown ? null : false;
  return finding("mx.missing", hasAddress === false ? "high" : "medium", {
    domain,
    nxdomain: false,
    hasAddress,
    addresses,
  });
}

class ErrorFindings {
  readonly list: Finding[] = [];
  private readonly keys = new Set<string>();
  add(answer: DnsAnswer): void {
    const key = `${answer.name}/${answer.type}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.list.push(dnsErrorFinding("mx", answer));
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

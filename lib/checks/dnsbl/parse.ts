import { canonicalName } from "@/lib/dns/names";
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import type { CheckStatus, Finding } from "@/lib/checks/types";
import { dnsErrorFinding, finding } from "@/lib/checks/result";
import { parseIp, reversedLabels } from "@/lib/net/ip";
import {
  DEFAULT_DOMAIN_ZONES,
  DEFAULT_IP_ZONES,
  REFUSED_CODES,
  zoneFromName,
  zonesFromEnv,
  type DnsblZone,
  type ZoneKind,
} from "./zones";

export interface DnsblConfig {
  ipZones: DnsblZone[];
  domainZones: DnsblZone[];
  dqsKey?: string;
}

export interface DnsblOptions {
  ipZones?: (string | DnsblZone)[];
  domainZones?: (string | DnsblZone)[];
  dqsKey?: string;
}

/** Options first, then MXRAY_DNSBL_ZONES / MXRAY_DNSBL_DOMAIN_ZONES / MXRAY_SPAMHAUS_DQS_KEY, then built-ins. */
export function resolveConfig(
  options: DnsblOptions | undefined,
  env: Record<string, string | undefined> = {},
): DnsblConfig {
  const list = (given: (string | DnsblZone)[] | undefined, kind: ZoneKind) =>
    given?.map((z) => (typeof z === "string" ? zoneFromName(z, kind) : z));
  const key = (options?.dqsKey ?? env.MXRAY_SPAMHAUS_DQS_KEY ?? "").trim();
  return {
    ipZones: list(options?.ipZones, "ip") ?? zonesFromEnv(env.MXRAY_DNSBL_ZONES, "ip") ?? DEFAULT_IP_ZONES,
    domainZones:
      list(options?.domainZones, "domain") ??
      zonesFromEnv(env.MXRAY_DNSBL_DOMAIN_ZONES, "domain") ??
      DEFAULT_DOMAIN_ZONES,
    ...(/^[a-z0-9]+$/i.test(key) ? { dqsKey: key.toLowerCase() } : {}),
  };
}

/** The zone to query: Spamhaus DQS (<key>.zen.dq.spamhaus.net) when a key is set, else the public zone. */
export function queryZone(zone: DnsblZone, dqsKey?: string): string {
  return dqsKey && zone.dqs ? `${dqsKey}.${zone.dqs}.dq.spamhaus.net` : zone.zone;
}

/** RFC 5782 §2.1 (IPv4: reversed octets) and §2.4 (IPv6: reversed nibbles) under the zone. */
export function ipQueryName(ip: string, zone: string): string | null {
  const labels = reversedLabels(ip);
  return labels ? `${labels}.${zone}` : null;
}

/** RFC 5782 §2.2: the domain name itself, prefixed to the zone. */
export function domainQueryName(domain: string, zone: string): string {
  return `${canonicalName(domain)}.${zone}`;
}

/** RFC 5782 §5: the entry that must be listed and the one that must not. */
export function selfTestNames(zone: DnsblZone, qzone: string): { listed: string; notListed: string } {
  if (zone.kind === "ip") {
    const listed = zone.selfTest?.listed ?? "127.0.0.2";
    const notListed = zone.selfTest?.notListed ?? "127.0.0.1";
    return { listed: ipQueryName(listed, qzone)!, notListed: ipQueryName(notListed, qzone)! };
  }
  return {
    listed: domainQueryName(zone.selfTest?.listed ?? "test", qzone),
    notListed: domainQueryName(zone.selfTest?.notListed ?? "invalid", qzone),
  };
}

export type AnswerMeaning =
  { kind: "listed"; code: string; meaning: string } | { kind: "refused"; code: string; meaning: string };

/**
 * What one A answer from a DNSBL means. RFC 5782 §2.3: listings are in 127.0.0.0/8; anything else (an
 * NXDOMAIN-rewriting resolver's ad server, say) is not a listing. Refusal codes are never listings.
 */
export function classifyAnswer(zone: DnsblZone, code: string): AnswerMeaning {
  const refused = zone.refused?.[code] ?? REFUSED_CODES[code];
  if (refused) return { kind: "refused", code, meaning: refused };
  const addr = parseIp(code);
  if (!addr || addr.kind() !== "ipv4" || addr.toByteArray()[0] !== 127) {
    return {
      kind: "refused",
      code,
      meaning: "answer outside 127.0.0.0/8: not a DNSBL answer (RFC 5782 §2.3)",
    };
  }
  const exact = zone.codes?.[code];
  if (exact) return { kind: "listed", code, meaning: exact };
  if (zone.bits) {
    const last = addr.toByteArray()[3]!;
    const meanings = Object.entries(zone.bits)
      .filter(([bit]) => (last & Number(bit)) !== 0)
      .map(([, m]) => m);
    if (meanings.length) return { kind: "listed", code, meaning: meanings.join("; ") };
  }
  return {
    kind: "listed",
    code,
    meaning: zone.defaultMeaning ?? "listed (return code not documented for this zone)",
  };
}

export type SelfTest = "ok" | "dead" | "wildcard" | "refused" | "unknown";

/** RFC 5782 §5: 127.0.0.2 (or "test") must be listed, 127.0.0.1 (or "invalid") must not. */
export function evaluateSelfTest(
  zone: DnsblZone,
  listed: DnsAnswer<"A">,
  notListed: DnsAnswer<"A">,
): SelfTest {
  const refusedIn = (a: DnsAnswer<"A">) =>
    a.status === "ok" && a.answers.some((x) => classifyAnswer(zone, x).kind === "refused");
  if (refusedIn(listed) || refusedIn(notListed)) return "refused";
  if (notListed.status === "ok" && notListed.answers.length > 0) return "wildcard";
  if (listed.status === "nxdomain" || listed.status === "nodata") return "dead";
  if (listed.status === "ok" && !isDnsFailure(notListed.status)) return "ok";
  return "unknown";
}

/** Everything learned about one zone for one subject (an IP or a domain). */
export interface ZoneLookup {
  zone: DnsblZone;
  /** The IP or domain looked up. */
  subject: string;
  main: DnsAnswer<"A">;
  selfTest: { listed: DnsAnswer<"A">; notListed: DnsAnswer<"A"> };
  /** Asked only when the main answer looked like a listing. */
  txt?: DnsAnswer<"TXT">;
}

export type ZoneStatus = "listed" | "clear" | "refused" | "unusable" | "error";

export interface ZoneEvidence {
  zone: string;
  name: string;
  kind: ZoneKind;
  subject: string;
  status: ZoneStatus;
  selfTest: SelfTest;
  codes: { code: string; meaning: string }[];
  reason?: string;
}

function fill(template: string | undefined, subject: string): string | null {
  return template ? template.replace(/\{query\}/g, encodeURIComponent(subject)) : null;
}

/** The DQS key must not end up in a report: show it as "<key>". */
function redact(answer: DnsAnswer, dqsKey?: string): DnsAnswer {
  if (!dqsKey) return answer;
  const hide = (s: string) => s.split(dqsKey).join("<key>");
  return { ...answer, name: hide(answer.name), ...(answer.error ? { error: hide(answer.error) } : {}) };
}

/** Pure: findings, evidence and status from every zone's answers. */
export function evaluateDnsbl(
  lookups: ZoneLookup[],
  opts: { dqsKey?: string; scopeFindings?: Finding[] } = {},
): { findings: Finding[]; records: ZoneEvidence[]; status?: CheckStatus } {
  const findings: Finding[] = [...(opts.scopeFindings ?? [])];
  const records: ZoneEvidence[] = [];
  const flagged = new Set<string>();
  let listed = 0;
  let undetermined = 0;

  for (const l of lookups) {
    const { zone, subject } = l;
    const selfTest = evaluateSelfTest(zone, l.selfTest.listed, l.selfTest.notListed);
    const evidence: ZoneEvidence = {
      zone: zone.zone,
      name: zone.name,
      kind: zone.kind,
      subject,
      status: "clear",
      selfTest,
      codes: [],
    };
    records.push(evidence);
    const answers = l.main.status === "ok" ? l.main.answers.map((a) => classifyAnswer(zone, a)) : [];
    const refusal = answers.find((a) => a.kind === "refused");
    const selfRefusal = [l.selfTest.listed, l.selfTest.notListed]
      .flatMap((a) => (a.status === "ok" ? a.answers : []))
      .map((a) => classifyAnswer(zone, a))
      .find((a) => a.kind === "refused");

    if (refusal || selfRefusal) {
      const r = (refusal ?? selfRefusal)!;
      evidence.status = "refused";
      undetermined++;
      if (!flagged.has(`r:${zone.zone}`)) {
        findings.push(
          finding("dnsbl.query_refused", "info", { zone: zone.zone, code: r.code, meaning: r.meaning }),
        );
        flagged.add(`r:${zone.zone}`);
      }
      continue;
    }
    if (selfTest === "dead" || selfTest === "wildcard") {
      evidence.status = "unusable";
      if (!flagged.has(`u:${zone.zone}`)) {
        findings.push(finding("dnsbl.zone_unusable", "info", { zone: zone.zone, reason: selfTest }));
        flagged.add(`u:${zone.zone}`);
      }
      continue;
    }
    if (isDnsFailure(l.main.status)) {
      evidence.status = "error";
      undetermined++;
      findings.push(dnsErrorFinding("dnsbl", redact(l.main, opts.dqsKey)));
      continue;
    }
    if (answers.length === 0) continue; // NXDOMAIN/NODATA: not listed (RFC 5782 §2.1)

    listed++;
    evidence.status = "listed";
    evidence.codes = answers.map(({ code, meaning }) => ({ code, meaning }));
    const reason = l.txt?.status === "ok" ? l.txt.answers.join(" ") : undefined;
    if (reason) evidence.reason = reason;
    findings.push(
      finding("dnsbl.listed", "high", {
        zone: zone.zone,
        name: zone.name,
        kind: zone.kind,
        query: subject,
        code: answers[0]!.code,
        meaning: [...new Set(answers.map((a) => a.meaning))].join("; "),
        codes: evidence.codes,
        lookupUrl: fill(zone.lookupUrl, subject),
        delistUrl: fill(zone.delistUrl, subject),
        ...(reason ? { reason } : {}),
        ...(selfTest === "unknown" ? { selfTest: "unknown" } : {}),
      }),
    );
  }

  // A refusal or failure anywhere means the answer is incomplete: "could not determine", unless a real
  // listing was found, which stands on its own. So does a report where no zone was usable at all.
  const usable = records.some((r) => r.status === "clear" || r.status === "listed");
  let status: CheckStatus | undefined;
  if (listed === 0 && (undetermined > 0 || (records.length > 0 && !usable))) status = "error";
  return { findings, records, ...(status ? { status } : {}) };
}

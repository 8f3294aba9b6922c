/**
 * DMARC check (RFC 7489, noting DMARCbis): discovery with organizational-domain fallback, every tag
 * validated, the effective policy for the domain and its subdomains, and external report authorization.
 */
import { dnsErrorFinding, finding, runCheck } from "@/lib/checks/result";
import type { Check, Finding } from "@/lib/checks/types";
import type { DnsAnswer, Resolver } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { discoverDmarc, type DmarcDiscovery } from "./discover";
import type { WalkStep } from "./tree-walk";
import {
  isDmarcRecord,
  parseDmarc,
  policyFor,
  policyStrength,
  type DmarcRecord,
  type EffectivePolicy,
} from "./parse";

/** What the evidence panel (and the fix generators in findings.ts) get. */
export interface DmarcEvidence {
  kind: "dmarc";
  /** The TXT name the record came from. */
  name: string;
  /** Domain whose _dmarc record applies. */
  recordDomain: string;
  orgDomain: string;
  source: "domain" | "org";
  raw: string;
  cnames: string[];
  tags: { name: string; value: string }[];
  usable: boolean;
  /**
   * How much the policy protects the domain: "monitoring" (none), "partial" (enforcing at pct < 100),
   * "quarantine" or "reject" (fully enforced); "ignored" when receivers discard the record.
   */
  strength: "ignored" | "monitoring" | "partial" | "quarantine" | "reject";
  effective: {
    domain: EffectivePolicy;
    subdomains: (EffectivePolicy & { recordDomain: string }) | null;
    nonexistentSubdomains: (EffectivePolicy & { recordDomain: string }) | null;
  };
  reportAuthorization: { host: string; name: string; authorized: boolean | null }[];
  /** RFC 9989 §4.10 tree walk: each name asked, its answer, and what it decided. */
  walk?: WalkStep[];
}

/** The walk alone, when no record applies (missing, multiple) or the walk could not finish. */
export interface DmarcWalkEvidence {
  kind: "dmarc_walk";
  domain: string;
  orgDomain: string;
  steps: WalkStep[];
}

/** Each of several DMARC records found at one name (receivers then ignore them all). */
export interface DmarcCandidateEvidence {
  kind: "dmarc_candidate";
  name: string;
  raw: string;
}

/** A DMARC evidence record of any of its shapes. */
export type DmarcEvidenceRecord = DmarcEvidence | DmarcWalkEvidence | DmarcCandidateEvidence;

function walkEvidence(d: DmarcDiscovery): DmarcWalkEvidence {
  return { kind: "dmarc_walk", domain: d.domain, orgDomain: d.orgDomain, steps: d.walk.steps };
}

/** Tags RFC 9989 removed (Appendix A.6, §9.3): pct (replaced by t), rf and ri. */
export const REMOVED_TAGS = ["pct", "rf", "ri"] as const;

export const dmarcCheck: Check<"dmarc", DmarcEvidenceRecord> = (ctx) =>
  runCheck("dmarc", ctx, async (resolver) => {
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };
    const d = await discoverDmarc(resolver, domain);
    return evaluate(resolver, d, ctx.signal);
  });

async function evaluate(resolver: Resolver, d: DmarcDiscovery, signal?: AbortSignal) {
  const findings: Finding[] = [];
  const records: DmarcEvidenceRecord[] = [];

  if (d.outcome === "error") {
    return { findings: [dnsErrorFinding("dmarc", d.failed!)], records: [walkEvidence(d)] };
  }
  if (d.outcome === "missing") {
    findings.push(finding("dmarc.missing", "high", { domain: d.domain, orgDomain: d.orgDomain }));
    return { findings, records: [walkEvidence(d)] };
  }
  const lookup = d.source === "org" ? d.org! : d.own;
  if (d.outcome === "multiple") {
    findings.push(
      finding("dmarc.multiple_records", "high", { name: lookup.name, count: lookup.records.length }),
    );
    for (const raw of lookup.records) records.push({ kind: "dmarc_candidate", name: lookup.name, raw });
    records.push(walkEvidence(d));
    return { findings, records };
  }

  const rec = d.record!;
  const recordDomain = d.recordDomain!;
  const inherited = d.source === "org";
  if (inherited) {
    findings.push(finding("dmarc.inherited", "info", { domain: d.domain, orgDomain: recordDomain }));
  }

  for (const p of rec.problems) {
    if (p.reason === "missing_p" && rec.usable) continue;
    findings.push(
      finding("dmarc.syntax_error", rec.usable ? "medium" : "high", {
        tag: p.tag,
        reason: p.reason,
        ...(p.value !== undefined ? { value: p.value } : {}),
        usable: rec.usable,
      }),
    );
  }
  for (const tag of rec.unknownTags) findings.push(finding("dmarc.unknown_tag", "low", { tag }));
  const removed = REMOVED_TAGS.filter((t) => rec.tags.some((x) => x.name === t));
  if (removed.length > 0) findings.push(finding("dmarc.removed_tags", "low", { tags: removed }));

  // A subdomain that inherits the organizational domain's record gets sp (or p) — §6.6.3.
  const domainPolicy = policyFor(rec, inherited ? "subdomain" : "self");
  const subdomains = subdomainPolicies(d, rec, inherited);
  // The report's deadline stops dependent questions; what is known so far is still reported.
  const authorization =
    rec.usable && !signal?.aborted ? await checkReportAuthorization(resolver, rec, recordDomain, d) : [];

  const evidence: DmarcEvidence = {
    kind: "dmarc",
    name: lookup.name,
    recordDomain,
    orgDomain: d.orgDomain,
    source: d.source!,
    raw: rec.raw,
    cnames: lookup.answer.cnames,
    tags: rec.tags,
    usable: rec.usable,
    strength: !rec.usable
      ? "ignored"
      : domainPolicy.policy === "none"
        ? "monitoring"
        : domainPolicy.pct < 100
          ? "partial"
          : domainPolicy.policy,
    effective: { domain: domainPolicy, ...subdomains },
    reportAuthorization: authorization.map(({ host, name, authorized }) => ({ host, name, authorized })),
    walk: d.walk.steps,
  };
  records.push(evidence);

  if (!rec.usable) return { findings, records };

  if (!rec.p) findings.push(finding("dmarc.p_missing", "medium", { rua: rec.rua.map((u) => u.uri) }));
  if (domainPolicy.policy === "none") {
    findings.push(finding("dmarc.policy_none", "medium", { from: domainPolicy.from, recordDomain }));
  } else if (domainPolicy.pct < 100) {
    findings.push(
      finding("dmarc.pct_partial", domainPolicy.pct === 0 ? "medium" : "low", {
        pct: domainPolicy.pct,
        policy: domainPolicy.policy,
      }),
    );
  }
  // DMARCbis t=y: receivers apply the policy one step weaker (reject → quarantine, quarantine → none).
  if (rec.t === "y" && domainPolicy.policy !== "none") {
    findings.push(finding("dmarc.testing_mode", "low", { policy: domainPolicy.policy }));
  }
  // Only meaningful where the record is the domain's own: an inheriting subdomain already gets sp.
  if (!inherited) {
    const p = rec.policy;
    const weaker: Record<string, string> = {};
    if (rec.sp && policyStrength(rec.sp) < policyStrength(p)) weaker.sp = rec.sp;
    if (rec.np && policyStrength(rec.np) < policyStrength(rec.sp ?? p)) weaker.np = rec.np;
    if (Object.keys(weaker).length > 0) {
      findings.push(finding("dmarc.subdomain_policy_weaker", "low", { p, ...weaker }));
    }
  }
  if (rec.rua.length === 0) findings.push(finding("dmarc.no_rua", "low", {}));
  if (rec.ruf.length === 0) findings.push(finding("dmarc.no_ruf", "info", {}));
  if (rec.adkim === "r" && rec.aspf === "r") {
    findings.push(finding("dmarc.relaxed_alignment", "info", { adkim: rec.adkim, aspf: rec.aspf }));
  }
  for (const a of authorization) {
    if (a.authorized === false) {
      findings.push(
        finding("dmarc.external_rua_unauthorized", "medium", {
          domain: a.host,
          uris: a.uris,
          name: a.name,
          recordDomain,
        }),
      );
    } else if (a.authorized === null && a.failed) {
      findings.push(dnsErrorFinding("dmarc", a.failed));
    }
  }
  return { findings, records };
}

function subdomainPolicies(d: DmarcDiscovery, rec: DmarcRecord, inherited: boolean) {
  if (inherited || d.domain === d.orgDomain) {
    return {
      subdomains: { ...policyFor(rec, "subdomain"), recordDomain: d.recordDomain! },
      nonexistentSubdomains: { ...policyFor(rec, "nonexistent_subdomain"), recordDomain: d.recordDomain! },
    };
  }
  // RFC 7489 §6.6.3: a subdomain of this (non-organizational) domain without its own record falls back
  // to the organizational domain's record, not to this one (DMARCbis' tree walk would find this one).
  const org = d.org;
  const orgRecords = org?.records ?? [];
  if (!org || orgRecords.length !== 1) return { subdomains: null, nonexistentSubdomains: null };
  const orgRec = parseDmarc(orgRecords[0]!);
  if (!orgRec.usable) return { subdomains: null, nonexistentSubdomains: null };
  return {
    subdomains: { ...policyFor(orgRec, "subdomain"), recordDomain: d.orgDomain },
    nonexistentSubdomains: { ...policyFor(orgRec, "nonexistent_subdomain"), recordDomain: d.orgDomain },
  };
}

interface Authorization {
  host: string;
  name: string;
  uris: string[];
  authorized: boolean | null;
  failed?: DnsAnswer<"TXT">;
}

/**
 * RFC 9989 §4.10.2 / RFC 7489 §7.1: a report URI in another organizational domain needs that domain to
 * publish `<policy domain>._report._dmarc.<host>` TXT "v=DMARC1", else receivers must not send to it.
 * Organizational domains come from the DNS tree walk, as for the policy (not the public suffix list):
 * every host's walk at once (the report's resolver caches the names they share), then every
 * authorization question at once.
 */
async function checkReportAuthorization(
  resolver: Resolver,
  rec: DmarcRecord,
  recordDomain: string,
  d: DmarcDiscovery,
): Promise<Authorization[]> {
  const ownOrg = d.orgDomain;
  const hosts = [...new Set([...rec.rua, ...rec.ruf].flatMap((u) => (u.host ? [u.host] : [])))];
  const orgOf = new Map(
    await Promise.all(
      hosts.map(async (h): Promise<[string, string | null]> => {
        // The checked domain's own walk is already done.
        if (h === d.domain) return [h, d.orgDomain];
        const walk = await discoverDmarc(resolver, h);
        // A walk we could not finish leaves the host's organization unknown: ask for the authorization.
        return [h, walk.walk.failed ? null : walk.orgDomain];
      }),
    ),
  );
  const byHost = new Map<string, string[]>();
  for (const u of [...rec.rua, ...rec.ruf]) {
    if (!u.host || orgOf.get(u.host) === ownOrg) continue;
    byHost.set(u.host, [...(byHost.get(u.host) ?? []), u.uri]);
  }
  return Promise.all(
    [...byHost].map(async ([host, uris]) => {
      const name = `${recordDomain}._report._dmarc.${host}`;
      const answer = await resolver.query(name, "TXT");
      if (isDnsFailure(answer.status)) return { host, name, uris, authorized: null, failed: answer };
      const authorized = answer.status === "ok" && answer.answers.some(isDmarcRecord);
      return { host, name, uris, authorized };
    }),
  );
}

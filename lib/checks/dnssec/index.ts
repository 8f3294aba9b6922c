/**
 * DNSSEC check. We find the zone apex, inspect its DS at the parent and DNSKEYs (key tags, DS digests,
 * RFC 4034; algorithms, RFC 8624), and, when the zone is signed, validate ourselves (lib/dns/dnssec) the
 * answers a report relies on — the apex's DNSKEY and SOA and the domain's MX — from the trust anchor
 * (the root KSKs, or MXRAY_TRUST_ANCHOR). The resolver's AD bit (RFC 4035 §3.2.3) is kept as evidence
 * only: a resolver's word is not proof.
 */
import { dnsErrorFinding, finding, runCheck } from "@/lib/checks/result";
import type { Check, Finding } from "@/lib/checks/types";
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { organizationalDomain } from "@/lib/checks/dmarc/parse";
import { validatorFor, type Validation } from "@/lib/dns/dnssec";
import type { Resolver, RRType } from "@/lib/dns/types";
import {
  ALGORITHM_NAMES,
  DIGEST_NAMES,
  isDeprecatedAlgorithm,
  isDeprecatedDigest,
  matchDs,
  summarizeDnskey,
  type DnskeySummary,
} from "./parse";

export const DNSSEC_METHOD = "validated by mxray from the trust anchor";

/** One answer we validated, and what became of it. */
export interface ValidatedAnswer {
  name: string;
  type: RRType;
  security: Validation["security"];
  reason?: string;
  /** The zones of the chain of trust, from the anchor down ("" is the root). */
  chain: string[];
}

export interface DnssecEvidence {
  kind: "dnssec";
  domain: string;
  /** The zone apex the domain lives in (the deepest name with an SOA record). */
  apex: string;
  method: typeof DNSSEC_METHOD;
  /** Our own validation found the zone's answers secure (every signature from the trust anchor down). */
  validated: boolean;
  /** Each answer validated (absent for an unsigned zone: there is nothing to validate). */
  validation?: ValidatedAnswer[];
  /** Any answer came back with AD: the resolver does validate (proof for an unsigned zone, too). */
  resolverValidates: boolean;
  ds: {
    keyTag: number;
    algorithm: number;
    algorithmName: string;
    digestType: number;
    digestName: string;
    match: string;
  }[];
  dnskeys: DnskeySummary[];
  flags: { do: true; ad: { soa: boolean; dnskey: boolean; ds: boolean } };
}

/**
 * DO for the signatures, CD (RFC 4035 §3.2.2) so a validating upstream hands over even data it finds
 * bogus: our validator then reads these same answers from the report's cache instead of asking again.
 */
const DO = { dnssec: true, checkingDisabled: true } as const;

/** The domain and its ancestors down to the organizational domain (where a zone cut most often is). */
function candidateApexes(domain: string): string[] {
  const org = organizationalDomain(domain);
  const out: string[] = [];
  for (let n = domain; ; n = n.slice(n.indexOf(".") + 1)) {
    out.push(n);
    if (n === org || !n.includes(".")) break;
  }
  return out;
}

export const dnssecCheck: Check<"dnssec", DnssecEvidence> = (ctx) =>
  runCheck("dnssec", ctx, async (resolver) => {
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };
    const names = candidateApexes(domain);
    const org = names[names.length - 1]!;
    const keysAt = (n: string) => Promise.all([resolver.query(n, "DNSKEY", DO), resolver.query(n, "DS", DO)]);
    // All at once: SOA for every candidate apex, and DNSKEY + DS for the two likeliest apexes (the domain
    // itself and its organizational domain). A zone cut in between costs one more round trip.
    const likely = [...new Set([domain, org])];
    const [soas, keyAnswers] = await Promise.all([
      Promise.all(names.map((n) => resolver.query(n, "SOA", DO))),
      Promise.all(likely.map(keysAt)),
    ]);
    const apexIndex = soas.findIndex(
      (a) => a.status === "ok" && a.cnames.length === 0 && a.answers.length > 0,
    );
    if (apexIndex === -1) {
      const failed = soas.find((a) => isDnsFailure(a.status));
      if (failed) return { findings: [dnsErrorFinding("dnssec", failed)], records: [] };
      // No SOA up to the organizational domain: it is not a registered, served zone.
      return { findings: [finding("dnssec.no_zone", "info", { domain })], records: [], status: "info" };
    }
    // A failure below the apex hides whether a deeper zone cut exists.
    const failedBelow = soas.slice(0, apexIndex).find((a) => isDnsFailure(a.status));
    if (failedBelow) return { findings: [dnsErrorFinding("dnssec", failedBelow)], records: [] };
    const apex = names[apexIndex]!;
    const li = likely.indexOf(apex);
    if (li < 0 && ctx.signal?.aborted) return { findings: [], records: [], status: "error" as const };
    const [dnskey, ds] = li >= 0 ? keyAnswers[li]! : await keysAt(apex);
    const signed =
      dnskey.status === "ok" && dnskey.answers.length > 0 && ds.status === "ok" && ds.answers.length > 0;
    const validation = signed ? await validate(resolver, ctx.trustAnchor, domain, apex) : undefined;
    return evaluate(domain, apex, soas[apexIndex]!, dnskey, ds, validation);
  });

/** The answers a report relies on, validated by us: the apex's DNSKEY and SOA, the domain's MX. */
async function validate(
  resolver: Resolver,
  trustAnchor: string | undefined,
  domain: string,
  apex: string,
): Promise<ValidatedAnswer[]> {
  const targets: [string, RRType][] = [
    [apex, "DNSKEY"],
    [apex, "SOA"],
    [domain, "MX"],
  ];
  let validator;
  try {
    validator = validatorFor(resolver, trustAnchor);
  } catch (e) {
    // A trust anchor we cannot read: nothing can be validated (the message says what is wrong with it).
    return targets.map(([name, type]) => ({
      name,
      type,
      security: "indeterminate",
      reason: (e as Error).message,
      chain: [],
    }));
  }
  return Promise.all(
    targets.map(async ([name, type]) => {
      const v = await validator.validate(name, type);
      return {
        name,
        type,
        security: v.security,
        ...(v.reason ? { reason: v.reason } : {}),
        chain: v.chain,
        ...(v.anchorUnavailable ? { anchorUnavailable: true } : {}),
      };
    }),
  );
}

const RANK = { bogus: 0, indeterminate: 1, insecure: 2, secure: 3 } as const;

function evaluate(
  domain: string,
  apex: string,
  soa: DnsAnswer<"SOA">,
  dnskey: DnsAnswer<"DNSKEY">,
  ds: DnsAnswer<"DS">,
  validation: (ValidatedAnswer & { anchorUnavailable?: boolean })[] | undefined,
) {
  const findings: Finding[] = [];
  for (const a of [dnskey, ds]) {
    if (isDnsFailure(a.status)) return { findings: [dnsErrorFinding("dnssec", a)], records: [] };
  }
  const keys = dnskey.status === "ok" ? dnskey.answers : [];
  const dsList = ds.status === "ok" ? ds.answers : [];
  const matches = matchDs(apex, dsList, keys);
  const worst = validation?.slice().sort((a, b) => RANK[a.security] - RANK[b.security])[0];
  const validated = worst?.security === "secure";
  const evidence: DnssecEvidence = {
    kind: "dnssec",
    domain,
    apex,
    method: DNSSEC_METHOD,
    validated,
    ...(validation ? { validation: validation.map(({ anchorUnavailable: _unused, ...v }) => v) } : {}),
    resolverValidates: soa.authenticated || dnskey.authenticated || ds.authenticated,
    ds: matches.map((m) => ({
      keyTag: m.ds.keyTag,
      algorithm: m.ds.algorithm,
      algorithmName: ALGORITHM_NAMES[m.ds.algorithm] ?? `algorithm ${m.ds.algorithm}`,
      digestType: m.ds.digestType,
      digestName: DIGEST_NAMES[m.ds.digestType] ?? `type ${m.ds.digestType}`,
      match: m.result,
    })),
    dnskeys: keys.map(summarizeDnskey),
    flags: { do: true, ad: { soa: soa.authenticated, dnskey: dnskey.authenticated, ds: ds.authenticated } },
  };
  const records = [evidence];

  if (dsList.length === 0 && keys.length === 0) {
    findings.push(finding("dnssec.unsigned", "low", { apex }));
    return { findings, records };
  }
  if (dsList.length === 0) {
    // RFC 4035 §5: without a DS at the parent, validators treat the zone as insecure.
    findings.push(finding("dnssec.no_ds", "low", { apex, keyTags: evidence.dnskeys.map((k) => k.keyTag) }));
  } else if (keys.length === 0) {
    // A DS promises a signed zone; validators then reject every answer from it (bogus).
    findings.push(finding("dnssec.dnskey_missing", "high", { apex, dsKeyTags: dsList.map((d) => d.keyTag) }));
  } else if (!validated && !matches.some((m) => m.result === "match" || m.result === "unknown_digest")) {
    // RFC 4035 §5.2: the chain needs a DS that authenticates a DNSKEY; none does (a stale DS after a
    // key rollover, typically).
    findings.push(
      finding("dnssec.ds_mismatch", "high", {
        apex,
        dsKeyTags: dsList.map((d) => d.keyTag),
        dnskeyTags: evidence.dnskeys.map((k) => k.keyTag),
      }),
    );
  }
  const oldAlgs = [...new Set([...keys.map((k) => k.algorithm), ...dsList.map((d) => d.algorithm)])].filter(
    isDeprecatedAlgorithm,
  );
  // RFC 8624 §3.3: SHA-1 DS digests MUST NOT be created; an extra SHA-256 one alongside is fine.
  const oldDigests =
    dsList.length > 0 && dsList.every((d) => isDeprecatedDigest(d.digestType))
      ? [...new Set(dsList.map((d) => d.digestType))]
      : [];
  if (oldAlgs.length > 0 || oldDigests.length > 0) {
    findings.push(
      finding("dnssec.deprecated_algorithm", "low", {
        algorithms: oldAlgs.map((a) => ALGORITHM_NAMES[a] ?? String(a)),
        digestTypes: oldDigests.map((d) => DIGEST_NAMES[d] ?? String(d)),
      }),
    );
  }
  // A broken chain is already the answer; "could not validate" would only add noise.
  const chainBroken = findings.some((f) => f.code === "dnssec.ds_mismatch");
  if (worst && worst.security === "bogus" && !chainBroken) {
    // RFC 4035 §5.5: validating resolvers answer SERVFAIL for bogus data; the domain disappears for them.
    findings.push(
      finding("dnssec.bogus", "high", { name: worst.name, type: worst.type, reason: worst.reason ?? "" }),
    );
  } else if (worst && worst.security === "indeterminate" && !chainBroken) {
    if (worst.anchorUnavailable) {
      // The resolver asked does not answer for the trust anchor's zone (an authoritative-only server):
      // nothing about this domain failed, we just cannot validate through it. Like a non-validating
      // resolver: "info", unless a real problem was found above.
      findings.push(
        finding("dnssec.not_validated", "info", { apex, method: DNSSEC_METHOD, reason: worst.reason }),
      );
      if (!findings.some((f) => f.severity !== "info")) return { findings, records, status: "info" as const };
    } else {
      findings.push(
        finding("dnssec.dns_error", "info", {
          name: worst.name,
          type: worst.type,
          status: "indeterminate",
          ...(worst.reason ? { detail: worst.reason } : {}),
        }),
      );
    }
  } else if (worst && worst.security === "insecure" && !chainBroken) {
    // Signed, with a DS, but the chain from the anchor does not reach it (an unsigned parent, or only
    // algorithms we do not implement): validators treat it as unsigned.
    findings.push(
      finding("dnssec.not_validated", "info", { apex, method: DNSSEC_METHOD, reason: worst.reason }),
    );
    if (!findings.some((f) => f.severity !== "info")) return { findings, records, status: "info" as const };
  }
  return { findings, records };
}

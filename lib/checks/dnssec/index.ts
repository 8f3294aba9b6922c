/**
 * DNSSEC check. Method: ask the configured resolver with the DO bit (RFC 3225) and read the AD bit of
 * its answers (RFC 4035 §3.2.3, RFC 6840 §5.8): AD means that resolver validated the chain of trust.
 * Without AD we still inspect the records: DS at the parent and DNSKEY in the zone, key tags and DS
 * digests (RFC 4034), algorithms (RFC 8624). We do not validate signatures ourselves.
 */
import { dnsErrorFinding, finding, runCheck } from "@/lib/checks/result";
import type { Check, Finding } from "@/lib/checks/types";
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { organizationalDomain } from "@/lib/checks/dmarc/parse";
import {
  ALGORITHM_NAMES,
  DIGEST_NAMES,
  isDeprecatedAlgorithm,
  isDeprecatedDigest,
  matchDs,
  summarizeDnskey,
  type DnskeySummary,
} from "./parse";

export const DNSSEC_METHOD = "AD bit from the configured resolver";

export interface DnssecEvidence {
  kind: "dnssec";
  domain: string;
  /** The zone apex the domain lives in (the deepest name with an SOA record). */
  apex: string;
  method: typeof DNSSEC_METHOD;
  /** The resolver set AD on the zone's answers. */
  validated: boolean;
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

const DO = { dnssec: true } as const;

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
    return evaluate(domain, apex, soas[apexIndex]!, dnskey, ds);
  });

function evaluate(
  domain: string,
  apex: string,
  soa: DnsAnswer<"SOA">,
  dnskey: DnsAnswer<"DNSKEY">,
  ds: DnsAnswer<"DS">,
) {
  const findings: Finding[] = [];
  for (const a of [dnskey, ds]) {
    if (isDnsFailure(a.status)) return { findings: [dnsErrorFinding("dnssec", a)], records: [] };
  }
  const keys = dnskey.status === "ok" ? dnskey.answers : [];
  const dsList = ds.status === "ok" ? ds.answers : [];
  const matches = matchDs(apex, dsList, keys);
  const validated = soa.authenticated || dnskey.authenticated;
  const evidence: DnssecEvidence = {
    kind: "dnssec",
    domain,
    apex,
    method: DNSSEC_METHOD,
    validated,
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
  if (dsList.length > 0 && keys.length > 0 && !validated && !chainBroken) {
    findings.push(finding("dnssec.not_validated", "info", { apex, method: DNSSEC_METHOD }));
    // Signed with a DS, yet no AD: this resolver does not validate (or did not say so). Not a fault of
    // the domain: report "info", unless a real problem was found above.
    if (!findings.some((f) => f.severity !== "info")) return { findings, records, status: "info" as const };
  }
  return { findings, records };
}

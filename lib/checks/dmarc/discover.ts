/**
 * DMARC policy discovery (RFC 7489 §6.6.3), shared by the DMARC and BIMI checks. Both checks ask the
 * same questions through the report's resolver, which caches, so nothing goes on the wire twice.
 */
import type { DnsAnswer, Resolver } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { isDmarcRecord, organizationalDomain, parseDmarc, type DmarcRecord } from "./parse";

export interface DmarcLookup {
  name: string;
  answer: DnsAnswer<"TXT">;
  /** TXT strings at the name that start with v=DMARC1 (§6.6.3 step 2). */
  records: string[];
}

export interface DmarcDiscovery {
  domain: string;
  orgDomain: string;
  own: DmarcLookup;
  /** Asked at the same time as `own` when the organizational domain differs. */
  org?: DmarcLookup;
  outcome: "found" | "missing" | "multiple" | "error";
  /** Which lookup decided the outcome. */
  source?: "domain" | "org";
  /** The domain whose _dmarc record applies (the checked domain or its organizational domain). */
  recordDomain?: string;
  record?: DmarcRecord;
  /** The answer we could not get (when outcome is "error"). */
  failed?: DnsAnswer<"TXT">;
}

function lookup(name: string, answer: DnsAnswer<"TXT">): DmarcLookup {
  return { name, answer, records: answer.status === "ok" ? answer.answers.filter(isDmarcRecord) : [] };
}

export async function discoverDmarc(resolver: Resolver, domain: string): Promise<DmarcDiscovery> {
  const orgDomain = organizationalDomain(domain);
  const ownName = `_dmarc.${domain}`;
  const orgName = `_dmarc.${orgDomain}`;
  // The fallback is needed only when the domain has none, but asking both at once costs one query at
  // most and saves a round trip in the common case of a subdomain without its own record.
  const [ownAnswer, orgAnswer] = await Promise.all([
    resolver.query(ownName, "TXT"),
    orgDomain !== domain ? resolver.query(orgName, "TXT") : Promise.resolve(undefined),
  ]);
  const own = lookup(ownName, ownAnswer);
  const org = orgAnswer ? lookup(orgName, orgAnswer) : undefined;
  const base = { domain, orgDomain, own, ...(org ? { org } : {}) };

  // A transient failure at the domain means we cannot know whether its own record overrides the org's.
  if (isDnsFailure(ownAnswer.status)) return { ...base, outcome: "error", failed: ownAnswer };
  // §6.6.3 step 5: several records at the name end discovery: no fallback to the organizational domain.
  if (own.records.length > 1) return { ...base, outcome: "multiple", source: "domain", recordDomain: domain };
  if (own.records.length === 1) {
    return {
      ...base,
      outcome: "found",
      source: "domain",
      recordDomain: domain,
      record: parseDmarc(own.records[0]!),
    };
  }
  if (!org) return { ...base, outcome: "missing" };
  // §6.6.3 step 3: nothing at the domain → the organizational domain's record.
  if (isDnsFailure(org.answer.status)) return { ...base, outcome: "error", failed: org.answer };
  if (org.records.length > 1) return { ...base, outcome: "multiple", source: "org", recordDomain: orgDomain };
  if (org.records.length === 1) {
    return {
      ...base,
      outcome: "found",
      source: "org",
      recordDomain: orgDomain,
      record: parseDmarc(org.records[0]!),
    };
  }
  return { ...base, outcome: "missing" };
}

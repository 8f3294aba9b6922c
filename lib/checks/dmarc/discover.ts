/**
 * DMARC policy discovery by the DNS tree walk (RFC 9989 §4.10), shared by the DMARC and BIMI checks. Both checks ask the
 * same questions through the report's resolver, which caches, so nothing goes on the wire twice.
 */
import type { DnsAnswer, Resolver } from "@/lib/dns/types";
import { isDmarcRecord, type DmarcRecord } from "./parse";
import { evaluateWalk, walkTargets, type TreeWalk } from "./tree-walk";

export interface DmarcLookup {
  name: string;
  answer: DnsAnswer<"TXT">;
  /** TXT strings at the name that start with v=DMARC1 (§6.6.3 step 2). */
  records: string[];
}

export interface DmarcDiscovery {
  domain: string;
  /** RFC 9989 §4.10.2, from the tree walk (not the public suffix list). */
  orgDomain: string;
  own: DmarcLookup;
  /** Where the policy was found when not at the domain; else the organizational domain's lookup. */
  org?: DmarcLookup;
  outcome: "found" | "missing" | "multiple" | "error";
  /** Which lookup decided the outcome. */
  source?: "domain" | "org";
  /** The domain whose _dmarc record applies (the checked domain or its organizational domain). */
  recordDomain?: string;
  record?: DmarcRecord;
  /** The answer we could not get (when outcome is "error"). */
  failed?: DnsAnswer<"TXT">;
  /** Each name the tree walk asked and what it made of the answer (RFC 9989 §4.10). */
  walk: TreeWalk;
}

function lookup(name: string, answer: DnsAnswer<"TXT">): DmarcLookup {
  return { name, answer, records: answer.status === "ok" ? answer.answers.filter(isDmarcRecord) : [] };
}

/**
 * RFC 9989 §4.10: every name of the tree walk is asked at once (at most eight, and the walk to the
 * organizational domain needs them all unless a psd tag stops it), then the walk is decided in order.
 */
export async function discoverDmarc(resolver: Resolver, domain: string): Promise<DmarcDiscovery> {
  const targets = walkTargets(domain);
  const answers = await Promise.all(targets.map((t) => resolver.query(`_dmarc.${t}`, "TXT")));
  const walk = evaluateWalk(domain, answers);
  const orgDomain = walk.orgDomain;
  const own = lookup(`_dmarc.${domain}`, answers[0]!);
  const at = (d: string) => {
    const i = targets.indexOf(d);
    return i >= 0 ? lookup(`_dmarc.${d}`, answers[i]!) : undefined;
  };
  const policyStep = walk.policy?.step;
  const org =
    policyStep !== undefined && policyStep > 0
      ? at(walk.policy!.domain)
      : orgDomain !== domain
        ? at(orgDomain)
        : undefined;
  const base = { domain, orgDomain, own, ...(org ? { org } : {}), walk };

  // A failure before the walk found the policy leaves it unknown (a record might have been there); one
  // after it only leaves the organizational domain less certain.
  if (walk.failed) {
    const at = walk.steps.findIndex((st) => st.note === "dns_error" && answersFailed(st.status));
    if (policyStep === undefined || at < policyStep)
      return { ...base, outcome: "error", failed: walk.failed };
  }
  // §4.10 step 2: several records at the author domain: all discarded, and no policy is inherited.
  if (walk.multipleAtDomain) return { ...base, outcome: "multiple", source: "domain", recordDomain: domain };
  if (walk.policy) {
    return {
      ...base,
      outcome: "found",
      source: policyStep === 0 ? "domain" : "org",
      recordDomain: walk.policy.domain,
      record: walk.policy.record,
    };
  }
  // Several records above the domain are discarded by receivers (§4.10 step 5) and no policy applies; the
  // report names them, since that is what the owner has to fix.
  const multi = walk.steps.find((st) => st.note === "multiple_discarded");
  if (multi) {
    return {
      ...base,
      org: at(multi.domain)!,
      outcome: "multiple",
      source: "org",
      recordDomain: multi.domain,
    };
  }
  return { ...base, outcome: "missing" };
}

function answersFailed(status: string): boolean {
  return status === "servfail" || status === "timeout" || status === "error" || status === "refused";
}

import type { MxRecordEvidence } from "./parse";
import type { Check } from "@/lib/checks/types";
import { runCheck } from "@/lib/checks/result";
import type { DnsAnswer, Resolver } from "@/lib/dns/types";
import { lookupFcrdns, type FcrdnsResult } from "@/lib/net/fcrdns";
import { isNonRoutable } from "@/lib/net/ip";
import { memoResolver } from "@/lib/dns/memo-resolver";
import { evaluateMx, MAX_MX_HOSTS, targetsToResolve, type MxInput, type MxTargetLookup } from "./parse";

/**
 * MX of ctx.domain (RFC 5321 §5.1, RFC 7505). Every target's A and AAAA are asked the moment the MX
 * answer arrives, and each address's PTR (FCrDNS) the moment its A or AAAA answer arrives.
 */
export const mxCheck: Check<"mx", MxRecordEvidence> = (ctx) =>
  runCheck("mx", ctx, async (counted) => {
    const resolver = memoResolver(counted);
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };

    const mx = await resolver.query(domain, "MX");
    const input: MxInput = { domain, mx, targets: {} };

    if (mx.status === "nodata" || (mx.status === "ok" && mx.answers.length === 0)) {
      const [a, aaaa] = await Promise.all([resolver.query(domain, "A"), resolver.query(domain, "AAAA")]);
      input.implicit = { a, aaaa };
    } else if (mx.status === "ok" && !ctx.signal?.aborted) {
      // Targets sharing an address share its PTR and forward questions: the memo asks each once.
      const fcrdnsOf = (answer: DnsAnswer<"A" | "AAAA">): Promise<FcrdnsResult[]> => {
        if (answer.status !== "ok" || ctx.signal?.aborted) return Promise.resolve([]);
        // Private targets are flagged as such; their PTR is nobody's business on the public DNS.
        const ips = answer.answers.filter((ip) => !isNonRoutable(ip));
        return Promise.all(ips.map((ip) => lookupFcrdns(resolver, ip)));
      };
      const lookups = await Promise.all(
        targetsToResolve(mx.answers)
          .slice(0, MAX_MX_HOSTS)
          .map((name) => lookupTarget(resolver, name, fcrdnsOf)),
      );
      for (const [name, lookup] of lookups) input.targets[name] = lookup;
    }

    return evaluateMx(input);
  });

async function lookupTarget(
  resolver: Resolver,
  name: string,
  fcrdnsOf: (answer: DnsAnswer<"A" | "AAAA">) => Promise<FcrdnsResult[]>,
): Promise<[string, MxTargetLookup]> {
  const a = resolver.query(name, "A");
  const aaaa = resolver.query(name, "AAAA");
  const [aAnswer, aaaaAnswer, fromA, fromAaaa] = await Promise.all([
    a,
    aaaa,
    a.then((x) => fcrdnsOf(x)),
    aaaa.then((x) => fcrdnsOf(x)),
  ]);
  return [name, { a: aAnswer, aaaa: aaaaAnswer, fcrdns: [...fromA, ...fromAaaa] }];
}

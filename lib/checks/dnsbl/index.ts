import type { ZoneEvidence } from "./parse";
import { canonicalName } from "@/lib/dns/names";
import { getDomain } from "tldts";
import type { Check } from "@/lib/checks/types";
import { finding, runCheck } from "@/lib/checks/result";
import type { DnsAnswer, Resolver } from "@/lib/dns/types";
import { addressScope, canonicalIp, ipFamily, isIp, isNonRoutable } from "@/lib/net/ip";
import {
  classifyAnswer,
  domainQueryName,
  evaluateDnsbl,
  ipQueryName,
  queryZone,
  resolveConfig,
  selfTestNames,
  type ZoneLookup,
} from "./parse";
import type { DnsblZone } from "./zones";
import { setting } from "@/lib/config";

/**
 * DNS blocklists (RFC 5782) for ctx.ip (IP zones; IPv6 only where the zone supports it) and ctx.domain
 * (domain zones). Every listing query and every zone's self-test go out at once; the TXT reason is asked
 * the moment a listing answer arrives.
 */
export const dnsblCheck: Check<"dnsbl", ZoneEvidence> = (ctx) =>
  runCheck("dnsbl", ctx, async (resolver) => {
    const config = resolveConfig(ctx.dnsbl, {
      MXRAY_DNSBL_ZONES: setting("MXRAY_DNSBL_ZONES"),
      MXRAY_DNSBL_DOMAIN_ZONES: setting("MXRAY_DNSBL_DOMAIN_ZONES"),
      MXRAY_SPAMHAUS_DQS_KEY: setting("MXRAY_SPAMHAUS_DQS_KEY"),
    });
    const ip = ctx.ip ? canonicalIp(ctx.ip) : null;
    const domain = ctx.domain && !isIp(ctx.domain) ? canonicalName(ctx.domain) : null;
    if (!ip && !domain) {
      const findings = ctx.ip ? [finding("dnsbl.invalid_ip", "info", { ip: ctx.ip })] : [];
      return { findings, records: [], status: "skipped" };
    }

    const scopeFindings = [];
    if (ip) {
      const scope = addressScope(ip);
      if (scope === "documentation") scopeFindings.push(finding("dnsbl.documentation_ip", "info", { ip }));
      else if (isNonRoutable(ip)) scopeFindings.push(finding("dnsbl.private_ip", "info", { ip, scope }));
    }

    const subjects: { zone: DnsblZone; subject: string; name: string }[] = [];
    const used: DnsblZone[] = [];
    if (ip) {
      const v6 = ipFamily(ip) === 6;
      for (const zone of config.ipZones) {
        if (v6 && !zone.ipv6) continue;
        subjects.push({ zone, subject: ip, name: ipQueryName(ip, queryZone(zone, config.dqsKey))! });
        used.push(zone);
      }
    }
    if (domain) {
      // The name itself and its registrable domain: lists carry either (RFC 5782 §2.2).
      const names = [...new Set([domain, getDomain(domain, { allowPrivateDomains: false }) ?? domain])];
      for (const zone of config.domainZones) {
        for (const d of names) {
          subjects.push({ zone, subject: d, name: domainQueryName(d, queryZone(zone, config.dqsKey)) });
        }
        used.push(zone);
      }
    }

    if (subjects.length === 0) {
      // e.g. an IPv6 address and only IPv4 zones configured.
      const findings = [...scopeFindings, finding("dnsbl.no_applicable_zones", "info", { ip, domain })];
      return { findings, records: [], status: "skipped" };
    }

    // All self-tests and listing queries at once.
    const selfTests = new Map<DnsblZone, Promise<ZoneLookup["selfTest"]>>();
    for (const zone of used) {
      const names = selfTestNames(zone, queryZone(zone, config.dqsKey));
      selfTests.set(
        zone,
        Promise.all([resolver.query(names.listed, "A"), resolver.query(names.notListed, "A")]).then(
          ([listed, notListed]) => ({ listed, notListed }),
        ),
      );
    }
    const lookups = await Promise.all(
      subjects.map(async ({ zone, subject, name }) => {
        const [main, txt] = await resolver
          .query(name, "A")
          .then(async (a) => [a, await reasonFor(resolver, zone, a, ctx.signal)] as const);
        return {
          zone,
          subject,
          main,
          selfTest: await selfTests.get(zone)!,
          ...(txt ? { txt } : {}),
        } as ZoneLookup;
      }),
    );
    return evaluateDnsbl(lookups, { scopeFindings, ...(config.dqsKey ? { dqsKey: config.dqsKey } : {}) });
  });

/** RFC 5782 §2.1: the TXT record at the same name gives the reason; only worth asking for a listing. */
function reasonFor(
  resolver: Resolver,
  zone: DnsblZone,
  a: DnsAnswer<"A">,
  signal?: AbortSignal,
): Promise<DnsAnswer<"TXT"> | undefined> {
  const listing =
    !signal?.aborted && a.status === "ok" && a.answers.some((x) => classifyAnswer(zone, x).kind === "listed");
  return listing ? resolver.query(a.name, "TXT") : Promise.resolve(undefined);
}

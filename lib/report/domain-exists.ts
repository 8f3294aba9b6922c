import { getDomain } from "tldts";
import { isDnsFailure, type Resolver } from "@/lib/dns/types";

export type DomainExistence =
  | { exists: true }
  /** The answers say the domain does not exist: NXDOMAIN, or no zone at or above it below its public suffix. */
  | { exists: false; reason: "nxdomain" | "no_zone"; name: string }
  /** We could not find out (timeout, SERVFAIL, REFUSED): never reported as "does not exist". */
  | { exists: "unknown"; error: string };

/**
 * Decides from the answers whether a domain exists. NXDOMAIN for the name (RFC 8020: nothing exists at or
 * below it) is final. NODATA means the name exists but is no zone apex: then some ancestor up to the
 * registrable domain must have an SOA or NS (RFC 1034 §4.2: every zone has both); when none does, the
 * domain is not delegated from its public suffix and does not exist for mail.
 */
export async function domainExistence(resolver: Resolver, domain: string): Promise<DomainExistence> {
  const own = await resolver.query(domain, "SOA");
  if (own.status === "nxdomain") return { exists: false, reason: "nxdomain", name: domain };
  if (own.status === "ok") return { exists: true };
  if (isDnsFailure(own.status)) return { exists: "unknown", error: own.error ?? own.status };

  const registrable = getDomain(domain, { allowPrivateDomains: false }) ?? domain;
  const ancestors: string[] = [];
  for (let name = parentOf(domain); name && name.length >= registrable.length; name = parentOf(name)) {
    ancestors.push(name);
    if (name === registrable) break;
  }
  for (const name of ancestors) {
    const soa = await resolver.query(name, "SOA");
    if (soa.status === "ok") return { exists: true };
    if (soa.status === "nxdomain") return { exists: false, reason: "nxdomain", name };
    if (isDnsFailure(soa.status)) return { exists: "unknown", error: soa.error ?? soa.status };
  }
  const top = ancestors.at(-1) ?? domain;
  const ns = await resolver.query(top, "NS");
  if (ns.status === "ok") return { exists: true };
  if (isDnsFailure(ns.status)) return { exists: "unknown", error: ns.error ?? ns.status };
  return { exists: false, reason: "no_zone", name: top };
}

function parentOf(name: string): string {
  const dot = name.indexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1);
}

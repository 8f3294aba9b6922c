import { isDnsFailure, type Resolver } from "@/lib/dns/types";

/**
 * The domain that receives or sends mail for a `www.` host: people paste a web address, but mail is set
 * up on the parent. The parent is taken only when the answers say so: `www.` has no MX (NODATA or
 * NXDOMAIN, RFC 5321 §5.1 would then fall back to its address) and the parent publishes one. A `www.`
 * host with its own MX, or a lookup that failed, is checked as typed.
 */
export async function mailDomainFor(
  resolver: Resolver,
  domain: string,
): Promise<{ domain: string; derivedFrom?: "www" }> {
  if (!domain.startsWith("www.") || domain.split(".").length < 3) return { domain };
  const parent = domain.slice(4);
  const [own, up] = await Promise.all([resolver.query(domain, "MX"), resolver.query(parent, "MX")]);
  if (own.status === "ok" || isDnsFailure(own.status)) return { domain };
  const parentHasMx = up.status === "ok" && up.answers.some((mx) => mx.exchange !== "");
  return parentHasMx ? { domain: parent, derivedFrom: "www" } : { domain };
}

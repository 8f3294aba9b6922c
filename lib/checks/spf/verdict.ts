/**
 * The SPF verdict for one sending IP, computed by mailauth's RFC 7208 evaluator over our own resolver
 * (through the dns.promises.resolve-shaped adapter), so its queries share the report's cache and log.
 */
import type { Resolver } from "@/lib/dns/types";
import type { SpfVerdict } from "./model";

export interface VerdictInput {
  ip: string;
  /** MAIL FROM address; "" or absent means a null sender (the HELO identity is checked, §2.4). */
  sender?: string;
  helo?: string;
}

/** Runs check_host() (RFC 7208 §4) for the input. Never rejects for DNS trouble: that is "temperror". */
export async function evaluateSpf(resolver: Resolver, input: VerdictInput): Promise<SpfVerdict> {
  const [{ spf }, { toMailauthResolver }] = await Promise.all([
    import("mailauth/lib/spf"),
    import("@/lib/dns/mailauth"),
  ]);
  const opts = {
    ip: input.ip,
    ...(input.sender ? { sender: input.sender } : {}),
    ...(input.helo ? { helo: input.helo } : {}),
    // mailauth puts the MTA name in its explanation; without one it would leak os.hostname().
    mta: "mxray",
    resolver: toMailauthResolver(resolver),
  };
  const res = await spf(opts as Parameters<typeof spf>[0]);
  const raw = res as unknown as {
    rr?: string;
    status: { result: string; comment?: string };
    "envelope-from"?: string;
    lookups?: { count: number; limit: number; void: number };
  };
  const verdict: SpfVerdict = {
    ip: input.ip,
    sender: raw["envelope-from"] ?? input.sender ?? "",
    helo: input.helo ?? "",
    result: raw.status.result,
  };
  if (raw.status.comment) verdict.explanation = raw.status.comment;
  if (raw.rr) verdict.record = raw.rr;
  if (raw.lookups) {
    verdict.lookups = { count: raw.lookups.count, limit: raw.lookups.limit, void: raw.lookups.void };
  }
  return verdict;
}

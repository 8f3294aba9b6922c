/**
 * DNSSEC record arithmetic: key tags (RFC 4034 Appendix B), DS digests (RFC 4034 §5.1.4, RFC 4509,
 * RFC 6605) and the algorithm status of RFC 8624, over the validator's arithmetic (lib/dns/dnssec/canonical).
 * Pure and synchronous.
 */
import { dsDigestOf, keyTagOf } from "@/lib/dns/dnssec/canonical";
import type { DnskeyData, DsData } from "@/lib/dns/types";

/** The wire form of a DNSKEY as the DNS client presents it (public key in base64). */
const wire = (key: DnskeyData) => ({
  flags: key.flags,
  algorithm: key.algorithm,
  key: Buffer.from(key.key, "base64"),
});

/** RFC 4034 Appendix B: the key tag a DS and RRSIG use to point at a DNSKEY. */
export function keyTag(key: DnskeyData): number {
  return keyTagOf(wire(key));
}

/** The DS digest of a DNSKEY (RFC 4034 §5.1.4), in hex; null for unknown digest types. */
export function dsDigest(owner: string, key: DnskeyData, digestType: number): string | null {
  return dsDigestOf(owner, wire(key), digestType)?.toString("hex") ?? null;
}

export const ALGORITHM_NAMES: Record<number, string> = {
  1: "RSAMD5",
  3: "DSA",
  5: "RSASHA1",
  6: "DSA-NSEC3-SHA1",
  7: "RSASHA1-NSEC3-SHA1",
  8: "RSASHA256",
  10: "RSASHA512",
  12: "ECC-GOST",
  13: "ECDSAP256SHA256",
  14: "ECDSAP384SHA384",
  15: "ED25519",
  16: "ED448",
};
export const DIGEST_NAMES: Record<number, string> = {
  1: "SHA-1",
  2: "SHA-256",
  3: "GOST R 34.11-94",
  4: "SHA-384",
};

/** RFC 8624 §3.1: algorithms that MUST NOT or are NOT RECOMMENDED for signing. */
const DEPRECATED_ALGORITHMS = new Set([1, 3, 5, 6, 7, 12]);
/** RFC 8624 §3.3: SHA-1 (1) and GOST (3) MUST NOT be used to create DS records. */
const DEPRECATED_DIGESTS = new Set([1, 3]);

export function isDeprecatedAlgorithm(alg: number): boolean {
  return DEPRECATED_ALGORITHMS.has(alg);
}
export function isDeprecatedDigest(type: number): boolean {
  return DEPRECATED_DIGESTS.has(type);
}

export interface DnskeySummary {
  keyTag: number;
  flags: number;
  /** Secure Entry Point (flags bit 15, RFC 4034 §2.1.1): conventionally the KSK. */
  sep: boolean;
  /** Zone Key flag (bit 7): only zone keys can sign the zone. */
  zoneKey: boolean;
  revoked: boolean;
  algorithm: number;
  algorithmName: string;
}

export function summarizeDnskey(key: DnskeyData): DnskeySummary {
  return {
    keyTag: keyTag(key),
    flags: key.flags,
    sep: (key.flags & 0x0001) !== 0,
    zoneKey: (key.flags & 0x0100) !== 0,
    // RFC 5011 §7: the REVOKE flag (bit 8).
    revoked: (key.flags & 0x0080) !== 0,
    algorithm: key.algorithm,
    algorithmName: ALGORITHM_NAMES[key.algorithm] ?? `algorithm ${key.algorithm}`,
  };
}

export interface DsMatch {
  ds: DsData;
  /** The DNSKEY (by key tag) whose digest matches, if any. */
  matchedKeyTag: number | null;
  /** "match", "digest_mismatch" (a key with that tag, wrong digest), "no_key" (no key with that tag/alg), "unknown_digest". */
  result: "match" | "digest_mismatch" | "no_key" | "unknown_digest";
}

/** Which DNSKEY each DS points to, verifying the digest (RFC 4035 §5.2). */
export function matchDs(owner: string, dsList: DsData[], keys: DnskeyData[]): DsMatch[] {
  return dsList.map((ds) => {
    const candidates = keys.filter((k) => k.algorithm === ds.algorithm && keyTag(k) === ds.keyTag);
    if (candidates.length === 0) return { ds, matchedKeyTag: null, result: "no_key" };
    let unknown = false;
    for (const k of candidates) {
      const d = dsDigest(owner, k, ds.digestType);
      if (d === null) unknown = true;
      else if (d === ds.digest.toLowerCase()) return { ds, matchedKeyTag: ds.keyTag, result: "match" };
    }
    return { ds, matchedKeyTag: null, result: unknown ? "unknown_digest" : "digest_mismatch" };
  });
}

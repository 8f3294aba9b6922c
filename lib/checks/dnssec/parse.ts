/**
 * DNSSEC record arithmetic: key tags (RFC 4034 Appendix B), DS digests (RFC 4034 §5.1.4, RFC 4509,
 * RFC 6605) and the algorithm status of RFC 8624. Pure and synchronous (node crypto for hashes only).
 */
import { createHash } from "node:crypto";
import type { DnskeyData, DsData } from "@/lib/dns/types";

/** DNSKEY RDATA (RFC 4034 §2.1): flags (16 bits), protocol (always 3), algorithm, public key. */
export function dnskeyRdata(key: DnskeyData): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(key.flags, 0);
  head.writeUInt8(3, 2);
  head.writeUInt8(key.algorithm, 3);
  return Buffer.concat([head, Buffer.from(key.key, "base64")]);
}

/** RFC 4034 Appendix B: the key tag a DS and RRSIG use to point at a DNSKEY. */
export function keyTag(key: DnskeyData): number {
  const rdata = dnskeyRdata(key);
  if (key.algorithm === 1) {
    // Appendix B.1: RSA/MD5 uses the most significant 16 of the least significant 24 bits of the modulus.
    return rdata.length >= 4 ? rdata.readUInt16BE(rdata.length - 3) : 0;
  }
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

/** A name in canonical wire form (RFC 4034 §6.2): lower-case labels, length-prefixed, root last. */
export function canonicalNameWire(name: string): Buffer {
  const labels = name
    .toLowerCase()
    .replace(/\.$/, "")
    .split(".")
    .filter((l) => l !== "");
  const parts: Buffer[] = [];
  for (const l of labels) {
    const b = Buffer.from(l, "utf8");
    parts.push(Buffer.from([b.length]), b);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

const DIGESTS: Record<number, string> = { 1: "sha1", 2: "sha256", 4: "sha384" };

/** The DS digest of a DNSKEY (RFC 4034 §5.1.4): hash(owner name | DNSKEY RDATA); null for unknown types. */
export function dsDigest(owner: string, key: DnskeyData, digestType: number): string | null {
  const algo = DIGESTS[digestType];
  if (!algo) return null;
  return createHash(algo)
    .update(Buffer.concat([canonicalNameWire(owner), dnskeyRdata(key)]))
    .digest("hex");
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

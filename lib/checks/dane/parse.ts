/**
 * DANE for SMTP (RFC 7672), pure: TLSA records of `_25._tcp.<mx>` (RFC 6698 §2) matched against the
 * chain the MX host presented. Only DANE-TA(2) and DANE-EE(3) are usable for SMTP (RFC 7672 §3.1.3).
 * DANE-EE matches the leaf and ignores names and dates (§3.1.1); DANE-TA matches an issuer the server
 * sent, the leaf must chain to it and name the MX host or the next-hop domain (§3.1.2, §3.2.2).
 */
import { createHash, X509Certificate } from "node:crypto";
import type { TlsaData } from "@/lib/dns/types";
import type { CertInfo } from "@/lib/smtp/certificate";
import { certificateNames, nameMatchesHost } from "@/lib/smtp/certificate";

export const USAGE_NAMES: Record<number, string> = {
  0: "PKIX-TA",
  1: "PKIX-EE",
  2: "DANE-TA",
  3: "DANE-EE",
};
export const MATCHING_NAMES: Record<number, string> = { 0: "Full", 1: "SHA2-256", 2: "SHA2-512" };

/** Presentation form "3 1 1 ab12..." (RFC 6698 §2.2). */
export function tlsaText(r: TlsaData): string {
  return `${r.usage} ${r.selector} ${r.matchingType} ${r.certificate}`;
}

/** The data a record of this selector and matching type is compared with (RFC 6698 §2.1.2, §2.1.3). */
export function associationData(cert: CertInfo, selector: number, matchingType: number): string | null {
  const base = selector === 0 ? cert.der : selector === 1 ? cert.spki : null;
  if (base === null) return null;
  const bytes = Buffer.from(base, "base64");
  if (matchingType === 0) return bytes.toString("hex");
  if (matchingType === 1) return createHash("sha256").update(bytes).digest("hex");
  if (matchingType === 2) return createHash("sha512").update(bytes).digest("hex");
  return null;
}

export function usable(r: TlsaData): boolean {
  return (
    (r.usage === 2 || r.usage === 3) &&
    (r.selector === 0 || r.selector === 1) &&
    r.matchingType in MATCHING_NAMES
  );
}

export interface TlsaMatch {
  record: string;
  usage: string;
  /** Which certificate of the chain it matched (0 = leaf), or null. */
  matchedDepth: number | null;
  /** For DANE-TA: the leaf chains to the matched certificate and names the host. */
  valid: boolean;
  note?: string;
}

/** Whether `chain[0..depth]` is a signature chain (each issued and signed by the next). */
export function chainsTo(chain: CertInfo[], depth: number): boolean {
  try {
    for (let k = 0; k < depth; k++) {
      const child = new X509Certificate(Buffer.from(chain[k]!.der, "base64"));
      const parent = new X509Certificate(Buffer.from(chain[k + 1]!.der, "base64"));
      if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Every TLSA record against the presented chain. The host is authenticated when any usable record is valid. */
export function matchTlsa(
  records: TlsaData[],
  chain: CertInfo[],
  names: { host: string; domain: string },
): TlsaMatch[] {
  return records.map((r) => {
    const base = { record: tlsaText(r), usage: USAGE_NAMES[r.usage] ?? String(r.usage) };
    if (!usable(r))
      return { ...base, matchedDepth: null, valid: false, note: "unusable for SMTP (RFC 7672 §3.1.3)" };
    const want = r.certificate.toLowerCase();
    if (r.usage === 3) {
      const leaf = chain[0];
      const ok = leaf !== undefined && associationData(leaf, r.selector, r.matchingType) === want;
      return { ...base, matchedDepth: ok ? 0 : null, valid: ok };
    }
    // DANE-TA: a trust anchor among the issuers the server sent (RFC 7672 §3.1.2 requires it to be sent).
    for (let depth = 1; depth < chain.length; depth++) {
      if (associationData(chain[depth]!, r.selector, r.matchingType) !== want) continue;
      if (!chainsTo(chain, depth))
        return { ...base, matchedDepth: depth, valid: false, note: "the leaf does not chain to it" };
      const leaf = chain[0]!;
      const expired = Date.parse(leaf.validTo) < Date.now();
      const named = certificateNames(leaf).some(
        (n) => nameMatchesHost(n, names.host) || nameMatchesHost(n, names.domain),
      );
      if (!named)
        return {
          ...base,
          matchedDepth: depth,
          valid: false,
          note: "the leaf names neither the MX host nor the domain",
        };
      if (expired) return { ...base, matchedDepth: depth, valid: false, note: "the leaf has expired" };
      return { ...base, matchedDepth: depth, valid: true };
    }
    return { ...base, matchedDepth: null, valid: false };
  });
}

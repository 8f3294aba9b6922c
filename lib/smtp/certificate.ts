/**
 * What a presented certificate says, as plain data for evidence and for DANE matching (RFC 6698 §2.1:
 * the full certificate or its SubjectPublicKeyInfo, DER).
 */
import { canonicalName } from "@/lib/dns/names";
import { createHash, X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate, PeerCertificate } from "node:tls";

export interface CertInfo {
  subject: string;
  issuer: string;
  /** DNS names from subjectAltName (lower-case); empty when there are none. */
  dnsNames: string[];
  /** The subject CN, if any (used for names only when there are no dNSName SANs, RFC 6125 §6.4.4). */
  commonName: string | null;
  validFrom: string;
  validTo: string;
  keyType: string | null;
  /** RSA modulus bits, or the EC curve's size in bits. */
  keyBits: number | null;
  curve: string | null;
  serialNumber: string;
  fingerprintSha256: string;
  selfSigned: boolean;
  /** DER of the whole certificate, base64 (for TLSA selector 0). */
  der: string;
  /** DER of the SubjectPublicKeyInfo, base64 (for TLSA selector 1). */
  spki: string;
}

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  "P-256": 256,
  secp384r1: 384,
  "P-384": 384,
  secp521r1: 521,
  "P-521": 521,
};

export function describeCertificate(der: Buffer): CertInfo {
  const x = new X509Certificate(der);
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve ?? null;
  const keyType = key.asymmetricKeyType ?? null;
  const keyBits =
    details.modulusLength ??
    (curve ? (CURVE_BITS[curve] ?? null) : keyType === "ed25519" ? 256 : keyType === "ed448" ? 456 : null);
  return {
    subject: x.subject.replace(/\n/g, ", "),
    issuer: x.issuer.replace(/\n/g, ", "),
    dnsNames: sanDnsNames(x.subjectAltName),
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1] ?? null,
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    keyType,
    keyBits,
    curve,
    serialNumber: x.serialNumber,
    fingerprintSha256: createHash("sha256").update(der).digest("hex"),
    selfSigned: x.issuer === x.subject && x.checkIssued(x),
    der: der.toString("base64"),
    spki: (key.export({ type: "spki", format: "der" }) as Buffer).toString("base64"),
  };
}

/** The chain the server sent, leaf first, following issuerCertificate until it loops (self-signed root). */
export function describeChain(peer: PeerCertificate | DetailedPeerCertificate): CertInfo[] {
  const out: CertInfo[] = [];
  const seen = new Set<string>();
  let cur: PeerCertificate | DetailedPeerCertificate | undefined = peer;
  while (cur && cur.raw && cur.raw.length > 0 && out.length < 10) {
    const fp = cur.fingerprint256;
    if (seen.has(fp)) break;
    seen.add(fp);
    out.push(describeCertificate(cur.raw));
    cur = "issuerCertificate" in cur ? cur.issuerCertificate : undefined;
  }
  return out;
}

/** dNSName entries of an X509Certificate.subjectAltName string ("DNS:a, DNS:b, IP Address:..."). */
function sanDnsNames(san: string | undefined): string[] {
  if (!san) return [];
  const out: string[] = [];
  for (const part of san.split(/,\s*/)) {
    const m = /^DNS:(.*)$/.exec(part.trim());
    if (m?.[1]) out.push(m[1].toLowerCase().replace(/^"|"$/g, ""));
  }
  return out;
}

/** The names a certificate is valid for: SAN dNSNames, or the CN when there are none (RFC 6125 §6.4.4). */
export function certificateNames(c: CertInfo): string[] {
  if (c.dnsNames.length > 0) return c.dnsNames;
  return c.commonName ? [c.commonName.toLowerCase()] : [];
}

/**
 * A presented name matches a host: equal, or a wildcard "*.rest" matching exactly one leftmost label
 * (RFC 6125 §6.4.3, the form MTA-STS and DANE-EE name checks accept).
 */
export function nameMatchesHost(name: string, host: string): boolean {
  const n = canonicalName(name);
  const h = canonicalName(host);
  if (n === h) return true;
  if (!n.startsWith("*.")) return false;
  const dot = h.indexOf(".");
  return dot > 0 && h.slice(dot + 1) === n.slice(2);
}

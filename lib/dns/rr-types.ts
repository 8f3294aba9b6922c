/**
 * Record type mnemonics ↔ numbers (IANA "Resource Record (RR) TYPEs" registry), in the spelling
 * dns-packet uses: unknown types are "UNKNOWN_<n>" there and "TYPE<n>" in presentation format (RFC 3597 §5).
 */
/**
 * The record types a check may ask for: the one list `RRType` (lib/dns/types.ts), the resolver's guard and
 * the sandbox's zone-file parser are built from.
 */
export const QUERY_TYPES = [
  "A",
  "AAAA",
  "MX",
  "TXT",
  "CNAME",
  "PTR",
  "NS",
  "SOA",
  "TLSA",
  "CAA",
  "DS",
  "DNSKEY",
] as const;
export type RRType = (typeof QUERY_TYPES)[number];

const TYPES: Record<string, number> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  NULL: 10,
  HINFO: 13,
  PTR: 12,
  MX: 15,
  TXT: 16,
  RP: 17,
  AAAA: 28,
  SRV: 33,
  NAPTR: 35,
  DNAME: 39,
  OPT: 41,
  DS: 43,
  SSHFP: 44,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  TLSA: 52,
  SPF: 99,
  ANY: 255,
  CAA: 257,
};
const NAMES = new Map(Object.entries(TYPES).map(([k, v]) => [v, k]));

/** Type number for a mnemonic ("MX", "TYPE99", "UNKNOWN_99"); undefined if unknown or out of range. */
export function typeNumber(mnemonic: string): number | undefined {
  const u = mnemonic.toUpperCase();
  const known = TYPES[u];
  if (known !== undefined) return known;
  const m = /^(?:TYPE|UNKNOWN_)([0-9]{1,5})$/.exec(u);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 65535 ? n : undefined;
}

/** dns-packet's spelling of a type number: the mnemonic, or "UNKNOWN_<n>". */
export function packetTypeName(n: number): string {
  return NAMES.get(n) ?? `UNKNOWN_${n}`;
}

/** Canonical dns-packet spelling for a mnemonic ("type99" → "SPF"); undefined if not a type. */
export function canonicalTypeName(mnemonic: string): string | undefined {
  const n = typeNumber(mnemonic);
  return n === undefined ? undefined : packetTypeName(n);
}

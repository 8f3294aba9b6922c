/**
 * DNSSEC arithmetic on wire data: canonical names and their order (RFC 4034 §6.1, §6.2), the signed data
 * of an RRset (RFC 4034 §3.1.8.1, §6.3), key tags (RFC 4034 Appendix B), DS digests (RFC 4034 §5.1.4,
 * RFC 4509, RFC 6605) and NSEC3 hashes (RFC 5155 §5). Pure and synchronous.
 */
import { createHash } from "node:crypto";
import dnsPacket, { type Answer } from "dns-packet";

/** The per-type codecs dns-packet exports but its typings leave out. */
const codec = dnsPacket as unknown as {
  record(type: string): { encode(data: unknown): Buffer };
  question: {
    encode(q: { name: string; type: string; class: string }, buf: Buffer, offset: number): unknown;
  };
};

/** A record as dns-packet decodes it, with its owner normalized (lower-case, no trailing dot, root ""). */
export interface Rr {
  name: string;
  type: string;
  ttl: number;
  data: unknown;
}

export interface RrsigData {
  typeCovered: string;
  algorithm: number;
  labels: number;
  originalTTL: number;
  expiration: number;
  inception: number;
  keyTag: number;
  signersName: string;
  signature: Buffer;
}
export interface DnskeyWire {
  flags: number;
  algorithm: number;
  key: Buffer;
}
export interface DsWire {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}
export interface NsecData {
  nextDomain: string;
  rrtypes: string[];
}
export interface Nsec3Data {
  algorithm: number;
  flags: number;
  iterations: number;
  salt: Buffer;
  nextDomain: Buffer;
  rrtypes: string[];
}

/** RFC 4034 §6.2 case folding: US-ASCII letters only (other octets are not letters). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Lower-case, no trailing dot, the root as "". */
export function normName(name: string): string {
  const n = asciiLower(name);
  return n === "." ? "" : n.replace(/\.$/, "");
}

export function labelsOf(name: string): string[] {
  return name === "" ? [] : name.split(".");
}

export function parentOf(name: string): string {
  const i = name.indexOf(".");
  return i < 0 ? "" : name.slice(i + 1);
}

/** `name` equals `ancestor` or lies below it. */
export function isSubdomain(name: string, ancestor: string): boolean {
  return ancestor === "" || name === ancestor || name.endsWith(`.${ancestor}`);
}

/** A name in canonical wire form (RFC 4034 §6.2): lower-case labels, uncompressed, root last. */
export function nameWire(name: string): Buffer {
  const parts: Buffer[] = [];
  for (const l of labelsOf(normName(name))) {
    const b = Buffer.from(l, "utf8");
    parts.push(Buffer.from([b.length]), b);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/**
 * RFC 4034 §6.1 canonical order: compare the rightmost labels first, each as lower-case octets; a name
 * sorts before its own descendants. Negative, 0 or positive like a comparator.
 */
export function compareNames(a: string, b: string): number {
  const la = labelsOf(normName(a)).reverse();
  const lb = labelsOf(normName(b)).reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const c = Buffer.compare(Buffer.from(la[i]!, "utf8"), Buffer.from(lb[i]!, "utf8"));
    if (c !== 0) return c;
  }
  return la.length - lb.length;
}

/**
 * Types whose RDATA names are folded to lower case in canonical form: RFC 4034 §6.2 as corrected by
 * RFC 6840 §5.1 (NSEC's next name keeps its case). Only those dns-packet decodes into fields are listed.
 */
function lowerRdataNames(type: string, data: unknown): unknown {
  const d = data as Record<string, unknown>;
  switch (type) {
    case "NS":
    case "CNAME":
    case "PTR":
    case "DNAME":
      return asciiLower(String(data));
    case "MX":
      return { ...d, exchange: asciiLower(String(d.exchange)) };
    case "SOA":
      return { ...d, mname: asciiLower(String(d.mname)), rname: asciiLower(String(d.rname)) };
    case "SRV":
      return { ...d, target: asciiLower(String(d.target)) };
    case "RRSIG":
      return { ...d, signersName: asciiLower(String(d.signersName)) };
    default:
      return data;
  }
}

/** The canonical RDATA of a record (RFC 4034 §6.2), without the RDLENGTH prefix. */
export function canonicalRdata(rr: Rr): Buffer {
  const withLen = codec.record(rr.type).encode(lowerRdataNames(rr.type, rr.data));
  return Buffer.from(withLen.subarray(2));
}

/**
 * The data an RRSIG signs (RFC 4034 §3.1.8.1): the RRSIG RDATA without the signature, then every record
 * of the RRset in canonical form and order (§6.3, duplicates removed), with the owner as the signature
 * names it (a wildcard owner "*.<closest encloser>" when the RRSIG's labels field is smaller, RFC 4035
 * §5.3.2) and the original TTL.
 */
export function signedData(sig: RrsigData, owner: string, rrset: Rr[]): Buffer {
  const head = Buffer.alloc(18);
  head.writeUInt16BE(typeCode(sig.typeCovered), 0);
  head.writeUInt8(sig.algorithm, 2);
  head.writeUInt8(sig.labels, 3);
  head.writeUInt32BE(sig.originalTTL >>> 0, 4);
  head.writeUInt32BE(sig.expiration >>> 0, 8);
  head.writeUInt32BE(sig.inception >>> 0, 12);
  head.writeUInt16BE(sig.keyTag, 16);
  const ownerLabels = labelsOf(normName(owner));
  const signedOwner =
    sig.labels < ownerLabels.length
      ? ["*", ...ownerLabels.slice(ownerLabels.length - sig.labels)]
      : ownerLabels;
  const ownerWire = nameWire(signedOwner.join("."));
  const rdatas = rrset.map(canonicalRdata).sort(Buffer.compare);
  const unique = rdatas.filter((r, i) => i === 0 || !r.equals(rdatas[i - 1]!));
  const parts: Buffer[] = [head, nameWire(sig.signersName)];
  const type = typeCode(sig.typeCovered);
  for (const rd of unique) {
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(type, 0);
    fixed.writeUInt16BE(1, 2); // class IN
    fixed.writeUInt32BE(sig.originalTTL >>> 0, 4);
    fixed.writeUInt16BE(rd.length, 8);
    parts.push(ownerWire, fixed, rd);
  }
  return Buffer.concat(parts);
}

/** The numeric type of a dns-packet type name ("MX", "UNKNOWN_65534"), read from an encoded question. */
export function typeCode(type: string): number {
  const m = /^UNKNOWN_(\d+)$/i.exec(type);
  if (m) return Number(m[1]);
  const buf = Buffer.alloc(5);
  codec.question.encode({ name: ".", type, class: "IN" }, buf, 0);
  return buf.readUInt16BE(1);
}

/** DNSKEY RDATA (RFC 4034 §2.1): flags, protocol 3, algorithm, public key. */
export function dnskeyRdata(key: DnskeyWire): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(key.flags, 0);
  head.writeUInt8(3, 2);
  head.writeUInt8(key.algorithm, 3);
  return Buffer.concat([head, key.key]);
}

/** RFC 4034 Appendix B: the key tag a DS and RRSIG use to point at a DNSKEY. */
export function keyTagOf(key: DnskeyWire): number {
  const rdata = dnskeyRdata(key);
  if (key.algorithm === 1) return rdata.length >= 4 ? rdata.readUInt16BE(rdata.length - 3) : 0;
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

/** DS digest types we compute: SHA-1 (RFC 4034), SHA-256 (RFC 4509), SHA-384 (RFC 6605). */
export const DS_DIGESTS: Record<number, string> = { 1: "sha1", 2: "sha256", 4: "sha384" };

/** hash(owner | DNSKEY RDATA) (RFC 4034 §5.1.4); null for a digest type we do not know. */
export function dsDigestOf(owner: string, key: DnskeyWire, digestType: number): Buffer | null {
  const algo = DS_DIGESTS[digestType];
  if (!algo) return null;
  return createHash(algo)
    .update(Buffer.concat([nameWire(owner), dnskeyRdata(key)]))
    .digest();
}

/** RFC 5155 §5: IH(salt, x, 0) = H(x | salt); IH(salt, x, k) = H(IH(salt, x, k-1) | salt). SHA-1 only. */
export function nsec3Hash(name: string, salt: Buffer, iterations: number): Buffer {
  let h = createHash("sha1")
    .update(Buffer.concat([nameWire(name), salt]))
    .digest();
  for (let i = 0; i < iterations; i++)
    h = createHash("sha1")
      .update(Buffer.concat([h, salt]))
      .digest();
  return h;
}

const B32HEX = "0123456789abcdefghijklmnopqrstuv";

/** Base32 with the extended hex alphabet, no padding (RFC 4648 §7, RFC 5155 §3.3). */
export function base32hex(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32HEX[(value << (5 - bits)) & 31];
  return out;
}

export function fromBase32hex(s: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.toLowerCase()) {
    const v = B32HEX.indexOf(c);
    if (v < 0) return null;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Reads a record of the decoded message into our shape (owner normalized). */
export function toRr(a: Answer): Rr {
  return {
    name: normName(a.name),
    type: String(a.type).toUpperCase(),
    ttl: (a as { ttl?: number }).ttl ?? 0,
    data: (a as { data?: unknown }).data,
  };
}

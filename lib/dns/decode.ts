/**
 * dns-packet records → the typed data of lib/dns/types.ts (RecordDataMap) and presentation-format text
 * for the query log.
 */
import dnsPacket, { type Answer, type DecodedPacket } from "dns-packet";
import { canonicalName } from "./names";
import type { RecordDataMap, RRType } from "./types";

/**
 * Decodes a DNS message after checking that its section counts can fit: every question takes at least
 * 5 bytes and every resource record at least 11 (RFC 1035 §4.1.2, §4.1.3: a 1-byte root name, type,
 * class, TTL, RDLENGTH). dns-packet trusts the counts and would walk tens of thousands of phantom records
 * past the end of a 60-byte datagram, stalling the event loop for half a second per packet.
 * Throws like dnsPacket.decode for malformed messages.
 */
export function decodeMessage(msg: Buffer): DecodedPacket {
  if (msg.length < 12) throw new Error(`message of ${msg.length} bytes is shorter than a DNS header`);
  const qd = msg.readUInt16BE(4);
  const rr = msg.readUInt16BE(6) + msg.readUInt16BE(8) + msg.readUInt16BE(10);
  if (qd * 5 + rr * 11 > msg.length - 12) {
    throw new Error(`section counts (${qd} questions, ${rr} records) exceed the ${msg.length}-byte message`);
  }
  return dnsPacket.decode(msg);
}

function hex(b: unknown): string {
  return Buffer.isBuffer(b) ? b.toString("hex") : "";
}

function txtStrings(data: unknown): Buffer[] {
  if (Array.isArray(data)) return data.map((d) => (Buffer.isBuffer(d) ? d : Buffer.from(String(d), "utf8")));
  if (Buffer.isBuffer(data)) return [data];
  return [Buffer.from(String(data), "utf8")];
}

/** Splits raw TXT-format RDATA (as dns-packet hands over types it lacks, e.g. SPF) into character-strings. */
export function splitCharacterStrings(rdata: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < rdata.length;) {
    const len = rdata[i]!;
    out.push(rdata.subarray(i + 1, i + 1 + len));
    i += 1 + len;
  }
  return out;
}

/** The character-strings of one TXT record, as text (UTF-8; RFC 7208 §3.3 keeps them apart until joined). */
export function txtChunks(answer: Answer): string[] {
  return txtStrings((answer as { data: unknown }).data).map((b) => b.toString("utf8"));
}

/** Converts one dns-packet record of a supported type into our typed data. */
export function decodeData<T extends RRType>(type: T, answer: Answer): RecordDataMap[T] {
  const d = (answer as { data: unknown }).data as Record<string, unknown> & string;
  switch (type) {
    case "A":
    case "AAAA":
      return String(d) as RecordDataMap[T];
    case "CNAME":
    case "PTR":
    case "NS":
      return canonicalName(String(d)) as RecordDataMap[T];
    case "TXT":
      // RFC 7208 §3.3 / RFC 6376 §3.6.2.2: a record's strings are concatenated without separators.
      return txtChunks(answer).join("") as RecordDataMap[T];
    case "MX":
      // RFC 7505: a null MX is "0 ." and decodes as exchange "".
      return {
        priority: Number(d.preference ?? 0),
        exchange: canonicalName(String(d.exchange)),
      } as RecordDataMap[T];
    case "SOA":
      return {
        mname: canonicalName(String(d.mname)),
        rname: canonicalName(String(d.rname)),
        serial: Number(d.serial),
        refresh: Number(d.refresh),
        retry: Number(d.retry),
        expire: Number(d.expire),
        minimum: Number(d.minimum),
      } as RecordDataMap[T];
    case "TLSA":
      return {
        usage: Number(d.usage),
        selector: Number(d.selector),
        matchingType: Number(d.matchingType),
        certificate: hex(d.certificate),
      } as RecordDataMap[T];
    case "CAA":
      return { flags: Number(d.flags ?? 0), tag: String(d.tag), value: String(d.value) } as RecordDataMap[T];
    case "DS":
      return {
        keyTag: Number(d.keyTag),
        algorithm: Number(d.algorithm),
        digestType: Number(d.digestType),
        digest: hex(d.digest),
      } as RecordDataMap[T];
    case "DNSKEY":
      return {
        flags: Number(d.flags),
        algorithm: Number(d.algorithm),
        key: Buffer.isBuffer(d.key) ? d.key.toString("base64") : "",
      } as RecordDataMap[T];
  }
  throw new Error(`unsupported type ${type}`);
}

function quote(b: Buffer): string {
  let s = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) s += `\\${String.fromCharCode(c)}`;
    else if (c < 0x20 || c > 0x7e) s += `\\${String(c).padStart(3, "0")}`;
    else s += String.fromCharCode(c);
  }
  return `${s}"`;
}

/** Presentation format of a record's RDATA (RFC 1035 §5.1 style), for the query log. */
export function presentRecord(answer: Answer): string {
  const a = answer as { type: string; data: unknown };
  const d = a.data as Record<string, unknown>;
  const name = (v: unknown) => {
    const n = canonicalName(String(v));
    return n === "" ? "." : n;
  };
  switch (a.type) {
    case "A":
    case "AAAA":
      return String(a.data);
    case "CNAME":
    case "PTR":
    case "NS":
    case "DNAME":
      return name(a.data);
    case "TXT":
      return txtStrings(a.data).map(quote).join(" ");
    case "SPF":
      return Buffer.isBuffer(a.data) ? splitCharacterStrings(a.data).map(quote).join(" ") : String(a.data);
    case "MX":
      return `${Number(d.preference ?? 0)} ${name(d.exchange)}`;
    case "SOA":
      return `${name(d.mname)} ${name(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case "TLSA":
      return `${d.usage} ${d.selector} ${d.matchingType} ${hex(d.certificate)}`;
    case "CAA":
      return `${Number(d.flags ?? 0)} ${d.tag} ${quote(Buffer.from(String(d.value), "utf8"))}`;
    case "DS":
      return `${d.keyTag} ${d.algorithm} ${d.digestType} ${hex(d.digest).toUpperCase()}`;
    case "DNSKEY":
      return `${d.flags} 3 ${d.algorithm} ${Buffer.isBuffer(d.key) ? d.key.toString("base64") : ""}`;
    default:
      // RFC 3597 §5 generic form for everything else.
      if (Buffer.isBuffer(a.data)) return `\\# ${a.data.length} ${a.data.toString("hex")}`.trim();
      try {
        return JSON.stringify(a.data);
      } catch {
        return String(a.data);
      }
  }
}

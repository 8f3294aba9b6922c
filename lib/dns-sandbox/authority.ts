/**
 * The authoritative answering logic shared by the sandbox server (lib/dns-sandbox/server.ts) and the
 * socket-free memory resolver (lib/dns/memory-resolver.ts): zones, NXDOMAIN vs NODATA, empty
 * non-terminals, wildcards, CNAME chasing and referrals at zone cuts, as RFC 1034 §4.3.2 describes an
 * authoritative server.
 */
import { canonicalName } from "@/lib/dns/names";
import type { Answer } from "dns-packet";
import { isIPv4, isIPv6 } from "node:net";
import { canonicalTypeName } from "@/lib/dns/rr-types";
import { normalizeName, parseZoneText, txtWire, type ZoneRecord } from "./zone-file";

/** A record given in code rather than in a zone file. */
export interface SandboxRecord {
  /** Owner name, absolute (a trailing dot is optional). */
  name: string;
  /** "A", "MX", "TXT", "SPF", "TYPE65534"... */
  type: string;
  /** Seconds; default 300. */
  ttl?: number;
  /**
   * A/AAAA: "192.0.2.1". MX: {priority, exchange} or [priority, exchange]. TXT/SPF: string[] (one
   * character-string each, ≤255 octets) or a string (split into 255-octet strings). CNAME/PTR/NS: a name.
   * SOA: {mname, rname, serial, refresh, retry, expire, minimum}. TLSA: {usage, selector, matchingType,
   * certificate (hex)}. CAA: {flags, tag, value}. DS: {keyTag, algorithm, digestType, digest (hex)}.
   * DNSKEY: {flags, algorithm, key (base64)}. Any type: a Buffer of raw RDATA, or a string in zone-file
   * presentation format ("10 mx.example.test.").
   */
  data: unknown;
}

export type AuthRcode = "NOERROR" | "NXDOMAIN" | "REFUSED";

export interface AuthResult {
  rcode: AuthRcode;
  /** Authoritative Answer (RFC 1035 §4.1.1): set for names inside our zones, clear for referrals. */
  aa: boolean;
  answers: Answer[];
  authorities: Answer[];
  /** Glue for a referral (RFC 1034 §4.3.2 step 3b). */
  additionals?: Answer[];
}

interface Zone {
  apex: string;
  soa: ZoneRecord;
  nodes: Map<string, ZoneRecord[]>;
  /** Owner names and every ancestor up to the apex: empty non-terminals exist too (RFC 8020). */
  exists: Set<string>;
}

const MAX_CHAIN = 16;

function isSubdomain(name: string, apex: string): boolean {
  return apex === "" || name === apex || name.endsWith(`.${apex}`);
}

function parent(name: string): string {
  const i = name.indexOf(".");
  return i < 0 ? "" : name.slice(i + 1);
}

function num(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw new Error(`${what}: expected a non-negative integer`);
  return v;
}

function bytes(v: unknown, enc: "hex" | "base64", what: string): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === "string") {
    const clean = v.replace(/\s+/g, "");
    if (enc === "hex" && !/^([0-9a-fA-F]{2})+$/.test(clean)) throw new Error(`${what}: invalid hex`);
    if (enc === "base64" && !/^[A-Za-z0-9+/]+=*$/.test(clean)) throw new Error(`${what}: invalid base64`);
    return Buffer.from(clean, enc);
  }
  throw new Error(`${what}: expected a ${enc} string`);
}

/** Splits a long TXT value into ≤255-octet character-strings (RFC 7208 §3.3 joins them back). */
function splitTxt(s: string): Buffer[] {
  const b = Buffer.from(s, "utf8");
  if (b.length === 0) return [b];
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += 255) out.push(b.subarray(i, i + 255));
  return out;
}

/** Turns a SandboxRecord into the sandbox's internal record shape, with a clear error when it is malformed. */
export function recordFromSandbox(r: SandboxRecord): ZoneRecord {
  const where = `record ${JSON.stringify(r.name)} ${JSON.stringify(r.type)}`;
  try {
    if (typeof r.name !== "string") throw new Error("name must be a string");
    if (typeof r.type !== "string") throw new Error("type must be a string");
    const name = normalizeName(r.name);
    const type = canonicalTypeName(r.type);
    if (!type || type === "OPT" || type === "ANY") throw new Error(`unknown record type`);
    const ttl = r.ttl === undefined ? 300 : num(r.ttl, "ttl");
    const d = r.data;
    const out = (data: unknown): ZoneRecord => ({ name, type, ttl, data, source: where });
    if (Buffer.isBuffer(d)) {
      if (type === "TXT" || type === "SPF" || type.startsWith("UNKNOWN_")) return out(d);
    }
    switch (type) {
      case "A":
        if (typeof d !== "string" || !isIPv4(d)) throw new Error(`invalid IPv4 address ${JSON.stringify(d)}`);
        return out(d);
      case "AAAA":
        if (typeof d !== "string" || !isIPv6(d)) throw new Error(`invalid IPv6 address ${JSON.stringify(d)}`);
        return out(d);
      case "TXT":
      case "SPF": {
        let strings: Buffer[];
        if (typeof d === "string") strings = splitTxt(d);
        else if (Array.isArray(d) && d.length > 0) {
          strings = d.map((s) => {
            const b = Buffer.isBuffer(s) ? s : typeof s === "string" ? Buffer.from(s, "utf8") : null;
            if (!b) throw new Error("TXT strings must be strings");
            if (b.length > 255)
              throw new Error("a TXT character-string is longer than 255 octets (RFC 1035 §3.3)");
            return b;
          });
        } else throw new Error("TXT data must be a string or a non-empty string[]");
        return out(type === "TXT" ? strings : txtWire(strings));
      }
      case "MX": {
        if (Array.isArray(d) && d.length === 2) {
          return out({ preference: num(d[0], "MX priority"), exchange: normalizeName(String(d[1])) });
        }
        if (d && typeof d === "object") {
          const o = d as Record<string, unknown>;
          const pref = o.priority ?? o.preference;
          if (typeof o.exchange !== "string") throw new Error("MX exchange must be a name");
          return out({ preference: num(pref, "MX priority"), exchange: normalizeName(o.exchange) });
        }
        break;
      }
      case "CNAME":
      case "PTR":
      case "NS":
        if (typeof d !== "string") throw new Error("data must be a domain name");
        if (/\s/.test(d.trim())) break; // presentation format with more fields: let the parser complain
        return out(normalizeName(d.trim()));
      case "SOA":
        if (d && typeof d === "object") {
          const o = d as Record<string, unknown>;
          if (typeof o.mname !== "string" || typeof o.rname !== "string")
            throw new Error("SOA needs mname and rname");
          return out({
            mname: normalizeName(o.mname),
            rname: normalizeName(o.rname),
            serial: num(o.serial ?? 1, "SOA serial"),
            refresh: num(o.refresh ?? 3600, "SOA refresh"),
            retry: num(o.retry ?? 600, "SOA retry"),
            expire: num(o.expire ?? 86400, "SOA expire"),
            minimum: num(o.minimum ?? 300, "SOA minimum"),
          });
        }
        break;
      case "TLSA":
        if (d && typeof d === "object") {
          const o = d as Record<string, unknown>;
          return out({
            usage: num(o.usage, "TLSA usage"),
            selector: num(o.selector, "TLSA selector"),
            matchingType: num(o.matchingType, "TLSA matchingType"),
            certificate: bytes(o.certificate, "hex", "TLSA certificate"),
          });
        }
        break;
      case "CAA":
        if (d && typeof d === "object") {
          const o = d as Record<string, unknown>;
          if (typeof o.tag !== "string" || typeof o.value !== "string")
            throw new Error("CAA needs tag and value");
          return out({ flags: num(o.flags ?? 0, "CAA flags"), tag: o.tag, value: o.value });
        }
        break;
      case "DS":
        if (d && typeof d === "object") {
          const o = d as Record<string, unknown>;
          return out({
            keyTag: num(o.keyTag, "DS keyTag"),
            algorithm: num(o.algorithm, "DS algorithm"),
            digestType: num(o.digestType, "DS digestType"),
            digest: bytes(o.digest, "hex", "DS digest"),
          });
        }
        break;
      case "DNSKEY":
        if (d && typeof d === "object") {
          const o = d as Record<string, unknown>;
          return out({
            flags: num(o.flags, "DNSKEY flags"),
            algorithm: num(o.algorithm, "DNSKEY algorithm"),
            key: bytes(o.key, "base64", "DNSKEY key"),
          });
        }
        break;
      default:
        if (
          typeof d === "string" &&
          /^([0-9a-fA-F]{2})*$/.test(d.replace(/\s+/g, "")) &&
          !d.startsWith("\\#")
        ) {
          return out(bytes(d, "hex", "data"));
        }
    }
    if (typeof d === "string") {
      // Zone-file presentation format, e.g. MX "10 mx.example.test." or TLSA "3 1 1 ab12...".
      const typeText = type.startsWith("UNKNOWN_") ? `TYPE${type.slice(8)}` : type;
      const parsed = parseZoneText(`${name}. ${ttl} IN ${typeText} ${d}`, { origin: "", noInclude: true });
      const rec = parsed.records[0];
      if (!rec || parsed.records.length !== 1) throw new Error("data must describe exactly one record");
      return { ...rec, source: where };
    }
    throw new Error(`unsupported data ${JSON.stringify(d)}`);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message.replace(/^<zone>:\d+: /, "")}`);
  }
}

function soaData(r: ZoneRecord): { minimum: number } {
  return r.data as { minimum: number };
}

export interface AuthorityOptions {
  /** Zone apexes to serve besides the owners of SOA records (names outside every zone get REFUSED). */
  apexes?: string[];
}

/**
 * A set of zones. Apexes come from SOA records and `apexes`; a record outside every such zone gets an
 * implicit zone at its last two labels (or the name itself when shorter) with a synthesized SOA, so that
 * in-memory record lists (e.g. the RFC 7208 test-suite data) need no SOA of their own.
 */
export class Authority {
  private readonly zones: Zone[];

  constructor(records: ZoneRecord[], opts: AuthorityOptions = {}) {
    const apexSet = new Set<string>((opts.apexes ?? []).map(normalizeName));
    const soas = new Map<string, ZoneRecord>();
    for (const r of records) {
      if (r.type === "SOA" && !soas.has(r.name)) {
        soas.set(r.name, r);
        apexSet.add(r.name);
      }
    }
    const findApex = (name: string): string | undefined => {
      let best: string | undefined;
      for (const a of apexSet)
        if (isSubdomain(name, a) && (best === undefined || a.length > best.length)) best = a;
      return best;
    };
    for (const r of records) {
      if (findApex(r.name) === undefined) apexSet.add(r.name.split(".").slice(-2).join("."));
    }
    const zones = new Map<string, Zone>();
    for (const apex of apexSet) {
      const soa: ZoneRecord = soas.get(apex) ?? {
        name: apex,
        type: "SOA",
        ttl: 300,
        data: {
          mname: apex === "" ? "ns.sandbox" : `ns.${apex}`,
          rname: apex === "" ? "hostmaster.sandbox" : `hostmaster.${apex}`,
          serial: 1,
          refresh: 3600,
          retry: 600,
          expire: 86400,
          minimum: 300,
        },
        source: "synthesized",
      };
      const zone: Zone = { apex, soa, nodes: new Map(), exists: new Set([apex]) };
      zone.nodes.set(apex, [soa]);
      zones.set(apex, zone);
    }
    const seen = new Set<string>();
    for (const r of records) {
      const zone = zones.get(findApex(r.name)!)!;
      if (r.type === "SOA") {
        if (r.name !== zone.apex || r !== zone.soa) continue; // one SOA per zone: the first wins
      } else {
        // Identical records are one record (RFC 2181 §5: an RRset has no duplicates).
        const key = `${r.name}\u0000${r.type}\u0000${JSON.stringify(r.data)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = zone.nodes.get(r.name) ?? [];
        list.push(r);
        zone.nodes.set(r.name, list);
      }
      for (let n = r.name; ; n = parent(n)) {
        zone.exists.add(n);
        if (n === zone.apex || n === "") break;
      }
    }
    this.zones = [...zones.values()].sort((a, b) => b.apex.length - a.apex.length);
  }

  /** The apexes served, longest first. */
  get apexes(): string[] {
    return this.zones.map((z) => z.apex);
  }

  /** Number of records served (synthesized SOAs included). */
  get size(): number {
    let n = 0;
    for (const z of this.zones) for (const l of z.nodes.values()) n += l.length;
    return n;
  }

  private findZone(name: string): Zone | undefined {
    return this.zones.find((z) => isSubdomain(name, z.apex));
  }

  /** Records at `name`, [] for an empty non-terminal, or null when the name does not exist. */
  private lookupNode(zone: Zone, name: string): ZoneRecord[] | null {
    const direct = zone.nodes.get(name);
    if (direct) return direct;
    if (zone.exists.has(name)) return [];
    // RFC 4592 §3.3.1: find the closest encloser, then the source of synthesis "*.<closest encloser>".
    for (let ce = parent(name); ; ce = parent(ce)) {
      if (zone.exists.has(ce)) {
        return zone.nodes.get(ce === "" ? "*" : `*.${ce}`) ?? null;
      }
      if (ce === zone.apex || ce === "") return null;
    }
  }

  /**
   * The highest zone cut (NS records below the apex) at or above `name`, if any: data there and below
   * belongs to the child zone. DS at the cut itself is the parent's (RFC 4035 §2.4), so it is not a cut
   * for a DS question.
   */
  private findCut(zone: Zone, name: string, qtype: string): string | undefined {
    if (name === zone.apex) return undefined;
    const rel = zone.apex === "" ? name : name.slice(0, -(zone.apex.length + 1));
    const labels = rel.split(".");
    for (let i = labels.length - 1; i >= 0; i--) {
      const candidate =
        zone.apex === "" ? labels.slice(i).join(".") : `${labels.slice(i).join(".")}.${zone.apex}`;
      if (candidate === name && qtype === "DS") return undefined;
      if ((zone.nodes.get(candidate) ?? []).some((r) => r.type === "NS")) return candidate;
    }
    return undefined;
  }

  private referral(zone: Zone, cut: string, answers: Answer[]): AuthResult {
    const ns = (zone.nodes.get(cut) ?? []).filter((r) => r.type === "NS");
    const glue: Answer[] = [];
    for (const r of ns) {
      const target = r.data as string;
      if (!isSubdomain(target, cut)) continue; // only glue below the cut is needed (RFC 9471)
      for (const g of zone.nodes.get(target) ?? []) {
        if (g.type === "A" || g.type === "AAAA") glue.push(this.toAnswer(g, target));
      }
    }
    return {
      rcode: "NOERROR",
      aa: answers.length > 0, // the CNAMEs before the cut are still ours
      answers,
      authorities: ns.map((r) => this.toAnswer(r, cut)),
      additionals: glue,
    };
  }

  private negativeSoa(zone: Zone): Answer {
    // RFC 2308 §3: the SOA's TTL in a negative answer is the minimum of its TTL and its MINIMUM field.
    return this.toAnswer(zone.soa, zone.apex, Math.min(zone.soa.ttl, soaData(zone.soa).minimum));
  }

  private toAnswer(r: ZoneRecord, owner: string, ttl = r.ttl): Answer {
    return { name: owner, type: r.type, class: "IN", ttl, data: r.data } as Answer;
  }

  /**
   * Answers one question. `qname` is compared case-insensitively (RFC 4343); `qtype` is dns-packet's
   * spelling ("A", "ANY", "UNKNOWN_65534").
   */
  resolve(qname: string, qtype: string): AuthResult {
    let name = canonicalName(qname);
    let zone = this.findZone(name);
    if (!zone) return { rcode: "REFUSED", aa: false, answers: [], authorities: [] };
    const answers: Answer[] = [];
    const seen = new Set<string>([name]);
    for (let step = 0; step <= MAX_CHAIN; step++) {
      const cut = this.findCut(zone, name, qtype);
      if (cut !== undefined) return this.referral(zone, cut, answers);
      const node = this.lookupNode(zone, name);
      if (node === null) {
        // RFC 6604 §3: after a CNAME, the RCODE describes the last name in the chain.
        return { rcode: "NXDOMAIN", aa: true, answers, authorities: [this.negativeSoa(zone)] };
      }
      const matching = qtype === "ANY" ? node : node.filter((r) => r.type === qtype);
      if (matching.length > 0) {
        answers.push(...matching.map((r) => this.toAnswer(r, name)));
        return { rcode: "NOERROR", aa: true, answers, authorities: [] };
      }
      const cname = qtype === "CNAME" ? undefined : node.find((r) => r.type === "CNAME");
      if (!cname) return { rcode: "NOERROR", aa: true, answers, authorities: [this.negativeSoa(zone)] };
      // RFC 1034 §4.3.2 step 3a: put the CNAME in the answer and restart with its target.
      answers.push(this.toAnswer(cname, name));
      const target = cname.data as string;
      const next = this.findZone(target);
      if (seen.has(target) || !next) break; // a loop, or a target outside our authority: the client goes on
      seen.add(target);
      name = target;
      zone = next;
    }
    return { rcode: "NOERROR", aa: true, answers, authorities: [] };
  }
}

/** Builds an Authority from zone texts (no $INCLUDE) and records: what the memory resolver serves. */
export function authorityFromText(zoneText: string[] = [], records: SandboxRecord[] = []): Authority {
  const all: ZoneRecord[] = [];
  zoneText.forEach((text, i) =>
    all.push(...parseZoneText(text, { file: `<zone text ${i + 1}>`, noInclude: true }).records),
  );
  for (const r of records) all.push(recordFromSandbox(r));
  return new Authority(all);
}

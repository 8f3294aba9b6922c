/**
 * Authenticated denial of existence: which NSEC (RFC 4035 §5.4) and NSEC3 (RFC 5155 §8) records prove a
 * name does not exist (NXDOMAIN), or has no records of a type (NODATA), or that a delegation has no DS
 * (an insecure delegation, RFC 4035 §5.2, RFC 5155 §8.6 opt-out). The records handed in must already have
 * had their signatures verified against the zone's keys.
 */
import {
  compareNames,
  fromBase32hex,
  isSubdomain,
  labelsOf,
  normName,
  nsec3Hash,
  parentOf,
  type Nsec3Data,
  type NsecData,
  type Rr,
} from "./canonical";

/** RFC 9276 §3.2: validators may treat NSEC3 with more iterations as insecure; we do above 150. */
export const MAX_NSEC3_ITERATIONS = 150;

export type DenialOutcome =
  | { proven: true; kind: "nxdomain" | "wildcard_nodata" | "empty_non_terminal" }
  /** The name exists without the type; `types` is its bitmap (a delegation shows NS without SOA). */
  | { proven: true; kind: "nodata"; types: Set<string> }
  /** An NSEC3 opt-out span covers the name: an unsigned delegation may exist there (RFC 5155 §6). */
  | { proven: true; kind: "opt_out" }
  | { proven: false; reason: string };

/** What the NSEC at a name says about it: the types present. */
interface Nsec {
  owner: string;
  next: string;
  types: Set<string>;
}

function nsecs(rrs: Rr[]): Nsec[] {
  return rrs
    .filter((r) => r.type === "NSEC")
    .map((r) => {
      const d = r.data as NsecData;
      return {
        owner: r.name,
        next: normName(d.nextDomain),
        types: new Set(d.rrtypes.map((t) => t.toUpperCase())),
      };
    });
}

/** The NSEC covers `name`: owner < name < next in canonical order, the last NSEC wrapping to the apex. */
function nsecCovers(n: Nsec, name: string): boolean {
  if (compareNames(n.owner, name) >= 0) return false;
  return compareNames(n.next, n.owner) <= 0 || compareNames(name, n.next) < 0;
}

function commonAncestor(a: string, b: string): string {
  const la = labelsOf(a).reverse();
  const lb = labelsOf(b).reverse();
  const out: string[] = [];
  for (let i = 0; i < Math.min(la.length, lb.length) && la[i] === lb[i]; i++) out.push(la[i]!);
  return out.reverse().join(".");
}

/** NODATA at the name itself: the type and CNAME are both absent from the bitmap (RFC 4035 §5.4). */
function lacks(types: Set<string>, qtype: string): boolean {
  return !types.has(qtype) && !types.has("CNAME");
}

/** A proof with NSEC records (RFC 4035 §5.4; wildcard cases of RFC 4035 §3.1.3). */
export function nsecDenial(
  rrs: Rr[],
  qname: string,
  qtype: string,
  nxdomain: boolean,
  zone: string,
): DenialOutcome {
  const list = nsecs(rrs).filter((n) => isSubdomain(n.owner, zone));
  if (list.length === 0) return { proven: false, reason: "no NSEC records in the answer" };
  if (!nxdomain) {
    const match = list.find((n) => n.owner === qname);
    if (match) {
      if (!lacks(match.types, qtype)) {
        return { proven: false, reason: `the NSEC at ${qname || "."} lists ${qtype}` };
      }
      // RFC 4035 §5.4 / RFC 6840 §4.1: for DS, the NSEC must come from the parent side (no SOA at the
      // name) unless it is the root; for other types, a delegation's NSEC (NS without SOA) proves nothing.
      if (qtype === "DS" && match.types.has("SOA") && qname !== "") {
        return { proven: false, reason: `the NSEC at ${qname} comes from the child zone` };
      }
      if (qtype !== "DS" && match.types.has("NS") && !match.types.has("SOA")) {
        return { proven: false, reason: `the NSEC at ${qname} is a delegation's` };
      }
      return { proven: true, kind: "nodata", types: match.types };
    }
  }
  const cover = list.find((n) => nsecCovers(n, qname));
  if (!cover) return { proven: false, reason: `no NSEC covers ${qname}` };
  if (!nxdomain && isSubdomain(cover.next, qname) && cover.next !== qname) {
    return { proven: true, kind: "empty_non_terminal" };
  }
  // The closest encloser: the deepest ancestor of qname that exists (RFC 4592 §3.3.1).
  const a = commonAncestor(qname, cover.owner);
  const b = commonAncestor(qname, cover.next);
  const ce = labelsOf(a).length >= labelsOf(b).length ? a : b;
  if (!isSubdomain(ce, zone)) return { proven: false, reason: "the closest encloser lies outside the zone" };
  const wildcard = ce === "" ? "*" : `*.${ce}`;
  if (nxdomain) {
    if (!list.some((n) => n.owner === wildcard) && list.some((n) => nsecCovers(n, wildcard))) {
      return { proven: true, kind: "nxdomain" };
    }
    return { proven: false, reason: `no NSEC proves that ${wildcard} does not exist` };
  }
  const wc = list.find((n) => n.owner === wildcard);
  if (wc && lacks(wc.types, qtype)) return { proven: true, kind: "wildcard_nodata" };
  return { proven: false, reason: `no NSEC proves ${qname} has no ${qtype}` };
}

interface Nsec3 {
  hash: Buffer;
  next: Buffer;
  optOut: boolean;
  types: Set<string>;
  data: Nsec3Data;
}

function nsec3s(rrs: Rr[], zone: string): Nsec3[] {
  const out: Nsec3[] = [];
  for (const r of rrs) {
    if (r.type !== "NSEC3" || parentOf(r.name) !== zone) continue;
    const d = r.data as Nsec3Data;
    const hash = fromBase32hex(labelsOf(r.name)[0] ?? "");
    if (!hash || d.algorithm !== 1) continue;
    out.push({
      hash,
      next: d.nextDomain,
      optOut: (d.flags & 1) !== 0,
      types: new Set(d.rrtypes.map((t) => t.toUpperCase())),
      data: d,
    });
  }
  return out;
}

function nsec3Covers(n: Nsec3, h: Buffer): boolean {
  const afterOwner = Buffer.compare(h, n.hash) > 0;
  const beforeNext = Buffer.compare(h, n.next) < 0;
  if (Buffer.compare(n.hash, n.next) < 0) return afterOwner && beforeNext;
  return afterOwner || beforeNext; // the last NSEC3 of the chain wraps around to the first
}

/** A proof with NSEC3 records (RFC 5155 §8.4–§8.7). */
export function nsec3Denial(
  rrs: Rr[],
  qname: string,
  qtype: string,
  nxdomain: boolean,
  zone: string,
): DenialOutcome | { proven: true; kind: "insecure_iterations" } {
  const list = nsec3s(rrs, zone);
  if (list.length === 0) return { proven: false, reason: "no NSEC3 records in the answer" };
  const params = list[0]!.data;
  if (params.iterations > MAX_NSEC3_ITERATIONS) return { proven: true, kind: "insecure_iterations" };
  const hashes = new Map<string, Buffer>();
  const h = (name: string) => {
    let v = hashes.get(name);
    if (!v) {
      v = nsec3Hash(name, params.salt, params.iterations);
      hashes.set(name, v);
    }
    return v;
  };
  const matching = (name: string) => list.find((n) => n.hash.equals(h(name)));
  const covering = (name: string) => list.find((n) => nsec3Covers(n, h(name)));

  if (!nxdomain) {
    const m = matching(qname);
    if (m) {
      if (!lacks(m.types, qtype)) return { proven: false, reason: `the NSEC3 for ${qname} lists ${qtype}` };
      if (qtype === "DS" && m.types.has("SOA") && qname !== zone) {
        return { proven: false, reason: `the NSEC3 for ${qname} comes from the child zone` };
      }
      return { proven: true, kind: "nodata", types: m.types };
    }
  }
  // Closest encloser proof (RFC 5155 §8.3): an ancestor with a matching NSEC3 whose child towards qname
  // (the next closer name) is covered.
  const qLabels = labelsOf(qname);
  for (let i = 1; i <= qLabels.length; i++) {
    const ce = qLabels.slice(i).join(".");
    if (!isSubdomain(ce, zone)) break;
    if (!matching(ce)) continue;
    const nextCloser = qLabels.slice(i - 1).join(".");
    const cover = covering(nextCloser);
    if (!cover) return { proven: false, reason: `no NSEC3 covers the next closer name ${nextCloser}` };
    const wildcard = ce === "" ? "*" : `*.${ce}`;
    if (nxdomain) {
      if (covering(wildcard)) return { proven: true, kind: "nxdomain" };
      return { proven: false, reason: `no NSEC3 proves that ${wildcard} does not exist` };
    }
    // RFC 5155 §8.6: no DS, proven by an opt-out span over the next closer name: insecure delegation.
    if (qtype === "DS" && cover.optOut) return { proven: true, kind: "opt_out" };
    const wc = matching(wildcard);
    if (wc && lacks(wc.types, qtype)) return { proven: true, kind: "wildcard_nodata" };
    if (cover.optOut) return { proven: true, kind: "opt_out" };
    return { proven: false, reason: `no NSEC3 proves ${qname} has no ${qtype}` };
  }
  return { proven: false, reason: `no closest encloser proof for ${qname}` };
}

/**
 * RFC 4035 §5.3.4 / RFC 5155 §8.8: an answer expanded from a wildcard must come with proof that the name
 * asked does not exist itself (a covering NSEC, or an NSEC3 covering the next closer name).
 */
export function wildcardExpansionProven(rrs: Rr[], qname: string, sigLabels: number, zone: string): boolean {
  const labels = labelsOf(qname);
  const nextCloser = labels.slice(labels.length - sigLabels - 1).join(".");
  const n = nsecs(rrs).filter((x) => isSubdomain(x.owner, zone));
  if (n.some((x) => nsecCovers(x, qname))) return true;
  const n3 = nsec3s(rrs, zone);
  if (n3.length === 0) return false;
  const p = n3[0]!.data;
  const hash = nsec3Hash(nextCloser, p.salt, p.iterations);
  return n3.some((x) => nsec3Covers(x, hash));
}

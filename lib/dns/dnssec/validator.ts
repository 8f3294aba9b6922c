/**
 * Our own DNSSEC validator (RFC 4033–4035, RFC 5155, RFC 6840). It asks with DO and CD through the
 * report's Resolver (so every question counts within the report's query cap and is asked once), walks the
 * chain of trust top-down from a trust anchor — DS at each label, the DNSKEY RRset of each zone cut — and
 * verifies RRSIGs with node:crypto. Outcomes (RFC 4033 §5):
 * - secure: every signature from the anchor to the answer verified, or the denial of existence did;
 * - insecure: a signed parent proved the delegation has no DS (NSEC/NSEC3, opt-out included) or only DS
 *   of algorithms we do not implement;
 * - bogus: something that should verify does not (with the reason);
 * - indeterminate: a DNS failure (timeout, SERVFAIL, the query cap) kept us from finding out.
 */
import type { DnsAnswer, RRType, Resolver } from "../types";
import { isDnsFailure } from "../types";
import type { TrustAnchor } from "./anchors";
import {
  DS_DIGESTS,
  dsDigestOf,
  isSubdomain,
  keyTagOf,
  labelsOf,
  normName,
  signedData,
  toRr,
  type DnskeyWire,
  type DsWire,
  type Rr,
  type RrsigData,
} from "./canonical";
import { SUPPORTED_ALGORITHMS, verifySignature } from "./crypto";
import { nsec3Denial, nsecDenial, wildcardExpansionProven } from "./denial";

export type Security = "secure" | "insecure" | "bogus" | "indeterminate";

export interface Validation {
  security: Security;
  /** Why not secure, in words ("RRSIG over example.com MX expired on 2026-01-01T00:00:00Z"). */
  reason?: string;
  /** secure: the zone whose keys vouch for the answer; insecure: the unsigned delegation. */
  zone?: string;
  /** The zones of the chain, from the anchor down, as far as it was followed. */
  chain: string[];
  /**
   * Indeterminate because the resolver refuses questions about the trust anchor's zone itself (an
   * authoritative-only server, such as a test sandbox): nothing can be validated through it.
   */
  anchorUnavailable?: true;
}

interface SecureZone {
  security: "secure";
  zone: string;
  keys: DnskeyWire[];
  chain: string[];
}
type ZoneState = SecureZone | Validation;

export interface ValidatorOptions {
  anchors: TrustAnchor[];
  /** Seconds since the epoch for the signature validity windows (tests move the clock). */
  now?: () => number;
}

export interface Validator {
  /** The validated answer to a question: positive, CNAME chain, NXDOMAIN or NODATA. */
  validate(name: string, type: RRType): Promise<Validation>;
  /** How far a zone's chain of trust reaches: secure when its own DNSKEY RRset chains to an anchor. */
  zone(apex: string): Promise<Validation>;
}

/** RFC 4034 §3.1.5: times are 32-bit serial numbers (RFC 1982); a <= b in that arithmetic. */
function serialLE(a: number, b: number): boolean {
  return (b - a) >>> 0 < 0x80000000;
}

function iso(t: number): string {
  return new Date(t * 1000).toISOString().replace(/\.000Z$/, "Z");
}

const show = (name: string) => name || ".";

/** Zone keys that may sign (RFC 4034 §2.1.1 Zone Key flag) and are not revoked (RFC 5011 §7). */
function signingKeys(keys: DnskeyWire[]): DnskeyWire[] {
  return keys.filter((k) => (k.flags & 0x0100) !== 0 && (k.flags & 0x0080) === 0);
}

function rrsetOf(rrs: Rr[], owner: string, type: string): Rr[] {
  return rrs.filter((r) => r.name === owner && r.type === type);
}

function sigsOf(rrs: Rr[], owner: string, type: string): RrsigData[] {
  return rrs
    .filter((r) => r.name === owner && r.type === "RRSIG" && (r.data as RrsigData).typeCovered === type)
    .map((r) => r.data as RrsigData);
}

/** RFC 4035 §5.3.1–§5.3.3: one of `sigs` made by one of `keys` of `zone` verifies the RRset now. */
export function verifyRrset(
  rrset: Rr[],
  sigs: RrsigData[],
  zone: string,
  keys: DnskeyWire[],
  now: number,
): { ok: true; sig: RrsigData } | { ok: false; reason: string } {
  const owner = rrset[0]!.name;
  const type = rrset[0]!.type;
  const what = `${show(owner)} ${type}`;
  if (sigs.length === 0) return { ok: false, reason: `no RRSIG over ${what}` };
  const reasons: string[] = [];
  const ownerLabels = labelsOf(owner).filter((l, i) => !(i === 0 && l === "*")).length;
  for (const sig of sigs) {
    const signer = normName(sig.signersName);
    if (signer !== zone || !isSubdomain(owner, signer)) {
      reasons.push(`the RRSIG over ${what} names signer ${show(signer)}, not ${show(zone)}`);
      continue;
    }
    if (sig.labels > ownerLabels) {
      reasons.push(`the RRSIG over ${what} has a labels field of ${sig.labels}`);
      continue;
    }
    if (!SUPPORTED_ALGORITHMS.has(sig.algorithm)) {
      reasons.push(`the RRSIG over ${what} uses algorithm ${sig.algorithm}, which we do not implement`);
      continue;
    }
    if (!serialLE(sig.inception, now)) {
      reasons.push(`the RRSIG over ${what} is not valid before ${iso(sig.inception)}`);
      continue;
    }
    if (!serialLE(now, sig.expiration)) {
      reasons.push(`the RRSIG over ${what} expired on ${iso(sig.expiration)}`);
      continue;
    }
    const candidates = signingKeys(keys).filter(
      (k) => k.algorithm === sig.algorithm && keyTagOf(k) === sig.keyTag,
    );
    if (candidates.length === 0) {
      reasons.push(
        `the RRSIG over ${what} names key tag ${sig.keyTag}, which is not a DNSKEY of ${show(zone)}`,
      );
      continue;
    }
    const data = signedData(sig, owner, rrset);
    if (candidates.some((k) => verifySignature(sig.algorithm, k.key, data, sig.signature)))
      return { ok: true, sig };
    reasons.push(`the RRSIG over ${what} by key ${sig.keyTag} does not verify`);
  }
  // The most telling reason: a failed verification beats a window, beats a missing key.
  const rank = (r: string) =>
    r.includes("does not verify") ? 0 : r.includes("expired") || r.includes("not valid before") ? 1 : 2;
  return { ok: false, reason: reasons.sort((a, b) => rank(a) - rank(b))[0]! };
}

export function createValidator(resolver: Resolver, opts: ValidatorOptions): Validator {
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const anchorsByZone = new Map<string, TrustAnchor[]>();
  for (const a of opts.anchors) anchorsByZone.set(a.zone, [...(anchorsByZone.get(a.zone) ?? []), a]);

  const ask = <T extends RRType>(name: string, type: T): Promise<DnsAnswer<T>> =>
    resolver.query(name === "" ? "." : name, type, { dnssec: true, checkingDisabled: true });

  const failure = (a: DnsAnswer, chain: string[]): Validation => ({
    security: "indeterminate",
    reason: `${show(a.name)} ${a.type}: ${a.status}${a.error ? ` (${a.error})` : ""}`,
    chain,
  });
  const bogus = (reason: string, chain: string[]): Validation => ({ security: "bogus", reason, chain });

  /** The DNSKEY RRset of `zone`, authenticated by keys the DS (or anchor) records point at. */
  async function zoneKeys(
    zone: string,
    ds: DsWire[],
    anchorKeys: DnskeyWire[],
    chain: string[],
  ): Promise<ZoneState> {
    const usableDs = ds.filter((d) => SUPPORTED_ALGORITHMS.has(d.algorithm) && DS_DIGESTS[d.digestType]);
    if (usableDs.length === 0 && anchorKeys.length === 0) {
      // RFC 4035 §5.2: no DS with an algorithm and digest we implement is treated like no DS at all.
      return {
        security: "insecure",
        zone,
        reason: `the DS records of ${show(zone)} use only algorithms or digests we do not implement`,
        chain,
      };
    }
    const a = await ask(zone, "DNSKEY");
    if (isDnsFailure(a.status) || !a.message) return failure(a, chain);
    const rrs = (a.message.answers ?? []).map(toRr);
    const keyRrs = rrsetOf(rrs, zone, "DNSKEY");
    const keys = keyRrs.map((r) => r.data as DnskeyWire);
    if (keys.length === 0) return bogus(`${show(zone)} has a DS at its parent but serves no DNSKEY`, chain);
    const entry = keys.filter(
      (k) =>
        anchorKeys.some((t) => t.flags === k.flags && t.algorithm === k.algorithm && t.key.equals(k.key)) ||
        usableDs.some((d) => {
          if (d.algorithm !== k.algorithm || d.keyTag !== keyTagOf(k)) return false;
          const digest = dsDigestOf(zone, k, d.digestType);
          return digest !== null && digest.equals(d.digest);
        }),
    );
    if (entry.length === 0) {
      const dsTags = [...new Set(usableDs.map((d) => d.keyTag))].join(", ");
      const keyTags = keys.map(keyTagOf).join(", ");
      const tagged = usableDs.some((d) =>
        keys.some((k) => keyTagOf(k) === d.keyTag && k.algorithm === d.algorithm),
      );
      return bogus(
        tagged
          ? `the DS of ${show(zone)} (key tag ${dsTags}) has a digest that matches no DNSKEY`
          : `no DNSKEY of ${show(zone)} (key tags ${keyTags || "none"}) matches its DS (key tag ${dsTags || "none"})`,
        chain,
      );
    }
    const v = verifyRrset(keyRrs, sigsOf(rrs, zone, "DNSKEY"), zone, entry, now());
    if (!v.ok) return bogus(v.reason, chain);
    return { security: "secure", zone, keys, chain: [...chain, zone] };
  }

  const anchorStates = new Map<string, Promise<ZoneState>>();
  function anchorZone(zone: string): Promise<ZoneState> {
    let p = anchorStates.get(zone);
    if (!p) {
      const anchors = anchorsByZone.get(zone) ?? [];
      const ds = anchors.flatMap((a) => ("ds" in a ? [a.ds] : []));
      const keys = anchors.flatMap((a) => ("dnskey" in a ? [a.dnskey] : []));
      p = zoneKeys(zone, ds, keys, []).then((st) =>
        st.security === "indeterminate" && /: refused/.test(st.reason ?? "")
          ? { ...st, anchorUnavailable: true as const }
          : st,
      );
      anchorStates.set(zone, p);
    }
    return p;
  }

  type Step =
    | { kind: "zone"; state: ZoneState }
    | { kind: "none" }
    | { kind: "nxdomain" }
    | { kind: "stop"; state: Validation };
  const steps = new Map<string, Promise<Step>>();

  /** Verifies the NSEC/NSEC3 RRsets of a negative answer with `st`'s keys, then reads the proof. */
  function denial(st: SecureZone, qname: string, qtype: string, nxdomain: boolean, auth: Rr[]) {
    const owners = new Set(
      auth.filter((r) => r.type === "NSEC" || r.type === "NSEC3").map((r) => `${r.name}|${r.type}`),
    );
    const verified: Rr[] = [];
    for (const key of owners) {
      const [owner, type] = key.split("|") as [string, string];
      const rrset = rrsetOf(auth, owner, type);
      const v = verifyRrset(rrset, sigsOf(auth, owner, type), st.zone, st.keys, now());
      if (!v.ok) return { ok: false as const, reason: v.reason };
      verified.push(...rrset);
    }
    const out = verified.some((r) => r.type === "NSEC")
      ? nsecDenial(verified, qname, qtype, nxdomain, st.zone)
      : nsec3Denial(verified, qname, qtype, nxdomain, st.zone);
    return { ok: true as const, out, verified };
  }

  /** Is `name` a zone cut below the secure zone `st`, and is it signed? (DS asked of the parent side.) */
  function stepAt(st: SecureZone, name: string): Promise<Step> {
    let p = steps.get(name);
    if (p) return p;
    p = (async (): Promise<Step> => {
      const a = await ask(name, "DS");
      if (isDnsFailure(a.status) || !a.message) return { kind: "stop", state: failure(a, st.chain) };
      const answers = (a.message.answers ?? []).map(toRr);
      const auth = (a.message.authorities ?? []).map(toRr);
      const ds = rrsetOf(answers, name, "DS");
      if (ds.length > 0) {
        const v = verifyRrset(ds, sigsOf(answers, name, "DS"), st.zone, st.keys, now());
        if (!v.ok) return { kind: "stop", state: bogus(v.reason, st.chain) };
        return {
          kind: "zone",
          state: await zoneKeys(
            name,
            ds.map((r) => r.data as DsWire),
            [],
            st.chain,
          ),
        };
      }
      const d = denial(st, name, "DS", a.status === "nxdomain", auth);
      if (!d.ok) return { kind: "stop", state: bogus(d.reason, st.chain) };
      if (!d.out.proven) {
        return {
          kind: "stop",
          state: bogus(`no DS at ${show(name)} is not proven: ${d.out.reason}`, st.chain),
        };
      }
      switch (d.out.kind) {
        case "nxdomain":
          return { kind: "nxdomain" };
        case "opt_out":
        case "insecure_iterations": {
          const why =
            d.out.kind === "opt_out"
              ? `an NSEC3 opt-out span of ${show(st.zone)} covers ${show(name)}: an unsigned delegation`
              : `${show(st.zone)} uses more NSEC3 iterations than validators accept (RFC 9276)`;
          return { kind: "stop", state: { security: "insecure", zone: name, reason: why, chain: st.chain } };
        }
        case "nodata": {
          const types = d.out.types;
          // A delegation (NS without SOA, RFC 4035 §5.2) proven to have no DS is insecure; otherwise the
          // name is just inside the zone.
          if (types.has("NS") && !types.has("SOA")) {
            return {
              kind: "stop",
              state: {
                security: "insecure",
                zone: name,
                reason: `${show(st.zone)} proves ${show(name)} has no DS`,
                chain: st.chain,
              },
            };
          }
          return { kind: "none" };
        }
        default:
          return { kind: "none" };
      }
    })();
    steps.set(name, p);
    return p;
  }

  /** The deepest zone on the way from the anchor to `target` (top-down, RFC 4035 §5). */
  async function chainTo(target: string, prefetchKeys = false): Promise<ZoneState> {
    const anchor = [...anchorsByZone.keys()]
      .filter((z) => isSubdomain(target, z))
      .sort((a, b) => labelsOf(b).length - labelsOf(a).length)[0];
    if (anchor === undefined) {
      return { security: "insecure", reason: `no trust anchor covers ${show(target)}`, chain: [] };
    }
    const labels = labelsOf(target);
    // The walk is top-down and each step needs the one above, but every question on the way is known
    // now: ask them all at once (the resolver answers the walk from its cache) — DS at every name, and
    // DNSKEY too when the target is a signer (its ancestors on the way are most likely zone cuts).
    for (let depth = labelsOf(anchor).length + 1; depth <= labels.length; depth++) {
      const name = labels.slice(labels.length - depth).join(".");
      void ask(name, "DS");
      if (prefetchKeys) void ask(name, "DNSKEY");
    }
    let cur = await anchorZone(anchor);
    if (cur.security !== "secure") return cur;
    for (let depth = labelsOf(anchor).length + 1; depth <= labels.length; depth++) {
      const name = labels.slice(labels.length - depth).join(".");
      const step = await stepAt(cur as SecureZone, name);
      if (step.kind === "zone") {
        cur = step.state;
        if (cur.security !== "secure") return cur;
      } else if (step.kind === "nxdomain") break;
      else if (step.kind === "stop") return step.state;
    }
    return cur;
  }

  /** A signed RRset: its signer's chain, then its signature (and wildcard proof). */
  async function positive(
    name: string,
    type: string,
    rrset: Rr[],
    answers: Rr[],
    auth: Rr[],
  ): Promise<Validation> {
    const sigs = sigsOf(answers, name, type);
    if (sigs.length === 0) {
      const st = await chainTo(name);
      if (st.security === "secure")
        return bogus(
          `no RRSIG over ${show(name)} ${type} in the signed zone ${show((st as SecureZone).zone)}`,
          st.chain,
        );
      return unsignedState(st, `${show(name)} ${type} carries no RRSIG`);
    }
    const signer = normName(sigs[0]!.signersName);
    if (!isSubdomain(name, signer))
      return bogus(`${show(name)} ${type} is signed by ${show(signer)}, not an ancestor`, []);
    const st = await chainTo(signer, true);
    if (st.security !== "secure") return publicState(st);
    const zone = (st as SecureZone).zone;
    if (zone !== signer)
      return bogus(
        `the signer ${show(signer)} of ${show(name)} ${type} is not a zone cut (the chain ends at ${show(zone)})`,
        st.chain,
      );
    const v = verifyRrset(rrset, sigs, zone, (st as SecureZone).keys, now());
    if (!v.ok) return bogus(v.reason, st.chain);
    // RFC 4035 §5.3.2: fewer labels than the owner means a wildcard expansion (a name asked literally as
    // "*.<zone>" has its "*" left out of the count, and is not one).
    const ownerLabels = labelsOf(name).filter((l, i) => !(i === 0 && l === "*")).length;
    if (v.sig.labels < ownerLabels) {
      const d = denial(st as SecureZone, name, type, false, auth);
      if (!d.ok) return bogus(d.reason, st.chain);
      if (!wildcardExpansionProven(d.verified, name, v.sig.labels, zone)) {
        return bogus(
          `${show(name)} ${type} was expanded from a wildcard without proof that ${show(name)} does not exist`,
          st.chain,
        );
      }
    }
    return { security: "secure", zone, chain: st.chain };
  }

  async function negative(name: string, type: string, nxdomain: boolean, auth: Rr[]): Promise<Validation> {
    const sig = auth.find(
      (r) => r.type === "RRSIG" && isSubdomain(name, normName((r.data as RrsigData).signersName)),
    );
    if (!sig) {
      const st = await chainTo(name);
      if (st.security === "secure")
        return bogus(
          `the ${nxdomain ? "NXDOMAIN" : "NODATA"} answer for ${show(name)} ${type} is unsigned in the signed zone ${show((st as SecureZone).zone)}`,
          st.chain,
        );
      return unsignedState(
        st,
        `the ${nxdomain ? "NXDOMAIN" : "NODATA"} answer for ${show(name)} ${type} carries no RRSIG`,
      );
    }
    const signer = normName((sig.data as RrsigData).signersName);
    const st = await chainTo(signer, true);
    if (st.security !== "secure") return publicState(st);
    const zone = (st as SecureZone).zone;
    if (zone !== signer)
      return bogus(`the signer ${show(signer)} of the denial for ${show(name)} is not a zone cut`, st.chain);
    const d = denial(st as SecureZone, name, type, nxdomain, auth);
    if (!d.ok) return bogus(d.reason, st.chain);
    if (!d.out.proven)
      return bogus(
        `${nxdomain ? "NXDOMAIN" : "NODATA"} for ${show(name)} ${type} is not proven: ${d.out.reason}`,
        st.chain,
      );
    if (d.out.kind === "opt_out" || d.out.kind === "insecure_iterations") {
      return {
        security: "insecure",
        zone,
        reason: `${show(name)} lies in an NSEC3 opt-out span of ${show(zone)}`,
        chain: st.chain,
      };
    }
    return { security: "secure", zone, chain: st.chain };
  }

  const MAX_CNAMES = 8;
  const results = new Map<string, Promise<Validation>>();

  async function validateOnce(name: string, type: RRType, seen: string[]): Promise<Validation> {
    const a = await ask(name, type);
    if (isDnsFailure(a.status)) return failure(a, []);
    if (!a.message) return { security: "indeterminate", reason: "the response was not kept", chain: [] };
    const answers = (a.message.answers ?? []).map(toRr);
    const auth = (a.message.authorities ?? []).map(toRr);
    const direct = rrsetOf(answers, name, type);
    if (direct.length > 0) return positive(name, type, direct, answers, auth);
    const cname = type === "CNAME" ? [] : rrsetOf(answers, name, "CNAME");
    if (cname.length > 0) {
      const head = await positive(name, "CNAME", cname, answers, auth);
      if (head.security === "bogus" || head.security === "indeterminate") return head;
      const target = normName(String(cname[0]!.data));
      // Each link is validated on its own (not through the memo, where a loop would wait for itself).
      if (seen.includes(target))
        return { security: "indeterminate", reason: `CNAME loop at ${target}`, chain: head.chain };
      if (seen.length > MAX_CNAMES)
        return { security: "indeterminate", reason: "CNAME chain too long", chain: head.chain };
      const tail = await validateOnce(target, type, [...seen, target]);
      if (tail.security !== "secure") return tail;
      return head;
    }
    return negative(name, type, a.status === "nxdomain", auth);
  }

  function validate(name: string, type: RRType): Promise<Validation> {
    const n = normName(name);
    const key = `${n}|${type}`;
    let p = results.get(key);
    if (!p) {
      p = validateOnce(n, type, [n]).catch((e: unknown): Validation => ({
        security: "indeterminate",
        reason: `unexpected: ${(e as Error).message}`,
        chain: [],
      }));
      results.set(key, p);
    }
    return p;
  }

  return {
    validate: (name, type) => validate(name, type),
    async zone(apex) {
      const st = await chainTo(normName(apex)).catch((e: unknown): ZoneState => ({
        security: "indeterminate",
        reason: `unexpected: ${(e as Error).message}`,
        chain: [],
      }));
      return publicState(st);
    },
  };
}

/**
 * An answer without signatures whose chain could not be followed because the resolver refuses to answer
 * for the trust anchor's zone (an authoritative-only server): nothing signed was seen, so nothing can be
 * authenticated either way. Said as insecure (RFC 4033 §5: data not protected by DNSSEC), which is what
 * it is to anyone relying on it — DANE (RFC 7672 §2.2) ignores TLSA records in both states alike.
 */
function unsignedState(st: ZoneState, what: string): Validation {
  if (st.security === "indeterminate" && st.anchorUnavailable) {
    return {
      security: "insecure",
      reason: `${what}, and the resolver does not answer for the trust anchor's zone`,
      chain: st.chain,
    };
  }
  return publicState(st);
}

function publicState(st: ZoneState): Validation {
  if (st.security === "secure") return { security: "secure", zone: (st as SecureZone).zone, chain: st.chain };
  return st as Validation;
}

/**
 * DMARC record parsing (RFC 7489 §6.3–§6.4, with the DMARCbis tags np, psd and t recognised).
 * Pure and synchronous: no DNS here. The check (index.ts) decides what the problems mean.
 */
import { canonicalName } from "@/lib/dns/names";
import { getDomain } from "tldts";

export type DmarcPolicy = "none" | "quarantine" | "reject";
export type Alignment = "r" | "s";

export interface DmarcUri {
  /** The URI as written, without any "!size" suffix. */
  uri: string;
  scheme: string;
  /** For mailto: the mailbox (local@domain). */
  address?: string;
  /** For mailto: the mailbox's domain, lower-case; for http(s): the host. */
  host?: string;
  /** The "!size" limit as written (e.g. "10m"), if any. */
  maxSize?: string;
}

export interface DmarcProblem {
  tag: string;
  value?: string;
  /** Short machine reason: "v_not_first", "invalid_value", "duplicate", "missing_p", ... */
  reason: string;
}

export interface DmarcRecord {
  raw: string;
  /** Tags in order as written (names lower-cased). */
  tags: { name: string; value: string }[];
  /** As published; undefined when absent or invalid. */
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  np?: DmarcPolicy;
  pct: number;
  adkim: Alignment;
  aspf: Alignment;
  fo: string[];
  rf: string[];
  ri: number;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  psd?: "y" | "n" | "u";
  t?: "y" | "n";
  problems: DmarcProblem[];
  unknownTags: string[];
  /**
   * False when receivers must not apply DMARC with this record (§6.6.3 step 6: p missing or invalid
   * and no valid rua; or the tag-list itself is broken).
   */
  usable: boolean;
  /** p as a receiver applies it: p, or "none" when p is missing/invalid but rua is valid (§6.6.3). */
  policy: DmarcPolicy;
}

const POLICIES: readonly string[] = ["none", "quarantine", "reject"];
const KNOWN_TAGS = new Set([
  "v",
  "p",
  "sp",
  "np",
  "pct",
  "adkim",
  "aspf",
  "fo",
  "rf",
  "ri",
  "rua",
  "ruf",
  "psd",
  "t",
]);

/**
 * §6.6.3 step 2: records that do not start with "v=DMARC1" are discarded. The ABNF (§6.4) spells the
 * version with %x values, so "DMARC1" is case-sensitive; whitespace around "=" is allowed.
 */
export function isDmarcRecord(txt: string): boolean {
  return /^\s*[vV]\s*=\s*DMARC1\s*(;|$)/.test(txt);
}

/** Organizational domain via the Public Suffix List (§3.2), private suffixes included. */
export function organizationalDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: true }) ?? domain;
}

/** Parses one "dmarc-uri" (§6.4): URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]. */
export function parseDmarcUri(text: string): DmarcUri | null {
  let uri = text.trim();
  let maxSize: string | undefined;
  const bang = /!(\d+[kmgt]?)$/i.exec(uri);
  if (bang) {
    maxSize = bang[1]!.toLowerCase();
    uri = uri.slice(0, bang.index);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):(.+)$/i.exec(uri);
  if (!scheme || /\s/.test(uri)) return null;
  const name = scheme[1]!.toLowerCase();
  const rest = scheme[2]!;
  const out: DmarcUri = { uri, scheme: name, ...(maxSize ? { maxSize } : {}) };
  if (name === "mailto") {
    const address = decodeURIComponentSafe(rest.split("?")[0] ?? "");
    const at = address.lastIndexOf("@");
    if (at < 1 || at === address.length - 1) return null;
    const host = canonicalName(address.slice(at + 1));
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host)) return null;
    out.address = address;
    out.host = host;
  } else if (name === "http" || name === "https") {
    try {
      out.host = new URL(uri).hostname.toLowerCase();
    } catch {
      return null;
    }
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function policyValue(v: string): DmarcPolicy | undefined {
  const lower = v.toLowerCase();
  return POLICIES.includes(lower) ? (lower as DmarcPolicy) : undefined;
}

/** Parses a TXT string already known to start with v=DMARC1 (see isDmarcRecord). */
export function parseDmarc(raw: string): DmarcRecord {
  const rec: DmarcRecord = {
    raw,
    tags: [],
    pct: 100,
    adkim: "r",
    aspf: "r",
    fo: ["0"],
    rf: ["afrf"],
    ri: 86400,
    rua: [],
    ruf: [],
    problems: [],
    unknownTags: [],
    usable: true,
    policy: "none",
  };
  const problem = (tag: string, reason: string, value?: string) =>
    rec.problems.push({ tag, reason, ...(value !== undefined ? { value } : {}) });

  // §6.4: tag-list of "name=value" separated by ";" with optional whitespace; a trailing ";" is fine.
  const parts = raw.split(";").map((s) => s.trim());
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  const seen = new Set<string>();
  let broken = false;
  parts.forEach((part, i) => {
    // An empty element (";;") is outside the ABNF but harmless: every receiver skips it.
    if (part === "") return;
    const m = /^([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*)$/s.exec(part);
    if (!m) {
      problem(part, "malformed_tag", part);
      broken = true;
      return;
    }
    const name = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (seen.has(name)) {
      // Duplicate tags make the record ambiguous; receivers differ on which one wins.
      problem(name, "duplicate", value);
      return;
    }
    seen.add(name);
    rec.tags.push({ name, value });
    if (name === "v") {
      if (i !== 0) problem("v", "v_not_first", value);
      else if (value !== "DMARC1") {
        problem("v", "invalid_value", value);
        broken = true;
      }
    }
  });
  if (rec.tags[0]?.name !== "v") {
    if (!rec.problems.some((p) => p.reason === "v_not_first")) problem("v", "v_not_first");
    broken = true;
  }

  let pRaw: string | undefined;
  for (const { name, value } of rec.tags) {
    switch (name) {
      case "v":
        break;
      case "p":
        pRaw = value;
        rec.p = policyValue(value);
        if (!rec.p) problem("p", "invalid_value", value);
        break;
      case "sp":
      case "np": {
        const pol = policyValue(value);
        if (pol) rec[name] = pol;
        else problem(name, "invalid_value", value);
        break;
      }
      case "pct":
        if (/^\d{1,3}$/.test(value) && Number(value) <= 100) rec.pct = Number(value);
        else problem("pct", "invalid_value", value);
        break;
      case "adkim":
      case "aspf":
        if (value === "r" || value === "s") rec[name] = value;
        else if (value === "R" || value === "S") rec[name] = value.toLowerCase() as Alignment;
        else problem(name, "invalid_value", value);
        break;
      case "fo": {
        // §6.3: colon-separated list of "0", "1", "d", "s".
        const items = value.split(":").map((s) => s.trim().toLowerCase());
        if (items.length > 0 && items.every((x) => ["0", "1", "d", "s"].includes(x))) rec.fo = items;
        else problem("fo", "invalid_value", value);
        break;
      }
      case "rf": {
        // §6.3 / §12.5: the report format registry holds only "afrf".
        const items = value.split(":").map((s) => s.trim().toLowerCase());
        if (items.length > 0 && items.every((x) => x === "afrf")) rec.rf = items;
        else problem("rf", "invalid_value", value);
        break;
      }
      case "ri":
        // §6.3: a 32-bit unsigned integer number of seconds.
        if (/^\d{1,10}$/.test(value) && Number(value) <= 0xffffffff) rec.ri = Number(value);
        else problem("ri", "invalid_value", value);
        break;
      case "rua":
      case "ruf": {
        const list: DmarcUri[] = [];
        for (const item of value.split(",")) {
          if (item.trim() === "") {
            problem(name, "empty_uri", value);
            continue;
          }
          const uri = parseDmarcUri(item);
          if (!uri) problem(name, "invalid_uri", item.trim());
          else if (uri.scheme !== "mailto" && uri.scheme !== "https" && uri.scheme !== "http")
            problem(name, "unsupported_scheme", item.trim());
          else list.push(uri);
        }
        rec[name] = list;
        break;
      }
      case "psd":
        if (value === "y" || value === "n" || value === "u") rec.psd = value;
        else problem("psd", "invalid_value", value);
        break;
      case "t":
        if (value === "y" || value === "n") rec.t = value;
        else problem("t", "invalid_value", value);
        break;
      default:
        // §6.3: unknown tags MUST be ignored; still worth showing, they are often typos ("rue=").
        if (!KNOWN_TAGS.has(name)) rec.unknownTags.push(name);
    }
  }

  // §6.6.3 step 6: p missing or invalid → with a valid rua, treat as p=none; without, DMARC is not applied.
  if (pRaw === undefined) problem("p", "missing_p");
  if (!rec.p && rec.rua.length === 0) broken = true;
  rec.policy = rec.p ?? "none";
  rec.usable = !broken;
  return rec;
}

const STRENGTH: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };
export function policyStrength(p: DmarcPolicy): number {
  return STRENGTH[p];
}

export interface EffectivePolicy {
  policy: DmarcPolicy;
  /** The percentage of failing mail the policy applies to (RFC 7489 pct; DMARCbis drops pct). */
  pct: number;
  /** Where the policy came from: "p", "sp", "np" or "missing_p". */
  from: "p" | "sp" | "np" | "missing_p";
}

/**
 * The policy applied to mail from a domain whose record came from `recordDomain` (§6.6.3):
 * the record's own domain uses p; a subdomain that inherits the organizational domain's record uses
 * sp if present, else p; a non-existent subdomain uses np (DMARCbis), else the same.
 */
export function policyFor(
  rec: DmarcRecord,
  kind: "self" | "subdomain" | "nonexistent_subdomain",
): EffectivePolicy {
  const fromP: EffectivePolicy = { policy: rec.policy, pct: rec.pct, from: rec.p ? "p" : "missing_p" };
  if (kind === "self") return fromP;
  if (kind === "nonexistent_subdomain" && rec.np) return { policy: rec.np, pct: rec.pct, from: "np" };
  if (rec.sp) return { policy: rec.sp, pct: rec.pct, from: "sp" };
  return fromP;
}

/** Builds a DMARC TXT value from tags, in a conventional order (v and p first). */
export function formatDmarc(tags: { name: string; value: string }[]): string {
  const order = ["v", "p", "sp", "np", "pct", "rua", "ruf", "adkim", "aspf", "fo", "rf", "ri", "psd", "t"];
  const sorted = [...tags].sort((a, b) => rank(a.name) - rank(b.name));
  function rank(n: string) {
    const i = order.indexOf(n);
    return i === -1 ? order.length : i;
  }
  return sorted.map((t) => `${t.name}=${t.value}`).join("; ");
}

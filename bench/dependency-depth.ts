/**
 * The longest chain of dependent DNS queries in one report, computed from the query log's data, not from
 * its timing: a query depends on another when its name (or the decision to ask it) comes from the other's
 * answer. The report cannot finish in fewer round trips than that chain is long, so it is the yardstick
 * for "every independent query at once, every dependent one as soon as its input is known".
 *
 * Why not count rounds from the timestamps: a report that asks two independent questions one after the
 * other would then have depth 2 and look perfect. Here serialization never adds an edge; timing is used
 * only to drop an edge, when the later query was asked before the earlier one's answer existed (it was
 * then known some other way, so it did not wait for that answer).
 *
 * The rules (each names what the dependent query needs from the answer it depends on):
 * - MX: an exchange name; its A/AAAA (and TLSA at `_25._tcp.<exchange>` for DANE).
 * - CNAME anywhere in an answer: the target; any query at it (a chain the upstream did not finish).
 * - NS, PTR: the names; their A/AAAA (forward-confirmed reverse DNS asks A/AAAA of PTR names).
 * - A/AAAA: an address; the PTR at its reverse name, and DNSBL lookups `<reversed address>.<zone>`.
 *   Addresses in 127.0.0.0/8 and ::1 are DNSBL return codes, not hosts, and derive nothing.
 * - TXT with v=spf1 (macro-free targets): include: and redirect= → TXT, a: → A/AAAA, mx: → MX, exists: → A;
 *   a bare `a` / `mx` names the record's own domain; `ptr` needs the client's reverse name (with `ip`).
 *   Types matter: `redirect=d` says nothing about d's MX, which the MX check may ask for its own reasons.
 * - TXT with v=DMARC1: each rua/ruf mailto host; the `<domain>._report._dmarc.<host>` TXT (RFC 7489 §7.1).
 * - TXT with v=STSv1 at `_mta-sts.<d>`: the policy host `mta-sts.<d>` (A/AAAA before the HTTPS fetch).
 * - A at a DNSBL name answered with a listing (127.0.0.0/8): the TXT reason at the same name.
 * Decision dependencies, where the name is known up front but whether to ask depends on an answer; they
 * count only if the check really waited (a check that asks both at once, as DMARC discovery does for
 * `_dmarc.<domain>` and `_dmarc.<org>`, has no such edge, by the timing rule above):
 * - `_dmarc.<org>` / `default._bimi.<org>` after the same name under the domain came back without a record.
 * - A/AAAA of the domain after its MX came back empty (implicit MX, RFC 5321 §5.1).
 * - DNSKEY/DS at a name after its SOA showed it is a zone apex.
 *
 * A query reachable from several answers takes the shortest derivation (it could have been asked as soon
 * as the first of them arrived); k is the deepest query's depth.
 */
import type { QueryLogEntry } from "@/lib/dns/types";
import { parseIp, reverseName, reversedLabels } from "@/lib/net/ip";

/** A log entry, optionally with what the bench's instrumentation adds. */
export type BenchLogEntry = QueryLogEntry & {
  /** The DO bit the question was sent with (part of the question's identity). */
  dnssec?: boolean;
  /** When a check first asked the resolver this question (same clock as startedMs); default startedMs. */
  requestedMs?: number;
};

export interface DepthOptions {
  /** The report's sending IP: an SPF `ptr` term makes its reverse name a dependent query. */
  ip?: string;
  /** Timestamps are rounded to 0.1 ms; an answer "before" a request allows this much slack. */
  epsilonMs?: number;
}

/** One distinct question (retries, fail-overs and TCP fallbacks of it are one node). */
export interface QueryNode {
  key: string;
  label: string;
  name: string;
  type: string;
  dnssec: boolean;
  requestedMs: number;
  startedMs: number;
  endMs: number;
  status: string;
  answers: string[];
  depth: number;
  parent?: QueryNode;
  /** Why `parent` leads to this query ("MX exchange", "SPF include"...). */
  reason?: string;
}

export interface DependencyGraph {
  nodes: QueryNode[];
  k: number;
  chain: string[];
}

export function questionKey(e: { name: string; type: string; dnssec?: boolean }): string {
  return `${e.name}|${e.type}|${e.dnssec ? 1 : 0}`;
}

/** Builds the nodes, their depths and the deepest chain. */
export function dependencyGraph(log: readonly BenchLogEntry[], opts: DepthOptions = {}): DependencyGraph {
  const eps = opts.epsilonMs ?? 0.5;
  const byKey = new Map<string, QueryNode>();
  const lastEnd = new Map<string, number>();
  for (const e of log) {
    const key = questionKey(e);
    const end = e.startedMs + e.rttMs;
    let n = byKey.get(key);
    if (!n) {
      n = {
        key,
        label: `${e.type} ${e.name}${e.dnssec ? " +DO" : ""}`,
        name: e.name,
        type: e.type,
        dnssec: e.dnssec === true,
        requestedMs: e.requestedMs ?? e.startedMs,
        startedMs: e.startedMs,
        endMs: end,
        status: e.status,
        answers: e.answers,
        depth: 1,
      };
      byKey.set(key, n);
      lastEnd.set(key, end);
      continue;
    }
    n.requestedMs = Math.min(n.requestedMs, e.requestedMs ?? e.startedMs);
    n.startedMs = Math.min(n.startedMs, e.startedMs);
    n.endMs = Math.max(n.endMs, end);
    // The last exchange of a question carries its final answer (the retry that succeeded, the TCP answer).
    if (end >= (lastEnd.get(key) ?? -Infinity)) {
      lastEnd.set(key, end);
      n.status = e.status;
      n.answers = e.answers;
    }
  }
  const nodes = [...byKey.values()].sort((a, b) => a.requestedMs - b.requestedMs || a.endMs - b.endMs);
  const derivations = new Map(nodes.map((n) => [n, deriveRules(n, opts)]));

  // Parents end before their child is requested, so in request order every parent's depth is final.
  for (const q of nodes) {
    for (const p of nodes) {
      if (p === q || p.endMs > q.requestedMs + eps) continue;
      const reason = matchRule(derivations.get(p)!, q);
      if (reason === null) continue;
      if (!q.parent || p.depth + 1 < q.depth) {
        q.depth = p.depth + 1;
        q.parent = p;
        q.reason = reason;
      }
    }
  }
  let deepest: QueryNode | undefined;
  for (const n of nodes) if (!deepest || n.depth > deepest.depth) deepest = n;
  const chain: string[] = [];
  // Parents answer before their child is asked, so there is no cycle; the guard is for degenerate logs.
  const seen = new Set<QueryNode>();
  for (let n = deepest; n && !seen.has(n); n = n.parent) {
    seen.add(n);
    chain.unshift(n.reason ? `${n.label} (${n.reason})` : n.label);
  }
  return { nodes, k: deepest?.depth ?? 0, chain };
}

/** The longest chain of dependent queries: k round trips at least, whatever the concurrency. */
export function dependencyDepth(
  log: readonly BenchLogEntry[],
  opts: DepthOptions = {},
): { k: number; chain: string[] } {
  const { k, chain } = dependencyGraph(log, opts);
  return { k, chain };
}

/** A test of a later query against what one answer makes askable: the reason, or null. */
type Rule = (q: QueryNode) => string | null;

const OTHER_TYPE = /^([A-Z][A-Z0-9]*) (.+)$/;

/** Answers split by record type (the log prefixes records of another type than asked with the type). */
function records(n: QueryNode): { type: string; data: string }[] {
  return n.answers.map((a) => {
    const m = OTHER_TYPE.exec(a);
    return m && m[1] !== n.type ? { type: m[1]!, data: m[2]! } : { type: n.type, data: a };
  });
}

function hostName(s: string): string {
  return s.trim().toLowerCase().replace(/\.$/, "");
}

/** The character-strings of a TXT presentation ("a" "b" → ab, RFC 7208 §3.3), escapes undone. */
export function txtText(presentation: string): string {
  let out = "";
  const re = /"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(presentation); m; m = re.exec(presentation)) {
    out += m[1]!.replace(/\\(\d{3}|.)/g, (_, c: string) =>
      c.length === 3 ? String.fromCharCode(Number(c)) : c,
    );
  }
  return out;
}

const ADDRESS = ["A", "AAAA"] as const;
const atName =
  (name: string, reason: string): Rule =>
  (q) =>
    q.name === name ? reason : null;
const atNameTyped =
  (name: string, types: readonly string[], reason: string): Rule =>
  (q) =>
    q.name === name && types.includes(q.type) ? reason : null;

function isLoopback(ip: string): boolean {
  const a = parseIp(ip);
  return a !== null && a.range() === "loopback";
}

function spfRules(owner: string, text: string, ip: string | undefined): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\s+/).slice(1)) {
    const term = raw.replace(/^[+\-~?]/, "").toLowerCase();
    const m =
      /^(include|exists|a|mx|ptr)(?::([^/]*))?(?:\/.*)?$/.exec(term) ?? /^(redirect)=(.*)$/.exec(term);
    if (!m) continue;
    const mech = m[1]!;
    const spec = m[2];
    if (mech === "ptr") {
      const rev = ip ? reverseName(ip) : null;
      if (rev) rules.push(atNameTyped(rev, ["PTR"], "SPF ptr"));
      continue;
    }
    if (spec === undefined || spec === "") {
      if (mech === "a") rules.push(atNameTyped(owner, ADDRESS, "SPF a"));
      if (mech === "mx") rules.push(atNameTyped(owner, ["MX"], "SPF mx"));
      continue;
    }
    if (spec.includes("%")) continue; // a macro: expanded from the sender, not from this answer alone
    const target = hostName(spec);
    if (mech === "mx") rules.push(atNameTyped(target, ["MX"], "SPF mx"));
    else if (mech === "a") rules.push(atNameTyped(target, ADDRESS, "SPF a"));
    // §5.7: exists asks A whatever the client's family.
    else if (mech === "exists") rules.push(atNameTyped(target, ["A"], "SPF exists"));
    else rules.push(atNameTyped(target, ["TXT"], `SPF ${mech}`));
  }
  return rules;
}

function dmarcRules(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const tag of text.split(";")) {
    const [k, v] = tag.split("=", 2).map((s) => s.trim().toLowerCase());
    if ((k !== "rua" && k !== "ruf") || !v) continue;
    for (const uri of v.split(",")) {
      const m = /^mailto:[^@]*@([^!]+)/.exec(uri.trim());
      if (!m) continue;
      const suffix = `._report._dmarc.${hostName(m[1]!)}`;
      rules.push((q) => (q.type === "TXT" && q.name.endsWith(suffix) ? "DMARC report authorization" : null));
    }
  }
  return rules;
}

/** Prefixes of names whose organizational-domain fallback is a decision dependency. */
const FALLBACKS: { prefix: string; record: RegExp; reason: string }[] = [
  { prefix: "_dmarc.", record: /^v=DMARC1\s*(;|$)/i, reason: "DMARC org fallback" },
  { prefix: "default._bimi.", record: /^v=BIMI1\s*(;|$)/i, reason: "BIMI org fallback" },
];

function deriveRules(p: QueryNode, opts: DepthOptions): Rule[] {
  const rules: Rule[] = [];
  const recs = records(p);
  for (const r of recs) {
    switch (r.type) {
      case "CNAME":
        rules.push(atName(hostName(r.data), "CNAME target"));
        break;
      case "NS":
        rules.push(atNameTyped(hostName(r.data), ADDRESS, "NS name"));
        break;
      case "PTR":
        rules.push(atNameTyped(hostName(r.data), ADDRESS, "PTR name"));
        break;
      case "MX": {
        const exchange = hostName(r.data.replace(/^\d+\s+/, ""));
        if (exchange === "" || exchange === ".") break;
        rules.push(
          atNameTyped(exchange, ADDRESS, "MX exchange"),
          atNameTyped(`_25._tcp.${exchange}`, ["TLSA"], "MX exchange (DANE)"),
        );
        break;
      }
      case "A":
      case "AAAA": {
        const ip = r.data.trim();
        if (isLoopback(ip)) break;
        const labels = reversedLabels(ip);
        const rev = reverseName(ip);
        if (!labels || !rev) break;
        rules.push((q) =>
          q.name === rev
            ? `reverse of ${ip}`
            : q.name.startsWith(`${labels}.`) && !q.name.endsWith(".arpa")
              ? `DNSBL lookup of ${ip}`
              : null,
        );
        break;
      }
      case "TXT": {
        if (r.type !== p.type) break;
        const text = txtText(r.data).trim();
        if (/^v=spf1(\s|$)/i.test(text)) rules.push(...spfRules(p.name, text, opts.ip));
        else if (/^v=DMARC1\s*(;|$)/i.test(text)) rules.push(...dmarcRules(text));
        else if (/^v=STSv1\s*(;|$)/i.test(text) && p.name.startsWith("_mta-sts.")) {
          rules.push(
            atNameTyped(`mta-sts.${p.name.slice("_mta-sts.".length)}`, ADDRESS, "MTA-STS policy host"),
          );
        }
        break;
      }
    }
  }

  const failed = !["ok", "nodata", "nxdomain"].includes(p.status);
  const own = recs.filter((r) => r.type === p.type);
  if (p.type === "A" && own.some((r) => isLoopback(r.data.trim()))) {
    rules.push((q) => (q.type === "TXT" && q.name === p.name ? "DNSBL listing reason" : null));
  }
  if (p.type === "TXT" && !failed) {
    for (const f of FALLBACKS) {
      if (!p.name.startsWith(f.prefix) || own.some((r) => f.record.test(txtText(r.data).trim()))) continue;
      const below = p.name.slice(f.prefix.length);
      rules.push((q) =>
        q.type === "TXT" && q.name.startsWith(f.prefix) && below.endsWith(`.${q.name.slice(f.prefix.length)}`)
          ? f.reason
          : null,
      );
    }
  }
  if (p.type === "MX" && !failed && own.length === 0) {
    rules.push((q) => (q.name === p.name && (q.type === "A" || q.type === "AAAA") ? "implicit MX" : null));
  }
  if (p.type === "SOA" && p.status === "ok" && own.length > 0) {
    rules.push((q) => (q.name === p.name && (q.type === "DNSKEY" || q.type === "DS") ? "zone apex" : null));
  }
  return rules;
}

function matchRule(rules: readonly Rule[], q: QueryNode): string | null {
  for (const r of rules) {
    const reason = r(q);
    if (reason !== null) return reason;
  }
  return null;
}

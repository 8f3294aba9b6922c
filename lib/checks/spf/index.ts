/**
 * The SPF check (RFC 7208): finds the domain's one v=spf1 record, follows its include/redirect tree with
 * every independent query asked at once (each dependent query starts as soon as its input is known), and
 * weighs the tree against the limits receivers enforce: 10 DNS-mechanism lookups and 2 void lookups
 * (§4.6.4). With a sending IP, it also runs our check_host() evaluator (verdict.ts) over the same resolver.
 */
import { memoResolver } from "@/lib/dns/memo-resolver";
import { canonicalName } from "@/lib/dns/names";
import ipaddr from "ipaddr.js";
import type { DnsAnswer, RRType, Resolver } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { dnsErrorFinding, finding, runCheck, statusFromFindings } from "@/lib/checks/result";
import type { Check, CheckContext, CheckStatus, Finding, Severity } from "@/lib/checks/types";
import {
  LOOKUP_LIMIT,
  MX_NAME_LIMIT,
  RECORD_SIZE_ADVICE,
  VOID_LIMIT,
  type SpfNode,
  type SpfRecords,
  type SpfTermView,
  type SpfVerdict,
  type SpfVoidLookup,
} from "./model";
import { hasMacros, isLegacySpf2Record, isSpfRecord, parseSpf, type SpfTerm } from "./parse";
import { evaluateSpf } from "./verdict";

export type * from "./model";

/** Deeper than this, the chain has already spent more than the 10 lookups any receiver allows. */
const MAX_DEPTH = LOOKUP_LIMIT + 2;
/** A bound on the records fetched for one tree (duplicated includes are expanded again). */
const MAX_NODES = 120;

/** The reverse-mapping name of an address (RFC 1035 §3.5, RFC 3596 §2.5), or null if it is not one. */
function reverseName(ip: string): { name: string; v6: boolean } | null {
  if (!ipaddr.isValid(ip)) return null;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  const bytes = addr.toByteArray();
  if (bytes.length === 4) return { name: `${bytes.reverse().join(".")}.in-addr.arpa`, v6: false };
  const nibbles = bytes.flatMap((b) => [b >> 4, b & 15].map((n) => n.toString(16)));
  return { name: `${nibbles.reverse().join(".")}.ip6.arpa`, v6: true };
}

function isQueryableName(name: string): boolean {
  return (
    name.length > 0 && name.length <= 253 && name.split(".").every((l) => l.length > 0 && l.length <= 63)
  );
}

const isVoid = (a: DnsAnswer) =>
  a.status === "nxdomain" || a.status === "nodata" || (a.status === "ok" && a.answers.length === 0);

interface TreeContext {
  /** Memoised (lib/dns/memo-resolver): a question is asked once per check even before the resolver's cache. */
  resolver: Resolver;
  /** The client's address, when a verdict is asked for: lets `ptr` terms be looked up ahead of it. */
  ip?: string;
  signal?: AbortSignal;
  nodes: number;
}

/** `resolver`, recording each failed answer in `failures` (wrapped by the memo, so once per question). */
function recordingFailures(resolver: Resolver, failures: DnsAnswer[]): Resolver {
  return {
    get log() {
      return resolver.log;
    },
    stats: () => resolver.stats(),
    query: (name, type, options) =>
      resolver.query(name, type, options).then((a) => {
        if (isDnsFailure(a.status)) failures.push(a);
        return a;
      }),
  };
}

function emptyNode(
  domain: string,
  via: SpfNode["via"],
  term: string | undefined,
  status: SpfNode["status"],
): SpfNode {
  return {
    domain,
    via,
    ...(term !== undefined ? { term } : {}),
    status,
    record: null,
    terms: [],
    lookups: 0,
    totalLookups: 0,
    voids: [],
    errors: [],
    children: [],
  };
}

/** The name a term looks up, before macro expansion (a, mx and ptr default to the current domain, §5). */
function termTarget(term: SpfTerm, domain: string): string | undefined {
  if (term.kind === "modifier") {
    return term.name === "redirect" && term.valid ? canonicalName(term.value) : undefined;
  }
  if (!term.valid) return undefined;
  switch (term.name) {
    case "include":
    case "exists":
      return term.domainSpec ? canonicalName(term.domainSpec) : undefined;
    case "a":
    case "mx":
    case "ptr":
      return term.domainSpec ? canonicalName(term.domainSpec) : domain;
    default:
      return undefined;
  }
}

/** Builds the node for `domain` given its TXT answer: used for the root and for every include/redirect. */
async function expandRecord(
  tc: TreeContext,
  node: SpfNode,
  record: string,
  ancestors: readonly string[],
  depth: number,
): Promise<void> {
  const parsed = parseSpf(record);
  node.status = "ok";
  node.record = record;
  node.bytes = parsed.bytes;
  node.errors = parsed.errors;
  node.lookups = parsed.lookups;
  const path = [...ancestors, node.domain];

  // Every term's question starts now, in parallel; each include/redirect recurses as soon as its TXT arrives.
  const work = parsed.terms.map(async (term): Promise<{ view: SpfTermView; child?: SpfNode }> => {
    const view: SpfTermView = {
      text: term.text,
      column: term.column,
      kind: term.kind,
      name: term.name,
      lookups: term.lookups,
      valid: term.valid,
    };
    if (term.kind === "mechanism") view.qualifier = term.qualifier;
    if (term.kind === "modifier" && term.ignored) view.ignored = true;
    const target = termTarget(term, node.domain);
    if (target === undefined) return { view };
    view.target = target;
    const spec = term.kind === "mechanism" ? term.domainSpec : term.value;
    if (spec && hasMacros(spec)) {
      view.macro = true;
      if (term.kind === "modifier" || term.name === "include") {
        const via = term.kind === "modifier" ? "redirect" : "include";
        return { view, child: emptyNode(target, via, term.text, "macro") };
      }
      return { view };
    }
    const voidOf = (type: RRType, status: DnsAnswer["status"]): void => {
      view.void = true;
      node.voids.push({
        domain: node.domain,
        term: term.text,
        target,
        type,
        status: status === "nxdomain" ? "nxdomain" : "nodata",
      });
    };
    const failed = (a: DnsAnswer): void => {
      view.dnsError = {
        name: a.name,
        type: a.type,
        status: a.status,
        ...(a.error ? { detail: a.error } : {}),
      };
    };

    if (term.kind === "modifier" && term.ignored) return { view };
    // A name no DNS query can carry (empty label, label over 63 octets) cannot exist: a non-existent name,
    // not a DNS failure (RFC 7208 §4.3 treats such names so; the test suite's reading for targets, too).
    if (!isQueryableName(target)) {
      voidOf(
        term.kind === "modifier" || term.name === "include" ? "TXT" : term.name === "mx" ? "MX" : "A",
        "nxdomain",
      );
      if (term.kind === "modifier" || term.name === "include") {
        const via = term.kind === "modifier" ? "redirect" : "include";
        return { view, child: emptyNode(target, via, term.text, "none") };
      }
      return { view };
    }

    if (term.kind === "modifier" || term.name === "include") {
      const via = term.kind === "modifier" ? "redirect" : "include";
      if (path.includes(target)) return { view, child: emptyNode(target, via, term.text, "loop") };
      const child = await buildNode(tc, target, via, term.text, path, depth + 1);
      if (child.status === "none" && child.dnsError === undefined && child.voidStatus) {
        voidOf("TXT", child.voidStatus);
      }
      delete child.voidStatus;
      return { view, child };
    }

    switch (term.name) {
      case "a": {
        // The evaluator asks A or AAAA by the client's family; without one we ask both, and the term is
        // void only when neither exists.
        const [a4, a6] = await Promise.all([
          tc.resolver.query(target, "A"),
          tc.resolver.query(target, "AAAA"),
        ]);
        view.addresses = [...a4.answers, ...a6.answers];
        if (view.addresses.length === 0) {
          const fail = [a4, a6].find((x) => isDnsFailure(x.status));
          if (fail) failed(fail);
          else voidOf("A", a4.status);
        }
        break;
      }
      case "exists": {
        const a4 = await tc.resolver.query(target, "A");
        view.addresses = [...a4.answers];
        if (isDnsFailure(a4.status)) failed(a4);
        else if (isVoid(a4)) voidOf("A", a4.status);
        break;
      }
      case "mx": {
        const mx = await tc.resolver.query(target, "MX");
        if (isDnsFailure(mx.status)) {
          failed(mx);
          break;
        }
        // A null MX (RFC 7505, exchange "") names no host.
        const names = [...new Set(mx.answers.map((r) => r.exchange).filter((e) => e !== ""))];
        view.mxNames = names;
        if (isVoid(mx) || names.length === 0) {
          voidOf("MX", mx.status);
          break;
        }
        // §4.6.4: more than 10 names is a permerror; receivers stop there, so we do not ask past it.
        const hosts = names.slice(0, MX_NAME_LIMIT);
        const answers = await Promise.all(
          hosts.map((h) => Promise.all([tc.resolver.query(h, "A"), tc.resolver.query(h, "AAAA")])),
        );
        view.addresses = answers.flatMap(([a4, a6]) => [...a4.answers, ...a6.answers]);
        break;
      }
      case "ptr": {
        // Needs the client's address (§5.5). With one, ask what the evaluator will ask (the PTR names,
        // then up to 10 of their addresses of the client's family) now, so the verdict finds them cached.
        const rev = tc.ip ? reverseName(tc.ip) : null;
        if (!rev) break;
        const ptr = await tc.resolver.query(rev.name, "PTR");
        if (isDnsFailure(ptr.status)) {
          failed(ptr);
          break;
        }
        view.ptrNames = ptr.answers.slice(0, MX_NAME_LIMIT);
        const answers = await Promise.all(
          view.ptrNames.map((n) => tc.resolver.query(n, rev.v6 ? "AAAA" : "A")),
        );
        view.addresses = answers.flatMap((a) => a.answers);
        break;
      }
      case "all":
      case "ip4":
      case "ip6":
        break; // no DNS
    }
    return { view };
  });

  const done = await Promise.all(work);
  node.terms = done.map((d) => d.view);
  node.children = done.flatMap((d) => (d.child ? [d.child] : []));
}

type BuildingNode = SpfNode & { voidStatus?: "nxdomain" | "nodata" };

async function buildNode(
  tc: TreeContext,
  domain: string,
  via: SpfNode["via"],
  term: string | undefined,
  ancestors: readonly string[],
  depth: number,
): Promise<BuildingNode> {
  if (depth > MAX_DEPTH || tc.nodes >= MAX_NODES || tc.signal?.aborted) {
    return emptyNode(domain, via, term, "truncated");
  }
  tc.nodes++;
  const txt = await tc.resolver.query(domain, "TXT");
  const node: BuildingNode = emptyNode(domain, via, term, "none");
  if (isDnsFailure(txt.status)) {
    node.status = "error";
    node.dnsError = { status: txt.status, ...(txt.error ? { detail: txt.error } : {}) };
    return node;
  }
  if (isVoid(txt)) node.voidStatus = txt.status === "nxdomain" ? "nxdomain" : "nodata";
  const spf = txt.answers.filter(isSpfRecord);
  if (spf.length === 0) return node;
  if (spf.length > 1) {
    node.status = "multiple";
    node.records = spf;
    return node;
  }
  await expandRecord(tc, node, spf[0] as string, ancestors, depth);
  return node;
}

function walk(
  node: SpfNode,
  visit: (n: SpfNode, parent: SpfNode | null) => void,
  parent: SpfNode | null = null,
) {
  visit(node, parent);
  for (const c of node.children) walk(c, visit, node);
}

function sumLookups(node: SpfNode): number {
  node.totalLookups = node.lookups + node.children.reduce((n, c) => n + sumLookups(c), 0);
  return node.totalLookups;
}

/** The record whose `all` decides the result for unmatched senders: the root, or its redirect chain (§6.1). */
function effectiveRecord(root: SpfNode): SpfNode | null {
  let node: SpfNode | undefined = root;
  for (let i = 0; node && i <= MAX_DEPTH; i++) {
    if (node.status !== "ok") return null;
    if (node.terms.some((t) => t.kind === "mechanism" && t.name === "all" && t.valid)) return node;
    const redirect = node.terms.find(
      (t) => t.kind === "modifier" && t.name === "redirect" && t.valid && !t.ignored,
    );
    if (!redirect) return node;
    node = node.children.find((c) => c.via === "redirect");
  }
  return null;
}

const allOf = (node: SpfNode) =>
  node.terms.find((t) => t.kind === "mechanism" && t.name === "all" && t.valid);

/**
 * Whether the policy for unlisted senders (the root's `all`, or its redirect target's, §6.1) is "~all".
 * Not a finding ("~all" delivers fine, §8.5): the strict profile weighs it (./check.ts). Reads saved
 * evidence too, so it checks the shape it is given.
 */
export function softfailAll(records: readonly unknown[]): { domain: string; term: string } | null {
  const spf = records.find(
    (r): r is SpfRecords => typeof r === "object" && r !== null && "kind" in r && r.kind === "spf",
  );
  const root = spf?.tree;
  if (!root || !Array.isArray(root.terms) || !Array.isArray(root.children)) return null;
  const effective = effectiveRecord(root);
  const all = effective ? allOf(effective) : undefined;
  return effective && all?.kind === "mechanism" && all.qualifier === "~"
    ? { domain: effective.domain, term: all.text }
    : null;
}

/** Findings from the tree. Exported for unit tests. */
export function treeFindings(
  root: SpfNode,
  domain: string,
): { findings: Finding[]; lookups: number; voids: SpfVoidLookup[] } {
  const findings: Finding[] = [];
  const lookups = sumLookups(root);
  const voids: SpfVoidLookup[] = [];
  const targets = new Map<string, number>();
  const mxTooMany: Finding[] = [];

  walk(root, (n, parent) => {
    voids.push(...n.voids);
    if (n.via !== "root" && n.status !== "macro") targets.set(n.domain, (targets.get(n.domain) ?? 0) + 1);
    const at = { domain: n.domain, ...(n.via !== "root" ? { from: parent?.domain, via: n.via } : {}) };
    if (n.errors.length > 0) {
      const first = n.errors[0]!;
      findings.push(
        finding("spf.syntax_error", "high", {
          ...at,
          record: n.record,
          column: first.column,
          token: first.token,
          message: first.message,
          errors: n.errors,
        }),
      );
    }
    if (n.via !== "root") {
      if (n.status === "none") {
        findings.push(
          finding(n.via === "include" ? "spf.include_missing" : "spf.redirect_missing", "high", {
            domain: n.domain,
            from: parent?.domain,
            term: n.term,
          }),
        );
      } else if (n.status === "multiple") {
        findings.push(
          finding("spf.multiple_records", "high", { ...at, count: n.records?.length, records: n.records }),
        );
      } else if (n.status === "loop") {
        findings.push(
          finding("spf.include_loop", "high", { domain: n.domain, from: parent?.domain, term: n.term }),
        );
      }
    }
    for (const t of n.terms) {
      if (t.kind === "mechanism" && t.name === "ptr") {
        findings.push(
          finding("spf.ptr_mechanism", n.via === "root" ? "medium" : "low", {
            domain: n.domain,
            term: t.text,
          }),
        );
      }
      if (t.name === "mx" && t.mxNames && t.mxNames.length > MX_NAME_LIMIT) {
        mxTooMany.push(
          finding("spf.mx_too_many_names", "high", {
            domain: n.domain,
            term: t.text,
            target: t.target,
            count: t.mxNames.length,
          }),
        );
      }
    }
    // An include whose record passes everyone makes the include match for everyone (§5.2).
    if (n.via === "include" && n.status === "ok") {
      const all = allOf(n);
      const viaTerm = parent?.terms.find((t) => t.text === n.term);
      if (all?.qualifier === "+" && (viaTerm?.qualifier ?? "+") === "+") {
        findings.push(
          finding("spf.pass_all", "critical", { domain: n.domain, from: parent?.domain, term: all.text }),
        );
      }
    }
    if (n.status === "ok" && n.via !== "include") {
      const all = allOf(n);
      if (all) {
        const after = n.terms.filter((t) => t.column > all.column && t.kind === "mechanism");
        if (after.length > 0) {
          findings.push(
            finding("spf.terms_after_all", "low", {
              domain: n.domain,
              all: all.text,
              terms: after.map((t) => t.text),
            }),
          );
        }
        const ignored = n.terms.find((t) => t.kind === "modifier" && t.name === "redirect" && t.ignored);
        if (ignored)
          findings.push(
            finding("spf.redirect_and_all", "low", {
              domain: n.domain,
              redirect: ignored.text,
              all: all.text,
            }),
          );
      }
    }
    if (n.bytes !== undefined && n.bytes > RECORD_SIZE_ADVICE && n.via === "root") {
      findings.push(
        finding("spf.record_too_long", "low", {
          domain: n.domain,
          bytes: n.bytes,
          limit: RECORD_SIZE_ADVICE,
        }),
      );
    }
  });
  findings.push(...mxTooMany);

  // The policy for senders nothing matched: the root's all, or the redirect target's (§6.1).
  const effective = effectiveRecord(root);
  if (effective) {
    const all = allOf(effective);
    const at = { domain: effective.domain, ...(effective !== root ? { from: domain } : {}) };
    if (!all) findings.push(finding("spf.no_all", "medium", at));
    else if (all.qualifier === "+")
      findings.push(finding("spf.pass_all", "critical", { ...at, term: all.text }));
    else if (all.qualifier === "?")
      findings.push(finding("spf.neutral_all", "medium", { ...at, term: all.text }));
  }

  for (const [target, count] of targets) {
    if (count > 1) findings.push(finding("spf.duplicate_include", "low", { domain: target, count }));
  }
  if (lookups > LOOKUP_LIMIT) {
    // What each include/redirect costs: its own term plus everything it pulls in.
    const costliest = root.children
      .map((c) => ({ domain: c.domain, via: c.via, term: c.term, lookups: c.totalLookups + 1 }))
      .sort((a, b) => b.lookups - a.lookups);
    findings.push(
      finding("spf.too_many_lookups", "high", { count: lookups, limit: LOOKUP_LIMIT, costliest }),
    );
  }
  if (voids.length > 0) {
    // Over the limit receivers return permerror (§4.6.4); within it each is still a stale name worth removing.
    findings.push(
      finding("spf.void_lookups", voids.length > VOID_LIMIT ? "high" : "low", {
        count: voids.length,
        limit: VOID_LIMIT,
        lookups: voids,
      }),
    );
  }
  return { findings, lookups, voids };
}

const VERDICT_SEVERITY: Record<string, Severity> = {
  fail: "high",
  softfail: "medium",
  neutral: "medium",
  none: "medium",
  permerror: "high",
  temperror: "info",
};

export async function runSpf(
  resolver: Resolver,
  ctx: CheckContext,
): Promise<{ findings: Finding[]; records: SpfRecords[]; status?: CheckStatus }> {
  if (!ctx.domain) return { findings: [], records: [], status: "skipped" };
  const domain = canonicalName(ctx.domain);
  // Failed questions, for spf.dns_error findings: recorded once each, under the memo.
  const failures: DnsAnswer[] = [];
  const tc: TreeContext = {
    ...(ctx.ip ? { ip: ctx.ip } : {}),
    resolver: memoResolver(recordingFailures(resolver, failures)),
    nodes: 0,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };

  // The verdict runs alongside the tree: both ask the same names, and the resolver answers each once.
  const verdictPromise: Promise<SpfVerdict | undefined> = ctx.ip
    ? evaluateSpf(resolver, {
        ip: ctx.ip,
        sender: ctx.sender ?? `postmaster@${domain}`,
        helo: ctx.helo ?? domain,
      })
    : Promise.resolve(undefined);

  const findings: Finding[] = [];
  const out: SpfRecords = {
    kind: "spf",
    domain,
    records: [],
    legacy: [],
    tree: null,
    totals: { lookups: 0, lookupLimit: LOOKUP_LIMIT, voids: 0, voidLimit: VOID_LIMIT, nodes: 0 },
  };

  const txt = await tc.resolver.query(domain, "TXT");
  if (isDnsFailure(txt.status)) {
    findings.push(dnsErrorFinding("spf", txt));
  } else {
    out.records = txt.answers.filter(isSpfRecord);
    out.legacy = txt.answers.filter(isLegacySpf2Record);
    if (out.legacy.length > 0)
      findings.push(finding("spf.legacy_spf2", "info", { domain, records: out.legacy }));
    if (out.records.length === 0) {
      findings.push(finding("spf.missing", "high", { domain, status: txt.status }));
    } else if (out.records.length > 1) {
      // §4.5: more than one record is a permerror for every message, whatever each says.
      findings.push(
        finding("spf.multiple_records", "high", { domain, count: out.records.length, records: out.records }),
      );
      for (const r of out.records) {
        const p = parseSpf(r);
        const first = p.errors[0];
        if (first) {
          findings.push(
            finding("spf.syntax_error", "high", {
              domain,
              record: r,
              column: first.column,
              token: first.token,
              message: first.message,
              errors: p.errors,
            }),
          );
        }
      }
    } else {
      const root = emptyNode(domain, "root", undefined, "ok");
      tc.nodes++;
      await expandRecord(tc, root, out.records[0] as string, [], 0);
      const t = treeFindings(root, domain);
      findings.push(...t.findings);
      out.tree = root;
      out.totals.lookups = t.lookups;
      out.totals.voids = t.voids.length;
      out.totals.nodes = tc.nodes;
    }
  }

  const verdict = await verdictPromise;
  let verdictUnknown = false;
  if (verdict) {
    out.verdict = verdict;
    if (verdict.result !== "pass") {
      findings.push(
        finding("spf.ip_not_authorized", VERDICT_SEVERITY[verdict.result] ?? "medium", {
          result: verdict.result,
          ip: verdict.ip,
          sender: verdict.sender,
          helo: verdict.helo,
          ...(verdict.explanation ? { explanation: verdict.explanation } : {}),
        }),
      );
      verdictUnknown = verdict.result === "temperror";
    }
  }

  // Questions we could not get answered: the tree may be incomplete, so say "could not determine".
  const reported = new Set<string>();
  for (const f of failures) {
    const key = `${f.type} ${f.name}`;
    if (reported.has(key) || (f.name === domain && f.type === "TXT")) continue;
    reported.add(key);
    findings.push(dnsErrorFinding("spf", f));
  }
  let status = statusFromFindings(findings);
  if (status === "pass" && (verdictUnknown || findings.some((f) => f.code === "spf.dns_error")))
    status = "error";
  return { findings, records: [out], status };
}

export const spfCheck: Check<"spf", SpfRecords> = (ctx) =>
  runCheck("spf", ctx, (resolver) => runSpf(resolver, ctx));

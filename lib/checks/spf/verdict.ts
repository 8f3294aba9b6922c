/**
 * The SPF verdict for one sending IP: RFC 7208 check_host() (§4), our own evaluator over the report's
 * Resolver, so its questions share the report's cache and log.
 *
 * - §4.3 domain checks, §4.4 record lookup (DNS trouble is temperror), §4.5 record selection (several
 *   records: permerror), §4.6 evaluation: any syntax error anywhere in a record is permerror (checked
 *   with our parser, parse.ts), mechanisms in order (§5), then redirect (§6.1); exp (§6.2) explains a fail.
 * - §4.6.4 limits: more than 10 terms that query DNS (include, a, mx, ptr, exists, redirect) or more than
 *   2 void lookups is permerror; an mx term with more than 10 hosts is permerror; a ptr term uses at most
 *   10 PTR names.
 * - §5.5 / §7.3: "ptr" and %{p} use validated names: a PTR name counts only when one of its addresses is
 *   the client's address.
 * - A target that cannot be a DNS name after expansion (an empty label, a label over 63 octets) does not
 *   exist: no match, without asking (§4.3, §4.8 and the RFC 7208 test suite's reading).
 */
import ipaddr from "ipaddr.js";
import { parseIp, reverseName } from "@/lib/net/ip";
import { canonicalName } from "@/lib/dns/names";
import type { DnsAnswer, Resolver } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { expandMacros, MacroSyntaxError, truncateDomain, usesValidatedName, type MacroValues } from "./macro";
import { LOOKUP_LIMIT, MX_NAME_LIMIT, VOID_LIMIT, type SpfVerdict } from "./model";
import { isSpfRecord, parseSpf, type SpfMechanism } from "./parse";

export type SpfResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror";

/** §4.6.4: "the "ptr" mechanism ... MUST NOT look up more than 10 PTR names". */
const PTR_NAME_LIMIT = 10;

const QUALIFIER_RESULT = { "+": "pass", "-": "fail", "~": "softfail", "?": "neutral" } as const;

/** Ends the evaluation with permerror or temperror (§4.6.4, §4.4, §4.6). */
class SpfAbort extends Error {
  constructor(
    readonly result: "permerror" | "temperror",
    message: string,
  ) {
    super(message);
  }
}

/** The term that decided, with the include or redirect it was reached through. */
interface Match {
  term: string;
  inner?: Match;
}

interface Outcome {
  result: SpfResult;
  match?: Match;
  /** The record evaluated at this domain. */
  record?: string;
  /** §6.2 explanation text, for a fail that the record's own exp= explains. */
  exp?: string;
}

interface Evaluation {
  resolver: Resolver;
  ip: ipaddr.IPv4 | ipaddr.IPv6;
  family: 4 | 6;
  sender: string;
  helo: string;
  mta: string;
  lookups: number;
  voids: number;
  /** Validated names of the client (§5.5), looked up once for "ptr" and %{p}. */
  validated?: Promise<string[]>;
}

/** RFC 7208 §4.3: a malformed or single-label domain gives "none" without any lookup. */
function isValidDomain(domain: string): boolean {
  const d = domain.replace(/\.$/, "");
  if (d.length === 0 || d.length > 253) return false;
  const labels = d.split(".");
  return labels.length >= 2 && labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(l));
}

/** A name DNS can carry: non-empty labels of at most 63 octets (RFC 1035 §2.3.4), 253 in all. */
function isQueryable(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split(".").every((l) => l.length > 0 && new TextEncoder().encode(l).length <= 63);
}

function isSubdomainOrSame(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

function countLookup(ev: Evaluation, term: string): void {
  ev.lookups++;
  if (ev.lookups > LOOKUP_LIMIT) {
    throw new SpfAbort("permerror", `more than ${LOOKUP_LIMIT} DNS-querying terms (at "${term}")`);
  }
}

/** Asks, or answers NXDOMAIN for a name that cannot exist. */
async function ask<T extends "A" | "AAAA" | "MX" | "TXT" | "PTR">(
  ev: Evaluation,
  name: string,
  type: T,
): Promise<DnsAnswer<T>> {
  if (!isQueryable(name)) {
    return { name, type, status: "nxdomain", answers: [], cnames: [], authenticated: false };
  }
  return ev.resolver.query(name, type);
}

/**
 * A DNS-mechanism query (§4.6.4, §5): DNS trouble ends the evaluation with temperror; an empty answer
 * or NXDOMAIN is a void lookup, and a third one is permerror.
 */
async function mechanismQuery<T extends "A" | "AAAA" | "MX" | "PTR">(
  ev: Evaluation,
  name: string,
  type: T,
): Promise<DnsAnswer<T>["answers"]> {
  const answer = await ask(ev, name, type);
  if (isDnsFailure(answer.status)) {
    throw new SpfAbort(
      "temperror",
      `DNS ${answer.status} for ${name} ${type}${answer.error ? `: ${answer.error}` : ""}`,
    );
  }
  if (answer.answers.length === 0) {
    ev.voids++;
    if (ev.voids > VOID_LIMIT)
      throw new SpfAbort("permerror", `more than ${VOID_LIMIT} void lookups (at ${name})`);
  }
  return answer.answers;
}

/**
 * Whether one of the addresses (of the client's family: A answers for an IPv4 client, AAAA for IPv6, or
 * an ip4/ip6 network) holds the client within the prefix length. Parsed as written, so an ip6 network
 * like ::1.1.1.1 stays IPv6 (§5.6: ip6 never matches an IPv4 client).
 */
function addressMatches(ev: Evaluation, addresses: readonly string[], cidr4 = 32, cidr6 = 128): boolean {
  return addresses.some((text) => {
    try {
      if (ev.ip.kind() === "ipv4") return (ev.ip as ipaddr.IPv4).match(ipaddr.IPv4.parse(text), cidr4);
      return (ev.ip as ipaddr.IPv6).match(ipaddr.IPv6.parse(text), cidr6);
    } catch {
      return false; // not an address of the client's family
    }
  });
}

/**
 * §5.5: the client's validated names: its PTR names (at most 10) that have the client's address among
 * their own. A DNS error on the PTR lookup means none; on an address lookup, that name is skipped.
 */
function validatedNames(ev: Evaluation): Promise<string[]> {
  ev.validated ??= (async () => {
    const rev = reverseName(ev.ip.toString());
    if (!rev) return [];
    const ptr = await ask(ev, rev, "PTR");
    if (ptr.status !== "ok") return [];
    const names = [...new Set(ptr.answers.map(canonicalName))].slice(0, PTR_NAME_LIMIT);
    const type = ev.family === 4 ? "A" : "AAAA";
    const forwards = await Promise.all(names.map((n) => ask(ev, n, type)));
    return names.filter((_, i) => {
      const fwd = forwards[i];
      return fwd?.status === "ok" && addressMatches(ev, fwd.answers as string[]);
    });
  })();
  return ev.validated;
}

async function macroValues(ev: Evaluation, domain: string, text: string): Promise<MacroValues> {
  const values: MacroValues = { sender: ev.sender, domain, ip: ev.ip, helo: ev.helo, receiver: ev.mta };
  if (usesValidatedName(text)) {
    // §7.3: prefer the domain itself, then a subdomain of it, then any validated name.
    const names = await validatedNames(ev);
    values.validatedName =
      names.find((n) => n === domain) ??
      names.find((n) => isSubdomainOrSame(n, domain)) ??
      names[0] ??
      "unknown";
  }
  return values;
}

/** A term's target: its domain-spec expanded (§7) and truncated to 253 characters, or the current domain. */
async function target(ev: Evaluation, domain: string, spec: string | undefined): Promise<string> {
  if (spec === undefined) return domain;
  const expanded = expandMacros(spec, await macroValues(ev, domain, spec));
  return truncateDomain(expanded).toLowerCase();
}

/** Evaluates one mechanism (§5): true when it matches. */
async function mechanismMatches(ev: Evaluation, domain: string, m: SpfMechanism): Promise<Match | null> {
  const self = { term: m.text.replace(/^\+/, "") };
  switch (m.name) {
    case "all":
      return self;
    case "ip4":
    case "ip6": {
      if ((m.name === "ip4") !== (ev.family === 4)) return null;
      return addressMatches(ev, [m.network ?? ""], m.cidr4 ?? 32, m.cidr6 ?? 128) ? self : null;
    }
    case "a": {
      countLookup(ev, m.text);
      const name = await target(ev, domain, m.domainSpec);
      const addresses = await mechanismQuery(ev, name, ev.family === 4 ? "A" : "AAAA");
      return addressMatches(ev, addresses as string[], m.cidr4, m.cidr6) ? self : null;
    }
    case "mx": {
      countLookup(ev, m.text);
      const name = await target(ev, domain, m.domainSpec);
      const hosts = (await mechanismQuery(ev, name, "MX")).map((mx) => mx.exchange).filter((h) => h !== "");
      if (hosts.length > MX_NAME_LIMIT) {
        throw new SpfAbort(
          "permerror",
          `"${m.text}": ${name} has ${hosts.length} MX hosts, over ${MX_NAME_LIMIT}`,
        );
      }
      const type = ev.family === 4 ? "A" : "AAAA";
      for (const host of hosts) {
        const answer = await ask(ev, host, type);
        if (isDnsFailure(answer.status))
          throw new SpfAbort("temperror", `DNS ${answer.status} for ${host} ${type}`);
        if (addressMatches(ev, answer.answers as string[], m.cidr4, m.cidr6)) return self;
      }
      return null;
    }
    case "ptr": {
      countLookup(ev, m.text);
      const name = await target(ev, domain, m.domainSpec);
      const names = await validatedNames(ev);
      return names.some((n) => isSubdomainOrSame(n, name)) ? self : null;
    }
    case "exists": {
      countLookup(ev, m.text);
      const name = await target(ev, domain, m.domainSpec);
      // §5.7: always an A query, whatever the client's address family.
      return (await mechanismQuery(ev, name, "A")).length > 0 ? self : null;
    }
    case "include": {
      countLookup(ev, m.text);
      const name = await target(ev, domain, m.domainSpec);
      const inner = await checkHost(ev, name, false);
      // §5.2: the include's result table.
      switch (inner.result) {
        case "pass":
          return { ...self, ...(inner.match ? { inner: inner.match } : {}) };
        case "fail":
        case "softfail":
        case "neutral":
          return null;
        case "temperror":
          throw new SpfAbort("temperror", `"${m.text}": temperror in ${name}`);
        case "permerror":
        case "none":
          throw new SpfAbort("permerror", `"${m.text}": ${inner.result} for ${name}`);
        default:
          return assertNever(inner.result);
      }
    }
    default:
      return assertNever(m.name);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}

/** §6.2: the explanation for a fail, or undefined when there is none or it cannot be had. */
async function explanation(ev: Evaluation, domain: string, spec: string): Promise<string | undefined> {
  try {
    const name = await target(ev, domain, spec);
    const answer = await ask(ev, name, "TXT");
    // §6.2: no record, several records, DNS trouble or a syntax error: no explanation.
    if (answer.status !== "ok" || answer.answers.length !== 1) return undefined;
    const text = answer.answers[0] as string;
    if (/[^\x20-\x7e]/.test(text)) return undefined;
    return expandMacros(text, await macroValues(ev, domain, text), { explanation: true });
  } catch (e) {
    if (e instanceof MacroSyntaxError) return undefined;
    throw e;
  }
}

/**
 * check_host(<ip>, <domain>, <sender>) (§4). `explain`: this evaluation's fail result is the one
 * reported (not an include's), so its exp= is fetched (§6.2).
 */
async function checkHost(ev: Evaluation, domain: string, explain: boolean): Promise<Outcome> {
  if (!isValidDomain(domain)) return { result: "none" };
  const txt = await ask(ev, domain, "TXT");
  if (isDnsFailure(txt.status)) {
    throw new SpfAbort(
      "temperror",
      `DNS ${txt.status} for ${domain} TXT${txt.error ? `: ${txt.error}` : ""}`,
    );
  }
  const records = txt.answers.filter(isSpfRecord);
  if (records.length === 0) return { result: "none" };
  if (records.length > 1) throw new SpfAbort("permerror", `${domain} has ${records.length} SPF records`);
  const record = records[0] as string;
  const parsed = parseSpf(record);
  const first = parsed.errors[0];
  if (first) {
    throw new SpfAbort(
      "permerror",
      `syntax error in the SPF record of ${domain} at column ${first.column} ("${first.token}"): ${first.message}`,
    );
  }

  for (const term of parsed.terms) {
    if (term.kind !== "mechanism") continue;
    const match = await mechanismMatches(ev, domain, term);
    if (!match) continue;
    const result = QUALIFIER_RESULT[term.qualifier];
    const outcome: Outcome = { result, match, record };
    if (result === "fail" && explain && parsed.exp) {
      const exp = await explanation(ev, domain, parsed.exp.value);
      if (exp !== undefined) outcome.exp = exp;
    }
    return outcome;
  }

  // §6.1: no mechanism matched; a redirect (ignored when the record has "all") hands over to its target.
  if (parsed.redirect && !parsed.redirect.ignored) {
    countLookup(ev, parsed.redirect.text);
    const name = await target(ev, domain, parsed.redirect.value);
    const inner = await checkHost(ev, name, explain);
    if (inner.result === "none")
      throw new SpfAbort("permerror", `"${parsed.redirect.text}": ${name} has no SPF record`);
    return {
      ...inner,
      record,
      ...(inner.match ? { match: { term: parsed.redirect.text, inner: inner.match } } : {}),
    };
  }
  return { result: "neutral", record };
}

function describeMatch(m: Match | undefined): string | undefined {
  if (!m) return undefined;
  const inner = describeMatch(m.inner);
  return inner ? `${m.term} → ${inner}` : m.term;
}

export interface VerdictInput {
  ip: string;
  /** MAIL FROM address; "" or absent means a null sender: the HELO identity is checked (§2.4). */
  sender?: string;
  helo?: string;
  /** The receiving MTA's name, for the explanation. */
  mta?: string;
}

/** check_host() for the input. Never rejects for DNS trouble: that is "temperror". */
export async function evaluateSpf(resolver: Resolver, input: VerdictInput): Promise<SpfVerdict> {
  const mta = input.mta ?? "mxray";
  const helo = input.helo ?? "";
  // An IPv4-mapped IPv6 address is the IPv4 client (§5.6 compares like with like): parseIp unwraps it.
  const ip = parseIp(input.ip);
  if (!ip) throw new TypeError(`not an IP address: ${input.ip}`);

  // §2.4: a null MAIL FROM is checked as postmaster@<HELO>; §4.3: a missing local-part is "postmaster".
  let sender = input.sender || `postmaster@${helo}`;
  const at = sender.lastIndexOf("@");
  if (at < 0) sender = `postmaster@${sender}`;
  else if (at === 0) sender = `postmaster${sender}`;
  const domain = (sender.split("@").pop() ?? "").toLowerCase().trim();

  const ev: Evaluation = {
    resolver,
    ip,
    family: ip.kind() === "ipv4" ? 4 : 6,
    sender,
    helo,
    mta,
    lookups: 0,
    voids: 0,
  };
  let outcome: Outcome;
  let text: string | undefined;
  try {
    outcome = await checkHost(ev, domain, true);
  } catch (e) {
    if (!(e instanceof SpfAbort)) throw e;
    outcome = { result: e.result };
    text = e.message;
  }

  const shown = ip.toString();
  const comments: Record<SpfResult, string> = {
    pass: `${mta}: domain of ${sender} designates ${shown} as permitted sender`,
    softfail: `${mta}: domain of transitioning ${sender} does not designate ${shown} as permitted sender`,
    fail: `${mta}: domain of ${sender} does not designate ${shown} as permitted sender`,
    neutral: `${mta}: ${shown} is neither permitted nor denied by domain of ${sender}`,
    none: `${mta}: ${domain || "-"} does not designate permitted sender hosts`,
    permerror: `${mta}: permanent error in processing during lookup of ${sender}${text ? `: ${text}` : ""}`,
    temperror: `${mta}: error in processing during lookup of ${sender}${text ? `: ${text}` : ""}`,
  };

  const verdict: SpfVerdict = {
    ip: input.ip,
    sender,
    helo,
    result: outcome.result,
    explanation: comments[outcome.result],
    lookups: { count: ev.lookups, limit: LOOKUP_LIMIT, void: ev.voids },
  };
  if (outcome.exp !== undefined) verdict.exp = outcome.exp;
  if (outcome.record) verdict.record = outcome.record;
  const mechanism = describeMatch(outcome.match);
  if (mechanism) verdict.mechanism = mechanism;
  return verdict;
}

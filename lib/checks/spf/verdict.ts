/**
 * The SPF verdict for one sending IP (RFC 7208 §4 check_host()), computed by mailauth's SPF evaluator over
 * our own resolver (through the dns.promises.resolve-shaped adapter), so its queries share the report's
 * cache and log.
 *
 * mailauth's evaluator proper is `mailauth/lib/spf/spf-verify` (record selection, mechanisms, macros,
 * include and redirect). Its entry point `spf()` wraps it with a lookup-limiting resolver and maps the
 * outcome to a result; that thin wrapper is re-done here (after mailauth 4.13.3, lib/spf/index.js, MIT) so
 * that what it gets wrong against RFC 7208 can be put right, and so the matched mechanism is not lost:
 * - §4.6: any syntax error anywhere in a record is a permerror; mailauth checks part of the grammar and
 *   stops at the matching term, so each fetched record is checked with our full parser first.
 * - A target name that cannot be a DNS name (bad characters, a label over 63 octets, a single label) is
 *   treated as a name that does not exist, i.e. a no-match (§4.3, §4.8 and the test suite's reading),
 *   where mailauth returns permerror before asking.
 * - §4.4/§2.6.6: SERVFAIL and other DNS errors are temperror; mailauth silently skipped them inside an
 *   include.
 */
import { spfVerify } from "mailauth/lib/spf/spf-verify";
import { toMailauthResolver } from "@/lib/dns/mailauth";
import type { Resolver } from "@/lib/dns/types";
import type { SpfVerdict } from "./model";
import { isSpfRecord, parseSpf } from "./parse";

type NodeResolver = (name: string, rrtype?: string) => Promise<unknown>;

interface LimitedResolver {
  (domain: string, type: string, opts?: { clientIpType?: 4 | 6 }): Promise<unknown>;
  updateSubQueries(type: string, count: number): void;
  getResolveCount(): number;
  getVoidCount(): number;
}

/** What spfVerify resolves to: the matched term (qualifier, type, value, the include it came through). */
interface VerifyMatch {
  qualifier?: string;
  type?: string;
  val?: string;
  include?: VerifyMatch;
  error?: string;
  text?: string;
  rr?: string;
}

type SpfResultError = Error & { code?: string; spfResult?: { error: string; text: string } };

const MAX_RESOLVE_COUNT = 10; // RFC 7208 §4.6.4
const MAX_VOID_COUNT = 2; // RFC 7208 §4.6.4

function resultError(error: "permerror" | "temperror" | "none", text: string, code?: string): SpfResultError {
  return Object.assign(new Error(text), { spfResult: { error, text }, ...(code ? { code } : {}) });
}

function notFound(name: string): SpfResultError {
  return Object.assign(new Error(`ENOTFOUND ${name}`), { code: "ENOTFOUND" });
}

/** mailauth's own test for a name it is willing to ask about: visible ASCII labels and an alphabetic TLD. */
const QUERYABLE = /^([\x20-\x2D\x2f-\x7e]+\.)+[a-z]+[a-z\-0-9]*$/i;

/**
 * The adapter, plus: names that cannot exist answer as NXDOMAIN, and a fetched SPF record with a syntax
 * error ends the evaluation with permerror (§4.6).
 */
export function strictSpfResolver(inner: NodeResolver): NodeResolver {
  return async (name, rrtype = "A") => {
    if (!QUERYABLE.test(name)) throw notFound(name);
    let answer: unknown;
    try {
      answer = await inner(name, rrtype);
    } catch (e) {
      if ((e as SpfResultError).code === "EBADNAME") throw notFound(name);
      throw e;
    }
    if (String(rrtype).toUpperCase() === "TXT" && Array.isArray(answer)) {
      const records = (answer as unknown[]).map((c) => (Array.isArray(c) ? c.join("") : String(c)));
      const spf = records.filter(isSpfRecord);
      // Several records are mailauth's own permerror (§4.5); a single one must parse cleanly.
      if (spf.length === 1) {
        const first = parseSpf(spf[0] as string).errors[0];
        if (first) {
          throw resultError(
            "permerror",
            `syntax error in the SPF record of ${name} at column ${first.column} ("${first.token}"): ${first.message}`,
          );
        }
      }
    }
    return answer;
  };
}

/**
 * Counts DNS-mechanism lookups and void lookups against RFC 7208 §4.6.4's limits, the way mailauth's
 * limitedResolver does (A and AAAA asked together, void only when both are empty).
 */
function limitedResolver(resolver: NodeResolver, ignoreFirst: boolean): LimitedResolver {
  let resolveCount = 0;
  let voidCount = 0;
  let firstCounted = !ignoreFirst;
  const sub: Record<string, number> = {};

  const isVoid = (e: unknown) => {
    const code = (e as SpfResultError | null)?.code;
    return code === "ENOTFOUND" || code === "ENODATA";
  };

  const dualStack = async (domain: string, v6: boolean): Promise<unknown> => {
    const [a, aaaa] = await Promise.allSettled([resolver(domain, "A"), resolver(domain, "AAAA")]);
    const aErr = a.status === "rejected" ? a.reason : null;
    const aaaaErr = aaaa.status === "rejected" ? aaaa.reason : null;
    const mine = v6 ? aaaaErr : aErr;
    if (mine && !isVoid(mine)) throw mine;
    if (aErr && aaaaErr && isVoid(aErr) && isVoid(aaaaErr)) throw mine ?? aErr;
    if (v6) return aaaa.status === "fulfilled" ? aaaa.value : [];
    return a.status === "fulfilled" ? a.value : [];
  };

  const fn = (async (domain: string, type: string, opts?: { clientIpType?: 4 | 6 }) => {
    if (firstCounted) resolveCount++;
    else firstCounted = true;
    if (resolveCount > MAX_RESOLVE_COUNT) throw resultError("permerror", "Too many DNS requests");
    try {
      if (opts?.clientIpType && (type === "A" || type === "AAAA"))
        return await dualStack(domain, opts.clientIpType === 6);
      return await resolver(domain, type);
    } catch (e) {
      const err = e as SpfResultError;
      if (err.spfResult) throw err;
      if (isVoid(err)) {
        voidCount++;
        if (voidCount > MAX_VOID_COUNT) throw resultError("permerror", "Too many void DNS results", err.code);
        return [];
      }
      // §4.4: SERVFAIL, REFUSED, a timeout or any other DNS error ends the evaluation with temperror.
      throw resultError("temperror", `DNS ${err.code ?? "error"} when resolving ${domain} ${type}`, err.code);
    }
  }) as LimitedResolver;
  fn.updateSubQueries = (type, count) => {
    sub[type] = (sub[type] ?? 0) + count;
  };
  fn.getResolveCount = () => resolveCount;
  fn.getVoidCount = () => voidCount;
  return fn;
}

/** RFC 7208 §4.3: a malformed or single-label domain gives "none" without any lookup. */
function isValidDomain(domain: string): boolean {
  const d = domain.replace(/\.$/, "");
  if (d.length === 0 || d.length > 253) return false;
  const labels = d.split(".");
  return labels.length >= 2 && labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(l));
}

function describeMatch(m: VerifyMatch | undefined): string | undefined {
  if (!m || !m.type) return undefined;
  const q = m.qualifier && m.qualifier !== "+" ? m.qualifier : "";
  const self = `${q}${m.type}${m.val ? `:${m.val}` : ""}`;
  const inner = describeMatch(m.include);
  return inner ? `${self} → ${inner}` : self;
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
  let ip = input.ip;
  // An IPv4-mapped IPv6 address is the IPv4 client (§5.6 compares like with like).
  const mapped = /^[:A-F]+:((\d+\.){3}\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1] as string;

  // §2.4: a null MAIL FROM is checked as postmaster@<HELO>; §4.3: a missing local-part is "postmaster".
  let sender = input.sender || `postmaster@${helo}`;
  const at = sender.indexOf("@");
  if (at < 0) sender = `postmaster@${sender}`;
  else if (at === 0) sender = `postmaster${sender}`;
  const domain = sender.split("@").pop()!.toLowerCase().trim() || "-";

  const base = strictSpfResolver(toMailauthResolver(resolver));
  const top = limitedResolver(base, true);
  let outcome: VerifyMatch | false;
  try {
    if (!isValidDomain(domain)) throw resultError("none", `Invalid domain ${domain}`);
    outcome = (await spfVerify(domain, {
      sender,
      ip,
      mta,
      helo,
      resolver: top,
      createSubResolver: () => limitedResolver(base, false),
    })) as VerifyMatch | false;
  } catch (e) {
    const err = e as SpfResultError & { spfResult?: VerifyMatch };
    outcome = err.spfResult ? (err.spfResult as VerifyMatch) : { error: "temperror", text: err.message };
  }
  const res: VerifyMatch = outcome || { qualifier: "?" };

  let result: string;
  let comment: string;
  switch (res.qualifier ?? res.error) {
    case "+":
      result = "pass";
      comment = `${mta}: domain of ${sender} designates ${ip} as permitted sender`;
      break;
    case "~":
      result = "softfail";
      comment = `${mta}: domain of transitioning ${sender} does not designate ${ip} as permitted sender`;
      break;
    case "-":
      result = "fail";
      comment = `${mta}: domain of ${sender} does not designate ${ip} as permitted sender`;
      break;
    case "?":
      result = "neutral";
      comment = `${mta}: ${ip} is neither permitted nor denied by domain of ${sender}`;
      break;
    case "none":
      result = "none";
      comment = `${mta}: ${domain} does not designate permitted sender hosts`;
      break;
    case "permerror":
      result = "permerror";
      comment = `${mta}: permanent error in processing during lookup of ${sender}${res.text ? `: ${res.text}` : ""}`;
      break;
    default:
      result = "temperror";
      comment = `${mta}: error in processing during lookup of ${sender}${res.text ? `: ${res.text}` : ""}`;
  }

  const verdict: SpfVerdict = {
    ip: input.ip,
    sender,
    helo,
    result,
    explanation: comment,
    lookups: { count: top.getResolveCount(), limit: MAX_RESOLVE_COUNT, void: top.getVoidCount() },
  };
  if (res.rr) verdict.record = res.rr;
  const mechanism = describeMatch(res);
  if (mechanism) verdict.mechanism = mechanism;
  return verdict;
}

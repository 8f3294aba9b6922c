import type { DnsAnswer, QueryOptions, Resolver, RRType } from "@/lib/dns/types";
import type { FindingCode, FindingParams } from "@/lib/findings/codes";
import type { CheckContext, CheckName, CheckRun, CheckStatus, Finding, Severity } from "./types";

/** Worst severity decides: critical/high fail, medium/low warn, info-only passes. */
export function statusFromFindings(findings: readonly Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === "critical" || f.severity === "high")) return "fail";
  if (findings.some((f) => f.severity === "medium" || f.severity === "low")) return "warn";
  return "pass";
}

/** A finding of a code some catalogue documents; its params are typed per code where the catalogue says. */
export function finding<C extends FindingCode>(
  code: C,
  severity: Severity,
  ...params: FindingParamsArg<C>
): Finding {
  return { code, severity, params: (params[0] ?? {}) as Record<string, unknown> };
}

/** Params may be left out when the code's documentation asks for none in particular. */
type FindingParamsArg<C extends FindingCode> =
  Record<string, unknown> extends FindingParams<C> ? [params?: FindingParams<C>] : [params: FindingParams<C>];

/**
 * The finding for a question we could not get answered. Its check's status becomes "error"
 * ("could not determine") unless a real problem was found anyway.
 */
export function dnsErrorFinding(check: CheckName, answer: DnsAnswer): Finding {
  return finding(`${check}.dns_error`, "info", {
    name: answer.name,
    type: answer.type,
    status: answer.status,
    ...(answer.error ? { detail: answer.error } : {}),
  });
}

/**
 * Logs a check that threw, with its stack (stderr: the server's and the CLI's log). Checks return DNS
 * trouble as values, so a throw is a bug: whoever runs mxray must be able to see it.
 */
export function logCheckFailure(check: string, e: unknown): void {
  console.error(`mxray: the ${check} check failed unexpectedly:`, e instanceof Error ? (e.stack ?? e) : e);
}

/** A resolver view that counts the questions one check asks. */
export class CheckResolver implements Resolver {
  questions = 0;
  constructor(private readonly inner: Resolver) {}
  get log() {
    return this.inner.log;
  }
  stats() {
    return this.inner.stats();
  }
  query<T extends RRType>(name: string, type: T, options?: QueryOptions): Promise<DnsAnswer<T>> {
    this.questions++;
    return this.inner.query(name, type, options);
  }
}

/**
 * Runs a check body with timing and question counting, and derives its status:
 * - the body may force a status (e.g. "info" for not applicable, "skipped");
 * - otherwise a `<check>.dns_error` finding without any fail/warn finding gives "error";
 * - otherwise the worst severity decides.
 */
export async function runCheck<N extends CheckName, R>(
  check: N,
  ctx: CheckContext,
  body: (resolver: Resolver) => Promise<{ findings: Finding[]; records: R[]; status?: CheckStatus }>,
): Promise<CheckRun<N, R>> {
  const started = performance.now();
  const resolver = new CheckResolver(ctx.resolver);
  const out = await body(resolver);
  let status = out.status ?? statusFromFindings(out.findings);
  if (!out.status && status === "pass" && out.findings.some((f) => f.code === `${check}.dns_error`)) {
    status = "error";
  }
  return {
    check,
    status,
    findings: out.findings,
    records: out.records,
    queries: resolver.questions,
    durationMs: Math.round(performance.now() - started),
  };
}

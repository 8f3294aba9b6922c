import type { Diagnosis } from "@/lib/bounce/types";
import { CHECKS } from "@/lib/checks/registry";
import type { CheckContext, CheckName, CheckResult } from "@/lib/checks/types";
import { createResolver } from "@/lib/dns/resolver";
import type { Resolver } from "@/lib/dns/types";
import { scoreReport } from "@/lib/scoring/score";
import type { Profile } from "@/lib/scoring/weights";
import { normalizeDomain, normalizeIp, type ReportRequest } from "@/lib/validation/input";
import { REPORT_SCHEMA_VERSION, type ProgressEvent, type ReportDocument } from "./types";

export interface RunOptions {
  /** Upstream resolvers ("host:port,..."); default MXRAY_DNS, then the system's. */
  dns?: string;
  /** Per-query timeout (ms). */
  timeoutMs?: number;
  /** Whole-report deadline (ms): unfinished checks become status "error". Default 10 s. */
  deadlineMs?: number;
  profile?: Profile;
  onProgress?: (event: ProgressEvent) => void;
  /** Injected resolver (benchmarks); otherwise one is created for this report. */
  resolver?: Resolver;
  /** Bounce diagnosis function (injected so lib/report stays testable without the rules). */
  diagnose?: (text: string) => Diagnosis;
}

/** Questions a report may have on the wire at once. */
export const REPORT_MAX_CONCURRENT = 128;

const DOMAIN_CHECKS: CheckName[] = [
  "mx",
  "spf",
  "dkim",
  "dmarc",
  "mta_sts",
  "tls_rpt",
  "bimi",
  "dnssec",
  "dnsbl",
];
const IP_CHECKS: CheckName[] = ["ptr", "dnsbl"];

/** Which checks a request runs, and with which domain / IP each one looks at. */
export function planChecks(
  req: ReportRequest,
  diagnosis?: Diagnosis,
): { checks: { name: CheckName; domain?: string; ip?: string }[]; targets?: ReportDocument["targets"] } {
  const domain = req.domain?.ascii;
  const ip = req.ip;
  if (req.kind === "domain") {
    const names = [...DOMAIN_CHECKS, ...(ip ? (["ptr"] as CheckName[]) : [])];
    return { checks: names.map((name) => ({ name, domain, ip })) };
  }
  if (req.kind === "ip") return { checks: IP_CHECKS.map((name) => ({ name, ip })) };

  // A bounce: run the checks its diagnosis implicates, on the domains and IP the bounce names
  // (or the ones given with it).
  const senderDomain = domain ?? safeDomain(diagnosis?.senderDomain);
  const sendingIp = ip ?? safeIp(diagnosis?.sendingIp);
  const recipientDomain = safeDomain(diagnosis?.recipient?.split("@").pop());
  const checks: { name: CheckName; domain?: string; ip?: string }[] = [];
  for (const linked of diagnosis?.linkedChecks ?? []) {
    const name = linked as CheckName;
    if (!(name in CHECKS) || checks.some((c) => c.name === name)) continue;
    if (name === "mx") {
      if (recipientDomain) checks.push({ name, domain: recipientDomain });
    } else if (name === "ptr") {
      if (sendingIp) checks.push({ name, ip: sendingIp });
    } else if (name === "dnsbl") {
      if (sendingIp || senderDomain) checks.push({ name, ip: sendingIp, domain: senderDomain });
    } else if (senderDomain) {
      checks.push({ name, domain: senderDomain, ip: sendingIp });
    }
  }
  return {
    checks,
    targets: {
      ...(senderDomain ? { senderDomain } : {}),
      ...(recipientDomain ? { recipientDomain } : {}),
      ...(sendingIp ? { sendingIp } : {}),
    },
  };
}

/**
 * Runs a report: one resolver, every check started at once, a global deadline. Never throws for
 * DNS trouble or a failing check: those become check results with status "error".
 */
export async function runReport(
  req: ReportRequest,
  opts: RunOptions = {},
): Promise<ReportDocument & { dns: Required<ReportDocument["dns"]> }> {
  const spec = opts.dns ?? process.env.MXRAY_DNS;
  const servers = spec
    ? spec
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : ["system"];
  // The deadline's signal reaches the resolver too: at the deadline every query still on the wire is
  // closed and no retry is sent (nothing outlives the report).
  const controller = new AbortController();
  const resolver =
    opts.resolver ??
    createResolver({
      signal: controller.signal,
      ...(spec ? { servers: spec } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      // A report asks ~70-100 questions, most at once (DKIM selector guesses, blocklists): a lower cap makes
      // dependent queries (MX hosts' addresses, SPF includes) wait behind that first wave.
      maxConcurrent: REPORT_MAX_CONCURRENT,
    });
  const deadlineMs = opts.deadlineMs ?? 10_000;

  let diagnosis: Diagnosis | undefined;
  if (req.kind === "bounce" && req.bounce !== undefined) {
    const diagnose = opts.diagnose ?? (await import("@/lib/bounce/diagnose")).diagnose;
    diagnosis = diagnose(req.bounce);
    opts.onProgress?.({ type: "bounce", diagnosis });
  }
  const plan = planChecks(req, diagnosis);
  opts.onProgress?.({ type: "plan", checks: plan.checks.map((c) => c.name) });

  const results: Partial<Record<CheckName, CheckResult>> = {};
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve("deadline");
    }, deadlineMs);
  });

  const started = performance.now();
  await Promise.all(
    plan.checks.map(async ({ name, domain, ip }) => {
      const ctx: CheckContext = {
        resolver,
        signal: controller.signal,
        ...(domain ? { domain } : {}),
        ...(ip ? { ip } : {}),
        ...(req.selectors.length ? { selectors: req.selectors } : {}),
        ...(req.helo ? { helo: req.helo } : {}),
        ...(req.sender ? { sender: req.sender } : {}),
      };
      const run = CHECKS[name](ctx).catch((e: unknown): CheckResult =>
        failedCheck(name, `${name}.internal_error`, started, { detail: String(e) }),
      );
      const outcome = await Promise.race([run, deadline]);
      const result =
        outcome === "deadline"
          ? failedCheck(name, `${name}.deadline_exceeded`, started, { deadlineMs })
          : outcome;
      results[name] = result;
      opts.onProgress?.({ type: "check", check: name, result, dnsQueries: resolver.stats().queries });
    }),
  );
  clearTimeout(timer);

  // Keep a stable key order (the plan's), whatever order checks finished in.
  const checks: Partial<Record<CheckName, CheckResult>> = {};
  for (const { name } of plan.checks) if (results[name]) checks[name] = results[name];
  const scored = scoreReport(checks, opts.profile, diagnosis);
  const stats = resolver.stats();
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    kind: req.kind,
    input: {
      ...(req.domain ? { domain: req.domain.ascii, domainUnicode: req.domain.unicode } : {}),
      ...(req.ip ? { ip: req.ip } : {}),
      ...(req.bounce !== undefined ? { bounce: req.bounce } : {}),
      ...(req.selectors.length ? { selectors: req.selectors } : {}),
    },
    score: scored.score,
    grade: scored.grade,
    scoringVersion: scored.scoringVersion,
    profile: scored.profile,
    deductions: scored.deductions,
    unknown: scored.unknown,
    checks,
    ...(diagnosis ? { bounce: diagnosis } : {}),
    ...(plan.targets ? { targets: plan.targets } : {}),
    dns: { queries: stats.queries, elapsedMs: Math.round(stats.elapsedMs), servers, log: [...resolver.log] },
  };
}

function failedCheck(
  check: CheckName,
  code: string,
  started: number,
  params: Record<string, unknown>,
): CheckResult {
  return {
    check,
    status: "error",
    findings: [{ code, severity: "info", params }],
    records: [],
    queries: 0,
    durationMs: Math.round(performance.now() - started),
  };
}

function safeDomain(s: string | null | undefined): string | undefined {
  if (!s) return undefined;
  try {
    return normalizeDomain(s).ascii;
  } catch {
    return undefined;
  }
}

function safeIp(s: string | null | undefined): string | undefined {
  if (!s) return undefined;
  try {
    return normalizeIp(s);
  } catch {
    return undefined;
  }
}

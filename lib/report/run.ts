import type { Diagnosis } from "@/lib/bounce/types";
import { CHECKS, isCheckName, REGISTRY } from "@/lib/checks/registry";
import { logCheckFailure } from "@/lib/checks/result";
import type { CheckContext, CheckName, CheckResult } from "@/lib/checks/types";
import { createResolver } from "@/lib/dns/resolver";
import type { Resolver } from "@/lib/dns/types";
import { scoreReport } from "@/lib/scoring/score";
import { SmtpProber } from "@/lib/smtp/prober";
import { isBounceText } from "./bounce-input";
import { domainExistence, type DomainExistence } from "./domain-exists";
import { mailDomainFor } from "./mail-domain";
import { SCORING_VERSION, type Profile } from "@/lib/scoring/weights";
import { normalizeDomain, normalizeIp, type ReportRequest } from "@/lib/validation/input";
import { REPORT_SCHEMA_VERSION, type ProgressEvent, type ReportDocument } from "./types";
import { withReportLimits } from "./limits";
import { config, setting } from "@/lib/config";

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
  /**
   * SMTP probes: `probeRecipients` asks each MX host RCPT TO for a random address (off by default; QUIT
   * before DATA). `ca`/`port` are for tests and sandboxes (MXRAY_SMTP_PROBE_PORT sets the port too).
   */
  smtp?: { probeRecipients?: boolean; ca?: string | string[]; port?: number };
  /** DNS questions the report may send; default MXRAY_MAX_QUERIES. */
  maxQueries?: number;
}

/** Questions a report may have on the wire at once. */
export const REPORT_MAX_CONCURRENT = 128;

const DESCRIPTORS = Object.values(REGISTRY);
/** A domain report's checks, in registry order; those that need the sending IP too come last. */
const DOMAIN_CHECKS: CheckName[] = DESCRIPTORS.filter((d) => d.appliesTo.domain === "always").map(
  (d) => d.name,
);
const DOMAIN_IP_CHECKS: CheckName[] = DESCRIPTORS.filter((d) => d.appliesTo.domain === "with_ip").map(
  (d) => d.name,
);
const IP_CHECKS: CheckName[] = DESCRIPTORS.filter((d) => d.appliesTo.ip).map((d) => d.name);

/** Which checks a request runs, and with which domain / IP each one looks at. */
export function planChecks(
  req: ReportRequest,
  diagnosis?: Diagnosis,
): {
  checks: { name: CheckName; domain?: string; ip?: string; sender?: boolean }[];
  targets?: ReportDocument["targets"];
} {
  const domain = req.domain?.ascii;
  const ip = req.ip;
  if (req.kind === "domain") {
    const names = [...DOMAIN_CHECKS, ...(ip ? DOMAIN_IP_CHECKS : [])];
    return { checks: names.map((name) => ({ name, domain, ip, sender: true })) };
  }
  if (req.kind === "ip") return { checks: IP_CHECKS.map((name) => ({ name, ip, sender: true })) };

  // A bounce: run the checks its diagnosis implicates, on the domains and IP the bounce names
  // (or the ones given with it).
  const senderDomain = domain ?? safeDomain(diagnosis?.senderDomain);
  const sendingIp = ip ?? safeIp(diagnosis?.sendingIp);
  const recipientDomain = safeDomain(diagnosis?.recipient?.split("@").pop());
  // `sender`: the check is about the sender's own set-up (its domain or sending IP); only those are scored.
  const checks: { name: CheckName; domain?: string; ip?: string; sender?: boolean }[] = [];
  for (const name of diagnosis?.linkedChecks ?? []) {
    if (!isCheckName(name) || checks.some((c) => c.name === name)) continue;
    const on = REGISTRY[name].appliesTo.bounce;
    if (on === "recipient_domain") {
      if (recipientDomain) checks.push({ name, domain: recipientDomain, sender: false });
    } else if (on === "sending_ip") {
      if (sendingIp) checks.push({ name, ip: sendingIp, sender: true });
    } else if (on === "sending_ip_or_sender_domain") {
      if (sendingIp || senderDomain) checks.push({ name, ip: sendingIp, domain: senderDomain, sender: true });
    } else if (on === "sender_domain") {
      if (senderDomain) checks.push({ name, domain: senderDomain, ip: sendingIp, sender: true });
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
  const spec = opts.dns ?? setting("MXRAY_DNS");
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
      maxQueries: opts.maxQueries ?? config().MXRAY_MAX_QUERIES,
    });
  const deadlineMs = opts.deadlineMs ?? 10_000;

  let diagnosis: Diagnosis | undefined;
  if (req.kind === "bounce" && req.bounce !== undefined) {
    const diagnose = opts.diagnose ?? (await import("@/lib/bounce/diagnose")).diagnose;
    diagnosis = diagnose(req.bounce);
    if (!isBounceText(req.bounce, diagnosis)) {
      // Nothing to diagnose: no SMTP reply, DSN or bounce wording. Saying "refused" would be invented.
      opts.onProgress?.({ type: "plan", checks: [] });
      return {
        ...emptyReport(req, opts, servers),
        status: "not_a_bounce",
        findings: [{ code: "bounce.not_a_bounce", severity: "info", params: {} }],
        dns: { queries: 0, elapsedMs: 0, servers, log: [] },
      };
    }
    opts.onProgress?.({ type: "bounce", diagnosis });
  }

  // A `www.` host without mail of its own: check the parent that has it (and say so on the report).
  let checked = req;
  let derivedFrom: ReportDocument["input"]["derivedFrom"] = req.derivedFrom;
  let asked = req.asked;
  if (req.kind === "domain" && req.domain) {
    const mail = await mailDomainFor(resolver, req.domain.ascii);
    if (mail.derivedFrom) {
      asked ??= req.domain.unicode;
      derivedFrom ??= "www";
      checked = { ...req, domain: normalizeDomain(mail.domain) };
    }
  }

  const plan = planChecks(checked, diagnosis);
  // One SMTP prober per report: smtp_tls, mta_sts and dane share one connection per MX host.
  const prober = new SmtpProber({
    ...(opts.smtp?.ca ? { ca: opts.smtp.ca } : {}),
    ...(opts.smtp?.port ? { port: opts.smtp.port } : {}),
    ...((opts.smtp?.probeRecipients ?? checked.probeRecipients) && checked.domain
      ? { probeRecipientDomain: checked.domain.ascii }
      : {}),
  });
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
  // Asked beside the checks (its SOA answer is shared through the resolver's cache): it decides whether
  // the checks' answers describe a domain at all.
  const existence: Promise<DomainExistence | "deadline"> | undefined =
    checked.kind === "domain" && checked.domain
      ? Promise.race([domainExistence(resolver, checked.domain.ascii), deadline])
      : undefined;
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
        smtp: { prober },
      };
      const run = CHECKS[name](ctx).then(
        (r): CheckResult => r,
        (e: unknown): CheckResult => {
          // A check is written never to throw (DNS trouble is a value): this is a bug, so it is logged
          // with its stack for whoever runs the server, and the report says "could not determine".
          logCheckFailure(name, e);
          return failedCheck(name, `${name}.internal_error`, started, { detail: String(e) });
        },
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
  const exists = existence ? await existence : undefined;
  clearTimeout(timer);

  const stats = resolver.stats();
  const base = {
    ...emptyReport(checked, opts, servers),
    input: {
      ...emptyReport(checked, opts, servers).input,
      ...(asked ? { asked } : {}),
      ...(asked && derivedFrom ? { derivedFrom } : {}),
    },
    ...(diagnosis ? { bounce: diagnosis } : {}),
    ...(plan.targets ? { targets: plan.targets } : {}),
    dns: { queries: stats.queries, elapsedMs: Math.round(stats.elapsedMs), servers, log: [...resolver.log] },
  };
  if (exists && exists !== "deadline" && exists.exists === false) {
    // The checks' answers describe nothing: no score, no list of records to publish, one finding.
    const notFound = {
      ...base,
      status: "domain_not_found",
      findings: [
        {
          code: "domain.not_found",
          severity: "critical",
          params: { domain: checked.domain?.ascii, name: exists.name, reason: exists.reason, servers },
        },
      ],
    } satisfies ReportDocument;
    return withReportLimits(notFound, stats);
  }

  // Keep a stable key order (the plan's), whatever order checks finished in.
  const checks: Partial<Record<CheckName, CheckResult>> = {};
  const scoredChecks: Partial<Record<CheckName, CheckResult>> = {};
  for (const { name, sender } of plan.checks) {
    if (!results[name]) continue;
    checks[name] = results[name];
    if (sender) scoredChecks[name] = results[name];
  }
  const scored = scoreReport(scoredChecks, opts.profile);
  // A bounce alone is not graded: with no check of the sender's it has no score at all.
  const graded = Object.keys(scoredChecks).length > 0;
  const report = {
    ...base,
    status: scored.status,
    score: graded ? scored.score : null,
    grade: graded ? scored.grade : null,
    scoreRange: graded ? scored.scoreRange : null,
    scoringVersion: scored.scoringVersion,
    profile: scored.profile,
    deductions: scored.deductions,
    unknown: scored.unknown,
    checks,
  } satisfies ReportDocument;
  return withReportLimits(report, stats);
}

/** The fields every report has, before any check ran. */
function emptyReport(
  req: ReportRequest,
  opts: RunOptions,
  servers: string[],
): ReportDocument & { dns: Required<ReportDocument["dns"]> } {
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
    status: "complete",
    score: null,
    grade: null,
    scoreRange: null,
    scoringVersion: SCORING_VERSION,
    profile: opts.profile ?? "deliverability",
    deductions: [],
    unknown: [],
    checks: {},
    dns: { queries: 0, elapsedMs: 0, servers, log: [] },
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

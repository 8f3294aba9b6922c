/**
 * A message → a report document (contract "Report JSON" plus a `message` section): the message's own
 * authentication and structure, and, when it came over SMTP, the PTR and blocklist checks of its sending IP.
 */
import { CHECKS, REGISTRY } from "@/lib/checks/registry";
import { logCheckFailure } from "@/lib/checks/result";
import type { CheckName, CheckResult } from "@/lib/checks/types";
import { createResolver } from "@/lib/dns/resolver";
import type { Resolver } from "@/lib/dns/types";
import { REPORT_SCHEMA_VERSION, type ReportDocument } from "@/lib/report/types";
import { scoreMessageReport } from "@/lib/scoring/score";
import type { Profile } from "@/lib/scoring/weights";
import { analyzeMessage } from "./analyze";
import type { Envelope } from "./types";
import { setting } from "@/lib/config";

/** The checks of the IP a message came from (their descriptors' `appliesTo.message`). */
const MESSAGE_CHECKS: CheckName[] = Object.values(REGISTRY)
  .filter((d) => d.appliesTo.message)
  .map((d) => d.name);

/** RFC 5321 §4.5.3.1.7 sets no limit; 25 MB is what the large providers accept, and what we analyse. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface MessageReportOptions {
  resolver?: Resolver;
  /** Upstream resolvers ("host:port,..."), as for domain reports. */
  dns?: string;
  timeoutMs?: number;
  envelope?: Envelope;
  mta?: string;
  profile?: Profile;
  deadlineMs?: number;
}

export async function runMessageReport(
  raw: Buffer | string,
  opts: MessageReportOptions = {},
): Promise<ReportDocument & { dns: Required<ReportDocument["dns"]> }> {
  const spec = opts.dns ?? setting("MXRAY_DNS");
  const resolver =
    opts.resolver ??
    createResolver({
      ...(spec ? { servers: spec } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      maxConcurrent: 64,
    });
  const servers = spec
    ? spec
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : ["system"];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.deadlineMs ?? 15_000);
  try {
    const env = opts.envelope;
    const [message, ...ipChecks] = await Promise.all([
      analyzeMessage(raw, {
        resolver,
        ...(env ? { envelope: env } : {}),
        ...(opts.mta ? { mta: opts.mta } : {}),
      }),
      ...(env
        ? MESSAGE_CHECKS.map((name) =>
            CHECKS[name]({ resolver, ip: env.clientIp, signal: controller.signal }).catch(
              (e: unknown): CheckResult => {
                logCheckFailure(name, e);
                return {
                  check: name,
                  status: "error",
                  findings: [
                    { code: `${name}.internal_error`, severity: "info", params: { detail: String(e) } },
                  ],
                  records: [],
                  queries: 0,
                  durationMs: 0,
                };
              },
            ),
          )
        : []),
    ]);
    const checks: Partial<Record<CheckName, CheckResult>> = {};
    for (const r of ipChecks) checks[r.check] = r;
    const scored = scoreMessageReport(checks, message.findings, opts.profile);
    const stats = resolver.stats();
    const fromDomain =
      message.from.domain && /^[\x21-\x7e]{1,253}$/.test(message.from.domain)
        ? message.from.domain
        : undefined;
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      kind: "message",
      input: {
        ...(fromDomain ? { domain: fromDomain } : {}),
        ...(env ? { ip: env.clientIp } : {}),
      },
      status: scored.status,
      score: scored.score,
      grade: scored.grade,
      scoreRange: scored.scoreRange,
      scoringVersion: scored.scoringVersion,
      profile: scored.profile,
      deductions: scored.deductions,
      unknown: scored.unknown,
      checks,
      message,
      targets: {
        ...(fromDomain ? { senderDomain: fromDomain } : {}),
        ...(env ? { sendingIp: env.clientIp } : {}),
      },
      dns: {
        queries: stats.queries,
        elapsedMs: Math.round(stats.elapsedMs),
        servers,
        log: [...resolver.log],
      },
    };
  } finally {
    clearTimeout(timer);
  }
}

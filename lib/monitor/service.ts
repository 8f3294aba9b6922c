import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type Monitor } from "@/lib/generated/prisma/client";
import { explainFinding, findingDoc } from "@/lib/findings";
import { runReport } from "@/lib/report/run";
import { saveReportDocument } from "@/lib/report/service";
import type { ReportDocument } from "@/lib/report/types";
import { rethrowDbError } from "@/lib/report-store/db-errors";
import { isValidSlug, newSlug } from "@/lib/report-store/slug";
import { normalizeDomain, normalizeIp, normalizeSelector, parseReportRequest } from "@/lib/validation/input";
import { mailConfig } from "@/lib/mail/config";
import { relayFromEnv } from "./smtp-relay";
import { diffSnapshots, targetSnapshot, type Alert, type Snapshot } from "./snapshot";

/** Default once a day; never more often than hourly (re-checks ask ~100 DNS questions each). */
export const DEFAULT_INTERVAL_MINUTES = 24 * 60;
export const MIN_INTERVAL_MINUTES = 60;

const createSchema = z
  .object({
    domain: z.string().min(1).max(300),
    ips: z.array(z.string().max(64)).max(20).optional(),
    selectors: z.array(z.string().max(63)).max(20).optional(),
    intervalMinutes: z
      .number()
      .int()
      .min(MIN_INTERVAL_MINUTES)
      .max(31 * 24 * 60)
      .optional(),
    webhook: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    webhookSecret: z.string().min(16).max(128).optional(),
    email: z.email().max(320).optional(),
  })
  .strict();

export interface MonitorView {
  id: string;
  domain: string;
  ips: string[];
  selectors: string[];
  intervalMinutes: number;
  webhook: string | null;
  email: string | null;
  createdAt: string;
  lastRunAt: string | null;
  lastChangeAt: string | null;
  nextRunAt: string;
  score: number | null;
  grade: string | null;
  lastReport: string | null;
  /**
   * Where DMARC aggregate and TLS reports for this monitor are mailed (a rua=/ruf= target):
   * dmarc+<token>@MXRAY_MAIL_DOMAIN. Reports received there are filed under this monitor.
   */
  dmarcAddress: string;
  /**
   * When the address is outside the watched domain, receivers send reports there only if this record is
   * published in the mail domain's zone (RFC 7489 §7.1: external destination verification).
   */
  dmarcAuthorization: string | null;
  /** Reports filed under this monitor (received at its address); only in a single monitor's view. */
  dmarcReports?: { received: number; lastAt: string | null };
  runs: {
    seq: number;
    ranAt: string;
    score: number | null;
    grade: string | null;
    report: string | null;
    alerts: number;
  }[];
  alerts: {
    seq: number;
    createdAt: string;
    alerts: unknown;
    webhookAt: string | null;
    emailAt: string | null;
  }[];
}

const hashToken = (t: string) => createHash("sha256").update(t).digest("hex");

/** 20 base32 characters (100 random bits), lower case: local parts are compared case-insensitively. */
function newReportToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return [...randomBytes(20)].map((b) => alphabet[b & 31]).join("");
}

/** A token as it appears in dmarc+<token>@: what newReportToken makes (and 24 hex from the migration). */
const REPORT_TOKEN = /^[a-z0-9]{16,32}$/;

function view(
  m: Monitor & {
    runs?: {
      seq: number;
      ranAt: Date;
      score: number | null;
      grade: string | null;
      reportSlug: string | null;
      alertCount: number;
    }[];
    alerts?: {
      seq: number;
      createdAt: Date;
      payload: unknown;
      webhookAt: Date | null;
      emailAt: Date | null;
    }[];
  },
  reports?: { received: number; lastAt: Date | null },
): MonitorView {
  const mailDomain = mailConfig().MXRAY_MAIL_DOMAIN;
  return {
    id: m.slug,
    domain: m.domain,
    ips: m.ips,
    selectors: m.selectors,
    intervalMinutes: m.intervalMinutes,
    webhook: m.webhookUrl,
    email: m.email,
    createdAt: m.createdAt.toISOString(),
    lastRunAt: m.lastRunAt?.toISOString() ?? null,
    lastChangeAt: m.lastChangeAt?.toISOString() ?? null,
    nextRunAt: m.nextRunAt.toISOString(),
    score: m.lastScore,
    grade: m.lastGrade,
    lastReport: m.lastReportSlug,
    dmarcAddress: `dmarc+${m.reportToken}@${mailDomain}`,
    dmarcAuthorization:
      mailDomain === m.domain || mailDomain.endsWith(`.${m.domain}`)
        ? null
        : `${m.domain}._report._dmarc.${mailDomain}. TXT "v=DMARC1"`,
    ...(reports
      ? { dmarcReports: { received: reports.received, lastAt: reports.lastAt?.toISOString() ?? null } }
      : {}),
    runs: (m.runs ?? []).map((r) => ({
      seq: r.seq,
      ranAt: r.ranAt.toISOString(),
      score: r.score,
      grade: r.grade,
      report: r.reportSlug,
      alerts: r.alertCount,
    })),
    alerts: (m.alerts ?? []).map((a) => ({
      seq: a.seq,
      createdAt: a.createdAt.toISOString(),
      alerts: (a.payload as { alerts?: unknown }).alerts ?? [],
      webhookAt: a.webhookAt?.toISOString() ?? null,
      emailAt: a.emailAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Starts watching a domain. Returns the monitor with its management token (and the webhook secret, when
 * mxray made one): both are shown once, only the token's hash is kept.
 */
export async function createMonitor(
  body: unknown,
  now = new Date(),
): Promise<{ monitor: MonitorView; token: string; webhookSecret: string | null }> {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success)
    throw new AppError("invalid_input", `Invalid monitor: ${z.prettifyError(parsed.error)}`, {
      errors: parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message })),
    });
  const b = parsed.data;
  if (!b.webhook && !b.email)
    throw new AppError("invalid_input", "Give a webhook URL or an e-mail address to send alerts to.");
  const domain = normalizeDomain(b.domain).ascii;
  const ips = [...new Set((b.ips ?? []).map((ip) => normalizeIp(ip, "ips")))];
  const selectors = [...new Set((b.selectors ?? []).map((s) => normalizeSelector(s)))];
  const token = randomBytes(24).toString("base64url");
  const webhookSecret = b.webhook ? (b.webhookSecret ?? randomBytes(24).toString("base64url")) : null;
  const prisma = await getPrisma();
  try {
    const m = await prisma.monitor.create({
      data: {
        slug: newSlug(),
        tokenHash: hashToken(token),
        reportToken: newReportToken(),
        domain,
        ips,
        selectors,
        intervalMinutes: b.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES,
        webhookUrl: b.webhook ?? null,
        webhookSecret,
        email: b.email ?? null,
        // The first run sets the baseline at once.
        nextRunAt: now,
      },
    });
    return { monitor: view(m), token, webhookSecret: b.webhookSecret ? null : webhookSecret };
  } catch (e) {
    rethrowDbError(e, "creating the monitor");
  }
}

export async function getMonitor(slug: string): Promise<MonitorView | null> {
  if (!isValidSlug(slug)) return null;
  const prisma = await getPrisma();
  const m = await prisma.monitor.findUnique({
    where: { slug },
    include: {
      runs: { orderBy: { seq: "desc" }, take: 50 },
      alerts: { orderBy: { seq: "desc" }, take: 50 },
    },
  });
  if (!m) return null;
  const filed = await prisma.receivedReport.aggregate({
    where: { monitorId: m.id },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  return view(m, { received: filed._count._all, lastAt: filed._max.createdAt });
}

/** The monitor a dmarc+<token>@ address belongs to, if any. */
export async function monitorByReportToken(token: string): Promise<{ id: string; domain: string } | null> {
  const t = token.toLowerCase();
  if (!REPORT_TOKEN.test(t)) return null;
  const prisma = await getPrisma();
  try {
    return await prisma.monitor.findUnique({ where: { reportToken: t }, select: { id: true, domain: true } });
  } catch (e) {
    rethrowDbError(e, "finding a monitor by its report address");
  }
}

export async function listMonitors(limit = 200): Promise<MonitorView[]> {
  const prisma = await getPrisma();
  const rows = await prisma.monitor.findMany({ orderBy: { domain: "asc" }, take: limit });
  return rows.map((m) => view(m));
}

/** Stops a monitor; needs its management token. */
export async function deleteMonitor(slug: string, token: string | null): Promise<void> {
  if (!isValidSlug(slug)) throw new AppError("not_found", "No such monitor.");
  const prisma = await getPrisma();
  const m = await prisma.monitor.findUnique({ where: { slug }, select: { id: true, tokenHash: true } });
  if (!m) throw new AppError("not_found", "No such monitor.");
  const given = Buffer.from(hashToken(token ?? ""), "hex");
  if (!token || !timingSafeEqual(given, Buffer.from(m.tokenHash, "hex")))
    throw new AppError("not_found", "No such monitor, or the management token does not match.");
  await prisma.monitor.delete({ where: { id: m.id } });
}

export interface RunDueOptions {
  now?: Date;
  /** Resolvers for the re-checks (tests: the fixture DNS server). */
  dns?: string;
  fetch?: typeof fetch;
  sendMail?: (to: string, subject: string, text: string) => Promise<void>;
  /** Stop after this many monitors (one scheduler tick). */
  limit?: number;
}

export interface RunOutcome {
  monitor: string;
  seq: number;
  alerts: Alert[];
  delivered: { webhook: boolean | null; email: boolean | null };
}

/**
 * Runs every monitor that is due at `now`. Each is claimed with one atomic UPDATE … FOR UPDATE SKIP
 * LOCKED that moves its next run on and numbers this run: two app instances never run (or alert on) the
 * same monitor run twice; the alert row is unique per (monitor, run) as a second guard.
 */
export async function runDueMonitors(opts: RunDueOptions = {}): Promise<RunOutcome[]> {
  const now = opts.now ?? new Date();
  const prisma = await getPrisma();
  const out: RunOutcome[] = [];
  for (let i = 0; i < (opts.limit ?? 100); i++) {
    const claimed = await prisma.$queryRaw<{ id: string; run_seq: number }[]>`
      UPDATE monitors m SET run_seq = m.run_seq + 1,
        next_run_at = ${now}::timestamptz + make_interval(mins => m.interval_minutes)
      WHERE m.id = (
        SELECT id FROM monitors WHERE next_run_at <= ${now}::timestamptz
        ORDER BY next_run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m.run_seq`;
    const c = claimed[0];
    if (!c) break;
    const m = await prisma.monitor.findUnique({ where: { id: c.id } });
    if (!m) continue;
    out.push(await runOne(m, c.run_seq, now, opts));
  }
  return out;
}

async function runOne(m: Monitor, seq: number, now: Date, opts: RunDueOptions): Promise<RunOutcome> {
  const prisma = await getPrisma();
  const cfg = config();
  const dns = opts.dns ?? cfg.MXRAY_DNS;
  const runOpts = {
    ...(dns ? { dns } : {}),
    timeoutMs: cfg.MXRAY_DNS_TIMEOUT_MS,
    deadlineMs: cfg.MXRAY_DEADLINE_MS,
  };
  const baseUrl = cfg.MXRAY_PUBLIC_URL ?? "http://localhost:3000";
  const docs: [string, ReportDocument][] = [];
  const domainDoc = await runReport(
    parseReportRequest({ domain: m.domain, selectors: m.selectors }),
    runOpts,
  );
  let saved: ReportDocument | null = null;
  try {
    saved = await saveReportDocument(domainDoc, { baseUrl });
  } catch (e) {
    // The run still counts (snapshot, alerts) without a report to link to; the cause must not vanish.
    console.error(
      `Monitor ${m.slug} (${m.domain}): the report could not be saved; the run goes on without it.`,
      e instanceof Error ? (e.stack ?? e) : e,
    );
    saved = null;
  }
  docs.push([m.domain, domainDoc]);
  for (const ip of m.ips) docs.push([ip, await runReport(parseReportRequest({ ip }), runOpts)]);
  const failRows = await prisma.$queryRaw<{ ip: string; fail: number }[]>`
    SELECT r.source_ip AS ip, SUM(r.count)::float8 AS fail
    FROM dmarc_records r JOIN received_reports rr ON rr.id = r.report_db_id AND rr.complete
    WHERE (r.domain = ${m.domain} OR rr.monitor_id = ${m.id}::uuid) AND NOT r.dkim_aligned AND NOT r.spf_aligned
    GROUP BY r.source_ip`;
  const snapshot: Snapshot = {
    targets: Object.fromEntries(docs.map(([t, d]) => [t, targetSnapshot(d)])),
    dmarcFail: Object.fromEntries(failRows.map((r) => [r.ip, r.fail])),
  };
  const previous = m.lastSnapshot as Snapshot | null;
  const alerts = previous ? diffSnapshots(previous, snapshot) : [];
  const byTarget = new Map(docs);
  const withFixes = alerts.map((a) => ({ ...a, ...explain(a, byTarget.get(a.target)) }));
  await prisma.monitorRun.createMany({
    data: [
      {
        monitorId: m.id,
        seq,
        ranAt: now,
        score: domainDoc.score,
        grade: domainDoc.grade,
        reportSlug: saved?.id ?? null,
        alertCount: alerts.length,
      },
    ],
    skipDuplicates: true,
  });
  await prisma.monitor.update({
    where: { id: m.id },
    data: {
      lastRunAt: now,
      lastSnapshot: snapshot as unknown as Prisma.InputJsonValue,
      lastScore: domainDoc.score,
      lastGrade: domainDoc.grade,
      lastReportSlug: saved?.id ?? null,
      ...(alerts.length ? { lastChangeAt: now } : {}),
    },
  });
  const delivered: RunOutcome["delivered"] = { webhook: null, email: null };
  if (alerts.length === 0) return { monitor: m.slug, seq, alerts, delivered };
  const payload = {
    type: "mxray.monitor.alert",
    monitor: { id: m.slug, domain: m.domain },
    run: { seq, at: now.toISOString(), report: saved?.url ?? null },
    alerts: withFixes,
  };
  const created = await prisma.monitorAlert.createMany({
    data: [{ monitorId: m.id, seq, payload: payload as unknown as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
  // Another instance already wrote (and sends) this run's alerts.
  if (created.count === 0) return { monitor: m.slug, seq, alerts, delivered };
  const body = JSON.stringify(payload);
  if (m.webhookUrl) {
    const result = await sendWebhook(m.webhookUrl, m.webhookSecret ?? "", body, now, opts.fetch ?? fetch);
    delivered.webhook = result === null;
    await prisma.monitorAlert.update({
      where: { monitorId_seq: { monitorId: m.id, seq } },
      data: result === null ? { webhookAt: new Date() } : { webhookError: result.slice(0, 500) },
    });
  }
  const sendMail = opts.sendMail ?? relayFromEnv();
  if (m.email && sendMail) {
    try {
      await sendMail(m.email, `mxray: ${alerts.length} change(s) on ${m.domain}`, alertText(payload));
      delivered.email = true;
      await prisma.monitorAlert.update({
        where: { monitorId_seq: { monitorId: m.id, seq } },
        data: { emailAt: new Date() },
      });
    } catch (e) {
      delivered.email = false;
      await prisma.monitorAlert.update({
        where: { monitorId_seq: { monitorId: m.id, seq } },
        data: { emailError: (e as Error).message.slice(0, 500) },
      });
    }
  }
  return { monitor: m.slug, seq, alerts, delivered };
}

/** The words and the fix of the finding behind an alert, from the same catalogue the pages use. */
function explain(a: Alert, doc: ReportDocument | undefined): { title?: string; fix?: string | null } {
  if (!a.code || !a.check || a.kind === "delisted") return {};
  const result = doc?.checks[a.check];
  const f = result?.findings.find((x) => x.code === a.code);
  if (result && f) {
    const e = explainFinding(f, result, {
      ...(doc.input.domain ? { domain: doc.input.domain } : {}),
      ...(doc.input.ip ? { ip: doc.input.ip } : {}),
    });
    return { title: e.title, fix: e.fix?.text ?? (e.meaning || null) };
  }
  const d = findingDoc(a.code);
  return d ? { title: d.title, fix: d.meaning || null } : {};
}

/**
 * The webhook signature: HMAC-SHA256 over "<timestamp>.<body>" with the monitor's secret, hex, sent as
 * `X-Mxray-Signature: t=<timestamp>,sha256=<hex>` (the timestamp lets a receiver refuse replays).
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

async function sendWebhook(
  url: string,
  secret: string,
  body: string,
  now: Date,
  doFetch: typeof fetch,
): Promise<string | null> {
  const t = Math.floor(now.getTime() / 1000);
  try {
    const res = await doFetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "mxray-monitor",
        "x-mxray-signature": `t=${t},sha256=${signWebhook(secret, t, body)}`,
      },
      body,
      signal: AbortSignal.timeout(10_000),
      redirect: "manual",
    });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return (e as Error).message;
  }
}

export function alertText(payload: {
  monitor: { domain: string };
  run: { at: string; report: string | null };
  alerts: (Alert & { fix?: string | null })[];
}): string {
  const lines = [`Changes on ${payload.monitor.domain} at ${payload.run.at}:`, ""];
  for (const a of payload.alerts) {
    lines.push(`- ${a.summary}`);
    if (a.before !== undefined || a.after !== undefined)
      lines.push(`  before: ${JSON.stringify(a.before)}`, `  after:  ${JSON.stringify(a.after)}`);
    if (a.fix) lines.push(`  fix: ${a.fix}`);
  }
  if (payload.run.report) lines.push("", `Report: ${payload.run.report}`);
  return lines.join("\n");
}

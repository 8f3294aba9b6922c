import "server-only";
import { randomUUID } from "node:crypto";
import { getPrisma, type PrismaClient } from "@/lib/db";
import { canonicalName } from "@/lib/dns/names";
import { createResolver } from "@/lib/dns/resolver";
import type { Resolver } from "@/lib/dns/types";
import { Prisma } from "@/lib/generated/prisma/client";
import { rethrowDbError } from "@/lib/report-store/db-errors";
import { nameIps } from "./names";
import { readReports, type ReadOutcome, type ReportSink } from "./read";
import { nameSource, type SourceName } from "./services";
import {
  dkimResultOf,
  finishSummary,
  spfResultOf,
  type DaySummary,
  type DomainSummary,
  type SourceSummary,
  type TlsFailureGroup,
} from "./summary";
import type { AggregateMeta, AggregateRecord, ReadReport, TlsReport } from "./types";

/** A name cached for a source IP is asked again after this long (PTRs change). */
const NAME_TTL_MS = 7 * 24 * 3600 * 1000;

const WRITE_BATCH = 2000;

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);
const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/**
 * Keeps reports in the database. A report is one row per (kind, reporting org, report id): the same
 * report received twice is kept once. Records are written in the batches the reader hands over; a report
 * that fails half-way is deleted with them.
 */
export class DbSink implements ReportSink {
  private buffer: AggregateRecord[] = [];
  private current: { id: string; kind: "aggregate" | "tls"; domain: string; day: Date } | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly opts: { monitor?: FilingMonitor } = {},
  ) {}

  async begin(report: AggregateMeta | TlsReport, source: string): Promise<{ duplicate: boolean }> {
    const id = randomUUID();
    const domain = report.kind === "aggregate" ? report.domain : report.policies[0]!.policyDomain;
    const key = {
      kind: report.kind,
      orgName: clip(report.orgName, 255),
      reportId: clip(report.reportId, 255),
    };
    const monitorId = filedUnder(this.opts.monitor, domain);
    // A report left incomplete by a crash is not a duplicate: clear it and read this one.
    await this.prisma.receivedReport.deleteMany({
      where: { ...key, complete: false, createdAt: { lt: new Date(Date.now() - 3600_000) } },
    });
    const created = await this.prisma.receivedReport.createMany({
      data: [
        {
          id,
          ...key,
          domain: clip(domain, 253),
          email:
            report.kind === "aggregate"
              ? report.email
                ? clip(report.email, 320)
                : null
              : report.contactInfo
                ? clip(report.contactInfo, 320)
                : null,
          beginAt: report.begin,
          endAt: report.end,
          policy:
            report.kind === "aggregate" ? (report.policy as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
          source: clip(source, 1000),
          monitorId,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count === 0) {
      this.current = null;
      // Already kept (uploaded, or mailed to dmarc@): now also received at a monitor's address, filed there.
      if (monitorId) {
        await this.prisma.receivedReport.updateMany({
          where: { ...key, monitorId: null },
          data: { monitorId },
        });
      }
      return { duplicate: true };
    }
    this.current = { id, kind: report.kind, domain, day: utcDay(report.begin) };
    if (report.kind === "tls") {
      await this.prisma.tlsPolicyResult.createMany({
        data: report.policies.map((p) => ({
          reportDbId: id,
          domain: clip(p.policyDomain, 253),
          day: utcDay(report.begin),
          orgName: clip(report.orgName, 255),
          policyType: clip(p.policyType, 32),
          mxHost: p.mxHost ? clip(p.mxHost, 1000) : null,
          successful: BigInt(p.successful),
          failed: BigInt(p.failed),
          failures: p.failures as unknown as Prisma.InputJsonValue,
        })),
      });
    }
    return { duplicate: false };
  }

  async records(batch: AggregateRecord[]): Promise<void> {
    if (!this.current) return;
    // Fewer, larger inserts: one round trip per WRITE_BATCH records, still constant memory.
    for (const r of batch) this.buffer.push(r);
    if (this.buffer.length >= WRITE_BATCH) await this.flush();
  }

  private async flush(): Promise<void> {
    const c = this.current;
    const batch = this.buffer;
    this.buffer = [];
    if (!c || batch.length === 0) return;
    // One statement, one parameter: the batch as JSON expanded by jsonb_to_recordset. Prisma's createMany
    // binds 13 parameters per row and was the bottleneck (≈150 records/s on a 50 MB report).
    const rows = batch.map((r) => ({
      ip: r.sourceIp,
      n: Math.min(r.count, 2_147_483_647),
      disp: clip(r.disposition.toLowerCase(), 32),
      da: r.dkimAligned === "pass",
      sa: r.spfAligned === "pass",
      dr: clip(dkimResultOf(r), 32),
      sr: clip(spfResultOf(r), 32),
      hf: r.headerFrom ? clip(r.headerFrom, 253) : null,
      ef: r.envelopeFrom ? clip(r.envelopeFrom, 253) : null,
      auth: { dkim: r.dkim, spf: r.spf, reasons: r.reasons, envelopeTo: r.envelopeTo },
    }));
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO dmarc_records (report_db_id, domain, day, source_ip, count, disposition, dkim_aligned,
         spf_aligned, dkim_result, spf_result, header_from, envelope_from, auth)
       SELECT $1::uuid, $2, $3::date, x.ip, x.n, x.disp, x.da, x.sa, x.dr, x.sr, x.hf, x.ef, x.auth
       FROM jsonb_to_recordset($4::jsonb) AS x(ip text, n int, disp text, da boolean, sa boolean, dr text,
         sr text, hf text, ef text, auth jsonb)`,
      c.id,
      clip(c.domain, 253),
      c.day.toISOString().slice(0, 10),
      // JSON cannot carry U+0000, and PostgreSQL text refuses it: reports never need it.
      JSON.stringify(rows).replace(/\\u0000/g, ""),
    );
  }

  async end(read: ReadReport): Promise<void> {
    await this.flush();
    const c = this.current;
    this.current = null;
    if (!c) return;
    await this.prisma.receivedReport.update({
      where: { id: c.id },
      data: { complete: true, messageCount: BigInt(read.messageCount), recordCount: read.records },
    });
  }

  async abort(): Promise<void> {
    this.buffer = [];
    const c = this.current;
    this.current = null;
    if (c) await this.prisma.receivedReport.deleteMany({ where: { id: c.id } });
  }
}

/** The monitor whose dmarc+<token>@ address a report was mailed to. */
interface FilingMonitor {
  id: string;
  domain: string;
}

/**
 * The monitor a report is filed under: the one it was mailed to, when the report is about that monitor's
 * domain, a subdomain of it or its parent (a policy found at the organizational domain, RFC 7489 §6.6.3).
 * A report about an unrelated domain is kept, under its own domain only.
 */
function filedUnder(monitor: FilingMonitor | undefined, reportDomain: string): string | null {
  if (!monitor) return null;
  const a = canonicalName(reportDomain);
  const b = monitor.domain.toLowerCase();
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`) ? monitor.id : null;
}

/** Reads every report in one input (file, upload, e-mail) and keeps what it finds. */
export async function ingestReports(
  input: AsyncIterable<Uint8Array> | Uint8Array,
  name: string,
  opts: { monitor?: FilingMonitor } = {},
): Promise<ReadOutcome> {
  const prisma = await getPrisma();
  try {
    return await readReports(input, name, new DbSink(prisma, opts));
  } catch (e) {
    rethrowDbError(e, "storing DMARC reports");
  }
}

/**
 * The way in for report e-mails received by the SMTP inbox (dmarc@<MXRAY_MAIL_DOMAIN>, or a monitor's
 * dmarc+<token>@ address): the raw message as received, RFC 5322.
 */
export async function ingestDmarcMail(
  raw: Buffer,
  name = "e-mail",
  opts: { monitor?: FilingMonitor } = {},
): Promise<ReadOutcome> {
  return ingestReports(raw, name, opts);
}

export interface DomainDmarc extends DomainSummary {
  domain: string;
  reports: { aggregate: number; tls: number };
  reporters: string[];
  period: { begin: string; end: string } | null;
  /** The policy the latest report saw published. */
  policy: Record<string, unknown> | null;
}

interface SourceRow {
  ip: string;
  messages: number;
  dmarc_pass: number;
  spf_pass: number;
  dkim_pass: number;
  spf_aligned: number;
  dkim_aligned: number;
  rejected: number;
  quarantined: number;
}

/** Everything the reports say about one domain, aggregated, with each source named. */
export async function domainDmarc(
  domain: string,
  opts: { resolver?: Resolver; namesDeadlineMs?: number } = {},
): Promise<DomainDmarc> {
  const prisma = await getPrisma();
  try {
    const sources = await prisma.$queryRaw<SourceRow[]>`
      SELECT r.source_ip AS ip,
        SUM(r.count)::float8 AS messages,
        SUM(CASE WHEN r.dkim_aligned OR r.spf_aligned THEN r.count ELSE 0 END)::float8 AS dmarc_pass,
        SUM(CASE WHEN r.spf_result = 'pass' THEN r.count ELSE 0 END)::float8 AS spf_pass,
        SUM(CASE WHEN r.dkim_result = 'pass' THEN r.count ELSE 0 END)::float8 AS dkim_pass,
        SUM(CASE WHEN r.spf_aligned THEN r.count ELSE 0 END)::float8 AS spf_aligned,
        SUM(CASE WHEN r.dkim_aligned THEN r.count ELSE 0 END)::float8 AS dkim_aligned,
        SUM(CASE WHEN r.disposition = 'reject' THEN r.count ELSE 0 END)::float8 AS rejected,
        SUM(CASE WHEN r.disposition = 'quarantine' THEN r.count ELSE 0 END)::float8 AS quarantined
      FROM dmarc_records r JOIN received_reports rr ON rr.id = r.report_db_id AND rr.complete
      WHERE r.domain = ${domain}
      GROUP BY r.source_ip`;
    const days = await prisma.$queryRaw<{ day: string; messages: number; pass: number }[]>`
      SELECT to_char(r.day, 'YYYY-MM-DD') AS day, SUM(r.count)::float8 AS messages,
        SUM(CASE WHEN r.dkim_aligned OR r.spf_aligned THEN r.count ELSE 0 END)::float8 AS pass
      FROM dmarc_records r JOIN received_reports rr ON rr.id = r.report_db_id AND rr.complete
      WHERE r.domain = ${domain}
      GROUP BY r.day`;
    const tlsRows = await prisma.tlsPolicyResult.findMany({
      where: { domain, report: { complete: true } },
      select: { orgName: true, successful: true, failed: true, failures: true, reportDbId: true },
    });
    const reports = await prisma.receivedReport.groupBy({
      by: ["kind"],
      where: { domain, complete: true },
      _count: { _all: true },
      _min: { beginAt: true },
      _max: { endAt: true },
    });
    const reporters = await prisma.receivedReport.findMany({
      where: { domain, complete: true },
      distinct: ["orgName"],
      select: { orgName: true },
      orderBy: { orgName: "asc" },
      take: 200,
    });
    const latest = await prisma.receivedReport.findFirst({
      where: { domain, complete: true, kind: "aggregate" },
      orderBy: { endAt: "desc" },
      select: { policy: true },
    });
    const names = await namesFor(
      prisma,
      sources.map((s) => s.ip),
      opts,
    );
    const summarySources: SourceSummary[] = sources.map((s) => {
      const n = names.get(s.ip) ?? nameSource(null);
      return {
        ip: s.ip,
        ptr: n.ptr,
        orgDomain: n.orgDomain,
        service: n.service,
        messages: s.messages,
        dmarc: { pass: s.dmarc_pass, fail: s.messages - s.dmarc_pass },
        spf: { pass: s.spf_pass, fail: s.messages - s.spf_pass },
        dkim: { pass: s.dkim_pass, fail: s.messages - s.dkim_pass },
        spfAligned: { pass: s.spf_aligned, fail: s.messages - s.spf_aligned },
        dkimAligned: { pass: s.dkim_aligned, fail: s.messages - s.dkim_aligned },
        disposition: {
          none: s.messages - s.rejected - s.quarantined,
          quarantine: s.quarantined,
          reject: s.rejected,
        },
      };
    });
    const daySummaries: DaySummary[] = days.map((d) => ({
      day: d.day,
      messages: d.messages,
      pass: d.pass,
      fail: d.messages - d.pass,
    }));
    const groups = new Map<string, TlsFailureGroup>();
    let successful = 0;
    let failed = 0;
    const tlsReports = new Set<string>();
    for (const row of tlsRows) {
      tlsReports.add(row.reportDbId);
      successful += Number(row.successful);
      failed += Number(row.failed);
      for (const f of (row.failures ?? []) as { resultType: string; failedSessionCount: number }[]) {
        const key = `${row.orgName}\u0000${f.resultType}`;
        const g = groups.get(key) ?? { orgName: row.orgName, resultType: f.resultType, sessions: 0 };
        g.sessions += f.failedSessionCount;
        groups.set(key, g);
      }
    }
    const summary = finishSummary(summarySources, daySummaries, {
      reports: tlsReports.size,
      successful,
      failed,
      failures: [...groups.values()],
    });
    const agg = reports.find((r) => r.kind === "aggregate");
    const tls = reports.find((r) => r.kind === "tls");
    const begins = reports.map((r) => r._min.beginAt).filter((d): d is Date => d !== null);
    const ends = reports.map((r) => r._max.endAt).filter((d): d is Date => d !== null);
    return {
      domain,
      reports: { aggregate: agg?._count._all ?? 0, tls: tls?._count._all ?? 0 },
      reporters: reporters.map((r) => r.orgName),
      period:
        begins.length && ends.length
          ? {
              begin: new Date(Math.min(...begins.map((d) => d.getTime()))).toISOString(),
              end: new Date(Math.max(...ends.map((d) => d.getTime()))).toISOString(),
            }
          : null,
      policy: (latest?.policy as Record<string, unknown> | null) ?? null,
      ...summary,
    };
  } catch (e) {
    rethrowDbError(e, "reading DMARC reports");
  }
}

/** Cached names first; the rest asked now (within a deadline) and cached when the answer was definitive. */
async function namesFor(
  prisma: PrismaClient,
  ips: string[],
  opts: { resolver?: Resolver; namesDeadlineMs?: number },
): Promise<Map<string, SourceName>> {
  const out = new Map<string, SourceName>();
  if (ips.length === 0) return out;
  const cached = await prisma.sourceIpName.findMany({
    where: { ip: { in: ips }, checkedAt: { gt: new Date(Date.now() - NAME_TTL_MS) } },
  });
  for (const c of cached)
    out.set(c.ip, { ptr: c.ptr, orgDomain: c.orgDomain, service: c.service, known: false });
  const missing = ips.filter((ip) => !out.has(ip));
  if (missing.length === 0) return out;
  const resolver = opts.resolver ?? createResolver({ timeoutMs: 1500, retries: 0 });
  const looked = await nameIps(missing, resolver, { deadlineMs: opts.namesDeadlineMs ?? 4000 });
  const toCache = [];
  for (const [ip, n] of looked) {
    out.set(ip, n);
    if (n.definitive)
      toCache.push({
        ip,
        ptr: n.ptr ? clip(n.ptr, 253) : null,
        orgDomain: n.orgDomain ? clip(n.orgDomain, 253) : null,
        service: clip(n.service, 100),
      });
  }
  if (toCache.length) {
    await prisma.sourceIpName.deleteMany({ where: { ip: { in: toCache.map((c) => c.ip) } } });
    await prisma.sourceIpName.createMany({ data: toCache, skipDuplicates: true });
  }
  return out;
}

export interface RecordRow {
  reportOrg: string;
  reportId: string;
  begin: string;
  end: string;
  day: string;
  sourceIp: string;
  count: number;
  disposition: string;
  dkimAligned: boolean;
  spfAligned: boolean;
  dkimResult: string;
  spfResult: string;
  headerFrom: string | null;
  envelopeFrom: string | null;
  auth: unknown;
}

export interface RecordFilter {
  ip?: string;
  day?: string;
  /** "fail": failed DMARC (neither aligned); "pass": passed. */
  dmarc?: "pass" | "fail";
  ips?: string[];
}

/** The rows behind a figure of the domain's page. */
export async function listDmarcRecords(
  domain: string,
  filter: RecordFilter,
  limit = 500,
): Promise<{ rows: RecordRow[]; truncated: boolean }> {
  const prisma = await getPrisma();
  const where: Prisma.DmarcRecordWhereInput = { domain, report: { complete: true } };
  if (filter.ip) where.sourceIp = filter.ip;
  if (filter.ips) where.sourceIp = { in: filter.ips };
  if (filter.day && /^\d{4}-\d{2}-\d{2}$/.test(filter.day)) where.day = new Date(`${filter.day}T00:00:00Z`);
  if (filter.dmarc === "pass") where.OR = [{ dkimAligned: true }, { spfAligned: true }];
  if (filter.dmarc === "fail") {
    where.dkimAligned = false;
    where.spfAligned = false;
  }
  try {
    const rows = await prisma.dmarcRecord.findMany({
      where,
      orderBy: [{ day: "asc" }, { id: "asc" }],
      take: limit + 1,
      include: { report: { select: { orgName: true, reportId: true, beginAt: true, endAt: true } } },
    });
    return {
      truncated: rows.length > limit,
      rows: rows.slice(0, limit).map((r) => ({
        reportOrg: r.report.orgName,
        reportId: r.report.reportId,
        begin: r.report.beginAt.toISOString(),
        end: r.report.endAt.toISOString(),
        day: r.day.toISOString().slice(0, 10),
        sourceIp: r.sourceIp,
        count: r.count,
        disposition: r.disposition,
        dkimAligned: r.dkimAligned,
        spfAligned: r.spfAligned,
        dkimResult: r.dkimResult,
        spfResult: r.spfResult,
        headerFrom: r.headerFrom,
        envelopeFrom: r.envelopeFrom,
        auth: r.auth,
      })),
    };
  } catch (e) {
    rethrowDbError(e, "reading DMARC records");
  }
}

import type { SourceName } from "./services";
import type { AggregateRecord, TlsReport } from "./types";

export interface PassFail {
  pass: number;
  fail: number;
}

/** One source IP over every report read: what the receivers saw from it. */
export interface SourceSummary {
  ip: string;
  ptr: string | null;
  orgDomain: string | null;
  service: string;
  messages: number;
  /** DMARC: pass when DKIM or SPF passed aligned (RFC 7489 §4.2). */
  dmarc: PassFail;
  /** Raw results (not aligned): a message counts as pass when any DKIM signature / the SPF check passed. */
  spf: PassFail;
  dkim: PassFail;
  spfAligned: PassFail;
  dkimAligned: PassFail;
  /** What the receivers did: none, quarantine, reject. */
  disposition: Record<string, number>;
}

export interface DaySummary {
  day: string;
  messages: number;
  pass: number;
  fail: number;
}

export interface ServiceSummary {
  service: string;
  messages: number;
  pass: number;
  fail: number;
  sources: number;
}

export interface TlsFailureGroup {
  orgName: string;
  resultType: string;
  sessions: number;
}

export interface TlsSummary {
  reports: number;
  successful: number;
  failed: number;
  failures: TlsFailureGroup[];
}

/**
 * "What if I enforce p=reject?": the messages that failed DMARC would be rejected; the sources sending
 * them are those to fix (or stop) first.
 */
export interface EnforceSummary {
  wouldReject: number;
  wouldRejectSources: number;
  /** Of those, messages from sources that also sent mail passing DMARC (a setup gap, not a forger). */
  fromMixedSources: number;
  alreadyRejected: number;
  alreadyQuarantined: number;
}

export interface DomainSummary {
  totalMessages: number;
  dmarc: PassFail;
  sources: SourceSummary[];
  services: ServiceSummary[];
  days: DaySummary[];
  enforce: EnforceSummary;
  tls: TlsSummary;
}

const pf = (): PassFail => ({ pass: 0, fail: 0 });
const bump = (x: PassFail, ok: boolean, n: number) => {
  if (ok) x.pass += n;
  else x.fail += n;
};

/** The raw DKIM result of a record: pass when any signature passed, else the first result, else none. */
export function dkimResultOf(r: AggregateRecord): string {
  if (r.dkim.some((d) => d.result.toLowerCase() === "pass")) return "pass";
  return r.dkim[0]?.result.toLowerCase() ?? "none";
}

export function spfResultOf(r: AggregateRecord): string {
  const mfrom = r.spf.filter((s) => !s.scope || s.scope === "mfrom");
  const list = mfrom.length ? mfrom : r.spf;
  if (list.some((s) => s.result.toLowerCase() === "pass")) return "pass";
  return list[0]?.result.toLowerCase() ?? "none";
}

/** Folds records into per-source and per-day figures; memory grows with distinct IPs and days only. */
export class SummaryBuilder {
  private readonly sources = new Map<string, Omit<SourceSummary, keyof SourceName>>();
  private readonly days = new Map<string, DaySummary>();
  private readonly tlsGroups = new Map<string, TlsFailureGroup>();
  private tls: TlsSummary = { reports: 0, successful: 0, failed: 0, failures: [] };

  addRecord(day: string, r: AggregateRecord): void {
    const n = r.count;
    let s = this.sources.get(r.sourceIp);
    if (!s) {
      s = {
        ip: r.sourceIp,
        messages: 0,
        dmarc: pf(),
        spf: pf(),
        dkim: pf(),
        spfAligned: pf(),
        dkimAligned: pf(),
        disposition: {},
      };
      this.sources.set(r.sourceIp, s);
    }
    const pass = r.dkimAligned === "pass" || r.spfAligned === "pass";
    s.messages += n;
    bump(s.dmarc, pass, n);
    bump(s.spf, spfResultOf(r) === "pass", n);
    bump(s.dkim, dkimResultOf(r) === "pass", n);
    bump(s.spfAligned, r.spfAligned === "pass", n);
    bump(s.dkimAligned, r.dkimAligned === "pass", n);
    const disp = r.disposition.toLowerCase();
    s.disposition[disp] = (s.disposition[disp] ?? 0) + n;
    let d = this.days.get(day);
    if (!d) this.days.set(day, (d = { day, messages: 0, pass: 0, fail: 0 }));
    d.messages += n;
    if (pass) d.pass += n;
    else d.fail += n;
  }

  addTls(r: TlsReport): void {
    this.tls.reports++;
    for (const p of r.policies) {
      this.tls.successful += p.successful;
      this.tls.failed += p.failed;
      for (const f of p.failures) {
        const key = `${r.orgName}\u0000${f.resultType}`;
        const g = this.tlsGroups.get(key) ?? { orgName: r.orgName, resultType: f.resultType, sessions: 0 };
        g.sessions += f.failedSessionCount;
        this.tlsGroups.set(key, g);
      }
    }
  }

  ips(): string[] {
    return [...this.sources.keys()];
  }

  build(names: (ip: string) => SourceName): DomainSummary {
    const sources: SourceSummary[] = [...this.sources.values()].map((s) => {
      const n = names(s.ip);
      return { ...s, ptr: n.ptr, orgDomain: n.orgDomain, service: n.service };
    });
    return finishSummary(sources, [...this.days.values()], {
      ...this.tls,
      failures: [...this.tlsGroups.values()],
    });
  }
}

/** Orders and totals the figures; shared by the in-memory builder and the database query. */
export function finishSummary(sources: SourceSummary[], days: DaySummary[], tls: TlsSummary): DomainSummary {
  sources.sort((a, b) => b.messages - a.messages || a.ip.localeCompare(b.ip));
  days.sort((a, b) => a.day.localeCompare(b.day));
  tls.failures.sort((a, b) => b.sessions - a.sessions || a.orgName.localeCompare(b.orgName));
  const services = new Map<string, ServiceSummary>();
  const dmarc = pf();
  const enforce: EnforceSummary = {
    wouldReject: 0,
    wouldRejectSources: 0,
    fromMixedSources: 0,
    alreadyRejected: 0,
    alreadyQuarantined: 0,
  };
  for (const s of sources) {
    dmarc.pass += s.dmarc.pass;
    dmarc.fail += s.dmarc.fail;
    const g = services.get(s.service) ?? { service: s.service, messages: 0, pass: 0, fail: 0, sources: 0 };
    g.messages += s.messages;
    g.pass += s.dmarc.pass;
    g.fail += s.dmarc.fail;
    g.sources++;
    services.set(s.service, g);
    if (s.dmarc.fail > 0) {
      enforce.wouldReject += s.dmarc.fail;
      enforce.wouldRejectSources++;
      if (s.dmarc.pass > 0) enforce.fromMixedSources += s.dmarc.fail;
    }
    enforce.alreadyRejected += s.disposition["reject"] ?? 0;
    enforce.alreadyQuarantined += s.disposition["quarantine"] ?? 0;
  }
  return {
    totalMessages: dmarc.pass + dmarc.fail,
    dmarc,
    sources,
    services: [...services.values()].sort((a, b) => b.messages - a.messages),
    days,
    enforce,
    tls,
  };
}

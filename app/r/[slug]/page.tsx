import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { BounceDiagnosisPanel } from "@/components/report/bounce-panel";
import { CheckCard } from "@/components/report/check-card";
import { BulkSenderChecklist } from "@/components/report/checklist";
import { CopyButton } from "@/components/report/copy-button";
import { DeleteReportButton } from "@/components/report/delete-report";
import { ExportLinks } from "@/components/report/export-links";
import { DnsLogPanel, DnsTimelinePanel } from "@/components/report/lazy-evidence";
import { LatestMessageRules, MessagePanel } from "@/components/report/message-panel";
import { ReportDiff } from "@/components/report/report-diff";
import { ReportNotes } from "@/components/report/report-notes";
import { ScoreGauge } from "@/components/report/score-gauge";
import { TransportPicture } from "@/components/report/transport-picture";
import type { DaneEvidence } from "@/lib/checks/dane/index";
import type { MtaStsEvidence } from "@/lib/checks/mta-sts/parse";
import type { SmtpTlsEvidence } from "@/lib/checks/smtp-tls/parse";
import {
  DomainNotFound,
  IncompleteBanner,
  PastedBounce,
  VerdictBadge,
} from "@/components/report/report-status";
import { TemporarilyUnavailable } from "@/components/unavailable";
import { isAppError } from "@/lib/errors";
import { respondUnavailable } from "@/lib/http/unavailable";
import { explainFinding } from "@/lib/findings";
import { diffReports } from "@/lib/report/diff";
import { reportNotes } from "@/lib/report/notes";
import { historyEnabled, loadReport, publicBaseUrl } from "@/lib/report/service";
import { checkViews, nextStep, reportSubject, verdictWords } from "@/lib/report/view";
import { fillChecklist } from "@/lib/mail/message/checklist";
import { bulkSenderChecklist } from "@/lib/scoring/checklist";
import { scoreReport } from "@/lib/scoring/score";
import type { Profile } from "@/lib/scoring/weights";

export const dynamic = "force-dynamic";

async function baseUrl(): Promise<string> {
  return publicBaseUrl(await headers());
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const base = await baseUrl();
  const doc = await getReport(slug, base).catch(() => null);
  if (!doc) return { title: "Report not found" };
  const verdict = verdictWords(doc);
  const title = verdict
    ? `${reportSubject(doc)}: ${verdict.headline.toLowerCase()} (${verdict.detail})`
    : `${reportSubject(doc)}: ${doc.grade} (${doc.score}/100)`;
  return {
    metadataBase: new URL(base),
    title,
    description: verdict
      ? `mxray deliverability report for ${reportSubject(doc)}: ${verdict.headline.toLowerCase()}, ${verdict.detail}.`
      : `mxray deliverability report for ${reportSubject(doc)}: score ${doc.score}/100, grade ${doc.grade}.`,
    openGraph: { title },
    robots: { index: false },
  };
}

/** One database read per request, shared by the metadata and the page. */
const getReport = cache((slug: string, base: string) => loadReport(slug, base));

const PROFILE_LABEL: Record<Profile, string> = {
  deliverability: "Deliverability",
  strict: "Strict anti-spoofing",
};

export default async function ReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const base = await baseUrl();
  let doc;
  try {
    doc = await getReport(slug, base);
  } catch (e) {
    if (isAppError(e) && e.code === "database_unavailable") {
      await respondUnavailable();
      return <TemporarilyUnavailable />;
    }
    throw e;
  }
  if (!doc) notFound();
  const sp = await searchParams;
  const wanted: Profile =
    sp.profile === "strict" ? "strict" : sp.profile === "deliverability" ? "deliverability" : doc.profile;
  // The saved score keeps the weights it was made with; another profile is a live rescoring, labelled so.
  // Only a judged domain or IP report is rescored: a bounce's score covers the sender's checks alone, and a
  // message report's score includes the message's own findings (it is shown as saved).
  const rescored =
    wanted !== doc.profile &&
    doc.kind !== "bounce" &&
    doc.kind !== "message" &&
    (doc.status === "complete" || doc.status === "incomplete")
      ? scoreReport(doc.checks, wanted)
      : null;
  const shown = rescored ?? doc;
  const shownStatus = rescored ? rescored.status : doc.status;
  const prev = doc.previousId ? await loadReport(doc.previousId, base).catch(() => null) : null;
  const views = checkViews(doc);
  const first = <T,>(records: unknown[] | undefined, ok: (r: Record<string, unknown>) => boolean) =>
    (records ?? []).find(
      (r): r is T => typeof r === "object" && r !== null && ok(r as Record<string, unknown>),
    );
  const transport = {
    smtp: first<SmtpTlsEvidence>(
      doc.checks.smtp_tls?.records,
      (r) => r.kind === "smtp_tls" && Array.isArray(r.hosts),
    ),
    mtaSts: first<MtaStsEvidence>(doc.checks.mta_sts?.records, (r) => typeof r.txt === "object"),
    dane: first<DaneEvidence>(doc.checks.dane?.records, (r) => r.kind === "dane" && Array.isArray(r.hosts)),
  };
  const next = nextStep(views);
  const created = new Date(doc.createdAt);
  const checklist =
    doc.kind === "bounce" || doc.kind === "message" || doc.status === "domain_not_found"
      ? []
      : // Items only a real message decides come from the latest one of this domain, kept with the report.
        fillChecklist(bulkSenderChecklist(doc.checks), doc.kind === "domain" ? doc.latestMessage : null);
  const logged = doc.dns.log?.length ?? 0;
  const latestMessage = doc.kind === "domain" ? doc.latestMessage : undefined;
  const messageFindings = doc.message
    ? doc.message.findings
        .filter((f) => f.severity !== "info")
        .map((f) =>
          explainFinding(
            f,
            { check: "spf", status: "warn", findings: [], records: [], queries: 0, durationMs: 0 },
            doc.message?.from.domain ? { domain: doc.message.from.domain } : {},
          ),
        )
    : [];
  return (
    <article className="space-y-6" data-report={doc.id}>
      <header className="flex flex-col gap-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center dark:border-slate-800 dark:bg-slate-900">
        {shown.score !== null && shown.grade !== null && shownStatus === "complete" ? (
          <ScoreGauge score={shown.score} grade={shown.grade} />
        ) : (
          <VerdictBadge status={shownStatus} range={shown.scoreRange} />
        )}
        <div className="min-w-0 flex-1 space-y-2">
          <h1 className="text-2xl font-bold break-all" data-testid="report-subject">
            {reportSubject(doc)}
          </h1>
          {doc.input.domainUnicode && doc.input.domainUnicode !== doc.input.domain && (
            <p className="font-mono text-sm text-slate-500 dark:text-slate-400">{doc.input.domain}</p>
          )}
          {doc.input.asked && (
            <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="checked-from">
              Checked {reportSubject(doc)} — from <span className="break-all">{doc.input.asked}</span>
              {doc.input.derivedFrom === "www"
                ? " (the www. host has no MX; its parent domain receives the mail)"
                : ""}
            </p>
          )}
          {doc.kind === "domain" && doc.input.ip && <p className="text-sm">Sending IP: {doc.input.ip}</p>}
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <time dateTime={doc.createdAt}>{created.toUTCString()}</time> · {doc.dns.queries} DNS queries in{" "}
            {doc.dns.elapsedMs} ms · resolver {(doc.dns.servers ?? []).join(", ") || "system"} · scoring{" "}
            {shown.scoringVersion}
            {rescored ? ` (rescored now with the ${PROFILE_LABEL[wanted].toLowerCase()} profile)` : ""}
          </p>
          <nav className="no-print flex flex-wrap items-center gap-2 text-sm" aria-label="Scoring profile">
            <span className="text-slate-600 dark:text-slate-400">Profile:</span>
            {(Object.keys(PROFILE_LABEL) as Profile[]).map((p) => (
              <Link
                key={p}
                href={`/r/${doc.id}?profile=${p}`}
                aria-current={p === wanted ? "page" : undefined}
                className={
                  p === wanted
                    ? "rounded bg-slate-800 px-2 py-0.5 text-white dark:bg-slate-200 dark:text-slate-900"
                    : "rounded px-2 py-0.5 text-sky-700 underline dark:text-sky-300"
                }
              >
                {PROFILE_LABEL[p]}
              </Link>
            ))}
          </nav>
          <div className="no-print flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono text-xs break-all" data-testid="share-url">
              {doc.url}
            </span>
            {doc.url && <CopyButton text={doc.url} label="Copy link" />}
            {doc.id && <ExportLinks slug={doc.id} />}
            {doc.id && <DeleteReportButton slug={doc.id} />}
            {doc.input.domain && doc.kind === "domain" && historyEnabled() && (
              <Link className="text-sky-700 underline dark:text-sky-300" href={`/d/${doc.input.domain}`}>
                History
              </Link>
            )}
          </div>
        </div>
      </header>

      {shownStatus === "incomplete" && (
        <IncompleteBanner doc={doc} range={shown.scoreRange} unknown={shown.unknown} />
      )}
      {doc.status === "domain_not_found" && <DomainNotFound doc={doc} />}
      <ReportNotes notes={reportNotes(doc)} />
      {doc.status === "not_a_bounce" && (
        <section
          role="status"
          className="rounded-xl border-l-4 border-amber-500 bg-amber-50 p-4 dark:bg-amber-950/40"
          data-testid="not-a-bounce"
        >
          <p className="font-semibold">This text is not a bounce</p>
          <p className="mt-1 text-sm">
            It holds no SMTP reply (like “550 5.1.1 …”), no delivery status notification and no bounce
            wording, so there is nothing to diagnose. Paste the bounce message you received, or the server’s
            reply line.
          </p>
        </section>
      )}

      {prev && <ReportDiff diff={diffReports(prev, doc)} />}

      {doc.bounce && <BounceDiagnosisPanel diagnosis={doc.bounce} />}
      {doc.input.bounce !== undefined && <PastedBounce text={doc.input.bounce} />}

      {doc.message && <MessagePanel message={doc.message} findings={messageFindings} />}

      {next && (
        <section
          className="rounded-xl border-l-4 border-sky-600 bg-sky-50 p-4 dark:bg-sky-950/40"
          aria-label="Next step"
        >
          <p className="text-xs font-semibold tracking-wide text-sky-800 uppercase dark:text-sky-300">
            Next step
          </p>
          <p className="mt-1 font-medium">
            {next.check}: {next.title}
          </p>
          {next.fix && <p className="mt-1 text-sm">{next.fix.text}</p>}
        </section>
      )}

      {shown.deductions.length > 0 && (
        <details className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <summary className="cursor-pointer font-semibold">
            {shown.score !== null ? `Why ${shown.score}/100` : "Points lost so far"}
          </summary>
          <ul className="mt-2 space-y-1 text-sm" data-testid="deductions">
            {shown.deductions.map((d, i) => {
              const v = views.find((x) => x.name === d.check);
              const title =
                d.check === "bounce"
                  ? (doc.bounce?.summary ?? d.code)
                  : d.check === "message"
                    ? (messageFindings.find((f) => f.code === d.code)?.title ?? d.code)
                    : (v?.findings.find((f) => f.code === d.code)?.title ?? d.code);
              return (
                <li key={i}>
                  <span className="font-mono text-red-700 dark:text-red-300">−{d.points}</span>{" "}
                  {v?.label ??
                    (d.check === "bounce" ? "Bounce" : d.check === "message" ? "Message" : d.check)}
                  : {title} <code className="text-xs text-slate-500 dark:text-slate-400">{d.code}</code>
                </li>
              );
            })}
          </ul>
          {shown.unknown.length > 0 && (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              Not scored (could not determine): {shown.unknown.join(", ")}.
            </p>
          )}
        </details>
      )}

      {checklist.length > 0 && <BulkSenderChecklist items={checklist} />}
      {latestMessage && checklist.length > 0 && (
        <LatestMessageRules createdAt={latestMessage.createdAt} providers={latestMessage.providers} />
      )}

      {transport.smtp && (
        <TransportPicture smtp={transport.smtp} mtaSts={transport.mtaSts} dane={transport.dane} />
      )}

      <div className="space-y-4">
        {views.map((v) => (
          <CheckCard key={v.name} check={v} reportId={doc.id} />
        ))}
      </div>

      {/* The query log is most of a report's bytes: loaded from its own route when opened. */}
      {doc.id && logged > 0 && <DnsTimelinePanel id={doc.id} queries={logged} />}
      {doc.id && <DnsLogPanel id={doc.id} queries={logged} />}
    </article>
  );
}

import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CheckCard } from "@/components/report/check-card";
import { CopyButton } from "@/components/report/copy-button";
import { DnsLog } from "@/components/report/dns-log";
import { ScoreGauge } from "@/components/report/score-gauge";
import { loadReport } from "@/lib/report/service";
import { checkViews, nextStep } from "@/lib/report/view";

export const dynamic = "force-dynamic";

async function baseUrl(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return process.env.MXRAY_PUBLIC_URL ?? `${proto}://${host}`;
}

function subject(doc: { input: { domain?: string; domainUnicode?: string; ip?: string }; kind: string }): string {
  if (doc.kind === "bounce") return "Bounce diagnosis";
  return doc.input.domainUnicode ?? doc.input.domain ?? doc.input.ip ?? "Report";
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const doc = await loadReport(slug, await baseUrl()).catch(() => null);
  if (!doc) return { title: "Report not found" };
  return {
    title: `${subject(doc)}: ${doc.grade} (${doc.score}/100)`,
    description: `mxray deliverability report for ${subject(doc)}: score ${doc.score}/100, grade ${doc.grade}.`,
    robots: { index: false },
  };
}

export default async function ReportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const doc = await loadReport(slug, await baseUrl());
  if (!doc) notFound();
  const views = checkViews(doc);
  const next = nextStep(views);
  const created = new Date(doc.createdAt);
  return (
    <article className="space-y-6" data-report={doc.id}>
      <header className="flex flex-col gap-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center dark:border-slate-800 dark:bg-slate-900">
        <ScoreGauge score={doc.score} grade={doc.grade} />
        <div className="min-w-0 flex-1 space-y-2">
          <h1 className="text-2xl font-bold break-all" data-testid="report-subject">
            {subject(doc)}
          </h1>
          {doc.input.domainUnicode && doc.input.domainUnicode !== doc.input.domain && (
            <p className="font-mono text-sm text-slate-500">{doc.input.domain}</p>
          )}
          {doc.kind === "domain" && doc.input.ip && <p className="text-sm">Sending IP: {doc.input.ip}</p>}
          <p className="text-sm text-slate-500 dark:text-slate-400">
            <time dateTime={doc.createdAt}>{created.toUTCString()}</time> · {doc.dns.queries} DNS queries in{" "}
            {doc.dns.elapsedMs} ms · scoring {doc.scoringVersion}
          </p>
          <div className="no-print flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono text-xs break-all" data-testid="share-url">
              {doc.url}
            </span>
            {doc.url && <CopyButton text={doc.url} label="Copy link" />}
            <a className="text-sky-700 underline dark:text-sky-300" href={`/api/reports/${doc.id}`}>
              JSON
            </a>
            {doc.input.domain && doc.kind === "domain" && (
              <Link className="text-sky-700 underline dark:text-sky-300" href={`/d/${doc.input.domain}`}>
                History
              </Link>
            )}
          </div>
        </div>
      </header>

      {next && (
        <section className="rounded-xl border-l-4 border-sky-600 bg-sky-50 p-4 dark:bg-sky-950/40" aria-label="Next step">
          <p className="text-xs font-semibold tracking-wide text-sky-800 uppercase dark:text-sky-300">Next step</p>
          <p className="mt-1 font-medium">
            {next.check}: {next.title}
          </p>
          {next.fix && <p className="mt-1 text-sm">{next.fix.text}</p>}
        </section>
      )}

      {doc.deductions.length > 0 && (
        <details className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <summary className="cursor-pointer font-semibold">Why {doc.score}/100</summary>
          <ul className="mt-2 space-y-1 text-sm">
            {doc.deductions.map((d, i) => (
              <li key={i}>
                <span className="font-mono text-red-700 dark:text-red-300">−{d.points}</span> {d.code}
              </li>
            ))}
          </ul>
        </details>
      )}

      <div className="space-y-4">
        {views.map((v) => (
          <CheckCard key={v.name} check={v} />
        ))}
      </div>

      {doc.dns.log && <DnsLog log={doc.dns.log} servers={doc.dns.servers ?? []} />}
    </article>
  );
}

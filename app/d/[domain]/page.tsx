import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TemporarilyUnavailable } from "@/components/unavailable";
import { isAppError } from "@/lib/errors";
import { respondUnavailable } from "@/lib/http/unavailable";
import { domainInPathOrNull } from "@/lib/http/path-segment";
import { domainHistory, historyEnabled } from "@/lib/report/service";

export const dynamic = "force-dynamic";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ domain: string }>;
}): Promise<Metadata> {
  const d = historyEnabled() ? domainInPathOrNull((await params).domain) : null;
  return { title: d ? `History of ${d.unicode}` : "Invalid domain" };
}

/** A report without a score says why, never a grade it does not have. */
const HISTORY_STATUS: Record<string, string> = {
  complete: "not graded",
  incomplete: "Incomplete",
  domain_not_found: "Domain not found",
  not_a_bounce: "Not a bounce",
};

export default async function DomainHistoryPage({ params }: { params: Promise<{ domain: string }> }) {
  // With MXRAY_HISTORY=off there is no history to show, not even an empty one.
  if (!historyEnabled()) notFound();
  const d = domainInPathOrNull((await params).domain);
  if (!d) notFound();
  let reports;
  try {
    reports = await domainHistory(d.ascii);
  } catch (e) {
    if (isAppError(e) && e.code === "database_unavailable") {
      await respondUnavailable();
      return <TemporarilyUnavailable />;
    }
    throw e;
  }
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">
        Reports for <span className="break-all">{d.unicode}</span>
      </h1>
      <p className="text-sm">
        <Link
          className="text-sky-700 underline dark:text-sky-300"
          href={`/d/${encodeURIComponent(d.ascii)}/dmarc`}
        >
          DMARC and TLS reports received for this domain
        </Link>
      </p>
      {reports.length === 0 ? (
        <p>
          No saved reports for this domain yet.{" "}
          <Link className="text-sky-700 underline" href="/">
            Run one
          </Link>
          .
        </p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {reports.map((r) => (
            <li key={r.slug} className="flex items-center justify-between gap-4 px-4 py-3">
              <Link
                href={`/r/${r.slug}`}
                className="font-mono text-sm text-sky-700 underline dark:text-sky-300"
              >
                {new Date(r.createdAt).toUTCString()}
              </Link>
              {r.score !== null && r.grade !== null ? (
                <span className="font-semibold">
                  {r.grade}{" "}
                  <span className="font-normal text-slate-500 dark:text-slate-400">({r.score}/100)</span>
                </span>
              ) : (
                <span className="font-semibold text-amber-700 dark:text-amber-300" data-status={r.status}>
                  {HISTORY_STATUS[r.status]}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

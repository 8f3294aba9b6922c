import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listDmarcRecords } from "@/lib/dmarc-reports/store";
import { isAppError } from "@/lib/errors";
import { normalizeIp } from "@/lib/validation/input";
import { domainInPath } from "@/lib/http/path-segment";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "DMARC report rows" };

type Search = { ip?: string; day?: string; dmarc?: string };

export default async function DmarcRecordsPage({
  params,
  searchParams,
}: {
  params: Promise<{ domain: string }>;
  searchParams: Promise<Search>;
}) {
  let domain: string;
  let ip: string | undefined;
  const q = await searchParams;
  try {
    domain = domainInPath((await params).domain).ascii;
    ip = q.ip ? normalizeIp(q.ip) : undefined;
  } catch (e) {
    if (isAppError(e)) notFound();
    throw e;
  }
  const day = q.day && /^\d{4}-\d{2}-\d{2}$/.test(q.day) ? q.day : undefined;
  const dmarc = q.dmarc === "pass" || q.dmarc === "fail" ? q.dmarc : undefined;
  const { rows, truncated } = await listDmarcRecords(domain, {
    ...(ip ? { ip } : {}),
    ...(day ? { day } : {}),
    ...(dmarc ? { dmarc } : {}),
  });
  const filters = [ip && `source ${ip}`, day && `on ${day}`, dmarc && `DMARC ${dmarc}`].filter(Boolean);
  const total = rows.reduce((n, r) => n + r.count, 0);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">
        Report rows for <span className="break-all">{domain}</span>
      </h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {filters.length ? filters.join(", ") : "all rows"} · {rows.length} row{rows.length === 1 ? "" : "s"},{" "}
        <span data-testid="rows-total">{total.toLocaleString("en")}</span> messages
        {truncated && " (the first 500 rows)"} ·{" "}
        <Link className="text-sky-700 underline" href={`/d/${encodeURIComponent(domain)}/dmarc`}>
          back to the summary
        </Link>
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="rows">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="px-2 py-1">day</th>
              <th className="px-2 py-1">reporter · report id</th>
              <th className="px-2 py-1">source IP</th>
              <th className="px-2 py-1 text-right">messages</th>
              <th className="px-2 py-1">disposition</th>
              <th className="px-2 py-1">DKIM (aligned)</th>
              <th className="px-2 py-1">SPF (aligned)</th>
              <th className="px-2 py-1">header from · envelope from</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className="border-t border-slate-200 dark:border-slate-800">
                <td className="px-2 py-1 font-mono">{r.day}</td>
                <td className="px-2 py-1 break-all">
                  {r.reportOrg} · <span className="font-mono text-xs">{r.reportId}</span>
                </td>
                <td className="px-2 py-1 font-mono">{r.sourceIp}</td>
                <td className="px-2 py-1 text-right tabular-nums">{r.count}</td>
                <td className="px-2 py-1">{r.disposition}</td>
                <td className="px-2 py-1">
                  {r.dkimResult} ({r.dkimAligned ? "pass" : "fail"})
                </td>
                <td className="px-2 py-1">
                  {r.spfResult} ({r.spfAligned ? "pass" : "fail"})
                </td>
                <td className="px-2 py-1 break-all">
                  {r.headerFrom ?? "—"} · {r.envelopeFrom ?? "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

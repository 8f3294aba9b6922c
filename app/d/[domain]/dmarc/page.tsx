import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DmarcView } from "@/components/dmarc/dmarc-view";
import { domainDmarc } from "@/lib/dmarc-reports/store";
import { domainInPathOrNull } from "@/lib/http/path-segment";

export const dynamic = "force-dynamic";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ domain: string }>;
}): Promise<Metadata> {
  const d = domainInPathOrNull((await params).domain);
  return { title: d ? `DMARC reports for ${d.unicode}` : "Invalid domain" };
}

export default async function DomainDmarcPage({ params }: { params: Promise<{ domain: string }> }) {
  const d = domainInPathOrNull((await params).domain);
  if (!d) notFound();
  const data = await domainDmarc(d.ascii);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">
          DMARC reports for <span className="break-all">{d.unicode}</span>
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          What receivers reported about mail using this domain.{" "}
          <Link className="text-sky-700 underline dark:text-sky-300" href="/dmarc">
            Upload reports
          </Link>{" "}
          ·{" "}
          <Link
            className="text-sky-700 underline dark:text-sky-300"
            href={`/d/${encodeURIComponent(d.ascii)}`}
          >
            Check history
          </Link>
        </p>
      </div>
      {data.totalMessages === 0 && data.tls.reports === 0 ? (
        <p>
          No report received for this domain yet.{" "}
          <Link className="text-sky-700 underline" href="/dmarc">
            Upload one
          </Link>
          .
        </p>
      ) : (
        <DmarcView d={data} />
      )}
    </div>
  );
}

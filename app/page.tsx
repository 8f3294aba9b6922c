import { CheckForm } from "@/components/home/check-form";
import { CHECK_LABELS } from "@/lib/checks/labels";

const checkLabels = Object.fromEntries(Object.entries(CHECK_LABELS).map(([name, l]) => [name, l.name]));

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { deleted } = await searchParams;
  return (
    <div className="space-y-10">
      {deleted === "1" && (
        <p
          role="status"
          className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950/40"
          data-testid="report-deleted"
        >
          The report was deleted. Its link no longer works.
        </p>
      )}
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">
          Why isn&apos;t my mail getting through?
        </h1>
        <p className="max-w-2xl text-slate-600 dark:text-slate-400">
          Enter a domain to check SPF, DKIM, DMARC, MX, MTA-STS, TLS-RPT, BIMI, DNSSEC and blocklists; a
          sending IP for reverse DNS and blocklists; or paste a bounce to learn what broke and how to fix it.
          Every finding shows its evidence and the exact record to publish.
        </p>
      </section>
      <CheckForm checkLabels={checkLabels} />
    </div>
  );
}

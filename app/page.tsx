import { CheckForm } from "@/components/home/check-form";

export default function HomePage() {
  return (
    <div className="space-y-10">
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
      <CheckForm />
    </div>
  );
}

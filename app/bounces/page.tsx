import type { Metadata } from "next";
import { BulkForm } from "@/components/bulk/bulk-form";

export const metadata: Metadata = { title: "Many bounces" };

export default function BouncesPage() {
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Many bounces at once</h1>
        <p className="max-w-2xl text-slate-600 dark:text-slate-400">
          Paste or upload a Postfix or Exim log, an mbox of bounce messages, a CSV export of your
          provider&apos;s bounce events, or one SMTP reply per line. They are grouped by cause, enhanced
          status code, recipient domain, provider and sending IP, with what to do first. Nothing is saved.
        </p>
      </section>
      <BulkForm />
    </div>
  );
}

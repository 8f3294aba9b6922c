import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { WaitForMessage } from "@/components/mail/message-tools";
import { CopyButton } from "@/components/report/copy-button";
import { messageTestStatus } from "@/lib/mail/service";
import { publicBaseUrl } from "@/lib/report/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Waiting for your message", robots: { index: false } };

export default async function MessageTestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const test = await messageTestStatus(id, publicBaseUrl(await headers()));
  if (!test) notFound();
  if (test.status === "received" && test.report?.id) redirect(`/r/${test.report.id}`);
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Send a message to this address</h1>
      <div className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <code className="text-lg break-all" data-testid="test-address">
          {test.address}
        </code>
        <CopyButton text={test.address} label="Copy address" />
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Send from the system whose mail you want to check (your application, your newsletter tool, your mail
        server), the way it sends to customers. The address only accepts mail for this test.
      </p>
      <WaitForMessage id={test.id} />
    </section>
  );
}

import type { Metadata } from "next";
import { IssueAddressButton, UploadMessageForm } from "@/components/mail/message-tools";

export const metadata: Metadata = {
  title: "Test a message",
  description:
    "Send a real message to a test address and see how it authenticated: SPF, DKIM, DMARC, ARC, TLS, one-click unsubscribe.",
};

export default function MessagePage() {
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-2xl font-bold">Test a message</h1>
        <p className="text-slate-700 dark:text-slate-300">
          DNS records say what a domain intends; a received message shows what its servers really do. Get an
          address, send a message to it from your real sending setup, and see its SPF, DKIM, DMARC, ARC, TLS,
          reverse DNS, one-click unsubscribe and what Gmail, Yahoo and Microsoft would answer.
        </p>
        <IssueAddressButton />
      </section>
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="text-lg font-semibold">Or check a message you already have</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Paste the whole message (&quot;Show original&quot; in Gmail, &quot;View source&quot; elsewhere) or
          just its headers. Without the SMTP connection, SPF, TLS and reverse DNS of the sender cannot be
          checked.
        </p>
        <UploadMessageForm />
      </section>
    </div>
  );
}

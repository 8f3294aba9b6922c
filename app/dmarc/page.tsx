import type { Metadata } from "next";
import { DmarcUploadForm } from "@/components/dmarc/upload-form";

export const metadata: Metadata = { title: "DMARC and TLS reports" };

export default function DmarcUploadPage() {
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">DMARC and SMTP TLS reports</h1>
        <p className="max-w-2xl text-slate-600 dark:text-slate-400">
          Upload the aggregate reports receivers send to your DMARC <code>rua</code> address (XML, .gz, .zip
          or the whole e-mail) and SMTP TLS reports (JSON). They are kept — the same report twice counts once
          — and summed per domain: who sends as you, what passes, and what p=reject would block.
        </p>
      </section>
      <DmarcUploadForm />
    </div>
  );
}

import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { publicBaseUrl } from "@/lib/config";
import "./globals.css";

export const metadata: Metadata = {
  // Pages with share links set their own from the request; this is the fallback for the rest.
  metadataBase: new URL(publicBaseUrl()),
  icons: { icon: "/favicon.svg" },
  title: { default: "mxray — email deliverability health check", template: "%s · mxray" },
  description:
    "Check a domain's SPF, DKIM, DMARC, MX, reverse DNS, blocklists, MTA-STS, TLS-RPT, BIMI and DNSSEC, or paste a bounce to learn why mail failed and how to fix it.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: its inline scripts carry the nonce of this response's
  // Content-Security-Policy (set in proxy.ts), which a page prerendered at build time could not know.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <header className="no-print border-b border-slate-200 bg-white/80 dark:border-slate-800 dark:bg-slate-900/80">
          <nav className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3" aria-label="Main">
            <Link href="/" className="text-lg font-bold tracking-tight">
              mx<span className="text-sky-700 dark:text-sky-400">ray</span>
            </Link>
            <div className="flex items-center gap-4 text-sm">
              <Link href="/message" className="text-sky-700 underline dark:text-sky-300">
                Test a message
              </Link>
              <Link href="/bounces" className="text-sky-700 underline dark:text-sky-300">
                Many bounces
              </Link>
              <Link href="/dmarc" className="text-sky-700 underline dark:text-sky-300">
                DMARC reports
              </Link>
              <span className="hidden text-slate-600 sm:inline dark:text-slate-400">
                email deliverability health check
              </span>
            </div>
          </nav>
        </header>
        <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}

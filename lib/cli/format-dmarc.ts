import type { DomainSummary } from "@/lib/dmarc-reports/summary";
import type { ReadReport, RefusedInput } from "@/lib/dmarc-reports/types";
import { painter } from "./format";

export interface DmarcCliResult {
  reports: ReadReport[];
  refused: RefusedInput[];
  domains: (DomainSummary & { domain: string })[];
}

/** Control characters from the reports (they come from outside) are shown escaped, never printed. */
export function escapeControls(s: string): string {
  return s.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

const pct = (n: number, of: number) => (of === 0 ? "–" : `${((n / of) * 100).toFixed(1)} %`);

export function formatDmarc(r: DmarcCliResult, color: boolean): string {
  const p = painter(color);
  const e = escapeControls;
  const out: string[] = [];
  const fresh = r.reports.filter((x) => !x.duplicate);
  out.push(
    p("1", `${fresh.length} report${fresh.length === 1 ? "" : "s"} read`) +
      (r.reports.length > fresh.length
        ? `, ${r.reports.length - fresh.length} duplicate(s) counted once`
        : "") +
      (r.refused.length ? `, ${r.refused.length} refused` : ""),
  );
  for (const x of r.reports) {
    out.push(
      `  ${x.kind === "tls" ? "TLS      " : "aggregate"}  ${e(x.orgName)} · ${e(x.reportId)} · ${e(x.domain)} · ` +
        `${x.begin.slice(0, 10)} → ${x.end.slice(0, 10)} · ${x.messageCount} ${x.kind === "tls" ? "sessions" : "messages"}` +
        (x.duplicate ? p("90", " (duplicate)") : ""),
    );
    for (const w of x.warnings) out.push(p("33", `      note: ${e(w)}`));
  }
  for (const x of r.refused) out.push(p("31", `  refused  ${e(x.source)}: ${e(x.reason)}`));
  for (const d of r.domains) {
    out.push("", p("1", e(d.domain)));
    if (d.sources.length > 0) {
      out.push(`  ${d.totalMessages} messages in the aggregate reports`);
      out.push(
        `  DMARC pass ${d.dmarc.pass} (${pct(d.dmarc.pass, d.totalMessages)}), fail ${p(d.dmarc.fail ? "31" : "32", String(d.dmarc.fail))}`,
      );
      out.push(
        `  If you enforce p=reject: ${d.enforce.wouldReject} messages from ${d.enforce.wouldRejectSources} source(s) would be rejected` +
          (d.enforce.fromMixedSources
            ? ` (${d.enforce.fromMixedSources} from sources that also pass: fix those first)`
            : ""),
      );
      out.push(
        "",
        `  ${"source".padEnd(40)} ${"service".padEnd(22)} ${"messages".padStart(9)} ${"DMARC fail".padStart(10)} ${"SPF pass".padStart(9)} ${"DKIM pass".padStart(9)} ${"aligned SPF/DKIM".padStart(17)}`,
      );
      for (const s of d.sources.slice(0, 50)) {
        const src = s.ptr ? `${s.ip} (${s.ptr})` : s.ip;
        out.push(
          `  ${e(src).slice(0, 40).padEnd(40)} ${e(s.service).slice(0, 22).padEnd(22)} ${String(s.messages).padStart(9)} ` +
            `${p(s.dmarc.fail ? "31" : "32", String(s.dmarc.fail).padStart(10))} ${String(s.spf.pass).padStart(9)} ${String(s.dkim.pass).padStart(9)} ` +
            `${`${s.spfAligned.pass}/${s.dkimAligned.pass}`.padStart(17)}`,
        );
      }
      if (d.sources.length > 50)
        out.push(p("90", `  … ${d.sources.length - 50} more sources (--json lists all)`));
    }
    if (d.tls.reports > 0) {
      out.push(
        "",
        `  SMTP TLS: ${d.tls.successful} sessions succeeded, ${p(d.tls.failed ? "31" : "32", String(d.tls.failed))} failed (${d.tls.reports} report(s))`,
      );
      for (const f of d.tls.failures)
        out.push(`    ${String(f.sessions).padStart(8)}  ${e(f.resultType)} (reported by ${e(f.orgName)})`);
    }
  }
  return out.join("\n");
}

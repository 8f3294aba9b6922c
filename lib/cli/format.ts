import { CHECK_LABELS, STATUS_LABELS } from "@/lib/checks/labels";
import type { CheckStatus, Severity } from "@/lib/checks/types";
import type { ReportDocument } from "@/lib/report/types";
import { reportNotes } from "@/lib/report/notes";
import { checkViews, reportSubject } from "@/lib/report/view";

// Colours, the bounce diagnosis and its not-a-bounce message live in light modules of their own, so
// `mxray bounce` does not load the report and findings code this module needs.
import { painter, type Paint } from "./paint";
import { formatDiagnosis, NOT_A_BOUNCE_MESSAGE } from "./format-bounce";
export { painter } from "./paint";

const STATUS_COLOR: Record<CheckStatus, string> = {
  pass: "32",
  warn: "33",
  fail: "31",
  error: "90",
  info: "36",
  skipped: "90",
};
const SEVERITY_COLOR: Record<Severity, string> = {
  critical: "1;31",
  high: "31",
  medium: "33",
  low: "33",
  info: "36",
};

/** Human report: score, each check's status, every finding with its fix. */
export function formatReport(doc: ReportDocument, color: boolean): string {
  const p = painter(color);
  const subject = doc.kind === "bounce" ? "bounce" : reportSubject(doc);
  const out: string[] = [];
  out.push(`${p("1", `mxray report for ${subject}`)}  ${verdictLine(doc, p)}`);
  if (doc.input.asked) out.push(p("90", `checked ${subject} — from ${doc.input.asked}`));
  if (doc.status === "domain_not_found") {
    out.push(
      "",
      `${subject} does not exist: the resolver (${doc.dns.servers.join(", ")}) answers that there is no such domain.`,
      "Check the spelling. If this domain exists, your resolver may be filtering it: try another with --dns.",
      "",
      p("90", `DNS: ${doc.dns.queries} queries in ${doc.dns.elapsedMs} ms`),
    );
    return out.join("\n");
  }
  if (doc.status === "not_a_bounce") {
    out.push("", NOT_A_BOUNCE_MESSAGE);
    return out.join("\n");
  }
  if (doc.status === "incomplete") {
    out.push(
      p(
        "33",
        `Incomplete: ${doc.unknown.length} ${doc.unknown.length === 1 ? "check" : "checks"} could not be determined (${doc.unknown.join(", ")}) · resolver ${doc.dns.servers.join(", ")}`,
      ),
    );
  }
  // The limits the report reached (DNS questions, evidence bytes): said before the checks they affect.
  for (const n of reportNotes(doc)) {
    out.push(`${p("36", `[${n.severity}]`)} ${n.title} ${p("90", n.code)}`);
    if (n.detail) out.push(`      ${n.detail}`);
  }
  if (doc.bounce) out.push("", formatDiagnosis(doc.bounce, color));
  for (const view of checkViews(doc)) {
    out.push("");
    out.push(
      `${p("1", (CHECK_LABELS[view.name]?.name ?? view.name).padEnd(12))} ${p(STATUS_COLOR[view.status], STATUS_LABELS[view.status])}`,
    );
    for (const f of view.findings) {
      out.push(`  ${p(SEVERITY_COLOR[f.severity], `[${f.severity}]`)} ${f.title} ${p("90", f.code)}`);
      if (f.detail) out.push(`      ${f.detail}`);
      if (f.fix) {
        out.push(`      ${p("1", "fix:")} ${f.fix.text}`);
        for (const r of f.fix.records ?? []) out.push(`        ${r.name} ${r.type} ${r.value}`);
      }
    }
  }
  out.push("");
  if (doc.deductions.length) {
    out.push(p("90", `Points lost: ${doc.deductions.map((d) => `-${d.points} ${d.code}`).join(", ")}`));
  }
  out.push(
    p("90", `DNS: ${doc.dns.queries} queries in ${doc.dns.elapsedMs} ms · scoring ${doc.scoringVersion}`),
  );
  if (doc.url) out.push(`Share link: ${doc.url}`);
  return out.join("\n");
}

/** The score, the range of an incomplete report, or why there is none. */
function verdictLine(doc: ReportDocument, p: Paint): string {
  if (doc.status === "domain_not_found") return p("1;31", "domain not found");
  if (doc.status === "not_a_bounce") return p("1;33", "not a bounce");
  if (doc.status === "incomplete") {
    const r = doc.scoreRange;
    return p("1;33", `incomplete${r ? `  somewhere in ${r.min}–${r.max}/100` : ""}`);
  }
  if (doc.score === null || doc.grade === null) return p("90", "not graded (a bounce alone has no score)");
  const gradeColor = doc.score >= 90 ? "32" : doc.score >= 70 ? "33" : "31";
  return p(`1;${gradeColor}`, `${doc.grade}  ${doc.score}/100`);
}

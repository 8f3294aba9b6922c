import { explainFinding } from "@/lib/findings";
import type { MimePart } from "@/lib/mail/message/parse";
import type { ReportDocument } from "@/lib/report/types";
import { painter } from "./format";

/** Text from the message (headers, addresses) is shown with control characters escaped. */
function safe(s: unknown): string {
  return String(s ?? "").replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

function tree(part: MimePart, depth = 0, out: string[] = []): string[] {
  out.push(
    `${"  ".repeat(depth + 1)}${part.path || "·"} ${safe(part.contentType)}${part.filename ? ` "${safe(part.filename)}"` : ""} (${part.size} bytes)`,
  );
  for (const c of part.children ?? []) tree(c, depth + 1, out);
  return out;
}

/** Human output of a message report: authentication verdicts, provider rules, findings with fixes. */
export function formatMessageReport(doc: ReportDocument, color: boolean): string {
  const m = doc.message;
  const p = painter(color);
  if (!m) return "";
  const verdict = (r: string) => p(r === "pass" ? "32" : r === "none" ? "90" : "31", r);
  const out: string[] = [];
  const shown = doc.score ?? doc.scoreRange?.min ?? 0;
  const gradeColor = shown >= 90 ? "32" : shown >= 70 ? "33" : "31";
  // Incomplete (the sending IP's checks could not all be determined): a range, never a grade.
  const verdictText =
    doc.score === null
      ? `incomplete  ${doc.scoreRange?.min ?? 0}–${doc.scoreRange?.max ?? 100}/100`
      : `${doc.grade}  ${doc.score}/100`;
  out.push(
    `${p("1", `mxray message report: ${safe(m.from.address ?? "(no From)")}`)}  ${p(`1;${gradeColor}`, verdictText)}`,
  );
  if (m.subject) out.push(`  subject  ${safe(m.subject)}`);
  out.push(
    `  size     ${m.size} bytes${m.headerOnly ? " (headers only)" : `, ${m.textParts} text, ${m.htmlParts} HTML, ${m.attachments} attachments`}`,
  );
  if (m.envelope) {
    const e = m.envelope;
    out.push(
      `  from IP  ${safe(e.clientIp)} HELO ${safe(e.helo ?? "-")} MAIL FROM <${safe(e.mailFrom ?? "")}> ${e.tlsUnknown ? "" : e.tls ? `TLS ${safe(e.tls.version)} ${safe(e.tls.cipher)}` : "no TLS"}`,
    );
  }
  out.push("", p("1", "Authentication"));
  out.push(
    `  SPF    ${m.spf ? `${verdict(m.spf.result)} ${safe(m.spf.domain ?? "")}` : p("90", "not checked (no connecting IP)")}`,
  );
  if (!m.dkim.length) out.push(`  DKIM   ${verdict("none")} no signature`);
  for (const s of m.dkim) {
    out.push(
      `  DKIM   ${verdict(s.result)} d=${safe(s.domain)} s=${safe(s.selector)} ${safe(s.algorithm ?? "")}${s.keyBits ? ` ${s.keyBits}-bit` : ""}${s.aligned ? " aligned" : ""}${s.bodyLength !== null ? ` l=${s.bodyLength}` : ""}`,
    );
    out.push(p("90", `         h=${s.headers.map(safe).join(":")}`));
  }
  out.push(
    `  DMARC  ${m.dmarc ? `${verdict(m.dmarc.result)} ${safe(m.dmarc.fromDomain ?? "")} p=${safe(m.dmarc.policy ?? "-")}` : verdict("none")}`,
  );
  out.push(
    `  ARC    ${verdict(m.arc.result)}${m.arc.instances ? ` ${m.arc.instances} set(s) by ${m.arc.sealers.map(safe).join(", ")}` : ""}`,
  );
  if (m.fcrdns)
    out.push(
      `  FCrDNS ${verdict(m.fcrdns.confirmed ? "pass" : "fail")} ${m.fcrdns.names.map(safe).join(", ") || "no PTR"}`,
    );
  out.push(
    `  Unsubscribe  one-click ${m.unsubscribe.oneClick ? "yes" : "no"}, HTTPS ${m.unsubscribe.https ? "yes" : "no"}, signed ${m.unsubscribe.signed ? "yes" : "no"}`,
  );
  if (m.mime) out.push("", p("1", "MIME"), ...tree(m.mime));
  out.push("", p("1", "Provider requirements"));
  for (const r of m.providers) {
    out.push(
      `  ${verdict(r.status === "unknown" ? "none" : r.status).padEnd(color ? 13 : 7)} ${r.provider.padEnd(9)} ${r.title}${r.appliesTo === "bulk" ? p("90", " (bulk)") : ""}`,
    );
    if (r.status === "fail" && r.reply) out.push(p("90", `          would answer: ${safe(r.reply)}`));
  }
  const findings = m.findings.filter((f) => f.severity !== "info");
  if (findings.length) out.push("", p("1", "Findings"));
  const fake = {
    check: "spf" as const,
    status: "warn" as const,
    findings: [],
    records: [],
    queries: 0,
    durationMs: 0,
  };
  for (const f of findings) {
    const x = explainFinding(f, fake, { ...(m.from.domain ? { domain: m.from.domain } : {}) });
    out.push(`  [${f.severity}] ${x.title} ${p("90", f.code)}`);
    if (x.detail) out.push(`      ${safe(x.detail)}`);
    if (x.fix) out.push(`      fix: ${safe(x.fix.text)}`);
  }
  out.push(
    "",
    p("90", `DNS: ${doc.dns.queries} queries in ${doc.dns.elapsedMs} ms · scoring ${doc.scoringVersion}`),
  );
  if (doc.url) out.push(`Share link: ${doc.url}`);
  return out.join("\n");
}

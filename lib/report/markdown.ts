import type { Diagnosis } from "@/lib/bounce/types";
import type { MessageSection } from "@/lib/mail/message/types";
import { STATUS_LABELS } from "@/lib/checks/labels";
import type { CheckStatus } from "@/lib/checks/types";
import type { ReportDocument } from "./types";
import { checkViews, nextStep, reportSubject, verdictWords } from "./view";

/**
 * Markdown export of a report. Everything taken from the document (DNS data, bounce text, even fields we
 * wrote ourselves: the stored JSON is only loosely validated) goes through `text()` for inline use or
 * `fence()`/`code()` for literal use, so a TXT record or a bounce cannot inject links, HTML or structure.
 */

const SEVERITY_LABEL: Record<string, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

/** Escapes a string for inline Markdown: no HTML, no links/emphasis/code spans, no table cell breaks. */
export function text(s: unknown): string {
  return (
    String(s ?? "")
      // Line breaks would let the value start its own block (a heading, a list, a fence).
      .replace(/[\r\n\u2028\u2029]+/g, " ")
      .trim()
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*_[\]{}()#+!|~]/g, (c) => `\\${c}`)
      // A leading "-", "=" or "1." could still read as a block marker where the value starts a line.
      .replace(/^([-=])/, "\\$1")
      .replace(/^(\d+)([.)])/, "$1\\$2")
  );
}

/** An inline code span that no backtick inside the value can close early. */
export function code(s: unknown, inTable = false): string {
  const v = String(s ?? "").replace(/[\r\n\u2028\u2029]+/g, " ");
  if (!v) return "";
  // GFM: a "|" ends a table cell even inside a code span, so there (only) it is escaped too.
  const safe = inTable ? v.replace(/\|/g, "\\|") : v;
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = "`".repeat(longest + 1);
  // CommonMark strips one space each side when both are there; pad so a value's own edges survive.
  const pad = /^[` ]|[` ]$/.test(safe) ? " " : "";
  return `${ticks}${pad}${safe}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function fence(content: string, info = ""): string {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((r) => r.length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return `${ticks}${info}\n${content.replace(/\r\n?/g, "\n")}\n${ticks}`;
}

function utc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `mxray-<subject>-<date>.md`, safe for a Content-Disposition header on any OS. */
export function markdownFilename(doc: ReportDocument): string {
  const raw = doc.kind === "bounce" ? "bounce" : (doc.input.domain ?? doc.input.ip ?? "report");
  const name =
    raw
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, "-")
      .replace(/^[-.]+|[-.]+$/g, "")
      .slice(0, 80) || "report";
  const d = new Date(doc.createdAt);
  const date = Number.isNaN(d.getTime()) ? "undated" : d.toISOString().slice(0, 10);
  return `mxray-${name}-${date}.md`;
}

function bounceSection(b: Diagnosis): string[] {
  const rows: [string, string | null][] = [
    ["Summary", b.summary ? text(b.summary) : null],
    ["Reply code", b.replyCode !== null && b.replyCode !== undefined ? code(b.replyCode) : null],
    [
      "Enhanced status code",
      b.enhancedCode
        ? `${code(b.enhancedCode)}${b.enhancedMeaning ? ` (${text(b.enhancedMeaning)})` : ""}`
        : null,
    ],
    ["Permanent", b.permanent === null || b.permanent === undefined ? null : b.permanent ? "yes" : "no"],
    ["Category", `${text(b.family)} / ${code(b.reason)}`],
    ["Provider", b.provider ? text(b.provider) : null],
    ["Stage", b.stage ? code(b.stage) : null],
    ["Recipient", b.recipient ? code(b.recipient) : null],
    ["Sender domain", b.senderDomain ? code(b.senderDomain) : null],
    ["Sending IP", b.sendingIp ? code(b.sendingIp) : null],
    ["Remote MTA", b.remoteMta ? code(b.remoteMta) : null],
    [
      "Blocklist",
      b.blocklist
        ? `${text(b.blocklist.name)}${b.blocklist.lookupUrl ? ` (${code(b.blocklist.lookupUrl)})` : ""}`
        : null,
    ],
    ["What to do", b.action ? text(b.action) : null],
    ["Retry", b.retry ? "yes, later" : "no"],
  ];
  const out = ["## Bounce diagnosis", ""];
  for (const [label, value] of rows) if (value) out.push(`- **${label}:** ${value}`);
  const steps = Array.isArray(b.fix) ? b.fix : [];
  if (steps.length > 0) {
    out.push("", "### Fix", "");
    steps.forEach((s, i) => out.push(`${i + 1}. ${text(s)}`));
  }
  const recipients = Array.isArray(b.recipients) ? b.recipients : [];
  if (recipients.length > 0) {
    out.push("", "### Per recipient", "");
    for (const r of recipients) {
      out.push(
        `- ${r.recipient ? code(r.recipient) : "(unknown recipient)"}: ${code(r.reason)}, ${text(r.summary)}`,
      );
    }
  }
  out.push("");
  return out;
}

/** The whole report as a Markdown document (a ticket, a wiki page, an e-mail to the DNS admin). */
function messageSection(m: MessageSection): string[] {
  const out = ["## Message", ""];
  out.push(`- **From:** ${code(m.from.address ?? "(none)")}`);
  if (m.envelope) {
    out.push(
      `- **Connection:** ${code(m.envelope.clientIp)}, HELO ${code(m.envelope.helo ?? "-")}, ${m.envelope.tls ? code(`${m.envelope.tls.version} ${m.envelope.tls.cipher}`) : "no TLS"}`,
    );
  }
  out.push(`- **SPF:** ${m.spf ? `${code(m.spf.result)} ${code(m.spf.domain ?? "")}` : "not checked"}`);
  for (const s of m.dkim) {
    out.push(
      `- **DKIM:** ${code(s.result)} d=${code(s.domain)} s=${code(s.selector)}${s.keyBits ? ` ${text(s.keyBits)}-bit` : ""}${s.aligned ? ", aligned" : ""}`,
    );
  }
  if (!m.dkim.length) out.push("- **DKIM:** no signature");
  out.push(`- **DMARC:** ${code(m.dmarc?.result ?? "none")}`, `- **ARC:** ${code(m.arc.result)}`, "");
  out.push("| Provider | Requirement | Status | Reply |", "| --- | --- | --- | --- |");
  for (const r of m.providers) {
    out.push(
      `| ${text(r.provider)} | ${text(r.title)} | ${text(r.status)} | ${r.reply ? code(r.reply, true) : ""} |`,
    );
  }
  out.push("");
  for (const f of m.findings) out.push(`- ${text(f.severity)}: ${code(f.code)}`);
  if (m.findings.length) out.push("");
  return out;
}

export function reportToMarkdown(doc: ReportDocument): string {
  const views = checkViews(doc);
  const next = nextStep(views);
  const out: string[] = [];

  out.push(`# mxray report: ${text(reportSubject(doc))}`, "");
  if (doc.input.domainUnicode && doc.input.domain && doc.input.domainUnicode !== doc.input.domain) {
    out.push(`Domain (A-label): ${code(doc.input.domain)}`, "");
  }
  if (doc.kind === "domain" && doc.input.ip) out.push(`Sending IP: ${code(doc.input.ip)}`, "");
  const verdict = verdictWords(doc);
  if (doc.input.asked) out.push(`- **Checked:** ${text(reportSubject(doc))}, from ${code(doc.input.asked)}`);
  if (verdict) out.push(`- **${text(verdict.headline)}:** ${text(verdict.detail)} (no grade)`);
  else out.push(`- **Score:** ${text(doc.score)}/100, grade **${text(doc.grade)}**`);
  if (doc.status === "incomplete") {
    out.push(`- **Could not be determined:** ${text((doc.unknown ?? []).join(", "))}`);
  }
  out.push(`- **Date:** ${text(utc(doc.createdAt))}`);
  if (doc.url) out.push(`- **Share link:** ${code(doc.url)}`);
  out.push(`- **Scoring:** ${code(doc.scoringVersion)}, ${text(doc.dns?.queries ?? 0)} DNS queries`);
  if (doc.previousId) out.push(`- **Run again from:** ${code(doc.previousId)}`);
  out.push("");

  if (next) {
    out.push("## Next step", "", `**${text(next.check)}: ${text(next.title)}**`, "");
    if (next.fix) out.push(text(next.fix.text), "");
  }

  if (doc.bounce) out.push(...bounceSection(doc.bounce));
  if (doc.message) out.push(...messageSection(doc.message));

  if (views.length > 0) out.push("## Checks", "");
  for (const v of views) {
    const status = STATUS_LABELS[v.status as CheckStatus] ?? v.status;
    out.push(`### ${text(v.label)}: ${text(status)}`, "");
    if (v.findings.length === 0) {
      out.push(v.status === "pass" ? "No problems found." : "No findings.", "");
      continue;
    }
    for (const f of v.findings) {
      out.push(
        `#### ${text(SEVERITY_LABEL[f.severity] ?? f.severity)}: ${text(f.title)} (${code(f.code)})`,
        "",
      );
      if (f.detail) out.push(text(f.detail), "");
      if (f.fix) {
        out.push(`**Fix:** ${text(f.fix.text)}`, "");
        const records = f.fix.records ?? [];
        if (records.length > 0) {
          out.push(records.length === 1 ? "Record to publish:" : "Records to publish:", "");
          out.push(fence(records.map((r) => `${r.name} ${r.type} ${r.value}`).join("\n"), "dns"), "");
        }
      }
    }
  }

  const deductions = Array.isArray(doc.deductions) ? doc.deductions : [];
  if (deductions.length > 0) {
    out.push(
      doc.score !== null ? `## Why ${text(doc.score)}/100` : "## Points lost so far",
      "",
      "| Check | Finding | Severity | Points |",
      "| --- | --- | --- | ---: |",
    );
    for (const d of deductions) {
      out.push(`| ${text(d.check)} | ${code(d.code, true)} | ${text(d.severity)} | −${text(d.points)} |`);
    }
    out.push("");
  }
  const unknown = Array.isArray(doc.unknown) ? doc.unknown : [];
  if (unknown.length > 0) {
    out.push(`Could not be determined (not scored): ${unknown.map((c) => code(c)).join(", ")}`, "");
  }

  out.push("---", "", "Generated by mxray.", "");
  return out.join("\n");
}

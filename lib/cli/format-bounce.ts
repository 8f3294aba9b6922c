import type { Diagnosis } from "@/lib/bounce/types";
import { painter } from "./paint";

/** Human output of `mxray bounce`: the summary, the facts read from the bounce, the fix. */
export const NOT_A_BOUNCE_MESSAGE =
  'This text is not a bounce: it holds no SMTP reply (like "550 5.1.1 ..."), no delivery status notification and no bounce wording. Paste the bounce message you received, or the server\'s reply line.';

export function formatDiagnosis(d: Diagnosis, color: boolean): string {
  const p = painter(color);
  const lines: string[] = [];
  lines.push(p("1", d.summary));
  const facts: [string, string | number | boolean | null][] = [
    ["reply", d.replyCode],
    [
      "enhanced",
      d.enhancedCode ? `${d.enhancedCode}${d.enhancedMeaning ? ` (${d.enhancedMeaning})` : ""}` : null,
    ],
    ["permanent", d.permanent],
    ["family", `${d.family} / ${d.reason}`],
    ["provider", d.provider],
    ["stage", d.stage],
    ["recipient", d.recipient],
    ["sender domain", d.senderDomain],
    ["sending IP", d.sendingIp],
    ["remote MTA", d.remoteMta],
    [
      "blocklist",
      d.blocklist ? `${d.blocklist.name}${d.blocklist.lookupUrl ? ` ${d.blocklist.lookupUrl}` : ""}` : null,
    ],
    ["action", d.action],
    ["retry", d.retry],
  ];
  for (const [k, v] of facts)
    if (v !== null && v !== undefined && v !== "") lines.push(`  ${p("90", k.padEnd(14))}${String(v)}`);
  if (d.fix?.length) {
    lines.push(`  ${p("1", "fix:")}`);
    d.fix.forEach((step, i) => lines.push(`    ${i + 1}. ${step}`));
  }
  if (d.recipients && d.recipients.length > 1) {
    lines.push(`  ${d.recipients.length} recipients:`);
    for (const r of d.recipients)
      lines.push(`    ${r.recipient ?? "?"}: ${r.enhancedCode ?? r.replyCode ?? ""} ${r.family}/${r.reason}`);
  }
  return lines.join("\n");
}

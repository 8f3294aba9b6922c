import { GENERIC } from "./generic";
import { FINDINGS } from "./index";

/** docs/findings.md, generated from the catalogues so the documentation cannot drift from the code. */
export function renderFindingsDoc(): string {
  const lines: string[] = [
    "# Finding codes",
    "",
    "Generated from the checks' catalogues (`npm run docs:findings`); a test fails when this file is stale.",
    "Severity is the default; a check may raise or lower it with context.",
    "",
  ];
  const byCheck = new Map<string, string[]>();
  for (const code of Object.keys(FINDINGS).sort()) {
    const check = code.split(".")[0] ?? code;
    byCheck.set(check, [...(byCheck.get(check) ?? []), code]);
  }
  for (const [check, codes] of byCheck) {
    lines.push(`## ${check}`, "", "| code | severity | meaning | fix |", "|---|---|---|---|");
    for (const code of codes) {
      const doc = FINDINGS[code]!;
      lines.push(
        `| \`${code}\` | ${doc.severity} | **${cell(doc.title)}.** ${cell(doc.meaning)} | ${doc.fix ? "yes" : "—"} |`,
      );
    }
    lines.push("");
  }
  lines.push("## Any check", "", "| code | severity | meaning |", "|---|---|---|");
  for (const [suffix, doc] of Object.entries(GENERIC)) {
    lines.push(`| \`<check>.${suffix}\` | ${doc.severity} | **${cell(doc.title)}.** ${cell(doc.meaning)} |`);
  }
  lines.push("");
  return lines.join("\n");
}

function cell(s: string): string {
  return s
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\.$/, "");
}

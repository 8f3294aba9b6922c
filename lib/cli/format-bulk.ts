import type { BulkGroup, BulkSummary } from "@/lib/bounce/bulk";
import { plural } from "@/lib/bounce/bulk/detect-log";
import { painter } from "./paint";

const BAND_COLOR = { low: "32", watch: "33", act: "31" } as const;

function pct(share: number | null): string {
  return share === null ? "" : `${(share * 100).toFixed(2)} %`;
}

/** Human summary of many bounces: top actions first, then each grouping. */
export function formatBulk(s: BulkSummary, color: boolean): string {
  const p = painter(color);
  const t = s.totals;
  const out: string[] = [];
  out.push(
    p("1", `${plural(t.bounces, "bounce")}, ${plural(t.deferrals, "deferral")}`) +
      ` in ${plural(t.lines, "line")} (${s.format})` +
      (t.delivered !== null ? `, ${t.delivered.toLocaleString("en")} delivered` : "") +
      (t.unparsed ? `, ${t.unparsed.toLocaleString("en")} not recognised` : ""),
  );
  if (t.sent !== null && t.bounceRate !== null) {
    const band = t.band ? p(BAND_COLOR[t.band], t.band) : "";
    out.push(`Bounce rate ${pct(t.bounceRate)} of ${t.sent} sent (${t.sentSource}) ${band}`);
  }
  if (s.actions.length) {
    out.push("", p("1", "Top actions"));
    s.actions.slice(0, 10).forEach((a, i) => {
      const band = a.band ? ` ${p(BAND_COLOR[a.band], a.band)}` : "";
      out.push(`  ${i + 1}. ${a.action} — ${a.count} (${a.family}/${a.reason}) ${pct(a.share)}${band}`);
      if (a.fix[0]) out.push(`     ${p("90", a.fix[0])}`);
      if (a.example) out.push(`     ${p("90", `e.g. ${a.example.text.slice(0, 140)}`)}`);
    });
  }
  const section = (title: string, groups: BulkGroup[]) => {
    if (!groups.length) return;
    out.push("", p("1", title));
    for (const g of groups.slice(0, 10)) {
      const band = g.band ? ` ${p(BAND_COLOR[g.band], g.band)}` : "";
      out.push(`  ${String(g.count).padStart(8)}  ${g.key} ${p("90", pct(g.share))}${band}`);
    }
  };
  section("By family", s.groups.family);
  section("By enhanced code", s.groups.enhancedCode);
  section("By recipient domain", s.groups.recipientDomain);
  section("By provider", s.groups.provider);
  section("By sending IP", s.groups.sendingIp);
  if (s.truncated)
    out.push("", p("90", 'Some groupings had too many distinct keys; the rest are counted as "other".'));
  return out.join("\n");
}

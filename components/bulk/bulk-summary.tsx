import type { BulkGroup, BulkSummary } from "@/lib/bounce/bulk";
import { plural } from "@/lib/bounce/bulk/detect-log";

const BAND_STYLE = {
  low: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  watch: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  act: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-100",
} as const;

function pct(share: number | null): string {
  return share === null ? "—" : `${(share * 100).toFixed(2)} %`;
}

function Band({ band }: { band: keyof typeof BAND_STYLE | null }) {
  if (!band) return null;
  return <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${BAND_STYLE[band]}`}>{band}</span>;
}

function GroupTable({ title, groups }: { title: string; groups: BulkGroup[] }) {
  if (groups.length === 0) return null;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 className="font-semibold">{title}</h3>
      <div className="mt-2 overflow-x-auto" tabIndex={0}>
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-600 dark:text-slate-400">
            <tr>
              <th className="py-1 pr-3">key</th>
              <th className="py-1 pr-3 text-right">bounces</th>
              <th className="py-1 pr-3 text-right">deferrals</th>
              <th className="py-1 pr-3 text-right">share</th>
              <th className="py-1">example</th>
            </tr>
          </thead>
          <tbody>
            {groups.slice(0, 15).map((g) => (
              <tr key={g.key} className="border-t border-slate-100 align-top dark:border-slate-800">
                <td className="py-1 pr-3 font-mono whitespace-nowrap">{g.key}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{g.bounces.toLocaleString("en")}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{g.deferrals.toLocaleString("en")}</td>
                <td className="py-1 pr-3 text-right whitespace-nowrap">
                  {pct(g.share)} <Band band={g.band} />
                </td>
                <td className="min-w-56 py-1 text-xs break-words text-slate-600 dark:text-slate-400">
                  {g.examples[0]?.text.slice(0, 160) ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Many bounces, grouped: what to do first, then each grouping with counts, shares and examples. */
export function BulkSummaryView({ summary: s }: { summary: BulkSummary }) {
  const t = s.totals;
  return (
    <div className="space-y-4" data-testid="bulk-summary">
      <section className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="text-lg font-semibold">
          {plural(t.bounces, "bounce")}, {plural(t.deferrals, "deferral")}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {plural(t.lines, "line")} read as {s.format}
          {t.delivered !== null ? `, ${t.delivered} delivered` : ""}
          {t.unparsed ? `, ${t.unparsed} not recognised` : ""}.
          {t.bounceRate !== null && t.sent !== null && (
            <>
              {" "}
              Bounce rate {pct(t.bounceRate)} of {t.sent} sent (
              {t.sentSource === "given" ? "as given" : "from the log"}) <Band band={t.band} />
            </>
          )}
        </p>
      </section>
      {s.actions.length > 0 && (
        <section className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="text-lg font-semibold">What to do first</h2>
          <ol className="mt-2 space-y-3">
            {s.actions.slice(0, 10).map((a, i) => (
              <li key={i} className="text-sm" data-action={a.reason}>
                <p className="font-medium">
                  {i + 1}. {a.action}{" "}
                  <span className="font-normal text-slate-600 dark:text-slate-400">
                    — {a.count} ({a.family}/{a.reason}){a.share === null ? "" : `, ${pct(a.share)}`}
                  </span>{" "}
                  <Band band={a.band} />
                </p>
                {a.fix[0] && <p className="text-slate-700 dark:text-slate-300">{a.fix[0]}</p>}
                {a.example && (
                  <p className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">
                    {a.example.text.slice(0, 200)}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <GroupTable title="By family" groups={s.groups.family} />
        <GroupTable title="By enhanced code" groups={s.groups.enhancedCode} />
        <GroupTable title="By recipient domain" groups={s.groups.recipientDomain} />
        <GroupTable title="By provider" groups={s.groups.provider} />
        <GroupTable title="By sending IP" groups={s.groups.sendingIp} />
      </div>
      {s.truncated && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Some groupings had more distinct keys than kept; the rest are counted as &quot;other&quot;.
        </p>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { listMonitors } from "@/lib/monitor/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Watched domains" };

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");

/** Every watched domain with its current state, last change and next run (no ids: those are secrets). */
export default async function MonitorsPage() {
  const monitors = await listMonitors();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Watched domains</h1>
      <p className="max-w-2xl text-sm text-slate-600 dark:text-slate-400">
        Each is checked again on its schedule (daily by default, at most hourly); a change that matters —
        score, a record, a blocklist listing, a certificate close to expiry, a jump in DMARC failures — is
        sent to its webhook or e-mail address. Start one with <code>POST /api/monitors</code>.
      </p>
      {monitors.length === 0 ? (
        <p>No domain is watched yet.</p>
      ) : (
        <table className="w-full text-sm" data-testid="monitors">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="px-2 py-1">domain</th>
              <th className="px-2 py-1">grade</th>
              <th className="px-2 py-1">every</th>
              <th className="px-2 py-1">last run</th>
              <th className="px-2 py-1">last change</th>
              <th className="px-2 py-1">next run</th>
            </tr>
          </thead>
          <tbody>
            {monitors.map((m, i) => (
              <tr key={i} className="border-t border-slate-200 dark:border-slate-800">
                <td className="px-2 py-1">
                  <Link
                    className="text-sky-700 underline dark:text-sky-300"
                    href={`/d/${encodeURIComponent(m.domain)}`}
                  >
                    {m.domain}
                  </Link>
                  {m.ips.length > 0 && <span className="text-slate-500"> + {m.ips.join(", ")}</span>}
                </td>
                <td className="px-2 py-1">
                  {m.grade ? (
                    m.lastReport ? (
                      <Link className="underline" href={`/r/${m.lastReport}`}>
                        {m.grade} ({m.score})
                      </Link>
                    ) : (
                      `${m.grade} (${m.score})`
                    )
                  ) : (
                    "not run yet"
                  )}
                </td>
                <td className="px-2 py-1">
                  {m.intervalMinutes % 1440 === 0
                    ? `${m.intervalMinutes / 1440} d`
                    : `${m.intervalMinutes / 60} h`}
                </td>
                <td className="px-2 py-1 font-mono text-xs">{when(m.lastRunAt)}</td>
                <td className="px-2 py-1 font-mono text-xs">{when(m.lastChangeAt)}</td>
                <td className="px-2 py-1 font-mono text-xs">{when(m.nextRunAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

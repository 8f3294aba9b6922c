import Link from "next/link";
import type { DomainSummary, PassFail } from "@/lib/dmarc-reports/summary";
import { DailyChart, PassFailBar } from "./charts";

export interface DmarcViewData extends DomainSummary {
  domain: string;
  reports: { aggregate: number; tls: number };
  reporters: string[];
  period: { begin: string; end: string } | null;
  policy: Record<string, unknown> | null;
}

const n = (x: number) => x.toLocaleString("en");
const pct = (x: number, of: number) => (of ? `${((x / of) * 100).toFixed(1)} %` : "–");

function Cell({ v, href }: { v: PassFail; href?: (r: "pass" | "fail") => string }) {
  return (
    <td className="px-2 py-1 text-right tabular-nums">
      {href ? (
        <>
          <Link className="text-emerald-700 underline dark:text-emerald-400" href={href("pass")}>
            {n(v.pass)}
          </Link>
          {" / "}
          <Link className="text-red-700 underline dark:text-red-400" href={href("fail")}>
            {n(v.fail)}
          </Link>
        </>
      ) : (
        <>
          <span className="text-emerald-700 dark:text-emerald-400">{n(v.pass)}</span>
          {" / "}
          <span className="text-red-700 dark:text-red-400">{n(v.fail)}</span>
        </>
      )}
    </td>
  );
}

/** A domain's DMARC aggregate and TLS reports, explained. Plain data in. */
export function DmarcView({ d }: { d: DmarcViewData }) {
  const base = `/d/${encodeURIComponent(d.domain)}/dmarc/records`;
  const rows = (q: Record<string, string>) => `${base}?${new URLSearchParams(q).toString()}`;
  const maxService = Math.max(...d.services.map((s) => s.messages), 1);
  const policy = typeof d.policy?.["p"] === "string" ? (d.policy["p"] as string) : null;
  return (
    <div className="space-y-8">
      <section aria-labelledby="totals" className="grid gap-4 sm:grid-cols-3">
        <h2 id="totals" className="sr-only">
          Totals
        </h2>
        <div className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <div className="text-sm text-slate-500">Messages reported</div>
          <Link href={rows({})} className="text-3xl font-bold underline" data-testid="total-messages">
            {n(d.totalMessages)}
          </Link>
          <div className="text-xs text-slate-500">
            {d.reports.aggregate} aggregate report{d.reports.aggregate === 1 ? "" : "s"} from{" "}
            {d.reporters.length} reporter{d.reporters.length === 1 ? "" : "s"}
            {d.period && ` · ${d.period.begin.slice(0, 10)} → ${d.period.end.slice(0, 10)}`}
          </div>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <div className="text-sm text-slate-500">Passing DMARC</div>
          <Link href={rows({ dmarc: "pass" })} className="text-3xl font-bold text-emerald-700 underline">
            {n(d.dmarc.pass)}
          </Link>
          <div className="text-xs text-slate-500">{pct(d.dmarc.pass, d.totalMessages)} of messages</div>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <div className="text-sm text-slate-500">Failing DMARC</div>
          <Link
            href={rows({ dmarc: "fail" })}
            className="text-3xl font-bold text-red-700 underline"
            data-testid="failing-messages"
          >
            {n(d.dmarc.fail)}
          </Link>
          <div className="text-xs text-slate-500">{pct(d.dmarc.fail, d.totalMessages)} of messages</div>
        </div>
      </section>

      <section
        aria-labelledby="enforce"
        className="rounded-xl border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950"
      >
        <h2 id="enforce" className="text-lg font-semibold">
          What if you enforce p=reject?
        </h2>
        <p data-testid="enforce">
          {d.enforce.wouldReject === 0 ? (
            <>Every reported message passed DMARC: p=reject would have rejected none of them.</>
          ) : (
            <>
              <Link href={rows({ dmarc: "fail" })} className="font-semibold underline">
                {n(d.enforce.wouldReject)} message{d.enforce.wouldReject === 1 ? "" : "s"}
              </Link>{" "}
              from {d.enforce.wouldRejectSources} source{d.enforce.wouldRejectSources === 1 ? "" : "s"} would
              be rejected.
              {d.enforce.fromMixedSources > 0 &&
                ` ${n(d.enforce.fromMixedSources)} of them come from sources that also send passing mail: these are probably yours (a forwarder, a service without DKIM for your domain) — fix them before enforcing.`}
            </>
          )}{" "}
          {policy && <>The reporters saw p={policy} published.</>}
          {(d.enforce.alreadyRejected > 0 || d.enforce.alreadyQuarantined > 0) &&
            ` Receivers already rejected ${n(d.enforce.alreadyRejected)} and quarantined ${n(d.enforce.alreadyQuarantined)}.`}
        </p>
      </section>

      {d.days.length > 0 && (
        <section aria-labelledby="per-day" className="space-y-2">
          <h2 id="per-day" className="text-lg font-semibold">
            Volume per day
          </h2>
          <DailyChart days={d.days} hrefFor={(day) => rows({ day })} />
        </section>
      )}

      {d.services.length > 0 && (
        <section aria-labelledby="services" className="space-y-2">
          <h2 id="services" className="text-lg font-semibold">
            By sending service
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Named from each source&apos;s forward-confirmed reverse DNS; &quot;unknown&quot; when it has none
            (or it does not point back).
          </p>
          <table className="w-full text-sm" data-testid="services">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="px-2 py-1">service</th>
                <th className="px-2 py-1 text-right">sources</th>
                <th className="px-2 py-1 text-right">messages</th>
                <th className="px-2 py-1 text-right">DMARC pass / fail</th>
                <th className="px-2 py-1">
                  <span className="sr-only">chart</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.services.map((s) => (
                <tr key={s.service} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="px-2 py-1">
                    <a href={`#service-${encodeURIComponent(s.service)}`} className="underline">
                      {s.service}
                    </a>
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">{s.sources}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{n(s.messages)}</td>
                  <Cell v={{ pass: s.pass, fail: s.fail }} />
                  <td className="px-2 py-1">
                    <PassFailBar pass={s.pass} fail={s.fail} max={maxService} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {d.sources.length > 0 && (
        <section aria-labelledby="sources" className="space-y-2">
          <h2 id="sources" className="text-lg font-semibold">
            Sources
          </h2>
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="sources">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="px-2 py-1">source IP</th>
                  <th className="px-2 py-1">PTR</th>
                  <th className="px-2 py-1">service</th>
                  <th className="px-2 py-1 text-right">messages</th>
                  <th className="px-2 py-1 text-right">DMARC</th>
                  <th className="px-2 py-1 text-right">SPF</th>
                  <th className="px-2 py-1 text-right">DKIM</th>
                  <th className="px-2 py-1 text-right">SPF aligned</th>
                  <th className="px-2 py-1 text-right">DKIM aligned</th>
                </tr>
              </thead>
              <tbody>
                {d.services.flatMap((svc) =>
                  d.sources
                    .filter((s) => s.service === svc.service)
                    .map((s, i) => (
                      <tr
                        key={s.ip}
                        id={i === 0 ? `service-${encodeURIComponent(svc.service)}` : undefined}
                        className="border-t border-slate-200 dark:border-slate-800"
                      >
                        <td className="px-2 py-1 font-mono">
                          <Link className="underline" href={rows({ ip: s.ip })}>
                            {s.ip}
                          </Link>
                        </td>
                        <td className="px-2 py-1 font-mono text-xs break-all">{s.ptr ?? "—"}</td>
                        <td className="px-2 py-1">{s.service}</td>
                        <td className="px-2 py-1 text-right tabular-nums">
                          <Link className="underline" href={rows({ ip: s.ip })}>
                            {n(s.messages)}
                          </Link>
                        </td>
                        <Cell v={s.dmarc} href={(r) => rows({ ip: s.ip, dmarc: r })} />
                        <Cell v={s.spf} />
                        <Cell v={s.dkim} />
                        <Cell v={s.spfAligned} />
                        <Cell v={s.dkimAligned} />
                      </tr>
                    )),
                )}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-slate-500">
            Figures are pass / fail message counts. SPF and DKIM are the raw results; DMARC passes when SPF or
            DKIM passes aligned with the From domain (RFC 7489 §4.2).
          </p>
        </section>
      )}

      <section aria-labelledby="tls" className="space-y-2">
        <h2 id="tls" className="text-lg font-semibold">
          SMTP TLS reports
        </h2>
        {d.tls.reports === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No TLS report (RFC 8460) received for this domain. Publish a TLS-RPT record to get them.
          </p>
        ) : (
          <>
            <p data-testid="tls-summary">
              {d.tls.reports} report{d.tls.reports === 1 ? "" : "s"}: {n(d.tls.successful)} sessions
              succeeded, <span className="text-red-700">{n(d.tls.failed)} failed</span>.
            </p>
            {d.tls.failures.length > 0 && (
              <table className="w-full text-sm" data-testid="tls-failures">
                <thead>
                  <tr className="text-left text-slate-500">
                    <th className="px-2 py-1">reporting organization</th>
                    <th className="px-2 py-1">result type</th>
                    <th className="px-2 py-1 text-right">failed sessions</th>
                  </tr>
                </thead>
                <tbody>
                  {d.tls.failures.map((f) => (
                    <tr
                      key={`${f.orgName}-${f.resultType}`}
                      className="border-t border-slate-200 dark:border-slate-800"
                    >
                      <td className="px-2 py-1">{f.orgName}</td>
                      <td className="px-2 py-1 font-mono">{f.resultType}</td>
                      <td className="px-2 py-1 text-right tabular-nums">{n(f.sessions)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
    </div>
  );
}

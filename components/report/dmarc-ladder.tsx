import type { DmarcEvidence } from "@/lib/checks/dmarc/index";
import { DMARC_POLICIES, ladderIndex, splitUris, TONE_PILL, TONE_TEXT, type Tone } from "./visuals";

const RUNG: Record<(typeof DMARC_POLICIES)[number], { about: string; tone: Tone }> = {
  none: { about: "Monitor only: failing mail is delivered as usual.", tone: "warn" },
  quarantine: { about: "Failing mail goes to spam or quarantine.", tone: "ok" },
  reject: { about: "Failing mail is refused outright.", tone: "ok" },
};

const STRENGTH: Record<DmarcEvidence["strength"], { text: string; tone: Tone }> = {
  ignored: { text: "Ignored: receivers discard this record", tone: "bad" },
  monitoring: { text: "Monitoring only", tone: "warn" },
  partial: { text: "Partially enforced", tone: "warn" },
  quarantine: { text: "Enforced (quarantine)", tone: "ok" },
  reject: { text: "Enforced (reject)", tone: "ok" },
};

interface Marker {
  who: string;
  tag: string;
  pct: number;
}

/** DMARC's three policies as a ladder (none → quarantine → reject), the domain's own step highlighted. */
export function DmarcLadder({ records }: { records: DmarcEvidence }) {
  const { effective } = records;
  const markers: (Marker & { rung: number })[] = [];
  const push = (who: string, p: { policy: string; pct: number; from: string } | null) => {
    if (p)
      markers.push({
        who,
        tag: p.from === "missing_p" ? "p missing" : `${p.from}=${p.policy}`,
        pct: p.pct,
        rung: ladderIndex(p.policy),
      });
  };
  push("This domain", effective.domain);
  push("Subdomains", effective.subdomains);
  push("Non-existent subdomains", effective.nonexistentSubdomains);
  const current = ladderIndex(effective.domain.policy);
  const strength = STRENGTH[records.strength];
  const tag = (n: string) => records.tags.find((t) => t.name === n)?.value;
  const auth = new Map(records.reportAuthorization.map((a) => [a.host, a]));
  const reportUris = [
    ...splitUris(tag("rua")).map((uri) => ({ kind: "Aggregate (rua)", uri })),
    ...splitUris(tag("ruf")).map((uri) => ({ kind: "Forensic (ruf)", uri })),
  ];
  const otherTags = records.tags.filter((t) => !["v", "p", "sp", "np", "pct", "rua", "ruf"].includes(t.name));

  return (
    <div className="space-y-4" data-testid="dmarc-ladder">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${TONE_PILL[strength.tone]}`}>
          {strength.text}
        </span>
        {records.source === "org" && (
          <span className="text-slate-600 dark:text-slate-400">
            Inherited from the organizational domain <span className="font-mono">{records.recordDomain}</span>
          </span>
        )}
      </p>

      <ol aria-label="DMARC policy ladder, weakest to strongest" className="grid gap-2 sm:grid-cols-3">
        {DMARC_POLICIES.map((policy, i) => {
          const here = markers.filter((m) => m.rung === i);
          const isCurrent = i === current;
          return (
            <li
              key={policy}
              aria-current={isCurrent ? "true" : undefined}
              data-rung={policy}
              className={`relative rounded-lg border-2 p-3 ${
                isCurrent
                  ? "border-sky-600 bg-sky-50 dark:border-sky-400 dark:bg-sky-950/40"
                  : "border-slate-200 dark:border-slate-800"
              }`}
            >
              <div className="flex items-center gap-2">
                <span
                  aria-hidden="true"
                  className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-bold dark:bg-slate-700"
                >
                  {i + 1}
                </span>
                <span className="font-mono font-semibold">p={policy}</span>
                {isCurrent && (
                  <span className="ml-auto text-xs font-semibold text-sky-800 dark:text-sky-300">
                    current
                  </span>
                )}
              </div>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{RUNG[policy].about}</p>
              {here.length > 0 && (
                <ul className="mt-2 space-y-1 text-xs">
                  {here.map((m) => (
                    <li key={m.who} className="flex flex-wrap gap-x-1">
                      <span className="font-semibold">{m.who}:</span>
                      <span className="font-mono">{m.tag}</span>
                      {m.pct < 100 && <span className={TONE_TEXT.warn}>on {m.pct}% of failing mail</span>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      {markers.some((m) => m.rung < 0) && (
        <p className={`text-xs ${TONE_TEXT.warn}`}>
          {markers
            .filter((m) => m.rung < 0)
            .map((m) => `${m.who}: ${m.tag}`)
            .join("; ")}
        </p>
      )}
      {(effective.subdomains?.recordDomain ?? records.recordDomain) !== records.recordDomain && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Subdomains fall back to the record of{" "}
          <span className="font-mono">{effective.subdomains?.recordDomain}</span>.
        </p>
      )}

      <div>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          <span className="font-mono">{records.name}</span>
          {records.cnames.length > 0 && <> → {records.cnames.join(" → ")}</>}
        </p>
        <p className="mt-1 rounded bg-slate-50 p-2 font-mono text-xs break-all dark:bg-slate-950">
          {records.raw}
        </p>
      </div>

      <div>
        <h3 className="text-sm font-semibold">Reports</h3>
        {reportUris.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No report addresses (rua/ruf).</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm">
            {reportUris.map((r, i) => {
              const host = r.uri
                .replace(/^mailto:/i, "")
                .split("!")[0]
                ?.split("@")[1]
                ?.toLowerCase();
              const a = host ? auth.get(host) : undefined;
              return (
                <li key={i} className="flex flex-wrap items-center gap-x-2">
                  <span className="text-xs text-slate-600 dark:text-slate-400">{r.kind}</span>
                  <span className="font-mono text-xs break-all">{r.uri}</span>
                  {a && (
                    <span
                      className={`text-xs ${a.authorized === true ? TONE_TEXT.ok : a.authorized === false ? TONE_TEXT.bad : TONE_TEXT.neutral}`}
                    >
                      {a.authorized === true
                        ? "external, authorized"
                        : a.authorized === false
                          ? `external, not authorized (${a.name})`
                          : "external, authorization unknown"}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>

      {otherTags.length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          {otherTags.map((t, i) => (
            <div key={i} className="contents">
              <dt className="font-mono font-semibold">{t.name}</dt>
              <dd className="font-mono break-all">{t.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

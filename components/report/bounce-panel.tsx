import type { ReactNode } from "react";
import type { Diagnosis, Stage } from "@/lib/bounce/types";
import { safeHttpUrl, TONE_PILL } from "./visuals";

const STAGE: Record<Stage, string> = {
  connect: "connection",
  helo: "HELO/EHLO",
  auth: "authentication",
  mail_from: "MAIL FROM",
  rcpt_to: "RCPT TO",
  data: "DATA",
  after_data: "after the message was sent",
};

function permanence(d: Diagnosis): { text: string; tone: "bad" | "warn" | "neutral" } {
  if (d.permanent === true) return { text: "Permanent failure", tone: "bad" };
  if (d.permanent === false) return { text: "Temporary failure", tone: "warn" };
  return { text: "Permanent or temporary: unknown", tone: "neutral" };
}

/** Label/value rows, skipping what the bounce did not say. */
function Fields({ rows }: { rows: [string, ReactNode | null | undefined][] }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== "");
  return (
    <dl className="grid gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[max-content_1fr]">
      {shown.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-600 dark:text-slate-400">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Blocklist({ blocklist }: { blocklist: NonNullable<Diagnosis["blocklist"]> }) {
  const url = safeHttpUrl(blocklist.lookupUrl);
  return (
    <>
      {blocklist.name}
      {url && (
        <>
          {" "}
          (
          <a
            className="text-sky-700 underline dark:text-sky-300"
            href={url}
            rel="noopener noreferrer"
            target="_blank"
          >
            look up the listing<span className="sr-only"> (opens in a new tab)</span>
          </a>
          )
        </>
      )}
    </>
  );
}

function code(v: string | number | null) {
  return v === null ? null : <span className="font-mono">{v}</span>;
}

/** The diagnosis of a pasted bounce: what happened, why, and what to do (all bounce text shown as text). */
export function BounceDiagnosisPanel({ diagnosis: d }: { diagnosis: Diagnosis }) {
  const p = permanence(d);
  const recipients = d.recipients ?? [];
  return (
    <section
      aria-labelledby="bounce-title"
      data-testid="bounce-panel"
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="bounce-title" className="text-lg font-semibold">
        Bounce diagnosis
      </h2>
      <p className="mt-1 text-base font-medium break-words" data-testid="bounce-summary">
        {d.summary}
      </p>
      <p className="mt-2 flex flex-wrap gap-2 text-xs">
        <span className={`rounded px-1.5 py-0.5 font-semibold ${TONE_PILL[p.tone]}`}>{p.text}</span>
        <span className={`rounded px-1.5 py-0.5 font-semibold ${TONE_PILL[d.retry ? "warn" : "neutral"]}`}>
          {d.retry ? "Retrying may work" : "Do not retry as is"}
        </span>
      </p>

      <div className="mt-4">
        <Fields
          rows={[
            ["Reply code", code(d.replyCode)],
            [
              "Enhanced code",
              d.enhancedCode && (
                <>
                  <span className="font-mono">{d.enhancedCode}</span>
                  {d.enhancedMeaning && <> — {d.enhancedMeaning}</>}
                </>
              ),
            ],
            [
              "Category",
              <>
                <span className="font-mono">{d.family}</span> / <span className="font-mono">{d.reason}</span>
              </>,
            ],
            ["Provider", d.provider],
            ["Stage", d.stage && STAGE[d.stage]],
            ["Recipient", code(d.recipient)],
            ["Sender domain", code(d.senderDomain)],
            ["Sending IP", code(d.sendingIp)],
            ["Remote MTA", code(d.remoteMta)],
            ["Blocklist", d.blocklist && <Blocklist blocklist={d.blocklist} />],
            ["Action", d.action],
          ]}
        />
      </div>

      {d.fix.length > 0 && (
        <div className="mt-4 rounded-md bg-slate-50 p-3 dark:bg-slate-800/60">
          <h3 className="text-sm font-semibold">How to fix it</h3>
          <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm">
            {d.fix.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
        </div>
      )}

      {recipients.length > 1 && (
        <div className="mt-4">
          <h3 className="text-sm font-semibold">Per recipient ({recipients.length})</h3>
          <div className="mt-1 overflow-x-auto" tabIndex={0}>
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-600 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Recipient
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Code
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Reason
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Summary
                  </th>
                </tr>
              </thead>
              <tbody>
                {recipients.map((r, i) => (
                  <tr key={i} className="border-t border-slate-100 align-top dark:border-slate-800">
                    <td className="py-1 pr-3 font-mono text-xs break-all">{r.recipient ?? "—"}</td>
                    <td className="py-1 pr-3 font-mono text-xs whitespace-nowrap">
                      {[r.replyCode, r.enhancedCode].filter((x) => x !== null).join(" ") || "—"}
                    </td>
                    <td className="py-1 pr-3 text-xs">
                      {r.reason}
                      {r.permanent === false ? " (temporary)" : r.permanent ? " (permanent)" : ""}
                    </td>
                    <td className="py-1 pr-3 text-xs break-words">{r.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

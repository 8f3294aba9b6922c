import { CheckFromDomainButton } from "@/components/mail/message-tools";
import type { ExplainedFinding } from "@/lib/findings";
import type { MimePart } from "@/lib/mail/message/parse";
import type { MessageSection } from "@/lib/mail/message/types";

const TONE: Record<string, string> = {
  pass: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200",
  fail: "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200",
  other: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
};

function Verdict({ result }: { result: string }) {
  const tone =
    result === "pass"
      ? TONE.pass
      : ["fail", "softfail", "permerror", "policy"].includes(result)
        ? TONE.fail
        : TONE.other;
  return <span className={`rounded px-1.5 py-0.5 font-mono text-xs ${tone}`}>{result}</span>;
}

function Mime({ part }: { part: MimePart }) {
  return (
    <li>
      <span className="font-mono text-xs">{part.path || "·"}</span> {part.contentType}
      {part.filename ? ` "${part.filename}"` : ""} <span className="text-slate-500">({part.size} bytes)</span>
      {part.children && (
        <ul className="ml-4 list-none">
          {part.children.map((c) => (
            <Mime key={c.path} part={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

const box = "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900";

/** A received or pasted message: how it authenticated, what the providers would do, its structure. */
export function MessagePanel({
  message: m,
  findings,
}: {
  message: MessageSection;
  findings: ExplainedFinding[];
}) {
  return (
    <div className="space-y-4" data-testid="message-panel">
      <section className={box} aria-label="Message">
        <h2 className="text-lg font-semibold">Message</h2>
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-600 dark:text-slate-400">From</dt>
          <dd className="break-all">{m.from.address ?? "(none)"}</dd>
          {m.subject && (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Subject</dt>
              <dd className="break-words">{m.subject}</dd>
            </>
          )}
          <dt className="text-slate-600 dark:text-slate-400">Size</dt>
          <dd>
            {m.size} bytes
            {m.headerOnly
              ? " (headers only)"
              : ` · ${m.textParts} text, ${m.htmlParts} HTML, ${m.attachments} attachments`}
          </dd>
          {m.envelope && (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Connection</dt>
              <dd className="break-all" data-testid="message-connection">
                {m.envelope.clientIp} · HELO {m.envelope.helo ?? "-"} · MAIL FROM &lt;
                {m.envelope.mailFrom ?? ""}&gt; ·{" "}
                {m.envelope.tlsUnknown
                  ? "TLS unknown"
                  : m.envelope.tls
                    ? `${m.envelope.tls.version} ${m.envelope.tls.cipher}`
                    : "no TLS"}
              </dd>
            </>
          )}
        </dl>
        {m.from.domain && (
          <div className="no-print mt-3">
            <CheckFromDomainButton domain={m.from.domain} />
          </div>
        )}
      </section>

      <section className={box} aria-label="Authentication">
        <h2 className="text-lg font-semibold">Authentication</h2>
        <ul className="mt-2 space-y-2 text-sm" data-testid="message-auth">
          <li>
            SPF {m.spf ? <Verdict result={m.spf.result} /> : <Verdict result="not checked" />}{" "}
            {m.spf ? `${m.spf.domain ?? ""} for ${m.spf.ip}` : "(no connecting IP: paste or upload)"}
          </li>
          {m.dkim.length === 0 && (
            <li>
              DKIM <Verdict result="none" /> no signature
            </li>
          )}
          {m.dkim.map((s, i) => (
            <li key={i}>
              DKIM <Verdict result={s.result} /> d={s.domain} s={s.selector} {s.algorithm}
              {s.keyBits ? ` · ${s.keyBits}-bit key` : ""}
              {s.aligned ? " · aligned" : " · not aligned"}
              {s.bodyLength !== null ? ` · l=${s.bodyLength}` : ""}
              <div className="font-mono text-xs break-all text-slate-500">h={s.headers.join(":")}</div>
            </li>
          ))}
          <li>
            DMARC <Verdict result={m.dmarc?.result ?? "none"} /> {m.dmarc?.fromDomain ?? m.from.domain}
            {m.dmarc?.policy ? ` · p=${m.dmarc.policy}` : ""}
          </li>
          <li>
            ARC <Verdict result={m.arc.result} />
            {m.arc.instances ? ` ${m.arc.instances} set(s) by ${m.arc.sealers.join(", ")}` : ""}
          </li>
          {m.fcrdns && (
            <li>
              Reverse DNS <Verdict result={m.fcrdns.confirmed ? "pass" : "fail"} />{" "}
              {m.fcrdns.names.join(", ") || "no PTR"}
              {m.fcrdns.heloMatches === false ? " · HELO differs" : ""}
            </li>
          )}
          <li>
            One-click unsubscribe{" "}
            <Verdict
              result={m.unsubscribe.oneClick && m.unsubscribe.https && m.unsubscribe.signed ? "pass" : "fail"}
            />{" "}
            {m.unsubscribe.uris.length ? m.unsubscribe.uris.join(", ") : "no List-Unsubscribe"}
            {m.unsubscribe.oneClick ? (m.unsubscribe.signed ? " · signed" : " · not signed") : ""}
          </li>
        </ul>
      </section>

      <section className={box} aria-label="Provider requirements">
        <h2 className="text-lg font-semibold">Gmail, Yahoo and Microsoft requirements</h2>
        <table className="mt-2 w-full text-left text-sm" data-testid="provider-rules">
          <tbody>
            {m.providers.map((r) => (
              <tr key={r.rule} className="border-t border-slate-100 align-top dark:border-slate-800">
                <td className="py-1 pr-2">
                  <Verdict result={r.status} />
                </td>
                <td className="py-1 pr-2 capitalize">{r.provider}</td>
                <td className="py-1">
                  {r.title}
                  {r.appliesTo === "bulk" ? <span className="text-slate-500"> (bulk senders)</span> : null}
                  {r.status === "fail" && r.reply && (
                    <div className="font-mono text-xs break-words text-red-800 dark:text-red-300">
                      {r.reply}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {findings.length > 0 && (
        <section className={box} aria-label="Message findings">
          <h2 className="text-lg font-semibold">Findings</h2>
          <ul className="mt-2 space-y-3 text-sm" data-testid="message-findings">
            {findings.map((f, i) => (
              <li key={i}>
                <span className="font-medium">{f.title}</span>{" "}
                <code className="text-xs text-slate-500">{f.code}</code>
                {f.detail && <div>{f.detail}</div>}
                {f.fix && <div className="text-slate-700 dark:text-slate-300">Fix: {f.fix.text}</div>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {m.mime && (
        <section className={box} aria-label="MIME structure">
          <h2 className="text-lg font-semibold">MIME structure</h2>
          <ul className="mt-2 list-none text-sm">
            <Mime part={m.mime} />
          </ul>
        </section>
      )}
    </div>
  );
}

/**
 * On a domain report: what the latest message received from that domain (and sent by it) showed, provider
 * by provider. Dated, not linked: a message report is private, reached by its own share link alone.
 */
export function LatestMessageRules({
  createdAt,
  providers,
}: {
  createdAt: string;
  providers: MessageSection["providers"];
}) {
  const failing = providers.filter((p) => p.status === "fail");
  return (
    <section className={box} aria-label="Latest received message" data-testid="latest-message">
      <h2 className="text-lg font-semibold">From the latest message received from this domain</h2>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Received <time dateTime={createdAt}>{new Date(createdAt).toUTCString()}</time>, before this report was
        made. Only a message this domain demonstrably sent (SPF or DKIM passing for it) is taken.
      </p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        What only a real message shows (alignment, TLS, one-click unsubscribe):{" "}
        {failing.length === 0
          ? "every provider requirement checked passed."
          : `${failing.length} requirement(s) failed.`}
      </p>
      <ul className="mt-2 space-y-1 text-sm">
        {providers.map((r) => (
          <li key={r.rule}>
            <Verdict result={r.status} /> <span className="capitalize">{r.provider}</span>: {r.title}
          </li>
        ))}
      </ul>
    </section>
  );
}

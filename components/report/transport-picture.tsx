import type { DaneEvidence } from "@/lib/checks/dane/index";
import { mxMatches, type MtaStsEvidence, type PresentedCertificate } from "@/lib/checks/mta-sts/parse";
import type { SmtpTlsEvidence } from "@/lib/checks/smtp-tls/parse";
import { TONE_TEXT, type Tone } from "./visuals";

type State = { tone: Tone; text: string };

const unknown = (text: string): State => ({ tone: "neutral", text });

/**
 * The transport at a glance: each MX host with its TLS, certificate, MTA-STS match and DANE state side by
 * side, from the smtp_tls, mta_sts and dane evidence (plain data in; nothing is fetched here).
 */
export function TransportPicture({
  smtp,
  mtaSts,
  dane,
}: {
  smtp: SmtpTlsEvidence;
  mtaSts?: (MtaStsEvidence & { certificates?: PresentedCertificate[] }) | undefined;
  dane?: DaneEvidence | undefined;
}) {
  if (smtp.hosts.length === 0) return null;
  const policy = mtaSts?.policy?.parsed;
  return (
    <section
      aria-labelledby="transport-heading"
      data-testid="transport"
      className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="transport-heading" className="font-semibold">
        Transport: how mail reaches {smtp.domain}
      </h2>
      <ol className="mt-3 grid gap-3 sm:grid-cols-2">
        {smtp.hosts.map((h) => {
          const reached = h.probed && Boolean(h.banner);
          const tls: State = !reached
            ? unknown("not reached")
            : !h.starttls
              ? { tone: "bad", text: "no STARTTLS" }
              : h.tls
                ? {
                    tone: h.tls.protocol === "TLSv1.2" || h.tls.protocol === "TLSv1.3" ? "ok" : "warn",
                    text: `${h.tls.protocol ?? "TLS"} ${h.tls.cipher ?? ""}`.trim(),
                  }
                : { tone: "bad", text: "handshake failed" };
          const cert: State = !h.tls
            ? unknown("—")
            : h.tls.daysToExpiry !== null && h.tls.daysToExpiry < 0
              ? { tone: "bad", text: "expired" }
              : !h.tls.trusted
                ? { tone: "bad", text: "untrusted" }
                : !h.tls.nameMatches
                  ? { tone: "bad", text: "wrong name" }
                  : {
                      tone: h.tls.daysToExpiry !== null && h.tls.daysToExpiry <= 14 ? "warn" : "ok",
                      text: `valid, ${h.tls.daysToExpiry ?? "?"} days left`,
                    };
          const presented = mtaSts?.certificates?.find((c) => c.host === h.host);
          const sts: State =
            !policy || policy.mode === "none" || policy.mode === null
              ? unknown("no policy")
              : !policy.mx.some((p) => mxMatches(h.host, p))
                ? { tone: "bad", text: `not in policy (${policy.mode})` }
                : !presented
                  ? unknown(`listed (${policy.mode}); certificate not seen`)
                  : presented.tls && presented.trusted && !presented.expired && cert.tone !== "bad"
                    ? { tone: "ok", text: `matches (${policy.mode})` }
                    : { tone: "bad", text: `certificate refused (${policy.mode})` };
          const d = dane?.hosts.find((x) => x.host === h.host);
          const daneState: State =
            !d || d.tlsa.length === 0
              ? unknown("no TLSA")
              : d.verdict === "valid"
                ? // Our own validation decides; reports stored before it carry only the AD bit.
                  (d.dnssec ? d.dnssec === "secure" : d.authenticated)
                  ? { tone: "ok", text: "TLSA matches" }
                  : { tone: "warn", text: `matches, DNSSEC ${d.dnssec ?? "not validated"}` }
                : d.verdict === "mismatch"
                  ? { tone: "bad", text: "TLSA mismatch" }
                  : unknown("TLSA not verified");
          return (
            <li
              key={h.host}
              data-transport-host={h.host}
              className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700"
            >
              <p className="font-mono break-all">
                <span className="text-slate-600 dark:text-slate-400">MX {h.priority}</span> {h.host}
              </p>
              <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
                {(
                  [
                    ["TLS", tls],
                    ["Certificate", cert],
                    ["MTA-STS", sts],
                    ["DANE", daneState],
                  ] as const
                ).map(([label, s]) => (
                  <div key={label} className="contents" data-state={s.tone}>
                    <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
                    <dd className={TONE_TEXT[s.tone]}>
                      <span aria-hidden="true">
                        {s.tone === "ok" ? "✓ " : s.tone === "bad" ? "✗ " : s.tone === "warn" ? "! " : "? "}
                      </span>
                      {s.text}
                    </dd>
                  </div>
                ))}
              </dl>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

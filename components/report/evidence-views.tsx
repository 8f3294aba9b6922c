import type { ReactNode } from "react";
import type { BimiEvidence } from "@/lib/checks/bimi/index";
import type { DkimSelectorEvidence, DkimSummary } from "@/lib/checks/dkim/index";
import type { DmarcCandidateEvidence, DmarcEvidence } from "@/lib/checks/dmarc/index";
import type { ZoneEvidence } from "@/lib/checks/dnsbl/parse";
import { knownZone } from "@/lib/checks/dnsbl/zones";
import type { DnssecEvidence } from "@/lib/checks/dnssec/index";
import type { MtaStsEvidence } from "@/lib/checks/mta-sts/parse";
import type { MxRecordEvidence } from "@/lib/checks/mx/parse";
import type { PtrEvidence } from "@/lib/checks/ptr/parse";
import type { SpfRecords } from "@/lib/checks/spf/model";
import type { TlsRptEvidence } from "@/lib/checks/tls-rpt/index";
import type { SmtpTlsEvidence } from "@/lib/checks/smtp-tls/parse";
import type { DaneEvidence } from "@/lib/checks/dane/index";
import type { CheckName, Evidence } from "@/lib/checks/types";
import { DmarcLadder } from "./dmarc-ladder";
import { SpfTree } from "./spf-tree";
import { fillLookupUrl, isObject, TONE_TEXT, type Tone } from "./visuals";

/**
 * How the page draws each check's evidence: the records of shapes it knows (`pick`: a saved report may
 * hold older or newer shapes, which the caller shows as JSON) and the component drawing them, typed by
 * the check's own evidence (`Evidence[N]`, from lib/checks/registry.ts). The map must name every
 * registered check: a new check that forgets its view does not compile.
 */
export interface EvidenceView<N extends CheckName> {
  pick(records: readonly unknown[]): Evidence[N];
  View(props: { records: Evidence[N] }): ReactNode;
}

// ---- small building blocks ----

function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    // Focusable so keyboard users can scroll a table wider than a phone (axe: scrollable-region-focusable).
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-slate-600 dark:text-slate-400">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="py-1 pr-3 font-medium whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function Td({ children, mono }: { children: ReactNode; mono?: boolean }) {
  return (
    <td
      className={`border-t border-slate-100 py-1 pr-3 align-top dark:border-slate-800 ${mono ? "font-mono text-xs break-all" : ""}`}
    >
      {children}
    </td>
  );
}

/** A yes/no/unknown with its word, coloured only as a second cue. */
function YesNo({
  value,
  yes = "yes",
  no = "no",
  unknown = "unknown",
}: {
  value: boolean | null | undefined;
  yes?: string;
  no?: string;
  unknown?: string;
}) {
  const tone: Tone = value === true ? "ok" : value === false ? "bad" : "neutral";
  const mark = value === true ? "✓" : value === false ? "✗" : "?";
  return (
    <span className={`whitespace-nowrap ${TONE_TEXT[tone]}`}>
      <span aria-hidden="true">{mark} </span>
      {value === true ? yes : value === false ? no : unknown}
    </span>
  );
}

function Raw({ label, value }: { label?: string; value: string }) {
  return (
    <div>
      {label && <p className="text-xs text-slate-600 dark:text-slate-400 break-all font-mono">{label}</p>}
      <p className="mt-0.5 rounded bg-slate-50 p-2 font-mono text-xs break-all dark:bg-slate-950">{value}</p>
    </div>
  );
}

function Tags({ tags }: { tags: { name: string; value: string }[] }) {
  if (tags.length === 0) return null;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
      {tags.map((t, i) => (
        <div key={i} className="contents">
          <dt className="font-mono font-semibold">{t.name}</dt>
          <dd className="font-mono break-all">{t.value}</dd>
        </div>
      ))}
    </dl>
  );
}

// ---- per check ----

function DkimView({ summary, selectors }: { summary?: DkimSummary; selectors: DkimSelectorEvidence[] }) {
  return (
    <div className="space-y-2">
      {selectors.length > 0 ? (
        <Table caption="DKIM selectors found" head={["Selector", "Key type", "Bits", "Flags", "State"]}>
          {selectors.map((s, i) => (
            <tr key={i}>
              <Td mono>
                {s.selector}
                {s.cnames.length > 0 && (
                  <span className="block text-slate-600 dark:text-slate-400">→ {s.cnames.join(" → ")}</span>
                )}
              </Td>
              <Td>{s.keyType ?? "—"}</Td>
              <Td>{s.bits ?? "—"}</Td>
              <Td>
                {[
                  ...s.flags.map((f) => (f === "y" ? "y (testing)" : f === "s" ? "s (strict)" : f)),
                  ...(s.hashes ? [`h=${s.hashes.join(":")}`] : []),
                ].join(", ") || "—"}
              </Td>
              <Td>
                <span className={TONE_TEXT[s.state === "ok" ? "ok" : "bad"]}>{s.state}</span>
              </Td>
            </tr>
          ))}
        </Table>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No DKIM key found under the selectors tried.
        </p>
      )}
      {summary && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Tried {summary.tried.length} selectors:{" "}
          <span className="font-mono break-all">{summary.tried.join(", ")}</span>.{" "}
          <span className="font-mono">_domainkey.{summary.domain}</span>: {summary.domainkey}.
          {summary.unresolved.length > 0 && (
            <> Unanswered: {summary.unresolved.map((u) => `${u.selector} (${u.status})`).join(", ")}.</>
          )}
        </p>
      )}
    </div>
  );
}

function MxView({ records }: { records: MxRecordEvidence[] }) {
  if (records.length === 0) return null;
  return (
    <Table caption="MX records" head={["Pref.", "Host", "Addresses", "FCrDNS"]}>
      {records.map((r, i) => {
        const addrs = [...(r.addresses?.A ?? []), ...(r.addresses?.AAAA ?? [])];
        return (
          <tr key={i}>
            <Td>{r.priority}</Td>
            <Td mono>
              {r.kind === "null" ? "(null MX: accepts no mail)" : r.exchange}
              {r.cname && (
                <span className="block text-slate-600 dark:text-slate-400">alias of {r.cname}</span>
              )}
            </Td>
            <Td mono>
              {addrs.length ? (
                <ul>
                  {addrs.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              ) : (
                "—"
              )}
            </Td>
            <Td>
              {addrs.length ? (
                <ul className="text-xs">
                  {addrs.map((a) => {
                    const p = r.ptr?.[a];
                    return (
                      <li key={a} className="break-all">
                        {p ? (
                          <>
                            <YesNo value={p.fcrdns} yes="confirmed" no="not confirmed" />
                            {p.names.length > 0 && <span className="font-mono"> {p.names.join(", ")}</span>}
                          </>
                        ) : (
                          <span className="text-slate-600 dark:text-slate-400">not looked up</span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              ) : (
                "—"
              )}
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}

function PtrView({ records }: { records: PtrEvidence[] }) {
  if (records.length === 0) return null;
  return (
    <div className="space-y-3">
      {records.map((r, i) => (
        <div key={i} className="space-y-1 text-sm">
          <p>
            <span className="font-mono">{r.ip}</span> →{" "}
            <span className="font-mono break-all">{r.reverseName}</span>:{" "}
            {r.ptr.length ? (
              <span className="font-mono break-all">{r.ptr.join(", ")}</span>
            ) : (
              <span className={TONE_TEXT.bad}>no PTR ({r.status})</span>
            )}
          </p>
          <p>
            Forward-confirmed: <YesNo value={r.fcrdns} />
          </p>
          {r.forward.length > 0 && (
            <Table
              caption="Forward lookups of the PTR names"
              head={["Name", "Type", "Addresses", "Contains the IP"]}
            >
              {r.forward.map((f, j) => (
                <tr key={j}>
                  <Td mono>{f.name}</Td>
                  <Td>{f.type}</Td>
                  <Td mono>{f.addresses.length ? f.addresses.join(", ") : f.status}</Td>
                  <Td>
                    <YesNo value={f.matches} />
                  </Td>
                </tr>
              ))}
            </Table>
          )}
        </div>
      ))}
    </div>
  );
}

const ZONE_STATUS: Record<string, { text: string; tone: Tone }> = {
  listed: { text: "listed", tone: "bad" },
  clear: { text: "not listed", tone: "ok" },
  refused: { text: "query refused", tone: "neutral" },
  unusable: { text: "zone unusable", tone: "neutral" },
  error: { text: "lookup failed", tone: "neutral" },
};

function DnsblView({ records }: { records: ZoneEvidence[] }) {
  if (records.length === 0) return null;
  const sorted = [...records].sort((a, b) => Number(b.status === "listed") - Number(a.status === "listed"));
  return (
    <Table caption="DNS blocklists queried" head={["Zone", "Subject", "Listed?", "Code", "Meaning", "Link"]}>
      {sorted.map((z, i) => {
        const s = ZONE_STATUS[z.status] ?? { text: z.status, tone: "neutral" as Tone };
        const url = z.status === "listed" ? fillLookupUrl(knownZone(z.zone)?.lookupUrl, z.subject) : null;
        return (
          <tr key={i}>
            <Td>
              <span className="font-medium">{z.name}</span>
              <span className="block font-mono text-xs break-all text-slate-600 dark:text-slate-400">
                {z.zone}
              </span>
            </Td>
            <Td mono>{z.subject}</Td>
            <Td>
              <span className={`whitespace-nowrap font-semibold ${TONE_TEXT[s.tone]}`}>{s.text}</span>
              {z.selfTest !== "ok" && (
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  self-test: {z.selfTest}
                </span>
              )}
            </Td>
            <Td mono>{z.codes.map((c) => c.code).join(", ") || "—"}</Td>
            <Td>
              <span className="text-xs">{z.codes.map((c) => c.meaning).join("; ") || "—"}</span>
              {z.reason && (
                <span className="block text-xs break-words text-slate-600 dark:text-slate-400">
                  {z.reason}
                </span>
              )}
            </Td>
            <Td>
              {url ? (
                <a
                  className="text-sky-700 underline dark:text-sky-300"
                  href={url}
                  rel="noopener noreferrer"
                  target="_blank"
                >
                  Look up
                  <span className="sr-only">
                    {" "}
                    {z.subject} on {z.name} (opens in a new tab)
                  </span>
                </a>
              ) : (
                "—"
              )}
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}

function MtaStsView({ ev }: { ev: MtaStsEvidence }) {
  const parsed = ev.policy?.parsed;
  return (
    <div className="space-y-3 text-sm">
      {ev.txt.records.length ? (
        ev.txt.records.map((r, i) => <Raw key={i} label="_mta-sts TXT" value={r} />)
      ) : (
        <p>No _mta-sts TXT record.</p>
      )}
      {ev.txt.id && (
        <p>
          Policy id: <span className="font-mono">{ev.txt.id}</span>
        </p>
      )}
      {ev.policy && (
        <div className="space-y-1">
          <p className="break-all">
            Policy <span className="font-mono">{ev.policy.url}</span>
            {ev.policy.httpStatus !== undefined && <> · HTTP {ev.policy.httpStatus}</>}
            {ev.policy.contentType && <> · {ev.policy.contentType}</>}
          </p>
          {parsed && (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5">
              <dt className="text-slate-600 dark:text-slate-400">mode</dt>
              <dd className="font-mono">{parsed.mode ?? "—"}</dd>
              <dt className="text-slate-600 dark:text-slate-400">mx</dt>
              <dd className="font-mono break-all">{parsed.mx.join(", ") || "—"}</dd>
              <dt className="text-slate-600 dark:text-slate-400">max_age</dt>
              <dd className="font-mono">
                {parsed.maxAge ?? "—"}
                {parsed.maxAge !== null && (
                  <span className="font-sans"> s ({Math.round(parsed.maxAge / 86400)} days)</span>
                )}
              </dd>
            </dl>
          )}
        </div>
      )}
      {ev.mx.length > 0 && (
        <p>
          MX hosts to match: <span className="font-mono break-all">{ev.mx.join(", ")}</span>
        </p>
      )}
    </div>
  );
}

function TlsRptView({ records }: { records: TlsRptEvidence[] }) {
  if (records.length === 0) return null;
  return (
    <div className="space-y-3">
      {records.map((r, i) => (
        <div key={i} className="space-y-1">
          <Raw label={r.name} value={r.raw} />
          <p className="text-sm">
            Valid: <YesNo value={r.valid} />
          </p>
          <Tags tags={[...r.rua.map((u) => ({ name: "rua", value: u.uri })), ...r.extensions]} />
        </div>
      ))}
    </div>
  );
}

function BimiView({ records }: { records: BimiEvidence[] }) {
  if (records.length === 0) return null;
  return (
    <div className="space-y-3">
      {records.map((r, i) => (
        <div key={i} className="space-y-1 text-sm">
          <Raw label={`${r.name}${r.source === "org" ? " (organizational domain)" : ""}`} value={r.raw} />
          {r.declined ? (
            <p>The domain declines BIMI (empty l=).</p>
          ) : (
            <Tags
              tags={[
                ...r.logos.map((l) => ({ name: "l (logo)", value: l })),
                ...(r.authority ? [{ name: "a (certificate)", value: r.authority }] : []),
              ]}
            />
          )}
          <p className="text-xs text-slate-600 dark:text-slate-400">
            DMARC: {r.dmarc.outcome}
            {r.dmarc.policy && <> · p={r.dmarc.policy}</>}
            {r.dmarc.pct !== undefined && <> · pct={r.dmarc.pct}</>}
            {r.dmarc.enforced !== undefined && <> · {r.dmarc.enforced ? "enforced" : "not enforced"}</>}
          </p>
        </div>
      ))}
    </div>
  );
}

function DnssecView({ ev }: { ev: DnssecEvidence }) {
  return (
    <div className="space-y-2 text-sm">
      <p>
        Zone <span className="font-mono">{ev.apex}</span>: validated <YesNo value={ev.validated} />{" "}
        <span className="text-xs text-slate-600 dark:text-slate-400">
          ({ev.method}; resolver validates: {ev.resolverValidates ? "yes" : "no"})
        </span>
      </p>
      {ev.validation && ev.validation.length > 0 && (
        <Table
          caption="Answers validated by mxray from the trust anchor"
          head={["Name", "Type", "Result", "Chain of trust / reason"]}
        >
          {ev.validation.map((v, i) => (
            <tr key={i}>
              <Td mono>{v.name}</Td>
              <Td>{v.type}</Td>
              <Td>{v.security}</Td>
              <Td mono>{v.reason ?? v.chain.map((z) => z || ".").join(" → ")}</Td>
            </tr>
          ))}
        </Table>
      )}
      {ev.ds.length > 0 && (
        <Table
          caption="DS records at the parent"
          head={["DS key tag", "Algorithm", "Digest", "Matches a DNSKEY"]}
        >
          {ev.ds.map((d, i) => (
            <tr key={i}>
              <Td mono>{d.keyTag}</Td>
              <Td>{d.algorithmName}</Td>
              <Td>{d.digestName}</Td>
              <Td>{d.match}</Td>
            </tr>
          ))}
        </Table>
      )}
      {ev.dnskeys.length > 0 && (
        <Table caption="DNSKEY records in the zone" head={["DNSKEY key tag", "Algorithm", "Flags", "Role"]}>
          {ev.dnskeys.map((k, i) => (
            <tr key={i}>
              <Td mono>{k.keyTag}</Td>
              <Td>{k.algorithmName}</Td>
              <Td mono>{k.flags}</Td>
              <Td>
                {[k.sep ? "KSK (SEP)" : k.zoneKey ? "ZSK" : "not a zone key", k.revoked ? "revoked" : ""]
                  .filter(Boolean)
                  .join(", ")}
              </Td>
            </tr>
          ))}
        </Table>
      )}
      {ev.ds.length === 0 && ev.dnskeys.length === 0 && <p>No DS or DNSKEY records: the zone is unsigned.</p>}
    </div>
  );
}

function SmtpTlsView({ ev }: { ev: SmtpTlsEvidence }) {
  return (
    <div className="space-y-3 text-sm">
      <Table
        caption={`SMTP TLS of each MX host (port ${ev.port})`}
        head={["MX host", "address", "STARTTLS", "TLS", "trusted", "names host", "expires in", "key"]}
      >
        {ev.hosts.map((h) => {
          const leaf = h.tls?.chain[0];
          return (
            <tr key={h.host} data-smtp-host={h.host}>
              <Td mono>{h.host}</Td>
              <Td mono>{h.address ?? "—"}</Td>
              <Td>
                {h.probed && h.starttls !== undefined && h.banner ? (
                  <YesNo value={h.starttls} />
                ) : (
                  <span className="text-slate-600 dark:text-slate-400">not reached</span>
                )}
              </Td>
              <Td mono>{h.tls ? `${h.tls.protocol ?? "?"} ${h.tls.cipher ?? ""}` : "—"}</Td>
              <Td>{h.tls ? <YesNo value={h.tls.trusted} /> : "—"}</Td>
              <Td>{h.tls ? <YesNo value={h.tls.nameMatches} /> : "—"}</Td>
              <Td>
                {h.tls?.daysToExpiry !== undefined && h.tls?.daysToExpiry !== null
                  ? `${h.tls.daysToExpiry} days`
                  : "—"}
              </Td>
              <Td mono>{leaf ? `${leaf.keyType ?? "?"} ${leaf.keyBits ?? ""}` : "—"}</Td>
            </tr>
          );
        })}
      </Table>
      {ev.hosts.map(
        (h) =>
          Boolean(h.tls?.chain.length || h.detail || h.transcript?.length) && (
            <details key={h.host}>
              <summary className="cursor-pointer font-mono text-xs">
                {h.host}: certificate chain and transcript
              </summary>
              {h.detail && <p className="mt-1 text-xs">{h.detail}</p>}
              {h.tls?.chain.map((c, i) => (
                <Raw
                  key={i}
                  label={i === 0 ? "leaf" : `issuer ${i}`}
                  value={`subject ${c.subject} · issuer ${c.issuer} · ${c.dnsNames.join(", ") || "no DNS names"} · ${c.validFrom.slice(0, 10)} → ${c.validTo.slice(0, 10)} · SHA-256 ${c.fingerprintSha256}`}
                />
              ))}
              {h.transcript && h.transcript.length > 0 && (
                <pre
                  tabIndex={0}
                  className="mt-1 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950"
                >
                  {h.transcript.join("\n")}
                </pre>
              )}
            </details>
          ),
      )}
    </div>
  );
}

function DaneView({ ev }: { ev: DaneEvidence }) {
  return (
    <Table caption="TLSA records of each MX host" head={["TLSA name", "records", "DNSSEC", "match"]}>
      {ev.hosts.map((h) => (
        <tr key={h.host} data-dane-host={h.host}>
          <Td mono>{h.tlsaName}</Td>
          <Td mono>{h.tlsa.length ? h.tlsa.join("\n") : "none"}</Td>
          <Td>
            {h.tlsa.length ? (
              <YesNo
                value={h.dnssec ? h.dnssec === "secure" : h.authenticated}
                yes="validated"
                no={h.dnssec ?? "not validated"}
              />
            ) : (
              "—"
            )}
          </Td>
          <Td>
            {h.verdict === "valid" ? (
              <YesNo value={true} yes="matches" />
            ) : h.verdict === "mismatch" ? (
              <YesNo value={false} no={h.detail ?? "no match"} />
            ) : h.verdict === "unverified" ? (
              <YesNo value={null} unknown="not reached" />
            ) : (
              "—"
            )}
          </Td>
        </tr>
      ))}
    </Table>
  );
}

// ---- which records each view draws ----

type Rec = Record<string, unknown>;
const is = (r: unknown, kind: string): r is Rec => isObject(r) && r.kind === kind;
const has = (r: unknown, ...keys: string[]): r is Rec => isObject(r) && keys.every((k) => k in r);

const isSpf = (r: unknown): r is SpfRecords => is(r, "spf") && isObject(r.totals);
const isDmarc = (r: unknown): r is DmarcEvidence =>
  is(r, "dmarc") && isObject(r.effective) && Array.isArray(r.tags);
const isDmarcCandidate = (r: unknown): r is DmarcCandidateEvidence => is(r, "dmarc_candidate");
const isDkimSummary = (r: unknown): r is DkimSummary => is(r, "dkim_summary") && Array.isArray(r.tried);
const isDkimSelector = (r: unknown): r is DkimSelectorEvidence =>
  is(r, "dkim_selector") && Array.isArray(r.flags);
const isMx = (r: unknown): r is MxRecordEvidence => has(r, "priority", "exchange", "addresses");
const isPtr = (r: unknown): r is PtrEvidence =>
  has(r, "ip", "reverseName", "ptr", "forward") && Array.isArray(r.ptr) && Array.isArray(r.forward);
const isZone = (r: unknown): r is ZoneEvidence =>
  has(r, "zone", "subject", "status", "codes") && Array.isArray(r.codes);
const isMtaSts = (r: unknown): r is MtaStsEvidence =>
  has(r, "txt", "policy", "mx") && isObject(r.txt) && Array.isArray(r.txt.records);
const isTlsRpt = (r: unknown): r is TlsRptEvidence => is(r, "tls_rpt") && Array.isArray(r.rua);
const isBimi = (r: unknown): r is BimiEvidence =>
  is(r, "bimi") && Array.isArray(r.logos) && isObject(r.dmarc);
const isDnssec = (r: unknown): r is DnssecEvidence =>
  is(r, "dnssec") && Array.isArray(r.ds) && Array.isArray(r.dnskeys);
const isSmtpTls = (r: unknown): r is SmtpTlsEvidence => is(r, "smtp_tls") && Array.isArray(r.hosts);
const isDane = (r: unknown): r is DaneEvidence => is(r, "dane") && Array.isArray(r.hosts);

function DmarcView({ records }: { records: Evidence["dmarc"] }) {
  const ev = records.filter(isDmarc);
  const candidates = records.filter(isDmarcCandidate);
  return (
    <>
      {ev.map((r, i) => (
        <DmarcLadder key={i} records={r} />
      ))}
      {candidates.length > 0 && (
        <div className="space-y-2">
          <p className={`text-sm ${TONE_TEXT.bad}`}>Several DMARC records: receivers ignore them all.</p>
          {candidates.map((c, i) => (
            <Raw key={i} label={c.name} value={c.raw} />
          ))}
        </div>
      )}
    </>
  );
}

export const EVIDENCE_VIEWS: { [N in CheckName]: EvidenceView<N> } = {
  spf: {
    pick: (records) => records.filter(isSpf),
    View: ({ records }) => records.map((r, i) => <SpfTree key={i} records={r} />),
  },
  dmarc: {
    pick: (records) => records.filter((r) => isDmarc(r) || isDmarcCandidate(r)),
    View: DmarcView,
  },
  dkim: {
    pick: (records) => {
      const summary = records.find(isDkimSummary);
      // The first summary only (the view shows one), and every selector.
      return records.filter(
        (r): r is DkimSummary | DkimSelectorEvidence =>
          (r === summary && summary !== undefined) || isDkimSelector(r),
      );
    },
    View: ({ records }) => (
      <DkimView summary={records.find(isDkimSummary)} selectors={records.filter(isDkimSelector)} />
    ),
  },
  mx: { pick: (records) => records.filter(isMx), View: MxView },
  ptr: { pick: (records) => records.filter(isPtr), View: PtrView },
  dnsbl: { pick: (records) => records.filter(isZone), View: DnsblView },
  mta_sts: {
    pick: (records) => records.filter(isMtaSts),
    View: ({ records }) => records.map((r, i) => <MtaStsView key={i} ev={r} />),
  },
  tls_rpt: { pick: (records) => records.filter(isTlsRpt), View: TlsRptView },
  bimi: { pick: (records) => records.filter(isBimi), View: BimiView },
  dnssec: {
    pick: (records) => records.filter(isDnssec),
    View: ({ records }) => records.map((r, i) => <DnssecView key={i} ev={r} />),
  },
  smtp_tls: {
    pick: (records) => records.filter(isSmtpTls),
    View: ({ records }) => records.map((r, i) => <SmtpTlsView key={i} ev={r} />),
  },
  dane: {
    pick: (records) => records.filter(isDane),
    View: ({ records }) => records.map((r, i) => <DaneView key={i} ev={r} />),
  },
};

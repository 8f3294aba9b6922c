import type { CheckName } from "@/lib/checks/types";
import type { ReportDocument, ReportStatus } from "@/lib/report/types";
import { undeterminedReasons } from "@/lib/report/view";

const BADGE: Record<ReportStatus, { headline: string; tone: string }> = {
  complete: { headline: "Not graded", tone: "border-slate-400 text-slate-700 dark:text-slate-300" },
  incomplete: { headline: "Incomplete", tone: "border-amber-500 text-amber-800 dark:text-amber-300" },
  domain_not_found: { headline: "Not found", tone: "border-red-600 text-red-800 dark:text-red-300" },
  not_a_bounce: { headline: "Not a bounce", tone: "border-amber-500 text-amber-800 dark:text-amber-300" },
};

/** In place of the score gauge when a report has no score: never a grade it does not have. */
export function VerdictBadge({
  status,
  range,
}: {
  status: ReportStatus;
  range: { min: number; max: number } | null;
}) {
  const b = BADGE[status];
  return (
    <div
      className={`flex h-32 w-32 shrink-0 flex-col items-center justify-center rounded-full border-8 text-center ${b.tone}`}
      data-testid="verdict-badge"
      data-status={status}
    >
      <span className="text-sm leading-tight font-bold">{b.headline}</span>
      {status === "incomplete" && range && (
        <span className="mt-1 text-xs">
          {range.min}–{range.max}
        </span>
      )}
    </div>
  );
}

/** "Incomplete: N checks could not be determined", with the range, the reasons and the resolver asked. */
export function IncompleteBanner({
  doc,
  range,
  unknown,
}: {
  doc: ReportDocument;
  range: { min: number; max: number } | null;
  unknown: readonly CheckName[];
}) {
  const rows = undeterminedReasons(doc, unknown);
  const servers = (doc.dns.servers ?? []).join(", ") || "the system's resolver";
  return (
    <section
      role="status"
      className="rounded-xl border-l-4 border-amber-500 bg-amber-50 p-4 dark:bg-amber-950/40"
      data-testid="incomplete-banner"
    >
      <p className="font-semibold">
        Incomplete: {rows.length} {rows.length === 1 ? "check" : "checks"} could not be determined
      </p>
      <p className="mt-1 text-sm">
        No grade is given without the evidence.
        {range
          ? ` Once they are determined the score will be between ${range.min} and ${range.max}.`
          : ""}{" "}
        Resolver asked: <span className="font-mono">{servers}</span>.
      </p>
      <ul className="mt-2 space-y-1 text-sm">
        {rows.map((r) => (
          <li key={r.check}>
            <span className="font-medium">{r.label}</span>: {r.reasons.join("; ")}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The domain does not exist: said plainly, with the resolver asked and what to try. */
export function DomainNotFound({ doc }: { doc: ReportDocument }) {
  const f = doc.findings?.find((x) => x.code === "domain.not_found");
  const name = String(f?.params.name ?? doc.input.domain ?? "This domain");
  const servers = (doc.dns.servers ?? []).join(", ") || "the system's resolver";
  return (
    <section
      role="alert"
      className="rounded-xl border-l-4 border-red-600 bg-red-50 p-4 dark:bg-red-950/40"
      data-testid="domain-not-found"
    >
      <p className="text-lg font-semibold">{doc.input.domainUnicode ?? doc.input.domain} does not exist</p>
      <p className="mt-1 text-sm">
        The resolver asked (<span className="font-mono">{servers}</span>) answers that{" "}
        {f?.params.reason === "no_zone"
          ? `no zone holds ${name}: there is no SOA or NS record at or above it`
          : `there is no such name as ${name} (NXDOMAIN)`}
        . There is nothing to score and no record to publish.
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        <li>Check the spelling.</li>
        <li>If this domain exists, your resolver may be filtering it: try another resolver.</li>
      </ul>
    </section>
  );
}

/** The pasted bounce itself, as text: the evidence behind the diagnosis (collapsed when long). */
export function PastedBounce({ text }: { text: string }) {
  const lines = text.split(/\r?\n/).length;
  const long = lines > 12 || text.length > 1200;
  const body = (
    <pre
      className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-100 p-3 font-mono text-xs break-all whitespace-pre-wrap dark:bg-slate-800"
      data-testid="pasted-bounce-text"
    >
      {text}
    </pre>
  );
  return (
    <section
      className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
      data-testid="pasted-bounce"
    >
      {long ? (
        <details>
          <summary className="cursor-pointer font-semibold">The bounce as pasted ({lines} lines)</summary>
          {body}
        </details>
      ) : (
        <>
          <h2 className="font-semibold">The bounce as pasted</h2>
          {body}
        </>
      )}
    </section>
  );
}

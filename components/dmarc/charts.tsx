import type { DaySummary } from "@/lib/dmarc-reports/summary";

/**
 * Messages per day, passing (green) over failing (red) DMARC, as stacked columns. Each column links to
 * the day's rows. Plain SVG: no chart library, readable without JavaScript.
 */
export function DailyChart({ days, hrefFor }: { days: DaySummary[]; hrefFor: (day: string) => string }) {
  if (days.length === 0) return null;
  const W = 720;
  const H = 180;
  const pad = 28;
  const max = Math.max(...days.map((d) => d.messages), 1);
  const bw = Math.max(2, Math.min(40, (W - pad * 2) / days.length - 2));
  const step = (W - pad * 2) / days.length;
  const y = (n: number) => (n / max) * (H - pad * 2);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Messages per day, ${days[0]!.day} to ${days.at(-1)!.day}: passing DMARC in green, failing in red`}
      className="h-auto w-full"
    >
      <line x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} className="stroke-slate-300" />
      <text x={pad} y={pad - 10} className="fill-slate-500 text-[10px]">
        {max.toLocaleString("en")} messages
      </text>
      {days.map((d, i) => {
        const x = pad + i * step + (step - bw) / 2;
        const hp = y(d.pass);
        const hf = y(d.fail);
        return (
          <a key={d.day} href={hrefFor(d.day)}>
            <title>{`${d.day}: ${d.messages} messages, ${d.pass} pass, ${d.fail} fail`}</title>
            <rect x={x} y={H - pad - hp} width={bw} height={hp} className="fill-emerald-600" />
            <rect x={x} y={H - pad - hp - hf} width={bw} height={hf} className="fill-red-600" />
          </a>
        );
      })}
      <text x={pad} y={H - 8} className="fill-slate-500 text-[10px]">
        {days[0]!.day}
      </text>
      <text x={W - pad} y={H - 8} textAnchor="end" className="fill-slate-500 text-[10px]">
        {days.at(-1)!.day}
      </text>
    </svg>
  );
}

/** One horizontal bar split pass / fail, scaled to `max`. */
export function PassFailBar({ pass, fail, max }: { pass: number; fail: number; max: number }) {
  const W = 160;
  const wp = max ? (pass / max) * W : 0;
  const wf = max ? (fail / max) * W : 0;
  return (
    <svg viewBox={`0 0 ${W} 10`} width={W} height={10} aria-hidden="true">
      <rect x={0} y={0} width={wp} height={10} className="fill-emerald-600" />
      <rect x={wp} y={0} width={wf} height={10} className="fill-red-600" />
    </svg>
  );
}

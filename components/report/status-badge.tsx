import type { CheckStatus, Severity } from "@/lib/checks/types";
import { STATUS_LABELS } from "@/lib/checks/labels";

const STATUS_STYLE: Record<CheckStatus, string> = {
  pass: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  warn: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  fail: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-100",
  error: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  info: "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100",
  skipped: "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
};

export function StatusBadge({ status }: { status: CheckStatus }) {
  return (
    <span
      className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[status]}`}
      data-status={status}
    >
      {STATUS_LABELS[status]}
    </span>
  );
}

const SEVERITY_STYLE: Record<Severity, string> = {
  critical: "bg-red-700 text-white",
  high: "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100",
  medium: "bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100",
  low: "bg-yellow-50 text-yellow-900 dark:bg-yellow-900/40 dark:text-yellow-100",
  info: "bg-sky-50 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ${SEVERITY_STYLE[severity]}`}
    >
      {severity}
    </span>
  );
}

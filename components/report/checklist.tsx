import type { FilledChecklistItem } from "@/lib/mail/message/checklist";
import type { ChecklistStatus } from "@/lib/scoring/checklist";

const STATUS: Record<ChecklistStatus, { text: string; icon: string; style: string }> = {
  pass: {
    text: "Pass",
    icon: "M4 10.5l4 4 8-9",
    style: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  },
  fail: {
    text: "Fail",
    icon: "M5 5l10 10M15 5L5 15",
    style: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-100",
  },
  unknown: {
    text: "Unknown",
    icon: "M7.5 7.5a2.5 2.5 0 115 0c0 1.8-2.5 2-2.5 4M10 15v.5",
    style: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  },
  not_applicable: {
    text: "Not checked",
    icon: "M5 10h10",
    style: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  },
};

/** Gmail/Yahoo bulk-sender requirements: icon plus written status for each item, and why. */
export function BulkSenderChecklist({ items }: { items: FilledChecklistItem[] }) {
  const passed = items.filter((i) => i.status === "pass").length;
  const fromMessage = items.some((i) => i.fromMessage);
  const failed = items.filter((i) => i.status === "fail").length;
  return (
    <section
      aria-labelledby="bulk-checklist-title"
      data-testid="bulk-checklist"
      className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="bulk-checklist-title" className="font-semibold">
        Gmail &amp; Yahoo bulk-sender requirements
      </h2>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {passed} of {items.length} met{failed > 0 ? `, ${failed} not met` : ""}, from what DNS can show
        {fromMessage ? " and the latest message received from this domain" : ""}.
      </p>
      <ul className="mt-3 divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((item) => {
          const s = STATUS[item.status];
          return (
            <li
              key={item.id}
              data-item={item.id}
              data-status={item.status}
              className="flex items-start gap-3 py-2"
            >
              <span
                className={`mt-0.5 inline-flex shrink-0 items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ${s.style}`}
              >
                <svg
                  viewBox="0 0 20 20"
                  aria-hidden="true"
                  className="h-3.5 w-3.5"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2.5"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                >
                  <path d={s.icon} />
                </svg>
                {s.text}
              </span>
              <div className="min-w-0">
                <p className="text-sm font-medium">{item.label}</p>
                {item.because && (
                  <p className="text-xs break-words text-slate-600 dark:text-slate-400">{item.because}</p>
                )}
                {item.fromMessage && (
                  // The message report itself stays private (its own share link only): dated, not linked.
                  <p
                    className="text-xs text-slate-600 dark:text-slate-400"
                    data-from-message={item.fromMessage.createdAt}
                  >
                    As seen in a message received on{" "}
                    <time dateTime={item.fromMessage.createdAt}>
                      {new Date(item.fromMessage.createdAt).toUTCString()}
                    </time>
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

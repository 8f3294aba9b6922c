/**
 * Next.js start-up hook: starts the monitor scheduler (pg-boss) in the Node.js server. MXRAY_SCHEDULER=0
 * turns it off (an instance that should only serve pages; every instance may run it: pg-boss hands each
 * tick to one of them).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.MXRAY_SCHEDULER === "0") return;
  const { startScheduler } = await import("@/lib/monitor/scheduler");
  startScheduler().then(
    () => console.info("monitor scheduler started (pg-boss)"),
    (e: unknown) => console.error("monitor scheduler not started:", e),
  );
}

/**
 * Runs once when the server starts (Next.js instrumentation hook), before it serves a request (Node.js
 * runtime only; nothing while `next build` collects pages).
 * - It stamps each request with the TCP peer's address (lib/http/peer-stamp.ts) so that the client address
 *   used for rate limits never comes from a header the client wrote (MXRAY_TRUSTED_PROXIES decides when
 *   X-Forwarded-For may be believed).
 * - The SMTP inbox and sandbox start with the app; DMARC and TLS reports mailed to dmarc@<MXRAY_MAIL_DOMAIN>
 *   are read into the database like an upload (and filed under a monitor when sent to its dmarc+<token>@).
 * - The monitor scheduler (pg-boss) starts; MXRAY_SCHEDULER=0 turns it off (an instance that should only
 *   serve pages; every instance may run it: pg-boss hands each tick to one of them).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerStamp } = await import("@/lib/http/peer-stamp");
  installPeerStamp();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { registerDmarcMailbox } = await import("@/lib/monitor/dmarc-mailbox");
  registerDmarcMailbox();
  const { startMailServer } = await import("./lib/mail/start");
  await startMailServer();
  const { setting } = await import("@/lib/config");
  if (setting("MXRAY_SCHEDULER") === "0") return;
  const { startScheduler } = await import("@/lib/monitor/scheduler");
  startScheduler().then(
    () => console.info("monitor scheduler started (pg-boss)"),
    (e: unknown) => console.error("monitor scheduler not started:", e),
  );
}

/**
 * Next.js start-up hook: the SMTP inbox and sandbox start with the app (Node.js runtime only; not while
 * `next build` collects pages).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startMailServer } = await import("./lib/mail/start");
  await startMailServer();
}

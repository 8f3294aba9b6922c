/**
 * Runs once when the server starts (Next.js instrumentation hook), before it serves a request (Node.js
 * runtime only; nothing while `next build` collects pages).
 * - It stamps each request with the TCP peer's address (lib/http/peer-stamp.ts) so that the client address
 *   used for rate limits never comes from a header the client wrote (MXRAY_TRUSTED_PROXIES decides when
 *   X-Forwarded-For may be believed).
 * - The SMTP inbox and sandbox start with the app.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerStamp } = await import("@/lib/http/peer-stamp");
  installPeerStamp();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startMailServer } = await import("./lib/mail/start");
  await startMailServer();
}

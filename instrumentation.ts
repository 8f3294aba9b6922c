/**
 * Runs once when the server starts (Next.js instrumentation hook), before it serves a request.
 * It stamps each request with the TCP peer's address (lib/http/peer-stamp.ts) so that the client address
 * used for rate limits never comes from a header the client wrote (MXRAY_TRUSTED_PROXIES decides when
 * X-Forwarded-For may be believed).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerStamp } = await import("@/lib/http/peer-stamp");
  installPeerStamp();
}

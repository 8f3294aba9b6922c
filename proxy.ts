import { NextResponse, type NextRequest } from "next/server";
import { hostAllowed, servedOverHttps } from "@/lib/http/origin";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/http/security-headers";

/**
 * Runs before every request (Next.js 16 Proxy, formerly middleware): refuses Host names not on the
 * allow-list, and gives every response its security headers with a fresh CSP nonce. Next.js reads the
 * nonce from the request's Content-Security-Policy header and puts it on the scripts it renders, which is
 * why pages are rendered per request (app/layout.tsx).
 */
export function proxy(request: NextRequest): NextResponse {
  const host = request.headers.get("host");
  if (!hostAllowed(host)) {
    // RFC 9110 §15.5.20: this server is not configured to answer for that name.
    return new NextResponse("Misdirected request: unknown host name.\n", {
      status: 421,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        ...securityHeaders({ https: false }),
        "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      },
    });
  }
  const https = servedOverHttps(request.headers);
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  for (const [k, v] of Object.entries(securityHeaders({ https }))) response.headers.set(k, v);
  return response;
}

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
  if (!validPercentEncoding(request.nextUrl.pathname)) {
    // RFC 3986 §2.1: "%ff" decodes to no UTF-8 text, so no resource has that name. Next.js would fail
    // decoding the route parameter with a 500; answer 404 here, before routing.
    const api = request.nextUrl.pathname.startsWith("/api/");
    return new NextResponse(
      api
        ? JSON.stringify({
            type: "https://mxray.dev/problems/not-found",
            title: "Not found",
            status: 404,
            detail: "That address is not valid percent-encoding.",
            code: "not_found",
          })
        : "Not found: that address is not valid percent-encoding.\n",
      {
        status: 404,
        headers: {
          "content-type": api ? "application/problem+json" : "text/plain; charset=utf-8",
          ...securityHeaders({ https: false }),
          "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
        },
      },
    );
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

function validPercentEncoding(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

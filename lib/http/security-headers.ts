/**
 * The headers every response carries (set by proxy.ts). Pure, so a unit test can read them and the
 * browser test can compare what the built app sends.
 */

/** 128 random bits, base64: unguessable per response (CSP3 §2.3.1 nonce-source). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

/**
 * Content-Security-Policy (CSP Level 3). Scripts run only with this response's nonce; 'strict-dynamic'
 * lets those scripts load Next.js's chunks, and makes browsers ignore host lists and 'unsafe-inline'
 * for scripts. Styles allow inline style attributes (React sets some), which cannot run code.
 * frame-ancestors 'none' forbids framing (clickjacking).
 */
export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The rest of the hardening headers; HSTS only when the public origin is HTTPS (RFC 6797 §7.2). */
export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // Nothing in mxray uses these powerful features; deny them to the page and anything it embeds.
    "permissions-policy":
      "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()",
    // For browsers without CSP frame-ancestors.
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    ...(opts.https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

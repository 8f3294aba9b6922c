/**
 * HTTPS GET for probes (MTA-STS policies, later others) that cannot be turned against the host running
 * mxray: the name is resolved with the report's own Resolver, only public unicast addresses are used
 * (unless MXRAY_ALLOW_PRIVATE=1, for tests and sandboxes), and the connection goes to exactly the address
 * that was checked (the socket's `lookup` is pinned to it, so no second resolution can swap it). The
 * certificate is validated against the host name (SNI + RFC 6125 name check), redirects are never
 * followed, and size and time are capped.
 */
import https from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { LookupFunction } from "node:net";
import type { DnsAnswer, Resolver } from "@/lib/dns/types";
import { allowPrivateFromEnv, canonicalIp, ipFamily } from "./ip";
import { resolveProbeTarget } from "./probe-target";

export interface SafeHttpsOptions {
  resolver: Resolver;
  /** Whole exchange, resolution included. Default 5000. */
  timeoutMs?: number;
  /** Largest body accepted. Default 64 KiB. */
  maxBytes?: number;
  /** CA certificate(s) to trust instead of the system roots (tests and sandboxes). */
  ca?: string | string[];
  /** Reach loopback/private addresses too. Default: MXRAY_ALLOW_PRIVATE=1. */
  allowPrivate?: boolean;
  /** Port instead of the URL's (tests and sandboxes, which cannot own 443). */
  port?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export type SafeHttpsFailure =
  | "invalid_url"
  | "dns_error"
  | "no_address"
  | "address_not_public"
  | "connect_failed"
  | "tls_error"
  | "timeout"
  | "too_large"
  | "protocol_error";

export interface SafeHttpsResponse {
  ok: true;
  url: string;
  /** The address connected to. */
  address: string;
  status: number;
  headers: IncomingHttpHeaders;
  contentType: string | null;
  body: string;
  bytes: number;
}

export interface SafeHttpsError {
  ok: false;
  url: string;
  reason: SafeHttpsFailure;
  detail: string;
  address?: string;
  /** Addresses the name resolved to (for address_not_public). */
  addresses?: string[];
  /** The failed DNS answers (for dns_error). */
  dnsFailures?: DnsAnswer[];
}

export type SafeHttpsResult = SafeHttpsResponse | SafeHttpsError;

const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;

export async function safeHttpsGet(url: string, opts: SafeHttpsOptions): Promise<SafeHttpsResult> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  const allowPrivate = opts.allowPrivate ?? allowPrivateFromEnv();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, url, reason: "invalid_url", detail: "not a URL" };
  }
  if (parsed.protocol !== "https:")
    return { ok: false, url, reason: "invalid_url", detail: "only https: is allowed" };
  if (parsed.username || parsed.password)
    return { ok: false, url, reason: "invalid_url", detail: "credentials in URL" };

  const deadline = Date.now() + timeoutMs;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const target = await resolveProbeTarget(host, { resolver: opts.resolver, allowPrivate, timeoutMs });
  if (!target.ok) {
    const { reason, detail, addresses, dnsFailures } = target;
    return {
      ok: false,
      url,
      reason,
      detail,
      ...(addresses ? { addresses } : {}),
      ...(dnsFailures ? { dnsFailures } : {}),
    };
  }
  const literal = target.literal ? target.addresses[0]! : null;
  const usable = target.addresses;

  const port = opts.port ?? (parsed.port ? Number(parsed.port) : 443);
  let last: SafeHttpsError | undefined;
  for (const address of usable) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const result = await attempt({
      url,
      parsed,
      host,
      literal,
      address,
      port,
      maxBytes,
      timeoutMs: remaining,
      opts,
    });
    // Only a failure to connect is worth trying the next address for; anything else is the server's answer.
    if (result.ok || result.reason !== "connect_failed") return result;
    last = result;
  }
  return last ?? { ok: false, url, reason: "timeout", detail: `no answer within ${timeoutMs} ms` };
}

function attempt(a: {
  url: string;
  parsed: URL;
  host: string;
  literal: string | null;
  address: string;
  port: number;
  maxBytes: number;
  timeoutMs: number;
  opts: SafeHttpsOptions;
}): Promise<SafeHttpsResult> {
  const { url, parsed, host, address, port, maxBytes, opts } = a;
  const family = ipFamily(address) ?? 4;
  // Pinned resolution: whatever asks (with or without `all`), the answer is the address we vetted.
  const lookup = ((
    _h: string,
    o: { all?: boolean } | number | undefined,
    cb: (...args: unknown[]) => void,
  ) => {
    if (typeof o === "object" && o?.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as unknown as LookupFunction;

  return new Promise<SafeHttpsResult>((resolve) => {
    let settled = false;
    const done = (r: SafeHttpsResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      resolve(r);
    };
    const fail = (reason: SafeHttpsFailure, detail: string) =>
      done({ ok: false, url, reason, detail, address });

    const req = https.request({
      host: a.literal ?? host,
      port,
      path: `${parsed.pathname}${parsed.search}`,
      method: "GET",
      lookup,
      agent: false,
      // SNI and the certificate's name check use the host name, never the address (RFC 6066 §3: no
      // literal IP addresses in SNI).
      ...(a.literal ? {} : { servername: host }),
      ...(opts.ca ? { ca: opts.ca } : {}),
      rejectUnauthorized: true,
      headers: {
        host: port === 443 ? parsed.host : `${parsed.host.replace(/:\d+$/, "")}:${port}`,
        "user-agent": "mxray",
        accept: "text/plain, */*;q=0.1",
        "accept-encoding": "identity",
        ...opts.headers,
      },
    });

    const timer = setTimeout(() => {
      fail("timeout", `no complete answer within ${a.timeoutMs} ms`);
      req.destroy();
    }, a.timeoutMs);
    const onAbort = () => {
      fail("timeout", "aborted");
      req.destroy();
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    req.on("socket", (socket) => {
      socket.once("connect", () => {
        // Belt and braces: the peer must be the address that passed the check.
        const peer = canonicalIp(socket.remoteAddress ?? "");
        if (peer !== canonicalIp(address)) {
          fail("connect_failed", `connected to ${String(socket.remoteAddress)}, expected ${address}`);
          req.destroy();
        }
      });
    });

    req.on("response", (res) => {
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) {
        fail("too_large", `Content-Length ${declared} exceeds ${maxBytes} bytes`);
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          fail("too_large", `body exceeds ${maxBytes} bytes`);
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        done({
          ok: true,
          url,
          address,
          status: res.statusCode ?? 0,
          headers: res.headers,
          contentType: res.headers["content-type"] ?? null,
          body: Buffer.concat(chunks).toString("utf8"),
          bytes,
        });
      });
      res.on("error", (e) => fail("protocol_error", e.message));
    });

    req.on("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "";
      if (TLS_CODES.test(code)) fail("tls_error", `${code}: ${e.message}`);
      else if (
        /^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EADDRNOTAVAIL|ETIMEDOUT|EPIPE)$/.test(code)
      ) {
        fail("connect_failed", `${code} ${address}:${port}`);
      } else fail("protocol_error", code ? `${code}: ${e.message}` : e.message);
    });
    req.end();
  });
}

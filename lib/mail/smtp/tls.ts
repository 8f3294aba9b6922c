/**
 * The SMTP server's certificate: the configured PEM files, or a self-signed one generated on first start
 * (with the openssl CLI) and kept for the next starts. Senders doing opportunistic STARTTLS (RFC 3207) do
 * not authenticate the server, so a self-signed certificate still gives the encrypted transport the report
 * checks for; MTA-STS/DANE senders need a real one (configure MXRAY_SMTP_TLS_KEY / _CERT).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface TlsMaterial {
  key: string;
  cert: string;
  /** "configured" or "self-signed" (generated now or earlier). */
  source: "configured" | "self-signed";
}

export function loadOrCreateCertificate(opts: {
  keyFile?: string | undefined;
  certFile?: string | undefined;
  dir: string;
  hostname: string;
}): TlsMaterial {
  if (opts.keyFile || opts.certFile) {
    if (!opts.keyFile || !opts.certFile) {
      throw new Error("MXRAY_SMTP_TLS_KEY and MXRAY_SMTP_TLS_CERT must be set together");
    }
    return {
      key: readFileSync(opts.keyFile, "utf8"),
      cert: readFileSync(opts.certFile, "utf8"),
      source: "configured",
    };
  }
  const keyPath = join(opts.dir, "key.pem");
  const certPath = join(opts.dir, "cert.pem");
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    mkdirSync(opts.dir, { recursive: true });
    const host = /^[a-z0-9.-]+$/i.test(opts.hostname) ? opts.hostname : "localhost";
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        "825",
        "-subj",
        `/CN=${host}`,
        "-addext",
        `subjectAltName=DNS:${host}`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    chmodSync(keyPath, 0o600);
  }
  return { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8"), source: "self-signed" };
}

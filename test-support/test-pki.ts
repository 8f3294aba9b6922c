/**
 * Test-only: a throwaway certificate authority and a server certificate for the given host names, made
 * with the openssl CLI at test time (nothing is committed; keys live in a temp dir removed at once).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestPki {
  /** PEM of the CA to trust. */
  ca: string;
  /** PEM key and certificate (SANs = hosts) signed by the CA. */
  key: string;
  cert: string;
}

/** openssl's arguments for a new unencrypted P-256 key alongside a request. */
export const NEW_EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** Runs the openssl CLI (in `cwd` when given), its stderr kept for the error. */
export function openssl(cwd?: string): (...args: string[]) => void {
  return (...args) => {
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"], ...(cwd ? { cwd } : {}) });
  };
}

/** A self-signed CA certificate valid for `days`, key and certificate written to the given paths. */
export function makeCa(
  ssl: (...args: string[]) => void,
  out: { key: string; cert: string },
  days: number,
  cn: string,
) {
  ssl(
    "req",
    "-x509",
    ...NEW_EC_KEY,
    "-keyout",
    out.key,
    "-out",
    out.cert,
    "-days",
    String(days),
    "-subj",
    `/CN=${cn}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
}

/** The X.509v3 extensions of a TLS server leaf for `hosts` (an openssl -extfile). */
export function serverLeafExtensions(hosts: string[]): string {
  return [
    "basicConstraints=CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=serverAuth",
    `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
  ].join("\n");
}

export function makeTestPki(hosts: string[]): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "mxray-pki-"));
  const p = (f: string) => join(dir, f);
  const ssl = openssl();
  try {
    makeCa(ssl, { key: p("ca.key"), cert: p("ca.crt") }, 2, "mxray test CA");
    ssl(
      "req",
      ...NEW_EC_KEY,
      "-keyout",
      p("leaf.key"),
      "-out",
      p("leaf.csr"),
      "-subj",
      `/CN=${hosts[0] ?? "localhost"}`,
    );
    writeFileSync(p("leaf.ext"), serverLeafExtensions(hosts));
    ssl(
      "x509",
      "-req",
      "-in",
      p("leaf.csr"),
      "-CA",
      p("ca.crt"),
      "-CAkey",
      p("ca.key"),
      "-CAcreateserial",
      "-out",
      p("leaf.crt"),
      "-days",
      "2",
      "-extfile",
      p("leaf.ext"),
    );
    return {
      ca: readFileSync(p("ca.crt"), "utf8"),
      key: readFileSync(p("leaf.key"), "utf8"),
      cert: readFileSync(p("leaf.crt"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

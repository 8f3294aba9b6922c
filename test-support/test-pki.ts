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

export function makeTestPki(hosts: string[]): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "mxray-pki-"));
  const p = (f: string) => join(dir, f);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  try {
    ssl(
      "req",
      "-x509",
      ...ec,
      "-keyout",
      p("ca.key"),
      "-out",
      p("ca.crt"),
      "-days",
      "2",
      "-subj",
      "/CN=mxray test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    );
    ssl(
      "req",
      ...ec,
      "-keyout",
      p("leaf.key"),
      "-out",
      p("leaf.csr"),
      "-subj",
      `/CN=${hosts[0] ?? "localhost"}`,
    );
    writeFileSync(
      p("leaf.ext"),
      [
        "basicConstraints=CA:FALSE",
        "keyUsage=critical,digitalSignature",
        "extendedKeyUsage=serverAuth",
        `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
      ].join("\n"),
    );
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

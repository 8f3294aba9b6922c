import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateCertificate } from "./tls";

const dir = mkdtempSync(join(tmpdir(), "mxray-smtp-tls-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the SMTP server's certificate", () => {
  it("is generated self-signed on first start for the mail domain, then reused", () => {
    const first = loadOrCreateCertificate({ dir: join(dir, "tls"), hostname: "inbox.example" });
    expect(first.source).toBe("self-signed");
    const cert = new X509Certificate(first.cert);
    expect(cert.subjectAltName).toBe("DNS:inbox.example");
    expect(cert.checkIssued(cert)).toBe(true);
    expect(statSync(join(dir, "tls", "key.pem")).mode & 0o777).toBe(0o600);
    const again = loadOrCreateCertificate({ dir: join(dir, "tls"), hostname: "inbox.example" });
    expect(again.cert).toBe(first.cert);
  });

  it("uses configured files, and wants both of them", () => {
    const made = loadOrCreateCertificate({ dir: join(dir, "tls"), hostname: "inbox.example" });
    const conf = loadOrCreateCertificate({
      keyFile: join(dir, "tls", "key.pem"),
      certFile: join(dir, "tls", "cert.pem"),
      dir: "unused",
      hostname: "x",
    });
    expect(conf).toEqual({ ...made, source: "configured" });
    expect(() => loadOrCreateCertificate({ keyFile: "k.pem", dir, hostname: "x" })).toThrow(/together/);
  });
});

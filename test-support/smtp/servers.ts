/**
 * Test-only: certificates made at test time with the openssl CLI (a test CA and leaves that are valid,
 * expired, about to expire, for the wrong name, or self-signed) and loopback SMTP servers (smtp-server)
 * that present them. Nothing is committed; keys live in a temp dir removed at once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { makeCa, NEW_EC_KEY, openssl, serverLeafExtensions } from "@/test-support/test-pki";
import type { AddressInfo } from "node:net";

export interface KeyCert {
  key: string;
  cert: string;
}

export interface SmtpTestPki {
  ca: string;
  /** Issues a leaf for `hosts` from the test CA, valid from `start` to `end` (Date). */
  issue(hosts: string[], validity?: { start?: Date; end?: Date }): KeyCert;
  /** A self-signed leaf (no CA): untrusted. */
  selfSigned(hosts: string[]): KeyCert;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";

export function makeSmtpTestPki(): SmtpTestPki {
  const dir = mkdtempSync(join(tmpdir(), "mxray-smtp-pki-"));
  const p = (f: string) => join(dir, f);
  const ssl = openssl(dir);
  const ec = NEW_EC_KEY;
  let n = 0;
  try {
    makeCa(ssl, { key: p("ca.key"), cert: p("ca.crt") }, 3650, "mxray SMTP test CA");
    writeFileSync(p("index.txt"), "");
    writeFileSync(p("serial"), "1000\n");
    writeFileSync(
      p("ca.cnf"),
      [
        "[ca]",
        "default_ca=test",
        "[test]",
        `dir=${dir}`,
        "database=$dir/index.txt",
        "serial=$dir/serial",
        "new_certs_dir=$dir",
        "certificate=$dir/ca.crt",
        "private_key=$dir/ca.key",
        "default_md=sha256",
        "policy=any",
        "unique_subject=no",
        "copy_extensions=none",
        "[any]",
        "commonName=supplied",
      ].join("\n"),
    );
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const ext = (hosts: string[]) => {
    const f = p(`leaf${++n}.ext`);
    writeFileSync(f, serverLeafExtensions(hosts));
    return f;
  };
  const ca = readFileSync(p("ca.crt"), "utf8");
  return {
    ca,
    issue(hosts, validity = {}) {
      const id = ++n;
      ssl("req", ...ec, "-keyout", p(`l${id}.key`), "-out", p(`l${id}.csr`), "-subj", `/CN=${hosts[0]}`);
      const start = validity.start ?? new Date(Date.now() - 86_400_000);
      const end = validity.end ?? new Date(Date.now() + 90 * 86_400_000);
      ssl(
        "ca",
        "-batch",
        "-config",
        p("ca.cnf"),
        "-in",
        p(`l${id}.csr`),
        "-out",
        p(`l${id}.crt`),
        "-startdate",
        stamp(start),
        "-enddate",
        stamp(end),
        "-extfile",
        ext(hosts),
        "-notext",
      );
      return { key: readFileSync(p(`l${id}.key`), "utf8"), cert: readFileSync(p(`l${id}.crt`), "utf8") };
    },
    selfSigned(hosts) {
      const id = ++n;
      ssl(
        "req",
        "-x509",
        ...ec,
        "-keyout",
        p(`s${id}.key`),
        "-out",
        p(`s${id}.crt`),
        "-days",
        "30",
        "-subj",
        `/CN=${hosts[0]}`,
        "-addext",
        `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
      );
      return { key: readFileSync(p(`s${id}.key`), "utf8"), cert: readFileSync(p(`s${id}.crt`), "utf8") };
    },
  };
}

export interface TestSmtpServer {
  port: number;
  /** Commands the server received, in order ("EHLO ...", "STARTTLS", "MAIL FROM:<>", ...). */
  commands: string[];
  connections: number;
  close(): Promise<void>;
}

/**
 * A loopback SMTP server. `tls` absent means no STARTTLS advertised. `maxVersion` limits the protocol
 * (e.g. "TLSv1" for an outdated server). `rcpt` decides the RCPT TO answer (default: accept).
 */
export async function startTestSmtpServer(opts: {
  tls?: KeyCert & { chain?: string };
  maxVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  rcpt?: "accept" | "reject" | "defer";
  host?: string;
  port?: number;
}): Promise<TestSmtpServer> {
  const commands: string[] = [];
  let connections = 0;
  const server = new SMTPServer({
    secure: false,
    name: "mx.test",
    hideSTARTTLS: !opts.tls,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert + (opts.tls.chain ?? "") } : {}),
    ...(opts.maxVersion
      ? { maxVersion: opts.maxVersion, minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" }
      : {}),
    authOptional: true,
    disabledCommands: ["AUTH"],
    logger: false,
    onConnect(_session, cb) {
      connections++;
      cb();
    },
    onMailFrom(address, _session, cb) {
      commands.push(`MAIL FROM:<${address.address}>`);
      cb();
    },
    onRcptTo(address, _session, cb) {
      commands.push(`RCPT TO:<${address.address}>`);
      if (opts.rcpt === "reject") {
        const e = new Error("5.1.1 No such user") as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      if (opts.rcpt === "defer") {
        const e = new Error("4.7.1 Try again later") as Error & { responseCode: number };
        e.responseCode = 451;
        return cb(e);
      }
      cb();
    },
    onData(stream, _session, cb) {
      commands.push("DATA");
      stream.resume();
      stream.on("end", () => cb());
    },
  } as ConstructorParameters<typeof SMTPServer>[0]);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    commands,
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

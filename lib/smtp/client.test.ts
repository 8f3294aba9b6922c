import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeSmtp } from "./client";
import {
  makeSmtpTestPki,
  startTestSmtpServer,
  type SmtpTestPki,
  type TestSmtpServer,
} from "../../test-support/smtp/servers";

const HOST = "mx1.smtp-tls.test";
let pki: SmtpTestPki;
const servers: TestSmtpServer[] = [];

beforeAll(() => {
  pki = makeSmtpTestPki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(opts: Parameters<typeof startTestSmtpServer>[0]) {
  const s = await startTestSmtpServer(opts);
  servers.push(s);
  return s;
}

describe("probeSmtp", () => {
  it("reads banner and EHLO, upgrades with SNI, verifies the chain and the name, and quits", async () => {
    const s = await server({ tls: pki.issue([HOST]) });
    const r = await probeSmtp({ host: HOST, address: "127.0.0.1", port: s.port, ca: pki.ca });
    expect(r.error).toBeNull();
    expect(r.reached).toBe("quit");
    expect(r.banner?.code).toBe(220);
    expect(r.starttlsOffered).toBe(true);
    expect(r.tls).toMatchObject({ trusted: true, verifyError: null, nameMatches: true });
    expect(r.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls?.cipher).toBeTruthy();
    const leaf = r.tls!.chain[0]!;
    expect(leaf.dnsNames).toEqual([HOST]);
    expect(leaf.issuer).toContain("mxray SMTP test CA");
    expect(leaf).toMatchObject({ keyType: "ec", keyBits: 256, curve: "prime256v1" });
    expect(r.tls!.daysToExpiry).toBeGreaterThanOrEqual(88);
    expect(r.tls!.daysToExpiry).toBeLessThanOrEqual(90);
    expect(r.extensionsTls).not.toContain("STARTTLS");
    expect(r.transcript).toContain("C: STARTTLS");
    expect(r.transcript.at(-1)).toMatch(/^S: 221/);
    // Never MAIL FROM without a recipient probe.
    expect(s.commands).toEqual([]);
  });

  it("reports a server without STARTTLS", async () => {
    const s = await server({});
    const r = await probeSmtp({ host: HOST, address: "127.0.0.1", port: s.port });
    expect(r.error).toBeNull();
    expect(r.starttlsOffered).toBe(false);
    expect(r.tls).toBeNull();
    expect(r.transcript).not.toContain("C: STARTTLS");
  });

  it("tells untrusted, wrong-name and expired certificates apart", async () => {
    const self = await server({ tls: pki.selfSigned([HOST]) });
    const wrong = await server({ tls: pki.issue(["other.example"]) });
    const expired = await server({
      tls: pki.issue([HOST], { start: new Date("2020-01-01"), end: new Date("2021-01-01") }),
    });
    const [a, b, c] = await Promise.all(
      [self, wrong, expired].map((s) =>
        probeSmtp({ host: HOST, address: "127.0.0.1", port: s.port, ca: pki.ca }),
      ),
    );
    expect(a!.tls).toMatchObject({ trusted: false, nameMatches: true });
    expect(a!.tls?.verifyError).toMatch(/SELF_SIGNED/);
    expect(a!.tls?.chain[0]?.selfSigned).toBe(true);
    expect(b!.tls).toMatchObject({ trusted: true, nameMatches: false });
    expect(b!.tls?.nameError).toMatch(/other\.example/);
    expect(c!.tls).toMatchObject({ trusted: false, verifyError: "CERT_HAS_EXPIRED", nameMatches: true });
    expect(c!.tls!.daysToExpiry).toBeLessThan(-1000);
  });

  it("negotiates and reports TLS 1.0 when that is all the server speaks", async () => {
    const s = await server({ tls: pki.issue([HOST]), maxVersion: "TLSv1" });
    const r = await probeSmtp({ host: HOST, address: "127.0.0.1", port: s.port, ca: pki.ca });
    // Some OpenSSL builds cannot speak TLS 1.0 at all: then the handshake fails, which is reported too.
    if (r.tls) expect(r.tls.protocol).toBe("TLSv1");
    else expect(r.error).toMatchObject({ stage: "tls", reason: "tls_failed" });
  });

  it("asks RCPT TO after a null MAIL FROM and quits before DATA", async () => {
    const s = await server({ tls: pki.issue([HOST]), rcpt: "reject" });
    const r = await probeSmtp({
      host: HOST,
      address: "127.0.0.1",
      port: s.port,
      ca: pki.ca,
      probeRecipient: "nobody-123@smtp-tls.test",
    });
    expect(r.recipient?.mail?.code).toBe(250);
    expect(r.recipient?.rcpt?.code).toBe(550);
    expect(s.commands).toEqual(["MAIL FROM:<>", "RCPT TO:<nobody-123@smtp-tls.test>"]);
    expect(r.transcript).not.toContain("C: DATA");
  });

  it("reports a refused connection, a silent server and a rejecting banner", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await probeSmtp({ host: HOST, address: "127.0.0.1", port: closedPort });
    expect(refused.error).toMatchObject({ stage: "connect", reason: "connect_failed" });

    const sockets: net.Socket[] = [];
    const silent = net.createServer((sock) => sockets.push(sock));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const quiet = await probeSmtp({
      host: HOST,
      address: "127.0.0.1",
      port: (silent.address() as net.AddressInfo).port,
      stepTimeoutMs: 300,
    });
    expect(quiet.error).toMatchObject({ stage: "banner", reason: "timeout" });

    const busy = net.createServer((sock) => {
      sockets.push(sock);
      sock.end("554 5.7.1 go away\r\n");
    });
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const rejected = await probeSmtp({
      host: HOST,
      address: "127.0.0.1",
      port: (busy.address() as net.AddressInfo).port,
    });
    expect(rejected.error).toMatchObject({ stage: "banner", reason: "rejected" });
    expect(rejected.banner?.code).toBe(554);
    for (const s of sockets) s.destroy();
    await Promise.all([silent, busy].map((srv) => new Promise((r) => srv.close(r))));
  });
});

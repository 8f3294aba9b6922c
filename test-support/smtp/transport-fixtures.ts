/**
 * Integration-test support for the transport checks (smtp_tls, dane, mta_sts certificates): the
 * smtp-tls.test fixture zone served by the DNS sandbox, loopback SMTP servers on 127.0.0.x (one port for
 * all, as MXRAY_SMTP_PROBE_PORT would give), certificates from a test CA, and TLSA records computed from
 * those certificates at start-up.
 */
import { createHash, X509Certificate } from "node:crypto";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import type { SandboxRecord } from "@/lib/dns-sandbox/authority";
import { createResolver } from "@/lib/dns/resolver";
import type { Resolver } from "@/lib/dns/types";
import {
  makeSmtpTestPki,
  startTestSmtpServer,
  type KeyCert,
  type SmtpTestPki,
  type TestSmtpServer,
} from "@/test-support/smtp/servers";

const ZONE = fileURLToPath(new URL("../../e2e/fixtures/zones/smtp-tls.zone", import.meta.url));
const Z = "smtp-tls.test";
const DAY = 86_400_000;

export interface TransportFixtures {
  pki: SmtpTestPki;
  port: number;
  sandbox: Sandbox;
  servers: Map<string, TestSmtpServer>;
  resolver(): Resolver;
  stop(): Promise<void>;
}

/** SHA-256 of a PEM certificate's SubjectPublicKeyInfo (TLSA selector 1, matching type 1). */
export function spkiSha256(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("hex");
}

/** SHA-256 of a PEM certificate's DER (TLSA selector 0, matching type 1). */
export function certSha256(pem: string): string {
  return createHash("sha256").update(new X509Certificate(pem).raw).digest("hex");
}

async function freePort(host: string): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, host, r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export async function startTransportFixtures(): Promise<TransportFixtures> {
  const pki = makeSmtpTestPki();
  const h = (name: string) => `${name}.${Z}`;
  const leaf = (name: string, validity?: { start?: Date; end?: Date }): KeyCert =>
    pki.issue([h(name)], validity);
  const plan: [address: string, opts: Parameters<typeof startTestSmtpServer>[0]][] = [
    ["127.0.0.11", { tls: leaf("mx1.good") }],
    ["127.0.0.12", { tls: leaf("mx2.good") }],
    ["127.0.0.13", { tls: pki.selfSigned([h("mx.selfsigned")]) }],
    ["127.0.0.14", { tls: pki.issue(["mx.elsewhere.example"]) }],
    [
      "127.0.0.15",
      { tls: leaf("mx.expired", { start: new Date("2020-01-01"), end: new Date("2021-01-01") }) },
    ],
    ["127.0.0.16", {}],
    ["127.0.0.17", { tls: leaf("mx.expiring", { end: new Date(Date.now() + 5 * DAY + 3_600_000) }) }],
    ["127.0.0.18", { tls: leaf("mx.old"), maxVersion: "TLSv1" }],
    ["127.0.0.21", { tls: leaf("mx.dane-ok") }],
    ["127.0.0.22", { tls: { ...leaf("mx.dane-ta"), chain: pki.ca } }],
    ["127.0.0.23", { tls: leaf("mx.dane-bad") }],
    ["127.0.0.24", { tls: leaf("mx.dane-one") }],
    ["127.0.0.25", { tls: leaf("mx.dane-unsigned") }],
  ];
  // One port for every host; retry on the rare collision with another process on some 127.0.0.x.
  for (let attempt = 0; ; attempt++) {
    const port = await freePort("127.0.0.11");
    const servers = new Map<string, TestSmtpServer>();
    try {
      for (const [address, opts] of plan) {
        servers.set(address, await startTestSmtpServer({ ...opts, host: address, port }));
      }
    } catch (e) {
      await Promise.all([...servers.values()].map((s) => s.close()));
      if (attempt < 5) continue;
      throw e;
    }
    const tlsaFor = (address: string) => plan.find(([a]) => a === address)![1].tls!.cert;
    const tlsa = (host: string, data: string): SandboxRecord => ({
      name: `_25._tcp.${h(host)}`,
      type: "TLSA",
      data,
    });
    const records: SandboxRecord[] = [
      // DANE-EE current key + a next key (a different certificate's): rollover-safe.
      tlsa("mx.dane-ok", `3 1 1 ${spkiSha256(tlsaFor("127.0.0.21"))}`),
      tlsa("mx.dane-ok", `3 1 1 ${spkiSha256(tlsaFor("127.0.0.24"))}`),
      // DANE-TA: the test CA (sent in the chain) by full certificate digest, and its key.
      tlsa("mx.dane-ta", `2 0 1 ${certSha256(pki.ca)}`),
      tlsa(
        "mx.dane-ta",
        `2 1 2 ${createHash("sha512")
          .update(new X509Certificate(pki.ca).publicKey.export({ type: "spki", format: "der" }))
          .digest("hex")}`,
      ),
      // Records for keys the host does not use.
      tlsa("mx.dane-bad", `3 1 1 ${spkiSha256(tlsaFor("127.0.0.21"))}`),
      tlsa("mx.dane-bad", `3 0 1 ${certSha256(tlsaFor("127.0.0.21"))}`),
      // One record only.
      tlsa("mx.dane-one", `3 1 1 ${spkiSha256(tlsaFor("127.0.0.24"))}`),
      // Matching, but served without AD.
      tlsa("mx.dane-unsigned", `3 1 1 ${spkiSha256(tlsaFor("127.0.0.25"))}`),
      tlsa("mx.dane-unsigned", `3 0 1 ${certSha256(tlsaFor("127.0.0.25"))}`),
      // A host without STARTTLS that publishes TLSA.
      tlsa("mx.plain", `3 1 1 ${spkiSha256(tlsaFor("127.0.0.21"))}`),
      tlsa("mx.plain", `3 1 1 ${spkiSha256(tlsaFor("127.0.0.24"))}`),
    ];
    const sandbox = await startDnsSandbox({
      zoneFiles: [ZONE],
      records,
      // A validating resolver would set AD for these (the zone is "signed" except dane-unsigned's host).
      authenticated: [
        "*._tcp.mx.dane-ok.smtp-tls.test",
        "*._tcp.mx.dane-ta.smtp-tls.test",
        "*._tcp.mx.dane-bad.smtp-tls.test",
        "*._tcp.mx.dane-one.smtp-tls.test",
        "*._tcp.mx.plain.smtp-tls.test",
      ],
    });
    return {
      pki,
      port,
      sandbox,
      servers,
      resolver: () => createResolver({ servers: sandbox.server, timeoutMs: 1500, retries: 0 }),
      stop: async () => {
        await Promise.all([...servers.values()].map((s) => s.close()));
        await sandbox.close();
      },
    };
  }
}

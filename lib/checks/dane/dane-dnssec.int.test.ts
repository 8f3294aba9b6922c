/**
 * DANE's use of TLSA rests on our own DNSSEC validation (RFC 7672 §2.2), not on a resolver's AD bit:
 * TLSA records in zones Knot signed under a test-only root, matched against a loopback SMTP server.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { spkiSha256 } from "@/test-support/smtp/transport-fixtures";
import { hasKnot, startSignedKnot, type SignedKnot, type SignedZoneSpec } from "@/test-support/dns/knot";
import { createResolver } from "@/lib/dns/resolver";
import { makeSmtpTestPki, startTestSmtpServer, type TestSmtpServer } from "@/test-support/smtp/servers";
import { daneCheck, type DaneEvidence } from "./index";

const HOST = "127.0.0.31";

describe.skipIf(!hasKnot)("dane with TLSA validated by us", () => {
  let knot: SignedKnot;
  let smtp: TestSmtpServer;
  let ca: string;
  let allowBefore: string | undefined;
  beforeAll(async () => {
    const pki = makeSmtpTestPki();
    ca = pki.ca;
    const current = pki.issue(["mx.dane.example"]);
    const next = pki.issue(["mx.dane.example"]);
    smtp = await startTestSmtpServer({ tls: current, host: HOST });
    const mail = [
      "@ MX 10 mx",
      `mx A ${HOST}`,
      `_25._tcp.mx TLSA 3 1 1 ${spkiSha256(current.cert)}`,
      `_25._tcp.mx TLSA 3 1 1 ${spkiSha256(next.cert)}`,
    ].join("\n");
    const soa = (apex: string) =>
      `@ SOA ns1.${apex || "root-servers.test"}. hostmaster.${apex || "root-servers.test"}. 1 3600 600 86400 300\n` +
      (apex ? "@ NS ns1\nns1 A 127.0.0.1" : "@ NS ns1.root-servers.test.");
    const zones: SignedZoneSpec[] = [
      { apex: "", records: soa(""), sign: { algorithm: 13 } },
      { apex: "example", records: soa("example"), sign: { algorithm: 13, nsec3: true, optOut: true } },
      { apex: "dane.example", records: `${soa("dane.example")}\n${mail}`, sign: { algorithm: 15 } },
      { apex: "unsigned-dane.example", records: `${soa("unsigned-dane.example")}\n${mail}` },
      {
        apex: "bogus-dane.example",
        records: `${soa("bogus-dane.example")}\n${mail}`,
        sign: { algorithm: 13 },
        fault: "expired",
      },
    ];
    knot = await startSignedKnot(zones);
  }, 60_000);
  afterAll(async () => {
    await smtp?.close();
    await knot?.stop();
  });
  beforeEach(() => {
    allowBefore = process.env.MXRAY_ALLOW_PRIVATE;
    process.env.MXRAY_ALLOW_PRIVATE = "1";
  });
  afterEach(() => {
    if (allowBefore === undefined) delete process.env.MXRAY_ALLOW_PRIVATE;
    else process.env.MXRAY_ALLOW_PRIVATE = allowBefore;
  });

  const run = (domain: string) =>
    daneCheck({
      resolver: createResolver({ servers: knot.server, timeoutMs: 1500, retries: 0 }),
      domain,
      trustAnchor: knot.trustAnchor,
      smtp: { ca, port: smtp.port },
    });
  const host = (r: Awaited<ReturnType<typeof run>>) => (r.records[0] as DaneEvidence).hosts[0]!;

  it("signed TLSA matching the presented key: pass, without any AD bit", async () => {
    const r = await run("dane.example");
    expect(r.findings).toEqual([]);
    expect(r.status).toBe("pass");
    expect(host(r)).toMatchObject({ verdict: "valid", dnssec: "secure", authenticated: false });
  });

  it("TLSA in a zone without DS (an opt-out span of its signed parent): dane.tlsa_unsigned", async () => {
    const r = await run("unsigned-dane.example");
    expect(r.findings.map((f) => f.code)).toEqual(["dane.tlsa_unsigned"]);
    expect(String(r.findings[0]?.params.reason)).toMatch(/opt-out/);
    expect(host(r)).toMatchObject({ verdict: "valid", dnssec: "insecure" });
  });

  it("TLSA whose signatures expired: dane.tlsa_bogus, fail", async () => {
    const r = await run("bogus-dane.example");
    expect(r.findings.map((f) => f.code)).toEqual(["dane.tlsa_bogus"]);
    expect(r.status).toBe("fail");
    expect(String(r.findings[0]?.params.reason)).toMatch(/expired on/);
  });
});

import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTransportFixtures, type TransportFixtures } from "@/test-support/smtp/transport-fixtures";
import { SmtpProber } from "@/lib/smtp/prober";
import { mtaStsCheck } from "./index";

const Z = "smtp-tls.test";
const POLICIES: Record<string, string> = {
  [`mta-sts.good.${Z}`]: `version: STSv1\r\nmode: enforce\r\nmx: *.good.${Z}\r\nmax_age: 86400\r\n`,
  [`mta-sts.wrongname.${Z}`]: `version: STSv1\r\nmode: enforce\r\nmx: mx.wrongname.${Z}\r\nmax_age: 86400\r\n`,
  [`mta-sts.plain.${Z}`]: `version: STSv1\r\nmode: testing\r\nmx: mx.plain.${Z}\r\nmax_age: 86400\r\n`,
};

let fx: TransportFixtures;
let server: https.Server;
let port: number;
let allowBefore: string | undefined;

beforeAll(async () => {
  fx = await startTransportFixtures();
  const tls = fx.pki.issue(Object.keys(POLICIES));
  server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const body = POLICIES[(req.headers.host ?? "").replace(/:\d+$/, "")];
    if (!body || req.url !== "/.well-known/mta-sts.txt") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/plain" }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await fx?.stop();
});
beforeEach(() => {
  allowBefore = process.env.MXRAY_ALLOW_PRIVATE;
  process.env.MXRAY_ALLOW_PRIVATE = "1";
});
afterEach(() => {
  if (allowBefore === undefined) delete process.env.MXRAY_ALLOW_PRIVATE;
  else process.env.MXRAY_ALLOW_PRIVATE = allowBefore;
});

const run = (sub: string, prober?: SmtpProber) =>
  mtaStsCheck({
    resolver: fx.resolver(),
    domain: `${sub}.${Z}`,
    https: { ca: fx.pki.ca, port },
    smtp: prober ? { prober } : { ca: fx.pki.ca, port: fx.port },
  });

describe("mta_sts against the certificates the MX hosts present", () => {
  it("passes when every host presents a trusted certificate for its name within the policy", async () => {
    const prober = new SmtpProber({ ca: fx.pki.ca, port: fx.port });
    const r = await run("good", prober);
    expect(r.findings).toEqual([]);
    expect(r.status).toBe("pass");
    expect(prober.connections).toBe(2);
    expect((r.records[0] as { certificates: unknown[] }).certificates).toEqual([
      { host: `mx1.good.${Z}`, tls: true, names: [`mx1.good.${Z}`], trusted: true, expired: false },
      { host: `mx2.good.${Z}`, tls: true, names: [`mx2.good.${Z}`], trusted: true, expired: false },
    ]);
  });

  it("mta_sts.cert_mismatch when the certificate names a host outside the policy (enforce: high)", async () => {
    const r = await run("wrongname");
    expect(r.findings.map((f) => [f.code, f.severity, f.params.reason])).toEqual([
      ["mta_sts.cert_mismatch", "high", "names_outside_policy"],
    ]);
    expect(r.findings[0]!.params.names).toEqual(["mx.elsewhere.example"]);
  });

  it("mta_sts.cert_mismatch when the host offers no STARTTLS (testing: medium)", async () => {
    const r = await run("plain");
    expect(r.findings.map((f) => [f.code, f.severity, f.params.reason])).toEqual([
      ["mta_sts.testing_mode", "low", undefined],
      ["mta_sts.cert_mismatch", "medium", "no_tls"],
    ]);
  });

  it("says nothing about certificates it could not see", async () => {
    delete process.env.MXRAY_ALLOW_PRIVATE;
    const r = await mtaStsCheck({
      resolver: fx.resolver(),
      domain: `good.${Z}`,
      https: { ca: fx.pki.ca, port },
      smtp: { ca: fx.pki.ca, port: fx.port },
      // The policy host is loopback too: without MXRAY_ALLOW_PRIVATE the policy fetch is refused as well.
    });
    expect(r.findings.some((f) => f.code === "mta_sts.cert_mismatch")).toBe(false);
  });
});

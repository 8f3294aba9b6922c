import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTransportFixtures, type TransportFixtures } from "@/test-support/smtp/transport-fixtures";
import { SmtpProber } from "@/lib/smtp/prober";
import { daneCheck, type DaneEvidence } from "./index";

let fx: TransportFixtures;
let allowBefore: string | undefined;

beforeAll(async () => {
  fx = await startTransportFixtures();
});
afterAll(() => fx?.stop());
beforeEach(() => {
  allowBefore = process.env.MXRAY_ALLOW_PRIVATE;
  process.env.MXRAY_ALLOW_PRIVATE = "1";
});
afterEach(() => {
  if (allowBefore === undefined) delete process.env.MXRAY_ALLOW_PRIVATE;
  else process.env.MXRAY_ALLOW_PRIVATE = allowBefore;
});

const run = (sub: string) =>
  daneCheck({
    resolver: fx.resolver(),
    domain: `${sub}.smtp-tls.test`,
    smtp: { ca: fx.pki.ca, port: fx.port },
  });
const codes = (r: Awaited<ReturnType<typeof run>>) => r.findings.map((f) => f.code);

describe("dane against loopback SMTP servers and TLSA from the fixture server", () => {
  it("passes DANE-EE records matching the key, with a next key published", async () => {
    const r = await run("dane-ok");
    expect(r.findings).toEqual([]);
    expect(r.status).toBe("pass");
    const host = (r.records[0] as DaneEvidence).hosts[0]!;
    expect(host).toMatchObject({ verdict: "valid", authenticated: true });
    expect(host.matches.map((m) => [m.usage, m.matchedDepth, m.valid])).toEqual([
      ["DANE-EE", 0, true],
      ["DANE-EE", null, false],
    ]);
  });

  it("passes DANE-TA records for the CA the server sends, by certificate and by key (SHA-512)", async () => {
    const r = await run("dane-ta");
    expect(r.findings).toEqual([]);
    const host = (r.records[0] as DaneEvidence).hosts[0]!;
    expect(host.matches.map((m) => [m.usage, m.matchedDepth, m.valid])).toEqual([
      ["DANE-TA", 1, true],
      ["DANE-TA", 1, true],
    ]);
  });

  it("reports records that match nothing presented", async () => {
    const r = await run("dane-bad");
    expect(codes(r)).toEqual(["dane.tlsa_mismatch"]);
    expect(r.status).toBe("fail");
    expect(r.findings[0]!.params).toMatchObject({ reason: "no_match", host: "mx.dane-bad.smtp-tls.test" });
  });

  it("reports a single TLSA record as unsafe for rollover", async () => {
    const r = await run("dane-one");
    expect(codes(r)).toEqual(["dane.rollover_unsafe"]);
    expect(r.status).toBe("warn");
  });

  it("reports TLSA records that are not DNSSEC-validated", async () => {
    const r = await run("dane-unsigned");
    expect(codes(r)).toEqual(["dane.tlsa_unsigned"]);
    expect((r.records[0] as DaneEvidence).hosts[0]).toMatchObject({ authenticated: false, verdict: "valid" });
  });

  it("reports TLSA records on a host without STARTTLS as a mismatch", async () => {
    const r = await run("dane-plain");
    expect(codes(r)).toEqual(["dane.tlsa_mismatch"]);
    expect(r.findings[0]!.params.reason).toBe("no_starttls");
  });

  it("is informational without TLSA records, and connects to nothing then", async () => {
    const prober = new SmtpProber({ ca: fx.pki.ca, port: fx.port });
    const r = await daneCheck({
      resolver: fx.resolver(),
      domain: "dane-none.smtp-tls.test",
      smtp: { prober },
    });
    expect(r.status).toBe("info");
    expect(codes(r)).toEqual(["dane.no_tlsa"]);
    expect(prober.connections).toBe(0);
  });

  it("is an error when the host cannot be reached to match its records", async () => {
    delete process.env.MXRAY_ALLOW_PRIVATE;
    const r = await run("dane-ok");
    expect(r.status).toBe("error");
    expect(codes(r)).toEqual(["dane.not_verified"]);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTransportFixtures, type TransportFixtures } from "@/test-support/smtp/transport-fixtures";
import { SmtpProber } from "@/lib/smtp/prober";
import { smtpTlsCheck } from "./index";
import type { SmtpTlsEvidence } from "./parse";

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

const run = (sub: string, smtp: Parameters<typeof smtpTlsCheck>[0]["smtp"] = {}) =>
  smtpTlsCheck({
    resolver: fx.resolver(),
    domain: `${sub}.smtp-tls.test`,
    smtp: { ca: fx.pki.ca, port: fx.port, ...smtp },
  });
const codes = (r: Awaited<ReturnType<typeof run>>) => r.findings.map((f) => f.code);

describe("smtp_tls against loopback SMTP servers", () => {
  it("passes two MX hosts with STARTTLS and valid certificates, one connection each", async () => {
    const prober = new SmtpProber({ ca: fx.pki.ca, port: fx.port });
    const before = [11, 12].map((n) => fx.servers.get(`127.0.0.${n}`)!.connections);
    const r = await run("good", { prober });
    expect(r.status).toBe("pass");
    expect(r.findings).toEqual([]);
    const ev = r.records[0] as SmtpTlsEvidence;
    expect(ev.hosts.map((h) => [h.host, h.priority, h.starttls, h.tls?.trusted, h.tls?.nameMatches])).toEqual(
      [
        ["mx1.good.smtp-tls.test", 10, true, true, true],
        ["mx2.good.smtp-tls.test", 20, true, true, true],
      ],
    );
    expect(ev.hosts[0]!.tls!.chain[0]!.dnsNames).toEqual(["mx1.good.smtp-tls.test"]);
    expect(ev.hosts[0]!.transcript).toContain("C: STARTTLS");
    expect(prober.connections).toBe(2);
    expect([11, 12].map((n) => fx.servers.get(`127.0.0.${n}`)!.connections)).toEqual(
      before.map((b) => b + 1),
    );
    // MX, then A + AAAA for each host.
    expect(r.queries).toBe(5);
    // Never MAIL FROM without the recipient probe.
    expect(fx.servers.get("127.0.0.11")!.commands).toEqual([]);
  });

  it.each([
    ["selfsigned", "smtp_tls.cert_untrusted", "warn"],
    ["wrongname", "smtp_tls.cert_name_mismatch", "warn"],
    ["expired", "smtp_tls.cert_expired", "fail"],
    ["plain", "smtp_tls.no_starttls", "fail"],
    ["expiring", "smtp_tls.cert_expiring", "warn"],
  ])("%s → %s", async (sub, code, status) => {
    const r = await run(sub);
    expect(codes(r)).toEqual([code]);
    expect(r.status).toBe(status);
  });

  it("reports the days left and the names presented", async () => {
    const expiring = await run("expiring");
    expect(expiring.findings[0]!.params.days).toBe(5);
    const wrong = await run("wrongname");
    expect(wrong.findings[0]!.params).toMatchObject({
      host: "mx.wrongname.smtp-tls.test",
      names: ["mx.elsewhere.example"],
    });
  });

  it("reports TLS 1.0 as an old protocol where the local OpenSSL still speaks it", async () => {
    const r = await run("old");
    const c = codes(r);
    if (c.includes("smtp_tls.old_protocol")) {
      expect(r.findings.find((f) => f.code === "smtp_tls.old_protocol")!.params.version).toBe("TLSv1");
    } else {
      expect(c).toEqual(["smtp_tls.starttls_failed"]);
    }
    expect(r.status).not.toBe("pass");
  });

  it("is an error, never a fail, when the host cannot be reached, and says why", async () => {
    const r = await run("down");
    expect(r.status).toBe("error");
    expect(codes(r)).toEqual(["smtp_tls.unreachable"]);
    expect(r.findings[0]!.params).toMatchObject({ reason: "connect_failed", stage: "connect" });
  });

  it("never connects to documentation addresses", async () => {
    const r = await run("doc");
    expect(r.status).toBe("error");
    expect(r.findings[0]!.params).toMatchObject({ reason: "address_not_public" });
  });

  it("refuses a loopback MX without MXRAY_ALLOW_PRIVATE", async () => {
    delete process.env.MXRAY_ALLOW_PRIVATE;
    const before = fx.servers.get("127.0.0.11")!.connections;
    const r = await run("good");
    expect(r.status).toBe("error");
    expect(r.findings.map((f) => [f.code, f.params.reason])).toEqual([
      ["smtp_tls.unreachable", "address_not_public"],
      ["smtp_tls.unreachable", "address_not_public"],
    ]);
    expect(fx.servers.get("127.0.0.11")!.connections).toBe(before);
  });

  it("has nothing to probe for a null MX", async () => {
    const r = await run("null");
    expect(r.status).toBe("info");
    expect(codes(r)).toEqual(["smtp_tls.no_mx"]);
  });

  it("probes unknown recipients only when asked", async () => {
    const r = await run("good", { probeRecipients: true });
    expect(codes(r)).toEqual(["smtp_tls.accepts_unknown_recipients", "smtp_tls.accepts_unknown_recipients"]);
    const cmds = fx.servers.get("127.0.0.11")!.commands;
    expect(cmds[0]).toBe("MAIL FROM:<>");
    expect(cmds[1]).toMatch(/^RCPT TO:<mxray-probe-[0-9a-f]{16}@good\.smtp-tls\.test>$/);
    expect(cmds).not.toContain("DATA");
  });
});

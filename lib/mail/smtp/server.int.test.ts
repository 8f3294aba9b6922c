import net from "node:net";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { makeTestPki, type TestPki } from "@/test-support/test-pki";
import { KEYS, privateKey } from "@/test-support/mail/fixtures";
import type { MailServer as MailServerT } from "./server";

/**
 * The SMTP inbox and sandbox over real loopback sockets: nodemailer sends with STARTTLS, DKIM-signed with
 * the keys e2e/fixtures/zones/mail.zone publishes; DNS answers come from the fixture server; the database is
 * embedded PGlite. Results are read back through the route handlers, as a client would.
 */
const DOMAIN = "inbox.test";
let sandbox: Sandbox;
let pki: TestPki;
let server: MailServerT;
let port: number;
let routes: {
  issue: (r: Request) => Promise<Response>;
  status: (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
  sessions: (r: Request) => Promise<Response>;
};

beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  pki = makeTestPki([DOMAIN]);
  vi.stubEnv("MXRAY_DNS", sandbox.server);
  vi.stubEnv("MXRAY_DNS_TIMEOUT_MS", "1000");
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("PGLITE_DIR", "memory://");
  vi.stubEnv("MXRAY_RATE_LIMIT", "0");
  vi.stubEnv("MXRAY_MAIL_DOMAIN", DOMAIN);
  vi.stubEnv("MXRAY_DNSBL_ZONES", "bl.dnsbl.test");
  vi.stubEnv("MXRAY_DNSBL_DOMAIN_ZONES", "dom.dnsbl.test");
  const { MailServer } = await import("./server");
  const { dbMailStore, processInboxMessage } = await import("@/lib/mail/service");
  server = new MailServer({
    port: 0,
    host: "127.0.0.1",
    domain: DOMAIN,
    tls: { key: pki.key, cert: pki.cert },
    maxSize: 64 * 1024,
    rateLimit: 40,
    socketTimeoutMs: 1500,
    sandboxRate: 2,
    store: dbMailStore,
    onInboxMessage: async (m) => {
      await processInboxMessage(m, "http://mxray.test");
    },
    onError: (e, where) => console.error(where, e),
  });
  ({ port } = await server.listen());
  // Open (and migrate) the database now, not inside the first test's time.
  await (await import("@/lib/db")).getPrisma();
  routes = {
    issue: (await import("@/app/api/message-tests/route")).POST,
    status: (await import("@/app/api/message-tests/[id]/route")).GET,
    sessions: (await import("@/app/api/smtp/sessions/route")).GET,
  };
  // Opening and migrating embedded PGlite can take a minute on a machine busy with the rest of the suite.
}, 180_000);

afterAll(async () => {
  await server?.close();
  await sandbox?.close();
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  vi.unstubAllEnvs();
});

/**
 * Connections and transactions are rate-limited per client address (40 a minute here): tests that need
 * many and do not depend on the sender's IP connect from other loopback addresses (127.0.0.0/8 is all lo).
 */
function transport(
  opts: { dkim?: keyof typeof KEYS; signHeaders?: string; secure?: boolean; localAddress?: string } = {},
) {
  const k = opts.dkim ? KEYS[opts.dkim] : null;
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    requireTLS: opts.secure !== false,
    ignoreTLS: opts.secure === false,
    name: "mx.mail-sender.test",
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    tls: { ca: pki.ca, servername: DOMAIN },
    ...(k
      ? {
          dkim: {
            domainName: k.domain,
            keySelector: k.selector,
            privateKey: privateKey(opts.dkim!),
            ...(opts.signHeaders ? { headerFieldNames: opts.signHeaders } : {}),
          },
        }
      : {}),
  });
}

async function issue(): Promise<{ id: string; address: string; url: string }> {
  const res = await routes.issue(new Request("http://mxray.test/api/message-tests", { method: "POST" }));
  expect(res.status).toBe(201);
  return res.json();
}

async function status(id: string) {
  const res = await routes.status(new Request(`http://mxray.test/api/message-tests/${id}`), {
    params: Promise.resolve({ id }),
  });
  return { code: res.status, body: await res.json() };
}

async function sessionsFor(recipient: string) {
  const res = await routes.sessions(
    new Request(`http://mxray.test/api/smtp/sessions?recipient=${encodeURIComponent(recipient)}`),
  );
  expect(res.status).toBe(200);
  return (await res.json()).sessions as {
    mode: string;
    scenario: string | null;
    tls: { version: string } | null;
    helo: string;
    transcript: { dir: string; line: string }[];
    messages: unknown[];
  }[];
}

/** POST /api/reports for a domain (the route loads on first use, after the suite set its environment). */
async function postDomainReport(domain: string): Promise<Response> {
  const { POST } = await import("@/app/api/reports/route");
  return POST(
    new Request("http://mxray.test/api/reports", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ domain }),
    }),
  );
}

/** GET /api/reports/<slug>, as JSON. */
async function readReport(slug: string) {
  const { GET } = await import("@/app/api/reports/[slug]/route");
  return (
    await GET(new Request(`http://mxray.test/api/reports/${slug}`), { params: Promise.resolve({ slug }) })
  ).json();
}

const ONE_CLICK = {
  list: { unsubscribe: { url: "https://mail-sender.test/unsubscribe/42", comment: "Unsubscribe" } },
  headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
};

describe("the inbox", () => {
  it("receives a DKIM-signed message over STARTTLS and reports how it authenticated", async () => {
    const test = await issue();
    expect(test.address).toMatch(/^test-[a-z2-7]{20}@inbox\.test$/);
    expect(test.url).toBe(`http://mxray.test/message/${test.id}`);
    expect((await status(test.id)).body).toMatchObject({ status: "waiting" });

    const info = await transport({
      dkim: "s2048",
      signHeaders: "from:to:subject:date:message-id:list-unsubscribe:list-unsubscribe-post",
    }).sendMail({
      from: "Alice <alice@mail-sender.test>",
      to: test.address,
      envelope: { from: "bounces@mail-sender.test", to: test.address },
      subject: "Our December news",
      text: "Hello",
      html: "<p>Hello</p>",
      ...ONE_CLICK,
    });
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as /);
    // The 250 came after the commit: the row is there before any background work finishes.
    const { getPrisma } = await import("@/lib/db");
    const queuedId = /queued as (\S+)/.exec(info.response)![1]!;
    expect(
      await (await getPrisma()).smtpMessage.findUnique({ where: { id: queuedId }, select: { size: true } }),
    ).toMatchObject({
      size: expect.any(Number),
    });
    await server.idle();

    const { body } = await status(test.id);
    expect(body.status).toBe("received");
    const m = body.report.message;
    expect(body.report.kind).toBe("message");
    expect(body.report.url).toMatch(/^http:\/\/mxray\.test\/r\//);
    expect(m.envelope).toMatchObject({
      clientIp: "127.0.0.1",
      helo: "mx.mail-sender.test",
      mailFrom: "bounces@mail-sender.test",
    });
    expect(m.envelope.tls.version).toMatch(/^TLSv1\.[23]$/);
    expect(m.spf.result).toBe("pass");
    expect(m.dkim[0]).toMatchObject({
      domain: "mail-sender.test",
      selector: "s2048",
      result: "pass",
      keyBits: 2048,
      aligned: true,
    });
    expect(m.dmarc).toMatchObject({ result: "pass", policy: "reject" });
    expect(m.unsubscribe).toMatchObject({ oneClick: true, https: true, signed: true });
    expect(m.fcrdns).toMatchObject({ confirmed: true, heloMatches: true });
    expect(m.findings.map((f: { code: string }) => f.code)).toEqual([]);
    expect(body.report.checks.ptr.status).toBeDefined();

    const [session] = await sessionsFor(test.address);
    expect(session!.mode).toBe("inbox");
    expect(session!.tls!.version).toMatch(/^TLSv1\.[23]$/);
    const lines = session!.transcript.map((l) => `${l.dir} ${l.line}`);
    expect(lines).toEqual(
      expect.arrayContaining(["C STARTTLS", "C EHLO mx.mail-sender.test", `C RCPT TO:<${test.address}>`]),
    );
    expect(lines.some((l) => /^S 250 2\.0\.0 Ok: queued as/.test(l))).toBe(true);
    expect(lines.some((l) => /^I TLS established: TLSv1\.[23]/.test(l))).toBe(true);
  });

  it("reports a weak key, a misaligned signer, a missing signature and unsigned one-click headers", async () => {
    const cases = [
      {
        key: "s1024" as const,
        signHeaders: "from:to:subject:date:message-id",
        expect: ["message.dkim_key_weak", "message.one_click_unsigned"],
      },
      { key: "other" as const, expect: ["message.dkim_not_aligned"] },
      { key: undefined, expect: ["message.dkim_missing"] },
    ];
    for (const c of cases) {
      const test = await issue();
      await transport(
        c.key ? { dkim: c.key, ...(c.signHeaders ? { signHeaders: c.signHeaders } : {}) } : {},
      ).sendMail({
        from: "alice@mail-sender.test",
        to: test.address,
        envelope: { from: "bounces@mail-sender.test", to: test.address },
        subject: "case",
        text: "Hello",
        ...ONE_CLICK,
      });
      await server.idle();
      const { body } = await status(test.id);
      const codes = body.report.message.findings.map((f: { code: string }) => f.code);
      expect(codes).toEqual(expect.arrayContaining(c.expect));
      expect(body.report.message.spf.result).toBe("pass");
    }
  });

  it("reports a body altered after signing and a 512-bit key, as received over SMTP", async () => {
    const { makeMessage, sign } = await import("@/test-support/mail/fixtures");
    const send = (raw: string, to: string) =>
      transport().sendMail({ envelope: { from: "bounces@mail-sender.test", to }, raw });

    // Signed, then changed on the way: the bytes that reach the inbox no longer match bh= (RFC 6376 §3.7).
    const altered = await issue();
    const signed = await sign(makeMessage({ to: altered.address }), "s2048");
    const tampered = signed.replaceAll("Hello from the sender.", "Hello from someone else.");
    expect(tampered).not.toBe(signed);
    await send(tampered, altered.address);
    await server.idle();
    const a = (await status(altered.id)).body;
    expect(a.status).toBe("received");
    const aMsg = a.report.message;
    expect(aMsg.dkim).toHaveLength(1);
    expect(aMsg.dkim[0]).toMatchObject({ domain: "mail-sender.test", selector: "s2048" });
    // mailauth words a body-hash mismatch "neutral" (RFC 6376 §6.1.3 leaves it open): never a pass.
    expect(["fail", "neutral"]).toContain(aMsg.dkim[0].result);
    expect(aMsg.dkim[0].comment).toMatch(/body hash/i);
    const aCodes = aMsg.findings.map((f: { code: string }) => f.code);
    expect(aCodes).toContain("message.dkim_fail");
    // SPF from the loopback sender still passes aligned, so DMARC passes on SPF alone.
    expect(aMsg.spf.result).toBe("pass");
    expect(aMsg.dmarc).toMatchObject({ result: "pass", spfAligned: true, dkimAligned: false });

    // A 512-bit RSA key (published as s512 in mail.zone): RFC 8301 §3.2 forbids verifying with it.
    const weak = await issue();
    await send(await sign(makeMessage({ to: weak.address }), "s512"), weak.address);
    await server.idle();
    const w = (await status(weak.id)).body;
    expect(w.status).toBe("received");
    expect(w.report.message.dkim[0]).toMatchObject({ selector: "s512", keyBits: 512, result: "policy" });
    const wCodes = w.report.message.findings.map((f: { code: string }) => f.code);
    expect(wCodes).toContain("message.dkim_key_too_short");
    expect(wCodes).not.toContain("message.dkim_key_weak");
    expect(
      w.report.message.findings.find((f: { code: string }) => f.code === "message.dkim_key_too_short").params,
    ).toMatchObject({ bits: 512 });
  });

  it("validates the ARC chain of a forwarded message", async () => {
    const { arcSeal, makeMessage, sign } = await import("@/test-support/mail/fixtures");
    const { createResolver } = await import("@/lib/dns/resolver");
    const test = await issue();
    const original = await sign(makeMessage({ to: test.address }), "s2048");
    const sealed = await arcSeal(original, createResolver({ servers: sandbox.server }), {
      ip: "127.0.0.1",
      helo: "mx.mail-sender.test",
      sender: "bounces@mail-sender.test",
    });
    await transport().sendMail({
      envelope: { from: "fwd@mail-forwarder.test", to: test.address },
      raw: sealed,
    });
    await server.idle();
    const { body } = await status(test.id);
    expect(body.report.message.arc).toMatchObject({
      result: "pass",
      instances: 1,
      sealers: ["mail-forwarder.test"],
    });
    expect(body.report.message.dkim[0].result).toBe("pass");
    // The forwarder is not in mail-sender.test's SPF; DKIM (aligned) still carries DMARC.
    expect(body.report.message.spf.result).toBe("fail");
    expect(body.report.message.dmarc.result).toBe("pass");
  });

  it("refuses unissued addresses at RCPT with 550 5.1.1 and oversized mail with 552", async () => {
    const err = await transport()
      .sendMail({ from: "a@mail-sender.test", to: "test-nosuchaddressissued@inbox.test", text: "x" })
      .catch((e: { responseCode?: number; response?: string }) => e);
    expect((err as { responseCode?: number }).responseCode).toBe(550);
    expect((err as { response?: string }).response).toMatch(/^550 5\.1\.1 /);
    const other = await transport()
      .sendMail({ from: "a@mail-sender.test", to: "someone@elsewhere.test", text: "x" })
      .catch((e: { response?: string }) => e);
    expect((other as { response?: string }).response).toMatch(/^550 5\.1\.1 /);

    const test = await issue();
    const big = await transport()
      .sendMail({ from: "a@mail-sender.test", to: test.address, text: "x".repeat(100 * 1024) })
      .catch((e: { responseCode?: number; response?: string }) => e);
    expect((big as { responseCode?: number }).responseCode).toBe(552);
    expect((await status(test.id)).body.status).toBe("waiting");
  });

  it("closes a connection that stalls", async () => {
    const sock = net.connect(port, "127.0.0.1");
    const received: string[] = [];
    sock.on("data", (d) => received.push(d.toString()));
    const closed = await new Promise<boolean>((resolve) => {
      sock.on("close", () => resolve(true));
      setTimeout(() => resolve(false), 8000);
    });
    expect(closed).toBe(true);
    expect(received.join("")).toMatch(/^220 /);
    expect(received.join("")).toMatch(/421 .*[Tt]imeout/);
  });
});

describe("a domain report after a message", () => {
  it("fills the checklist items only a real message decides from the latest message of that domain", async () => {
    const test = await issue();
    await transport({
      dkim: "s2048",
      // One-click headers outside the signature: the unsubscribe item fails, and says why.
      signHeaders: "from:to:subject:date:message-id",
    }).sendMail({
      from: "Alice <alice@mail-sender.test>",
      to: test.address,
      envelope: { from: "bounces@mail-sender.test", to: test.address },
      subject: "Checklist",
      text: "Hello",
      ...ONE_CLICK,
    });
    await server.idle();
    const message = (await status(test.id)).body.report;
    expect(message.kind).toBe("message");

    const res = await postDomainReport("mail-sender.test");
    expect(res.status).toBe(201);
    const created = await res.json();
    const readBack = await readReport(created.id);
    for (const doc of [created, readBack]) {
      expect(doc.latestMessage).toMatchObject({ createdAt: message.createdAt, source: "smtp" });
      // The message report is private (its own share link only): the public domain report names it nowhere.
      expect(doc.latestMessage.id).toBeUndefined();
      expect(doc.latestMessage.url).toBeUndefined();
      expect(JSON.stringify(doc)).not.toContain(message.id);
      const items = Object.fromEntries(
        doc.latestMessage.items.map((i: { id: string; status: string }) => [i.id, i.status]),
      );
      expect(items).toEqual({ alignment: "pass", fcrdns: "pass", tls: "pass", unsubscribe: "fail" });
      expect(
        doc.latestMessage.providers.find((p: { rule: string }) => p.rule === "gmail.one_click"),
      ).toMatchObject({ status: "fail" });
    }
    // What the page shows: the DNS checklist with the message's answers in place of "needs a real message".
    const { bulkSenderChecklist } = await import("@/lib/scoring/checklist");
    const { fillChecklist } = await import("@/lib/mail/message/checklist");
    const filled = fillChecklist(bulkSenderChecklist(readBack.checks), readBack.latestMessage);
    const alignment = filled.find((i) => i.id === "alignment")!;
    expect(alignment).toMatchObject({ status: "pass", fromMessage: { createdAt: message.createdAt } });
    expect(filled.find((i) => i.id === "unsubscribe")!.because).toMatch(
      /not covered by an aligned DKIM signature/,
    );

    // A forged From: (the envelope and signature of another domain, no TLS) arrives later: it gets its own
    // report, but does not become the domain's latest message, so it cannot make the domain's report fail.
    const forged = await issue();
    await transport({ dkim: "other", secure: false }).sendMail({
      from: "Alice <alice@mail-sender.test>",
      to: forged.address,
      envelope: { from: "forger@mail-other.test", to: forged.address },
      subject: "Forged",
      text: "Hello",
    });
    await server.idle();
    const forgedReport = (await status(forged.id)).body.report;
    expect(forgedReport.kind).toBe("message");
    expect(Date.parse(forgedReport.createdAt)).toBeGreaterThan(Date.parse(message.createdAt));
    const forgedDoc = await readReport(forgedReport.id);
    expect(forgedDoc.message.from.domain).toBe("mail-sender.test");
    expect(forgedDoc.message.spf.result).toBe("fail");
    expect(
      forgedDoc.message.dkim.map((d: { domain: string; result: string }) => [d.domain, d.result]),
    ).toEqual([["mail-other.test", "pass"]]);
    const afterForgery = await (await postDomainReport("mail-sender.test")).json();
    expect(afterForgery.latestMessage).toMatchObject({ createdAt: message.createdAt });
    expect(
      Object.fromEntries(
        afterForgery.latestMessage.items.map((i: { id: string; status: string }) => [i.id, i.status]),
      ),
    ).toEqual({ alignment: "pass", fcrdns: "pass", tls: "pass", unsubscribe: "fail" });

    // A report saved while domain reports still kept the message report's id: read back without it.
    const prisma = await (await import("@/lib/db/index")).getPrisma();
    const row = await prisma.report.findUniqueOrThrow({ where: { slug: afterForgery.id } });
    const results = row.results as { latestMessage: Record<string, unknown> };
    await prisma.report.update({
      where: { slug: afterForgery.id },
      data: { results: { ...results, latestMessage: { ...results.latestMessage, id: message.id } } },
    });
    const old = await readReport(afterForgery.id);
    expect(old.latestMessage).toMatchObject({ createdAt: message.createdAt });
    expect(JSON.stringify(old)).not.toContain(message.id);

    // A domain no message came from keeps "needs a real message".
    const other = await (await postDomainReport("mail-other.test")).json();
    expect(other.latestMessage).toBeUndefined();

    // MXRAY_HISTORY=off: no report links to another, so none keeps the latest message either.
    const { resetConfig } = await import("@/lib/config");
    vi.stubEnv("MXRAY_HISTORY", "off");
    resetConfig();
    try {
      const noHistory = await (await postDomainReport("mail-sender.test")).json();
      expect(noHistory.id).toEqual(expect.any(String));
      expect(noHistory.latestMessage).toBeUndefined();
    } finally {
      vi.stubEnv("MXRAY_HISTORY", "");
      resetConfig();
    }
  }, 120_000);
});

describe("DMARC reports by mail", () => {
  const aggregate = (domain: string, reportId: string) =>
    `<?xml version="1.0"?><feedback><report_metadata><org_name>receiver.test</org_name>` +
    `<email>noreply@receiver.test</email><report_id>${reportId}</report_id>` +
    `<date_range><begin>1796104800</begin><end>1796191199</end></date_range></report_metadata>` +
    `<policy_published><domain>${domain}</domain><p>reject</p></policy_published>` +
    `<record><row><source_ip>198.51.100.7</source_ip><count>3</count><policy_evaluated>` +
    `<disposition>reject</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>` +
    `<identifiers><header_from>${domain}</header_from></identifiers>` +
    `<auth_results><spf><domain>${domain}</domain><result>fail</result></spf></auth_results></record></feedback>`;
  const mailReport = (to: string, xml: string) =>
    transport({ localAddress: "127.0.0.2" })
      .sendMail({
        from: "noreply@receiver.test",
        to,
        envelope: { from: "noreply@receiver.test", to },
        subject: "Report Domain: mail-sender.test",
        text: "DMARC aggregate report",
        attachments: [{ filename: "report.xml", content: xml, contentType: "application/xml" }],
      })
      .then((i) => ({ ok: true as const, response: i.response }))
      .catch((e: { response?: string; command?: string }) => ({
        ok: false as const,
        response: e.response ?? "",
        command: e.command,
      }));

  it("files reports mailed to a monitor's dmarc+<token>@ under it; refuses tokens no monitor gave out", async () => {
    const { registerDmarcMailbox } = await import("@/lib/monitor/dmarc-mailbox");
    const { createMonitor, getMonitor } = await import("@/lib/monitor/service");
    const { getPrisma } = await import("@/lib/db");
    const prisma = await getPrisma();
    const logged: string[] = [];
    const off = registerDmarcMailbox((l) => logged.push(l));
    try {
      const { monitor } = await createMonitor({ domain: "mail-sender.test", email: "ops@mail-sender.test" });
      expect(monitor.dmarcAddress).toMatch(/^dmarc\+[a-z2-7]{20}@inbox\.test$/);
      // inbox.test is outside mail-sender.test: receivers look for this authorization first.
      expect(monitor.dmarcAuthorization).toBe('mail-sender.test._report._dmarc.inbox.test. TXT "v=DMARC1"');
      const row = await prisma.monitor.findUniqueOrThrow({ where: { slug: monitor.id } });
      const filedUnder = async (reportId: string) =>
        (await prisma.receivedReport.findFirstOrThrow({ where: { reportId }, select: { monitorId: true } }))
          .monitorId;
      const run = Date.now().toString(36);

      // At the monitor's address (its token upper-cased on the way, as some MTAs do): filed under it.
      const accepted = await mailReport(
        monitor.dmarcAddress.toUpperCase(),
        aggregate("mail-sender.test", `a-${run}`),
      );
      expect(accepted).toMatchObject({ ok: true });
      await server.idle();
      expect(await filedUnder(`a-${run}`)).toBe(row.id);
      expect(logged.at(-1)).toMatch(/\(monitor of mail-sender\.test\)/);

      // A report about a domain the monitor does not watch: kept, under its own domain only.
      expect(await mailReport(monitor.dmarcAddress, aggregate("mail-other.test", `b-${run}`))).toMatchObject({
        ok: true,
      });
      await server.idle();
      expect(await filedUnder(`b-${run}`)).toBeNull();

      // dmarc@ takes every report, unattached; the same report then mailed to the monitor is filed there.
      expect(await mailReport("dmarc@inbox.test", aggregate("mail-sender.test", `c-${run}`))).toMatchObject({
        ok: true,
      });
      await server.idle();
      expect(await filedUnder(`c-${run}`)).toBeNull();
      await mailReport(monitor.dmarcAddress, aggregate("mail-sender.test", `c-${run}`));
      await server.idle();
      expect(await filedUnder(`c-${run}`)).toBe(row.id);
      expect(await prisma.receivedReport.count({ where: { reportId: `c-${run}` } })).toBe(1);

      const view = await getMonitor(monitor.id);
      expect(view!.dmarcReports).toMatchObject({ received: 2, lastAt: expect.any(String) });

      // Tokens no monitor gave out: refused at RCPT TO, like any address not issued here.
      for (const to of [
        "dmarc+nosuchmonitortoken0000@inbox.test",
        "dmarc+@inbox.test",
        "dmarc+x@inbox.test",
      ]) {
        const refused = await mailReport(to, aggregate("mail-sender.test", `d-${run}`));
        expect(refused).toMatchObject({ ok: false, command: "RCPT TO" });
        expect(refused.response).toMatch(/^550 5\.1\.1 /);
      }
      await server.idle();
      expect(await prisma.receivedReport.count({ where: { reportId: `d-${run}` } })).toBe(0);
    } finally {
      off();
    }
  }, 120_000);
});

describe("the sandbox", () => {
  const send = (to: string, from = "app@mail-sender.test", localAddress?: string) =>
    transport(localAddress ? { localAddress } : {})
      .sendMail({ from, to, envelope: { from, to }, subject: "sandbox", text: "Hello" })
      .then((i) => ({ ok: true as const, response: i.response }))
      .catch((e: { responseCode?: number; response?: string; command?: string }) => ({
        ok: false as const,
        response: e.response ?? "",
        code: e.responseCode,
        command: e.command,
      }));

  it("answers reply-<code>-<enhanced> at RCPT, or at the stage the address names", async () => {
    const codes = [
      ["550", "5.1.1"],
      ["550", "5.7.26"],
      ["552", "5.2.2"],
      ["554", "5.7.1"],
      ["451", "4.7.1"],
      ["450", "4.2.0"],
      ["421", "4.7.0"],
      ["550", "5.7.25"],
      ["553", "5.1.3"],
      ["551", "5.1.6"],
      ["452", "4.2.2"],
      ["530", "5.7.0"],
    ];
    for (const [code, enhanced] of codes) {
      const to = `reply-${code}-${enhanced}+ci@${DOMAIN}`;
      const r = await send(to);
      expect(r.ok).toBe(false);
      expect(r.response).toMatch(new RegExp(`^${code} ${enhanced!.replace(/\./g, "\\.")} `));
      const [session] = await sessionsFor(to);
      expect(session).toBeDefined();
      expect(session!.mode).toBe("sandbox");
      expect(session!.transcript.some((l) => l.dir === "S" && l.line.startsWith(`${code} ${enhanced}`))).toBe(
        true,
      );
    }
    const atData = await send(`reply-550-5.7.1+data@${DOMAIN}`);
    expect(atData).toMatchObject({ ok: false, command: "DATA" });
    const accepted = await send(`reply-250@${DOMAIN}`);
    expect(accepted.ok).toBe(true);
  });

  it("answers every named scenario at its stage in the provider's words, which our classifier reads back", async () => {
    const { SCENARIOS } = await import("@/lib/mail/sandbox");
    const { diagnose } = await import("@/lib/bounce/diagnose");
    const once = Object.values(SCENARIOS).filter((sc) => sc.name !== "greylist" && sc.name !== "rate");
    expect(once.length).toBeGreaterThanOrEqual(6);
    for (const sc of once) {
      const to = `scenario-${sc.name}+round-trip@${DOMAIN}`;
      const r = await send(to, "app@mail-sender.test", "127.0.0.3");
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      // A 421 also closes the connection (RFC 5321 §3.8): nodemailer names that "CONN", the reply is the same.
      const stage = sc.stage === "data" ? "DATA" : "RCPT TO";
      expect({ scenario: sc.name, command: r.command }).toEqual({
        scenario: sc.name,
        command: r.response.startsWith("421 ") && r.command === "CONN" ? "CONN" : stage,
      });
      const d = diagnose(r.response);
      expect({ scenario: sc.name, family: d.family, reason: d.reason }).toEqual({
        scenario: sc.name,
        ...sc.expect,
      });
      // The same reply, read back through GET /api/smtp/sessions.
      const [session] = await sessionsFor(to);
      expect(session).toMatchObject({ mode: "sandbox", scenario: sc.name });
      expect(session!.transcript.some((l) => l.dir === "S" && l.line === r.response.trim())).toBe(true);
    }
  });

  it("greylists the first attempt and accepts the retry; rate-limits after N messages", async () => {
    const to = `scenario-greylist@${DOMAIN}`;
    const first = await send(to, "grey@mail-sender.test");
    expect(first.ok).toBe(false);
    expect(first.response).toMatch(/^450 4\.2\.0 .*Greylisted/);
    expect((await send(to, "grey@mail-sender.test")).ok).toBe(true);

    const rate = `scenario-rate@${DOMAIN}`;
    expect((await send(rate)).ok).toBe(true);
    expect((await send(rate)).ok).toBe(true);
    const third = await send(rate);
    expect(third.ok).toBe(false);
    expect(third.response).toMatch(/^421 4\.7\.28 /);
  });

  it("sends an RFC 3464 DSN back to the envelope sender when asked (+dsn)", async () => {
    const sender = `app+${Date.now()}@mail-sender.test`;
    const r = await send(`reply-550-5.1.1+dsn@${DOMAIN}`, sender);
    expect(r.ok).toBe(true);
    await server.idle();
    const sessions = await sessionsFor(sender);
    expect(sessions[0]).toMatchObject({ scenario: "dsn" });
    expect(sessions[0]!.messages).toHaveLength(1);
  });
});

describe("flooding", () => {
  it("answers 421 to a client that floods one connection with transactions", async () => {
    const sock = net.connect(port, "127.0.0.1");
    let text = "";
    sock.on("data", (d) => (text += d.toString()));
    const until = (re: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (re.test(text)) {
            clearInterval(t);
            resolve();
          }
        }, 10);
        setTimeout(() => {
          clearInterval(t);
          reject(new Error(`no ${re} in ${text.slice(-300)}`));
        }, 10_000);
      });
    await until(/^220 /m);
    sock.write("EHLO flood.test\r\n");
    await until(/^250 /m);
    for (let i = 0; i < 60 && !/^421 /m.test(text); i++) {
      const before = text.length;
      sock.write("MAIL FROM:<flood@mail-sender.test>\r\nRSET\r\n");
      await new Promise<void>((r) => {
        const t = setInterval(() => {
          if (text.length > before + 1 && /\r\n$/.test(text)) {
            clearInterval(t);
            r();
          }
        }, 5);
      });
    }
    expect(text).toMatch(/^421 4\.7\.0 .*Too many messages/m);
    sock.destroy();
  });

  it("answers 421 once a client opens too many connections in a minute", async () => {
    const greet = () =>
      new Promise<string>((resolve) => {
        const s = net.connect(port, "127.0.0.1");
        s.once("data", (d) => {
          resolve(d.toString());
          s.end("QUIT\r\n");
        });
        s.on("error", () => resolve(""));
      });
    const replies: string[] = [];
    for (let i = 0; i < 45; i++) replies.push(await greet());
    expect(replies.some((r) => r.startsWith("421 4.7.0"))).toBe(true);
  });
});

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
  await (await import("@/lib/db/index")).getPrisma();
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
  const { closeDb } = await import("@/lib/db/index");
  await closeDb();
  vi.unstubAllEnvs();
});

function transport(opts: { dkim?: keyof typeof KEYS; signHeaders?: string; secure?: boolean } = {}) {
  const k = opts.dkim ? KEYS[opts.dkim] : null;
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    requireTLS: opts.secure !== false,
    ignoreTLS: opts.secure === false,
    name: "mx.mail-sender.test",
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
    const { getPrisma } = await import("@/lib/db/index");
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

describe("the sandbox", () => {
  const send = (to: string, from = "app@mail-sender.test") =>
    transport()
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

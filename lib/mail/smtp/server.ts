/**
 * The built-in SMTP server (smtp-server package): the inbox for issued test addresses and the sandbox whose
 * recipients choose the reply. Every connection's transcript (each command and each reply, TLS version and
 * cipher) is recorded; an accepted message is committed to the database before its 250 is sent.
 */
import { randomUUID } from "node:crypto";
import { format } from "node:util";
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from "smtp-server";
import type { TLSSocket } from "node:tls";
import type { SessionMode, SessionUpdate, SmtpMessageInput, TranscriptLine } from "@/lib/report-store/mail";
import { buildDsn } from "@/lib/mail/dsn";
import { handlerAccepts, handlerFor } from "@/lib/mail/handlers";
import type { Envelope } from "@/lib/mail/message/types";
import {
  Greylist,
  matchSandboxRule,
  parseSandboxAddress,
  RateCounter,
  scenarioReply,
  type SandboxDirective,
  type SandboxReply,
  type SandboxRule,
} from "@/lib/mail/sandbox";

/** The database operations the server needs (lib/report-store/mail), injectable for benchmarks. */
export interface MailStore {
  openSession(s: { id: string; clientIp: string }): Promise<void>;
  updateSession(id: string, u: SessionUpdate): Promise<void>;
  saveMessage(m: SmtpMessageInput): Promise<{ id: string }>;
  /** Issued test addresses among these (lower-case) → their test ids. */
  findTests(addresses: string[]): Promise<{ id: string; address: string }[]>;
}

export interface ReceivedMessage {
  messageId: string;
  sessionId: string;
  raw: Buffer;
  envelope: Envelope;
  /** The test this message answers (inbox), if any. */
  testId: string | null;
}

export interface MailServerOptions {
  port: number;
  host?: string;
  /** MXRAY_MAIL_DOMAIN. */
  domain: string;
  /** The name in the banner and in Authentication-Results; defaults to the domain. */
  hostname?: string;
  tls: { key: string; cert: string } | null;
  maxSize: number;
  /** Connections per minute per client address (0 = unlimited). */
  rateLimit: number;
  socketTimeoutMs: number;
  sandboxRate: number;
  greylistDelayMs?: number;
  /** Replies configured per address pattern (MXRAY_SMTP_SANDBOX_RULES), tried before the built-in addresses. */
  rules?: SandboxRule[];
  store: MailStore;
  /** Called after the 250 for each message to an issued test address (analysis, report). */
  onInboxMessage?: (m: ReceivedMessage) => Promise<void>;
  onError?: (e: unknown, where: string) => void;
}

interface RecipientPlan {
  address: string;
  kind: "test" | "sandbox" | "handler";
  testId?: string;
  directive?: SandboxDirective;
  /** Reply to give after DATA (sandbox stage data). */
  dataReply?: SandboxReply;
}

interface SessionState {
  id: string;
  started: number;
  clientIp: string;
  transcript: TranscriptLine[];
  mode: SessionMode;
  scenario: string | null;
  recipientsSeen: string[];
  plans: RecipientPlan[];
  tls: { version: string | null; cipher: string | null } | null;
  opened: Promise<void>;
  closed: boolean;
  /** A reply already put in the transcript by refuse(): the logger's copy of it is skipped once. */
  echo?: string;
}

/** Lines kept per session: a client looping on NOOP must not grow memory without bound. */
const MAX_TRANSCRIPT_LINES = 2000;

function smtpError(reply: SandboxReply | { code: number; text: string }): Error & { responseCode: number } {
  // smtp-server writes "<responseCode> <message>": the message is the reply without its code.
  const err = new Error(reply.text.replace(/^\d{3}[ -]?/, "")) as Error & { responseCode: number };
  err.responseCode = reply.code;
  return err;
}

function reply(code: number, text: string): SandboxReply {
  const enhanced = /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null;
  return { code, enhanced, text: `${code} ${text}` };
}

export class MailServer {
  readonly server: SMTPServer;
  private sessions = new Map<string, SessionState>();
  private connections = new Map<string, number[]>();
  private transactions = new Map<string, number[]>();
  private greylist: Greylist;
  private rate: RateCounter;
  private hostname: string;
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly opts: MailServerOptions) {
    this.hostname = opts.hostname ?? opts.domain;
    this.greylist = new Greylist(opts.greylistDelayMs ?? 0);
    this.rate = new RateCounter(opts.sandboxRate);
    const capture =
      (dir: "C" | "S") =>
      (meta: { cid?: string }, message: string, ...args: unknown[]) => {
        const s = meta?.cid ? this.sessions.get(meta.cid) : undefined;
        if (!s || s.transcript.length >= MAX_TRANSCRIPT_LINES) return;
        const line = format(message, ...args).replace(/^[CS]: ?/, "");
        if (dir === "S" && s.echo !== undefined && line === s.echo) {
          s.echo = undefined;
          return;
        }
        for (const l of line.split(/\r?\n/)) s.transcript.push({ at: Date.now() - s.started, dir, line: l });
      };
    const logger = {
      trace: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      fatal: () => undefined,
      debug: (meta: { cid?: string; tnx?: string }, message: string, ...args: unknown[]) => {
        if (message === "S:") capture("S")(meta, message, ...args);
        else if (typeof message === "string" && message.startsWith("C:"))
          capture("C")(meta, message, ...args);
      },
    };
    this.server = new SMTPServer({
      name: this.hostname,
      banner: "mxray ESMTP: test inbox and sandbox",
      size: opts.maxSize,
      authOptional: true,
      disabledCommands: ["AUTH"],
      hideENHANCEDSTATUSCODES: true,
      ...(opts.tls
        ? { key: opts.tls.key, cert: opts.tls.cert }
        : { hideSTARTTLS: true, disabledCommands: ["AUTH", "STARTTLS"] }),
      socketTimeout: opts.socketTimeoutMs,
      closeTimeout: 5_000,
      logger: logger as never,
      onConnect: (session, cb) => this.onConnect(session, cb),
      onSecure: (socket, session, cb) => this.onSecure(socket as TLSSocket, session, cb),
      onMailFrom: (address, session, cb) => this.onMailFrom(address, session, cb),
      onRcptTo: (address, session, cb) => this.onRcptTo(address, session, cb),
      onData: (stream, session, cb) => this.onData(stream, session, cb),
      onClose: (session) => this.onClose(session),
    });
    this.server.on("error", (e) => opts.onError?.(e, "server"));
  }

  listen(): Promise<{ port: number; host: string }> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.server.once("error", onError);
      this.server.listen(this.opts.port, this.opts.host ?? "0.0.0.0", () => {
        this.server.server.off("error", onError);
        const addr = this.server.server.address();
        resolve({
          port: typeof addr === "object" && addr ? addr.port : this.opts.port,
          host: this.opts.host ?? "0.0.0.0",
        });
      });
    });
  }

  /** Stops accepting, closes connections, and waits for background work (reports being made). */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.pending]);
  }

  /** Background work the tests and shutdown can wait for. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Waits until every connection has closed and its session is stored (benchmarks, tests). */
  async drain(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((this.sessions.size || this.pending.size) && Date.now() < until) {
      await Promise.allSettled([...this.pending]);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }

  private state(session: SMTPServerSession): SessionState {
    const s = this.sessions.get(session.id);
    if (!s) throw new Error(`unknown SMTP session ${session.id}`);
    return s;
  }

  /**
   * Refuses with a sandbox reply once the session (with that reply in its transcript) is stored: a client
   * that reads the reply and then asks GET /api/smtp/sessions finds it there.
   */
  private refuse(
    s: SessionState,
    session: SMTPServerSession,
    r: SandboxReply,
    cb: (err?: Error | null) => void,
  ) {
    if (s.transcript.length < MAX_TRANSCRIPT_LINES) {
      s.transcript.push({ at: Date.now() - s.started, dir: "S", line: r.text });
      s.echo = r.text;
    }
    this.track(s.opened.then(() => this.opts.store.updateSession(s.id, this.snapshot(s, session)))).then(
      () => cb(smtpError(r)),
      (e) => {
        this.opts.onError?.(e, "updateSession");
        cb(smtpError(r));
      },
    );
  }

  private note(s: SessionState, line: string) {
    if (s.transcript.length < MAX_TRANSCRIPT_LINES)
      s.transcript.push({ at: Date.now() - s.started, dir: "I", line });
  }

  private onConnect(session: SMTPServerSession, cb: (err?: Error | null) => void) {
    const ip = session.remoteAddress.replace(/^::ffff:/, "");
    if (this.opts.rateLimit > 0) {
      const now = Date.now();
      const recent = (this.connections.get(ip) ?? []).filter((t) => now - t < 60_000);
      recent.push(now);
      this.connections.set(ip, recent);
      if (this.connections.size > 50_000) this.connections.delete(this.connections.keys().next().value!);
      if (recent.length > this.opts.rateLimit) {
        // Not recorded: a flood must not turn into a flood of database writes.
        return cb(
          smtpError(reply(421, `4.7.0 ${this.hostname} Too many connections from ${ip}, try again later`)),
        );
      }
    }
    const s: SessionState = {
      id: randomUUID(),
      started: Date.now(),
      clientIp: ip,
      transcript: [],
      mode: "rejected",
      scenario: null,
      recipientsSeen: [],
      plans: [],
      tls: null,
      opened: Promise.resolve(),
      closed: false,
    };
    this.sessions.set(session.id, s);
    this.note(s, `connect from [${ip}]:${session.remotePort}`);
    s.opened = this.track(this.opts.store.openSession({ id: s.id, clientIp: ip }));
    s.opened.then(
      () => cb(),
      (e) => {
        this.opts.onError?.(e, "openSession");
        this.sessions.delete(session.id);
        cb(smtpError(reply(421, "4.3.0 Service temporarily unavailable, try again later")));
      },
    );
  }

  private onSecure(socket: TLSSocket, session: SMTPServerSession, cb: (err?: Error | null) => void) {
    const s = this.sessions.get(session.id);
    if (s) {
      const cipher = socket.getCipher?.();
      s.tls = {
        version: socket.getProtocol?.() ?? null,
        cipher: cipher?.standardName ?? cipher?.name ?? null,
      };
      this.note(s, `TLS established: ${s.tls.version ?? "?"} ${s.tls.cipher ?? "?"}`);
    }
    cb();
  }

  private onMailFrom(
    address: SMTPServerAddress,
    session: SMTPServerSession,
    cb: (err?: Error | null) => void,
  ) {
    const s = this.state(session);
    s.plans = [];
    // Flooding over one connection: transactions count against the same per-minute budget as connections.
    if (this.opts.rateLimit > 0) {
      const now = Date.now();
      const recent = (this.transactions.get(s.clientIp) ?? []).filter((t) => now - t < 60_000);
      recent.push(now);
      this.transactions.set(s.clientIp, recent);
      if (this.transactions.size > 50_000) this.transactions.delete(this.transactions.keys().next().value!);
      if (recent.length > this.opts.rateLimit) {
        return cb(
          smtpError(
            reply(421, `4.7.0 ${this.hostname} Too many messages from ${s.clientIp}, try again later`),
          ),
        );
      }
    }
    const directive = address.address ? parseSandboxAddress(address.address) : null;
    // "+mail": the sandbox address is the envelope sender, and the reply comes at MAIL FROM.
    if (directive?.stage === "mail" && this.isLocal(address.address)) {
      s.mode = "sandbox";
      s.scenario = directive.scenario;
      return this.refuse(s, session, this.directiveReply(directive, s, address.address, address.address), cb);
    }
    cb();
  }

  private isLocal(address: string): boolean {
    const domain = address.slice(address.lastIndexOf("@") + 1).toLowerCase();
    return domain === this.opts.domain;
  }

  private directiveReply(
    d: SandboxDirective,
    s: SessionState,
    recipient: string,
    sender: string | null,
  ): SandboxReply {
    if (d.reply) return d.reply;
    const senderDomain =
      sender && sender.includes("@") ? sender.slice(sender.lastIndexOf("@") + 1).toLowerCase() : null;
    return scenarioReply(d.scenario, { clientIp: s.clientIp, senderDomain, recipient });
  }

  private onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, cb: (err?: Error | null) => void) {
    const s = this.state(session);
    const rcpt = address.address.toLowerCase();
    if (!s.recipientsSeen.includes(rcpt)) s.recipientsSeen.push(rcpt);
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
    const unknown = () =>
      smtpError(
        reply(
          550,
          `5.1.1 <${address.address}>: Recipient address rejected: not an address issued by this server`,
        ),
      );
    if (!this.isLocal(rcpt)) return cb(unknown());
    const local = rcpt.slice(0, rcpt.lastIndexOf("@"));

    if (handlerFor(local)) {
      // A sub-address the handler does not know (dmarc+<unknown token>) is not an address issued here.
      return void handlerAccepts(local).then(
        (ok) => {
          if (!ok) return cb(unknown());
          s.plans.push({ address: rcpt, kind: "handler" });
          if (s.mode === "rejected") s.mode = "inbox";
          cb();
        },
        (e) => {
          this.opts.onError?.(e, "handlerAccepts");
          cb(smtpError(reply(451, "4.3.0 Temporary lookup failure, try again later")));
        },
      );
    }

    const directive = matchSandboxRule(this.opts.rules ?? [], rcpt) ?? parseSandboxAddress(rcpt);
    if (directive) {
      s.mode = "sandbox";
      s.scenario = directive.scenario;
      const plan: RecipientPlan = { address: rcpt, kind: "sandbox", directive };
      if (directive.scenario === "greylist" && !directive.reply) {
        if (this.greylist.check(s.clientIp, sender, rcpt)) {
          return this.refuse(s, session, this.directiveReply(directive, s, rcpt, sender), cb);
        }
        s.plans.push(plan);
        return cb();
      }
      if (directive.scenario === "rate" && !directive.reply) {
        if (this.rate.exceeded(s.clientIp))
          return this.refuse(s, session, this.directiveReply(directive, s, rcpt, sender), cb);
        s.plans.push(plan);
        return cb();
      }
      const r = this.directiveReply(directive, s, rcpt, sender);
      if (directive.dsn) {
        // Accept now, bounce later: the DSN goes to the envelope sender's capture.
        s.plans.push({ ...plan, dataReply: r });
        return cb();
      }
      if (directive.stage === "data") {
        s.plans.push({ ...plan, dataReply: r });
        return cb();
      }
      if (r.code >= 400) return this.refuse(s, session, r, cb);
      s.plans.push(plan);
      return cb();
    }

    const m = /^test-[a-z0-9]{8,64}$/.exec(local);
    if (!m) return cb(unknown());
    this.opts.store.findTests([rcpt]).then(
      (tests) => {
        const test = tests.find((t) => t.address === rcpt);
        if (!test) return cb(unknown());
        s.plans.push({ address: rcpt, kind: "test", testId: test.id });
        if (s.mode !== "sandbox") s.mode = "inbox";
        cb();
      },
      (e) => {
        this.opts.onError?.(e, "findTests");
        cb(smtpError(reply(451, "4.3.0 Temporary lookup failure, try again later")));
      },
    );
  }

  private onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    cb: (err?: Error | null, message?: string) => void,
  ) {
    const s = this.state(session);
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= this.opts.maxSize) chunks.push(c);
    });
    stream.on("error", (e) => cb(e));
    stream.on("end", () => {
      // RFC 1870 §6.3: a message larger than the announced SIZE is refused with 552.
      if (stream.sizeExceeded || size > this.opts.maxSize) {
        return cb(
          smtpError(
            reply(
              552,
              `5.3.4 Message size exceeds the fixed maximum message size (${this.opts.maxSize} bytes)`,
            ),
          ),
        );
      }
      const raw = Buffer.concat(chunks);
      const dataStage = s.plans.find((p) => p.dataReply && !p.directive?.dsn && p.dataReply.code >= 400);
      if (dataStage?.dataReply) return this.refuse(s, session, dataStage.dataReply, cb);
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null;
      const recipients = s.plans.map((p) => p.address);
      const test = s.plans.find((p) => p.kind === "test");
      // Taken now: smtp-server resets the session's envelope once the reply to DATA is sent.
      const env = this.envelope(s, session);
      const plans = [...s.plans];
      this.track(
        this.opts.store.saveMessage({
          sessionId: s.id,
          // One insert: the session's fields and transcript are written when it closes (rewriting them with
          // every message of a long session would make each message cost more than the last).
          mailFrom,
          recipients,
          raw,
          messageTestId: test?.testId ?? null,
        }),
      ).then(
        (saved) => {
          cb(null, `2.0.0 Ok: queued as ${saved.id}`);
          for (const p of plans) if (p.directive?.scenario === "rate") this.rate.record(s.clientIp);
          this.afterAccept(plans, env, s.id, saved.id, raw, mailFrom);
        },
        (e) => {
          this.opts.onError?.(e, "saveMessage");
          cb(smtpError(reply(451, "4.3.0 Could not store the message, try again later")));
        },
      );
    });
  }

  private envelope(s: SessionState, session: SMTPServerSession): Envelope {
    return {
      clientIp: s.clientIp,
      helo: session.hostNameAppearsAs || null,
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null,
      rcptTo: s.plans.map((p) => p.address),
      tls: s.tls,
    };
  }

  private snapshot(
    s: SessionState,
    session: SMTPServerSession,
    closed = false,
    transcript = true,
  ): SessionUpdate {
    return {
      mode: s.mode,
      helo: session.hostNameAppearsAs || null,
      mailFrom: session.envelope?.mailFrom ? session.envelope.mailFrom.address || null : null,
      recipients: s.recipientsSeen,
      scenario: s.scenario,
      tls: s.tls,
      ...(transcript ? { transcript: s.transcript } : {}),
      ...(closed ? { closed: true } : {}),
    };
  }

  private afterAccept(
    plans: RecipientPlan[],
    env: Envelope,
    sessionId: string,
    messageId: string,
    raw: Buffer,
    mailFrom: string | null,
  ) {
    for (const p of plans) {
      if (p.kind === "test" && this.opts.onInboxMessage) {
        this.track(
          this.opts.onInboxMessage({ messageId, sessionId, raw, envelope: env, testId: p.testId ?? null }),
        ).catch((e) => this.opts.onError?.(e, "inbox"));
      } else if (p.kind === "handler") {
        const local = p.address.slice(0, p.address.lastIndexOf("@"));
        const handler = handlerFor(local);
        if (handler) {
          this.track(handler({ localPart: local, address: p.address, raw, envelope: env, messageId })).catch(
            (e) => this.opts.onError?.(e, "handler"),
          );
        }
      } else if (p.directive?.dsn && p.dataReply && mailFrom) {
        this.track(this.sendDsn(p.address, mailFrom, p.dataReply, raw)).catch((e) =>
          this.opts.onError?.(e, "dsn"),
        );
      }
    }
  }

  /** Captures the DSN a remote MTA would send back, as a session addressed to the envelope sender. */
  private async sendDsn(recipient: string, sender: string, r: SandboxReply, raw: Buffer) {
    const text = raw.toString("latin1");
    const end = text.search(/\r?\n\r?\n/);
    const dsn = Buffer.from(
      buildDsn({
        reportingMta: this.hostname,
        sender,
        recipient,
        reply: r,
        originalHeaders: end < 0 ? text : text.slice(0, end),
      }),
      "latin1",
    );
    const id = randomUUID();
    await this.opts.store.openSession({ id, clientIp: "127.0.0.1" });
    const transcript: TranscriptLine[] = [
      { at: 0, dir: "I", line: `DSN for <${recipient}> (${r.text}) returned to <${sender}>` },
    ];
    await this.opts.store.saveMessage({
      sessionId: id,
      session: {
        mode: "sandbox",
        helo: this.hostname,
        mailFrom: "",
        recipients: [sender.toLowerCase()],
        scenario: "dsn",
        tls: null,
        transcript,
        closed: true,
      },
      mailFrom: null,
      recipients: [sender.toLowerCase()],
      raw: dsn,
      messageTestId: null,
    });
  }

  private onClose(session: SMTPServerSession) {
    const s = this.sessions.get(session.id);
    if (!s || s.closed) return;
    s.closed = true;
    this.sessions.delete(session.id);
    this.note(s, "disconnect");
    this.track(
      s.opened.then(() => this.opts.store.updateSession(s.id, this.snapshot(s, session, true))),
    ).catch((e) => this.opts.onError?.(e, "closeSession"));
  }
}

/**
 * Our SMTP client for probing an MX host's transport (RFC 5321, STARTTLS per RFC 3207), on node:net and
 * node:tls. One connection: banner, EHLO, STARTTLS, the TLS handshake with SNI = the MX name (RFC 6066
 * §3), EHLO again (RFC 3207 §4.2: the server forgets what it said before TLS), then QUIT. It never sends
 * MAIL FROM unless a recipient probe is asked for, and never DATA: no message is ever sent.
 *
 * The caller gives the address to connect to (vetted by lib/net/probe-target), so what was checked is
 * what is connected to. Every step has its own timeout, and the whole exchange stops on `signal`.
 */
import net from "node:net";
import tls from "node:tls";
import { canonicalIp } from "@/lib/net/ip";
import { describeChain, type CertInfo } from "./certificate";

export type SmtpStage = "connect" | "banner" | "ehlo" | "starttls" | "tls" | "ehlo_tls" | "mail" | "rcpt";

export type SmtpFailure =
  /** TCP connection refused, unreachable, reset, or no answer to the SYN in time. */
  | "connect_failed"
  /** A step got no (complete) reply within its timeout. */
  | "timeout"
  /** The server answered a step with a reply that ends the session (e.g. 554 banner, 4xx/5xx to STARTTLS). */
  | "rejected"
  /** The TLS handshake failed (no common protocol or cipher, bad alert...). */
  | "tls_failed"
  /** The connection closed or sent something that is not SMTP. */
  | "protocol_error"
  | "aborted";

export interface SmtpReply {
  code: number;
  /** Text lines without the code (multi-line replies joined by "\n"). */
  text: string;
}

export interface TlsInfo {
  /** "TLSv1.3", "TLSv1.2", ... */
  protocol: string | null;
  cipher: string | null;
  /** The chain as presented, leaf first. */
  chain: CertInfo[];
  /** The chain verifies against the trusted roots (system roots, or `ca` in tests). */
  trusted: boolean;
  /** OpenSSL's reason when not trusted (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
  verifyError: string | null;
  /** The leaf names the MX host (RFC 6125 via tls.checkServerIdentity: SAN dNSName, wildcard leftmost). */
  nameMatches: boolean;
  nameError: string | null;
  /** Whole days from now to the leaf's notAfter (negative when expired). */
  daysToExpiry: number | null;
}

export interface RecipientProbe {
  address: string;
  /** Reply to MAIL FROM:<> (the null reverse-path, RFC 5321 §4.5.5). */
  mail: SmtpReply | null;
  /** Reply to RCPT TO for the random address. */
  rcpt: SmtpReply | null;
}

export interface SmtpProbeResult {
  host: string;
  address: string;
  port: number;
  /** Furthest stage completed successfully. */
  reached: SmtpStage | "quit" | null;
  banner: SmtpReply | null;
  /** EHLO keywords (upper-case) before TLS. */
  extensions: string[];
  starttlsOffered: boolean;
  tls: TlsInfo | null;
  /** EHLO keywords after TLS. */
  extensionsTls: string[];
  recipient?: RecipientProbe;
  error: { stage: SmtpStage; reason: SmtpFailure; detail: string } | null;
  /** What was said, "C: ..." / "S: ...", for the evidence panel (control characters escaped). */
  transcript: string[];
  elapsedMs: number;
}

export interface SmtpProbeOptions {
  /** The MX name: SNI and the name the certificate must carry. */
  host: string;
  /** The vetted address to connect to. */
  address: string;
  /** Default 25. */
  port?: number;
  /** Timeout of each step (connect, each reply, handshake). Default 5000 ms. */
  stepTimeoutMs?: number;
  /** CA certificate(s) to trust instead of the system roots (tests and sandboxes). */
  ca?: string | string[];
  /** Our EHLO name. Default "mxray.invalid"-free: the local host name is not ours to give, so a fixed name. */
  ehloName?: string;
  /** Ask RCPT TO for this address after MAIL FROM:<> (recipient probe); QUIT before DATA. */
  probeRecipient?: string;
  signal?: AbortSignal;
}

/** The name we greet with: a syntactically valid domain (RFC 5321 §4.1.1.1) that names this software. */
export const DEFAULT_EHLO = "mxray.localhost";
const MAX_REPLY_BYTES = 64 * 1024;

export async function probeSmtp(opts: SmtpProbeOptions): Promise<SmtpProbeResult> {
  const started = performance.now();
  const port = opts.port ?? 25;
  const stepTimeoutMs = opts.stepTimeoutMs ?? 5000;
  const result: SmtpProbeResult = {
    host: opts.host,
    address: opts.address,
    port,
    reached: null,
    banner: null,
    extensions: [],
    starttlsOffered: false,
    tls: null,
    extensionsTls: [],
    error: null,
    transcript: [],
    elapsedMs: 0,
  };
  const session = new Session(result, stepTimeoutMs, opts.signal);
  try {
    await session.connect(opts.address, port);
    result.reached = "connect";

    const banner = await session.reply("banner");
    result.banner = banner;
    if (banner.code !== 220) return session.fail("banner", "rejected", `banner ${format(banner)}`);
    result.reached = "banner";

    const ehlo = await session.command(`EHLO ${opts.ehloName ?? DEFAULT_EHLO}`, "ehlo");
    if (ehlo.code !== 250) return session.fail("ehlo", "rejected", `EHLO answered ${format(ehlo)}`);
    result.extensions = keywords(ehlo);
    result.starttlsOffered = result.extensions.includes("STARTTLS");
    result.reached = "ehlo";
    if (!result.starttlsOffered) {
      await session.quit();
      return result;
    }

    const go = await session.command("STARTTLS", "starttls");
    if (go.code !== 220) return session.fail("starttls", "rejected", `STARTTLS answered ${format(go)}`);
    result.reached = "starttls";

    result.tls = await session.startTls(opts.host, opts.ca);
    result.reached = "tls";

    const ehlo2 = await session.command(`EHLO ${opts.ehloName ?? DEFAULT_EHLO}`, "ehlo_tls");
    if (ehlo2.code !== 250) return session.fail("ehlo_tls", "rejected", `EHLO answered ${format(ehlo2)}`);
    result.extensionsTls = keywords(ehlo2);
    result.reached = "ehlo_tls";

    if (opts.probeRecipient) {
      const probe: RecipientProbe = { address: opts.probeRecipient, mail: null, rcpt: null };
      result.recipient = probe;
      probe.mail = await session.command("MAIL FROM:<>", "mail");
      if (probe.mail.code === 250) {
        result.reached = "mail";
        probe.rcpt = await session.command(`RCPT TO:<${opts.probeRecipient}>`, "rcpt");
        result.reached = "rcpt";
      }
    }
    await session.quit();
    return result;
  } catch (e) {
    if (e instanceof StepError) {
      result.error = { stage: e.stage, reason: e.reason, detail: e.message };
      return result;
    }
    throw e;
  } finally {
    session.close();
    result.elapsedMs = Math.round(performance.now() - started);
  }
}

class StepError extends Error {
  constructor(
    readonly stage: SmtpStage,
    readonly reason: SmtpFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** One SMTP conversation: a socket (plain, then TLS), a reply reader, and a per-step timer. */
class Session {
  private socket: net.Socket | tls.TLSSocket | null = null;
  private buffer = "";
  private lines: string[] = [];
  private waiter: (() => void) | null = null;
  private closed: string | null = null;

  constructor(
    private readonly result: SmtpProbeResult,
    private readonly stepTimeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  fail(stage: SmtpStage, reason: SmtpFailure, detail: string): SmtpProbeResult {
    this.result.error = { stage, reason, detail };
    // Say goodbye politely when the conversation still stands (RFC 5321 §4.1.1.10); never wait long.
    if (this.socket && !this.closed) this.send("QUIT");
    return this.result;
  }

  connect(address: string, port: number): Promise<void> {
    return this.step("connect", (resolve, reject) => {
      const socket = net.connect({ host: address, port, family: net.isIPv6(address) ? 6 : 4 });
      this.attach(socket);
      socket.once("connect", () => {
        // Belt and braces: the peer must be the address that passed the guard.
        if (canonicalIp(socket.remoteAddress ?? "") !== canonicalIp(address)) {
          reject(new StepError("connect", "connect_failed", `connected to ${String(socket.remoteAddress)}`));
        } else resolve();
      });
      socket.once("error", (e: NodeJS.ErrnoException) =>
        reject(new StepError("connect", "connect_failed", `${e.code ?? "error"} ${address}:${port}`)),
      );
    });
  }

  private attach(socket: net.Socket | tls.TLSSocket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString("latin1");
      if (this.buffer.length > MAX_REPLY_BYTES) {
        this.closed = "reply too large";
        this.wake();
        return;
      }
      let i: number;
      while ((i = this.buffer.indexOf("\n")) >= 0) {
        this.lines.push(this.buffer.slice(0, i).replace(/\r$/, ""));
        this.buffer = this.buffer.slice(i + 1);
      }
      this.wake();
    });
    socket.on("close", () => {
      this.closed ??= "connection closed";
      this.wake();
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      this.closed ??= e.code ?? e.message;
      this.wake();
    });
  }

  private wake() {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** Reads one (possibly multi-line) reply: "250-..." lines until "250 ..." (RFC 5321 §4.2.1). */
  reply(stage: SmtpStage): Promise<SmtpReply> {
    return this.step(stage, (resolve, reject) => {
      const texts: string[] = [];
      const pump = () => {
        while (this.lines.length > 0) {
          const line = this.lines.shift()!;
          this.result.transcript.push(`S: ${escape(line)}`);
          const m = /^([2-5][0-9][0-9])([ -]|$)(.*)$/.exec(line);
          if (!m) {
            reject(new StepError(stage, "protocol_error", `not an SMTP reply: ${escape(line).slice(0, 80)}`));
            return;
          }
          texts.push(m[3] ?? "");
          if (m[2] !== "-") {
            resolve({ code: Number(m[1]), text: texts.join("\n") });
            return;
          }
        }
        if (this.closed) {
          reject(new StepError(stage, "protocol_error", `${this.closed} before a complete reply`));
          return;
        }
        this.waiter = pump;
      };
      pump();
    });
  }

  send(line: string) {
    this.result.transcript.push(`C: ${line}`);
    this.socket?.write(`${line}\r\n`);
  }

  async command(line: string, stage: SmtpStage): Promise<SmtpReply> {
    this.send(line);
    return this.reply(stage);
  }

  async quit() {
    try {
      await this.command("QUIT", this.result.reached === null ? "connect" : "ehlo");
      this.result.reached = this.result.error ? this.result.reached : "quit";
    } catch {
      // A server that hangs up without answering QUIT has still told us everything we came for.
    }
  }

  /**
   * RFC 3207 §4: the handshake on the same connection. Opportunistic SMTP TLS accepts any certificate
   * (RFC 7435), so we never abort for it: we record whether the chain verifies and names the host, and
   * allow every protocol version the local OpenSSL still speaks, so that an old protocol can be reported
   * rather than being a failed handshake.
   */
  startTls(host: string, ca: string | string[] | undefined): Promise<TlsInfo> {
    return this.step("tls", (resolve, reject) => {
      const plain = this.socket!;
      plain.removeAllListeners("data");
      plain.removeAllListeners("close");
      plain.removeAllListeners("error");
      // Data that arrived after the 220 is not allowed (RFC 3207 §5 injection): drop it.
      this.buffer = "";
      this.lines = [];
      const secure = tls.connect({
        socket: plain,
        servername: net.isIP(host) ? undefined : host,
        rejectUnauthorized: false,
        minVersion: "TLSv1",
        // SECLEVEL 0 lets OpenSSL 3 negotiate TLS 1.0/1.1 (and small keys) so they can be reported.
        ciphers: "DEFAULT:@SECLEVEL=0",
        ...(ca ? { ca } : {}),
      });
      this.attach(secure);
      secure.once("secureConnect", () => {
        const peer = secure.getPeerCertificate(true);
        const chain = describeChain(peer);
        const leaf = chain[0];
        let nameError: string | null = null;
        if (!leaf) nameError = "no certificate";
        else {
          const err = tls.checkServerIdentity(host, peer);
          if (err) nameError = err.message;
        }
        // Node folds the host name check into `authorized` (ERR_TLS_CERT_ALTNAME_INVALID); the chain's
        // trust and the name are two findings here, so the name error is taken out of the trust verdict.
        const authError = secure.authorizationError ? String(secure.authorizationError) : null;
        const verifyError = authError && !/ALTNAME|HOSTNAME/i.test(authError) ? authError : null;
        resolve({
          protocol: secure.getProtocol(),
          cipher: secure.getCipher()?.name ?? null,
          chain,
          trusted: leaf !== undefined && verifyError === null,
          verifyError,
          nameMatches: nameError === null,
          nameError,
          daysToExpiry: leaf ? Math.floor((Date.parse(leaf.validTo) - Date.now()) / 86_400_000) : null,
        });
      });
      secure.once("error", (e: NodeJS.ErrnoException) =>
        reject(new StepError("tls", "tls_failed", e.code ? `${e.code}: ${e.message}` : e.message)),
      );
    });
  }

  /** Runs one step with its timeout and the caller's abort signal. */
  private step<T>(
    stage: SmtpStage,
    body: (resolve: (v: T) => void, reject: (e: StepError) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.signal?.removeEventListener("abort", onAbort);
        this.waiter = null;
        fn();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new StepError(
                stage,
                stage === "connect" ? "connect_failed" : "timeout",
                `no answer within ${this.stepTimeoutMs} ms`,
              ),
            ),
          ),
        this.stepTimeoutMs,
      );
      const onAbort = () => finish(() => reject(new StepError(stage, "aborted", "aborted")));
      if (this.signal?.aborted) return onAbort();
      this.signal?.addEventListener("abort", onAbort, { once: true });
      body(
        (v) => finish(() => resolve(v)),
        (e) => finish(() => reject(e)),
      );
    });
  }

  close() {
    const s = this.socket;
    if (!s) return;
    // After QUIT's reply (or a failure) nothing more is expected: the socket must not outlive the probe.
    s.destroy();
  }
}

/** EHLO keywords: the first word of each line after the greeting line (RFC 5321 §4.1.1.1). */
function keywords(r: SmtpReply): string[] {
  return r.text
    .split("\n")
    .slice(1)
    .map((l) => l.trim().split(/\s+/)[0]?.toUpperCase() ?? "")
    .filter(Boolean);
}

function format(r: SmtpReply): string {
  return `${r.code} ${escape(r.text.split("\n")[0] ?? "")}`;
}

/** Control characters from the wire are shown escaped, never passed on. */
function escape(s: string): string {
  return s.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

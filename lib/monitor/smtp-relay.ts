import { parseConfig } from "@/lib/config";
import { randomBytes } from "node:crypto";
import net from "node:net";
import tls from "node:tls";

/**
 * Sends one plain-text message through the SMTP relay in MXRAY_SMTP_RELAY
 * (`smtp://[user:pass@]host[:port]`, STARTTLS when offered; `smtps://` for implicit TLS, RFC 8314) from
 * MXRAY_ALERT_FROM. Just enough SMTP (RFC 5321) for alerts: EHLO, STARTTLS (RFC 3207), AUTH PLAIN
 * (RFC 4954), MAIL, RCPT, DATA with dot-stuffing.
 */
export async function sendViaRelay(
  relay: string,
  from: string,
  to: string,
  subject: string,
  text: string,
  timeoutMs = 15_000,
): Promise<void> {
  const url = new URL(relay);
  const implicit = url.protocol === "smtps:";
  if (!implicit && url.protocol !== "smtp:") throw new Error(`MXRAY_SMTP_RELAY must be smtp:// or smtps://`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || (implicit ? 465 : 587));
  let socket: net.Socket = implicit
    ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
    : net.connect({ host, port });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error("SMTP relay timed out")));
  let buf = "";
  let waiter: ((line: string) => void) | null = null;
  let failed: Error | null = null;
  const attach = (s: net.Socket) => {
    s.setEncoding("utf8");
    s.on("data", (d: string) => {
      buf += d;
      // A reply ends with a line "ddd " (RFC 5321 §4.2.1: continuation lines use "ddd-").
      const m = /(^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(buf);
      if (m && waiter) {
        const reply = buf;
        buf = "";
        const w = waiter;
        waiter = null;
        w(reply);
      }
    });
    s.on("error", (e) => {
      failed = e;
      if (waiter) waiter("");
    });
  };
  attach(socket);
  const read = () =>
    new Promise<string>((resolve) => {
      waiter = resolve;
    });
  const expect = async (code: string, what: string) => {
    const r = await read();
    if (failed) throw failed;
    const last = r.trimEnd().split("\r\n").at(-1) ?? "";
    if (!last.startsWith(code)) throw new Error(`SMTP relay refused ${what}: ${last}`);
    return r;
  };
  const send = (line: string) => socket.write(`${line}\r\n`);
  try {
    await expect("220", "the connection");
    send(`EHLO mxray`);
    let ehlo = await expect("250", "EHLO");
    if (!implicit && /^250[- ]STARTTLS/im.test(ehlo)) {
      send("STARTTLS");
      await expect("220", "STARTTLS");
      socket.removeAllListeners("data");
      socket = tls.connect({ socket, servername: net.isIP(host) ? undefined : host });
      attach(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("secureConnect", () => resolve());
        socket.once("error", reject);
      });
      send(`EHLO mxray`);
      ehlo = await expect("250", "EHLO");
    }
    if (url.username) {
      const auth = Buffer.from(
        `\u0000${decodeURIComponent(url.username)}\u0000${decodeURIComponent(url.password)}`,
      ).toString("base64");
      send(`AUTH PLAIN ${auth}`);
      await expect("235", "authentication");
    }
    send(`MAIL FROM:<${from}>`);
    await expect("250", "MAIL FROM");
    send(`RCPT TO:<${to}>`);
    await expect("25", "RCPT TO");
    send("DATA");
    await expect("354", "DATA");
    const headers = [
      `From: ${from}`,
      `To: ${to}`,
      `Subject: ${subject.replace(/[\r\n]+/g, " ")}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${randomBytes(12).toString("hex")}@mxray>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
    ];
    // RFC 5321 §4.5.2: a line starting with "." gets another one.
    const body = text.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..");
    socket.write(`${headers.join("\r\n")}\r\n\r\n${body}\r\n.\r\n`);
    await expect("250", "the message");
    send("QUIT");
  } finally {
    socket.end();
  }
}

/** The e-mail sender from the environment, or null when no relay is configured. */
export function relayFromEnv(
  env: Record<string, string | undefined> = process.env,
): ((to: string, subject: string, text: string) => Promise<void>) | null {
  const cfg = parseConfig(env);
  const relay = cfg.MXRAY_SMTP_RELAY;
  if (!relay) return null;
  const from = cfg.MXRAY_ALERT_FROM ?? "mxray@localhost";
  return (to, subject, text) => sendViaRelay(relay, from, to, subject, text);
}

/**
 * SMTP inbox benchmark: messages per second accepted and saved (each 250 is sent only after the message's row
 * is committed), and the time from the end of DATA (the final ".") to the 250, p50 / p95 / max, measured by
 * the clients. Several clients each send messages to an issued test address over one connection, as MTAs do.
 * The database is DATABASE_URL when set, else embedded PGlite in memory; message analysis (the report made
 * after the 250) is switched off: it is not on the path being measured.
 *
 *   npm run bench:smtp [-- --messages 2000] [-- --clients 8] [-- --size 8192]
 */
import net from "node:net";
import { closeDb, getPrisma } from "@/lib/db/index";
import { dbMailStore, issueTestAddress } from "@/lib/mail/service";
import { MailServer } from "@/lib/mail/smtp/server";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} takes a positive number`);
  return v;
};
const MESSAGES = arg("messages", 2000);
const CLIENTS = arg("clients", 8);
const SIZE = arg("size", 8192);

/** A minimal SMTP client: one command, one reply (RFC 5321 §4.2: the last line has a space after the code). */
class Client {
  private buf = "";
  private waiting: ((line: string) => void) | null = null;
  private lines: string[] = [];
  constructor(private readonly sock: net.Socket) {
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => {
      this.buf += d;
      let i;
      while ((i = this.buf.indexOf("\r\n")) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 2);
        if (/^\d{3} /.test(line)) {
          if (this.waiting) {
            const w = this.waiting;
            this.waiting = null;
            w(line);
          } else this.lines.push(line);
        }
      }
    });
  }
  reply(): Promise<string> {
    const ready = this.lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => (this.waiting = resolve));
  }
  async cmd(line: string, expect: RegExp): Promise<string> {
    this.sock.write(`${line}\r\n`);
    const r = await this.reply();
    if (!expect.test(r)) throw new Error(`${line.slice(0, 40)} → ${r}`);
    return r;
  }
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

function pctile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main() {
  if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";
  await getPrisma();
  const server = new MailServer({
    port: 0,
    host: "127.0.0.1",
    domain: "bench.test",
    tls: null,
    maxSize: 25 * 1024 * 1024,
    rateLimit: 0,
    socketTimeoutMs: 60_000,
    sandboxRate: 0,
    store: dbMailStore,
    onError: (e, where) => console.error(where, e),
  });
  process.env.MXRAY_MAIL_DOMAIN = "bench.test";
  const { port } = await server.listen();
  const test = await issueTestAddress("http://localhost");
  const body = `${"x".repeat(76)}\r\n`.repeat(Math.max(1, Math.floor(SIZE / 78)));
  const message = [
    "From: bench@sender.test",
    `To: ${test.address}`,
    "Subject: bench",
    "Message-ID: <bench@sender.test>",
    `Date: ${new Date().toUTCString()}`,
    "",
    body,
  ].join("\r\n");

  const latencies: number[] = [];
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const sock = await connect(port);
      const client = new Client(sock);
      await client.reply();
      await client.cmd(`EHLO client${c}.sender.test`, /^250/);
      while (sent < MESSAGES) {
        sent++;
        await client.cmd("MAIL FROM:<bench@sender.test>", /^250/);
        await client.cmd(`RCPT TO:<${test.address}>`, /^250/);
        await client.cmd("DATA", /^354/);
        sock.write(message.replace(/^\./gm, ".."));
        const t0 = performance.now();
        sock.write("\r\n.\r\n");
        const r = await client.reply();
        latencies.push(performance.now() - t0);
        if (!/^250/.test(r)) throw new Error(`DATA → ${r}`);
      }
      await client.cmd("QUIT", /^221/);
      sock.end();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await server.drain();
  await server.close();
  const prisma = await getPrisma();
  const stored = await prisma.smtpMessage.count({ where: { messageTest: { slug: test.id } } });
  await closeDb();
  latencies.sort((a, b) => a - b);
  const db = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite (memory)";
  console.log(
    `bench:smtp  ${latencies.length} messages of ${message.length} bytes, ${CLIENTS} clients, ${db}`,
  );
  console.log(
    `  accepted and saved: ${(latencies.length / elapsed).toFixed(1)} messages/s (${elapsed.toFixed(2)} s; ${stored} rows)`,
  );
  console.log(
    `  DATA "." → 250: p50 ${pctile(latencies, 50).toFixed(1)} ms, p95 ${pctile(latencies, 95).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

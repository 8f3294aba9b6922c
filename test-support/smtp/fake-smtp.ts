import net from "node:net";

export interface FakeSmtp {
  port: number;
  messages: { from: string; to: string[]; data: string; auth: string | null }[];
  close(): Promise<void>;
}

/** A minimal SMTP server for tests: accepts everything, keeps each message (no TLS offered). */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const messages: FakeSmtp["messages"] = [];
  const server = net.createServer((s) => {
    s.setEncoding("utf8");
    let buf = "";
    let inData = false;
    let cur = { from: "", to: [] as string[], data: "", auth: null as string | null };
    s.write("220 fake ESMTP\r\n");
    s.on("data", (d: string) => {
      buf += d;
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          cur.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          messages.push(cur);
          cur = { from: "", to: [], data: "", auth: cur.auth };
          s.write("250 queued\r\n");
          continue;
        }
        const nl = buf.indexOf("\r\n");
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === "EHLO") s.write("250-fake\r\n250 AUTH PLAIN\r\n");
        else if (cmd === "AUTH") {
          cur.auth = Buffer.from(line.split(" ")[2] ?? "", "base64").toString("utf8");
          s.write("235 ok\r\n");
        } else if (cmd === "MAIL") {
          cur.from = /<(.*)>/.exec(line)?.[1] ?? "";
          s.write("250 ok\r\n");
        } else if (cmd === "RCPT") {
          cur.to.push(/<(.*)>/.exec(line)?.[1] ?? "");
          s.write("250 ok\r\n");
        } else if (cmd === "DATA") {
          inData = true;
          s.write("354 go\r\n");
        } else if (cmd === "QUIT") s.end("221 bye\r\n");
        else s.write("500 what\r\n");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    messages,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

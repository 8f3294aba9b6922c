import { describe, expect, it, vi } from "vitest";

vi.stubEnv("MXRAY_RATE_LIMIT", "0");
const { POST } = await import("./route");

function post(
  body: BodyInit | null,
  query = "",
  headers: Record<string, string> = { "content-type": "text/plain" },
) {
  return POST(
    new Request(`http://mxray.test/api/bounces${query}`, {
      method: "POST",
      body,
      headers,
      duplex: "half",
    } as RequestInit),
  );
}

const LOG = [
  "Nov 23 10:00:01 mx postfix/smtp[1]: A1: to=<a@gmail.example>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.27] said: 550-5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command))",
  "Nov 23 10:00:02 mx postfix/smtp[1]: A2: to=<b@gmail.example>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.27] said: 550-5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command))",
  "Nov 23 10:00:03 mx postfix/smtp[1]: A3: to=<c@example.net>, relay=mx.example.net[198.51.100.5]:25, delay=1, dsn=2.0.0, status=sent (250 2.0.0 OK)",
].join("\n");

describe("POST /api/bounces", () => {
  it("groups a Postfix log and gives shares of the sent mail", async () => {
    const res = await post(LOG, "?totalSent=100");
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s.format).toBe("postfix");
    expect(s.totals).toMatchObject({ bounces: 2, delivered: 1, sent: 100 });
    expect(s.groups.family[0]).toMatchObject({ key: "mailbox", count: 2, share: 0.02, band: "watch" });
  });

  it("streams a body and refuses one over the limit with 413", async () => {
    const big = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(8 * 1024 * 1024).fill(0x41));
      },
    });
    const res = await post(big);
    expect(res.status).toBe(413);
  });

  it("answers 422 for an empty upload and bad parameters", async () => {
    expect((await post("")).status).toBe(422);
    expect((await post(LOG, "?totalSent=-4")).status).toBe(422);
    expect((await post(LOG, "?format=xml")).status).toBe(422);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stripControls } from "./clean";
import { MAX_MIME_PARTS } from "./limits";
import { detectInputKind, parseBounce } from "./index";

/** Each input must be answered quickly: no catastrophic backtracking, no unbounded work. */
function timed(text: string, budgetMs = 3000) {
  const t0 = performance.now();
  const out = parseBounce(text);
  const ms = performance.now() - t0;
  expect(out.length).toBeGreaterThanOrEqual(1);
  expect(ms).toBeLessThan(budgetMs);
  return out;
}

const K100 = 100 * 1024;

describe("adversarial input stays fast", () => {
  const shapes: [string, string][] = [
    ["spaces", "550 " + " ".repeat(K100) + "x"],
    ["dashes", "-".repeat(K100)],
    ["digits", "5".repeat(K100)],
    ["dotted digits", "5.".repeat(K100 / 2)],
    ["angle brackets", "<".repeat(K100)],
    ["at signs and dots", "a@b.".repeat(K100 / 4)],
    ["reply-like continuation", "550-".repeat(K100 / 4)],
    ["many short reply lines", "550-5.7.1 x\n".repeat(K100 / 12) + "550 5.7.1 end"],
    ["header-like lines", "X-A: b\n".repeat(K100 / 7)],
    ["colons", "a:".repeat(K100 / 2)],
    ["brackets", "[1.2.3.".repeat(K100 / 7)],
    ["in reply to", "(in reply to ".repeat(K100 / 13)],
    ["while sending", "while sending ".repeat(K100 / 14)],
    ["transcript commands", "RCPT TO:<a@b.c>\n".repeat(K100 / 16)],
    ["spaces then said", "host " + " ".repeat(K100) + "said:"],
    ["long single line with ip", "Client host [" + "1.".repeat(K100 / 2) + "]"],
    ["folded header value", "Subject: a\n" + " b\n".repeat(K100 / 3)],
  ];
  for (const [name, text] of shapes) it(name, () => void timed(text));

  // Phrases the recognizers anchor on, each followed by a long run of whitespace or newlines: patterns
  // with two adjacent optional whitespace runs would backtrack quadratically here.
  const anchors = [
    "The following recipients failed:",
    "Final-Recipient:",
    "Delivery to the following recipient failed permanently:",
    "Reporting-MTA:",
    "Generating server:",
    "Reported error:",
    "This is the mail system at host x.example",
    "<a@b.example>:",
    "  a@b.example",
    "did not reach the following recipient(s):",
    "because:",
    "Remote host said:",
    "----- Transcript of session follows -----",
    "host mx.example.com",
    // Anchors of the gateway recognizers (formats.ts) and the localized intros.
    "  Recipient address: a@b.example",
    "Server mx.example.com failed with:",
    "a@b.example Invalid Address, ERROR_CODE :550, ERROR_CODE :",
    "-------server message",
    "Sent <<<",
    "Received >>>",
    "Original message follows.",
    "Could not be delivered to: <a@b.example>",
    "a@b.example: [192.0.2.1], 550",
    "----- Non-delivered information -----",
    "Votre message n'a pas pu être remis aux destinataires suivants :",
    "以下の宛先へのメール配信に失敗しました。",
    "退信原因：",
    "=",
  ];
  for (const a of anchors) {
    for (const ws of [" ", "\n", " \n", "\t"]) {
      it(`${JSON.stringify(a)} + ${JSON.stringify(ws)} x 50k`, () => {
        const body = `${a}${ws.repeat(50_000)}x`;
        timed(body);
        timed(`From: MAILER-DAEMON@x.example\nSubject: Undeliverable: x\n\n${body}`);
      });
    }
  }
  it("a repeated recipient-list intro line", () =>
    void timed(
      `From: a@x.example\nSubject: x\n\n${"could not be delivered to the following:\n".repeat(50_000)}`,
    ));
  it("deeply nested and very wide JSON", () => {
    timed("[".repeat(200_000) + "]".repeat(200_000));
    timed(
      JSON.stringify(
        Array.from({ length: 100_000 }, (_, i) => ({ email: `u${i}@example.com`, reason: "550 5.1.1 x" })),
      ),
    );
  });
  it("many empty lines in a message body", () =>
    void timed(`From: a@x.example\nSubject: x\n\n${"\n".repeat(200_000)}550 5.1.1 x`));

  it("a message with thousands of parts is cut at the part budget", () => {
    const parts = Array.from({ length: 5000 }, (_, i) => `--b\nContent-Type: text/plain\n\npart ${i}\n`).join(
      "",
    );
    const msg = `From: MAILER-DAEMON@example.net\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n${parts}--b--\n`;
    expect(MAX_MIME_PARTS).toBeLessThan(5000);
    timed(msg);
  });

  it("deeply nested multiparts do not recurse without bound", () => {
    let body = "550 5.1.1 deep";
    for (let i = 0; i < 500; i++)
      body = `--b${i}\nContent-Type: multipart/mixed; boundary=b${i + 1}\n\n${body}\n--b${i}--`;
    timed(`From: a@example.net\nSubject: x\nContent-Type: multipart/mixed; boundary=b0\n\n${body}`);
  });

  it("thousands of DSN recipients are capped", () => {
    const blocks = Array.from(
      { length: 20_000 },
      (_, i) => `Final-Recipient: rfc822; u${i}@example.com\nAction: failed\nStatus: 5.1.1\n`,
    );
    const msg = `From: MAILER-DAEMON@example.net\nSubject: x\nContent-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x.example.net\n\n${blocks.join("\n")}\n--b--`;
    const out = timed(msg, 8000);
    expect(out).toHaveLength(10_000);
  });

  it("a 50 MB paste is analysed on its first 10 MB, without error", () => {
    const line =
      "Jan  1 00:00:00 mx postfix/smtp[1]: ABC: to=<a@example.com>, status=bounced (host x said: 550 5.1.1 no)\n";
    const big = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
    const out = timed(big, 15_000);
    expect(out[0]!.text.length).toBeLessThanOrEqual(2000);
  });

  it("detectInputKind never throws", () => {
    for (const t of ["", "\u0000", "x".repeat(K100), "<".repeat(K100)])
      expect(() => detectInputKind(t)).not.toThrow();
  });
});

describe("mutated fixtures never crash or hang", () => {
  // Deterministic mutations (truncation, deletion, duplication, stray bytes) of every fixture.
  const dir = fileURLToPath(new URL("../fixtures/", import.meta.url));
  const files = ["messages", "transcripts", "bulk", "localized"].flatMap((d) =>
    readdirSync(join(dir, d)).map((f) => join(dir, d, f)),
  );
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % Math.max(1, n);
  };
  const junk = [
    "\u0000",
    "\uFFFD",
    "--",
    "\n\n",
    "<",
    ">",
    ":",
    "=?utf-8?B?",
    "550-",
    "\r",
    '"',
    "Content-Type: multipart/mixed; boundary=x\n",
  ];
  for (const f of files) {
    it(f.slice(dir.length), () => {
      const text = readFileSync(f, "utf8");
      for (let i = 0; i < 40; i++) {
        let t = text;
        const op = rand(4);
        const at = rand(t.length);
        if (op === 0) t = t.slice(0, at);
        else if (op === 1) t = t.slice(0, at) + t.slice(at + rand(500));
        else if (op === 2)
          t = t.slice(0, at) + t.slice(at, at + rand(2000)).repeat(1 + rand(20)) + t.slice(at);
        else t = t.slice(0, at) + junk[rand(junk.length)]!.repeat(1 + rand(50)) + t.slice(at);
        // Control characters only (a cut inside an ISO-2022 escape) is empty input, refused by design.
        if (stripControls(t).trim() === "") continue;
        timed(t, 2000);
      }
    });
  }
});

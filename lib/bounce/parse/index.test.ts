import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { seededInts } from "@/test-support/random";
import type { ParsedBounce } from "@/lib/bounce/types";
import { AppError } from "@/lib/errors";
import { detectInputKind, mayNameRecipient, parseBounce, stripTags } from "./index";

const fixture = (p: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)), "utf8");

type Expect = Partial<Omit<ParsedBounce, "hints" | "text">> & { textIncludes?: string };

function check(p: ParsedBounce | undefined, e: Expect) {
  expect(p).toBeDefined();
  const { textIncludes, ...fields } = e;
  for (const [k, v] of Object.entries(fields)) expect([k, p![k as keyof ParsedBounce]]).toEqual([k, v]);
  if (textIncludes) expect(p!.text).toContain(textIncludes);
}

describe("whole bounce messages (fixtures)", () => {
  const cases: { file: string; hint?: string; recipients: Expect[] }[] = [
    {
      file: "messages/rfc3464-multi-recipient.eml",
      hint: "reporting-mta: relay.example.net",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "thomas@de.example.org",
          remoteMta: "mx.de.example.org",
          dsnAction: "failed",
          senderDomain: "shop.example",
          sendingIp: "203.0.113.25",
          textIncludes: "User unknown",
        },
        {
          replyCode: 552,
          enhancedCode: "5.2.2",
          recipient: "hobbs@cs.example.com",
          remoteMta: "mail.cs.example.com",
          textIncludes: "over quota. Please direct",
        },
        {
          replyCode: 421,
          enhancedCode: "4.4.7",
          recipient: "smith@example.com",
          dsnAction: "delayed",
          remoteMta: "mx.example.com",
        },
      ],
    },
    {
      file: "messages/postfix.eml",
      hint: "subject: Undelivered Mail Returned to Sender",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "alice@example.com",
          remoteMta: "mx1.example.com",
          senderDomain: "shop.example",
          sendingIp: "198.51.100.7",
          dsnAction: "failed",
          textIncludes: "User unknown in virtual mailbox table",
        },
      ],
    },
    {
      file: "messages/exim.eml",
      hint: "header: x-failed-recipients",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "bob@example.net",
          remoteMta: "mx.example.net",
          senderDomain: "shop.example",
          sendingIp: "203.0.113.80",
        },
        {
          replyCode: 554,
          enhancedCode: "5.7.1",
          stage: "after_data",
          recipient: "carol@example.org",
          remoteMta: "mail.example.org",
          textIncludes: "content restrictions",
        },
      ],
    },
    {
      file: "messages/sendmail.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "dave@example.com",
          remoteMta: "mx.example.com",
          senderDomain: "shop.example",
          sendingIp: "203.0.113.9",
          dsnAction: "failed",
        },
      ],
    },
    {
      file: "messages/qmail.eml",
      hint: "mta: qmail",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "erin@example.org",
          remoteMta: "192.0.2.30",
          senderDomain: "shop.example",
          sendingIp: "203.0.113.44",
        },
        {
          replyCode: null,
          enhancedCode: "5.1.2",
          recipient: "frank@example.com",
          textIncludes: "couldn't find any host named example.com",
        },
      ],
    },
    {
      file: "messages/exchange-online.eml",
      hint: "header: x-ms-exchange-message-is-ndr",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.10",
          recipient: "henry@fabrikam.example",
          remoteMta: "mx.fabrikam.example",
          senderDomain: "contoso.example",
          sendingIp: "198.51.100.60",
          textIncludes: "RESOLVER.ADR.RecipientNotFound",
        },
      ],
    },
    {
      file: "messages/exchange-plain.txt",
      hint: "generating-server: ex01.contoso.example",
      recipients: [
        {
          replyCode: 554,
          enhancedCode: "5.2.2",
          recipient: "ivan@fabrikam.example",
          senderDomain: "contoso.example",
          textIncludes: "QuotaExceededException",
        },
      ],
    },
    {
      file: "messages/gmail.eml",
      hint: "from: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "kate@example.org",
          remoteMta: "mx.example.org",
          senderDomain: "shop.example",
          sendingIp: "198.51.100.99",
          dsnAction: "failed",
        },
      ],
    },
    {
      file: "messages/yahoo.eml",
      hint: "from: MAILER-DAEMON@yahoo.com",
      recipients: [
        {
          replyCode: 554,
          enhancedCode: null,
          stage: "rcpt_to",
          recipient: "leo@example.com",
          senderDomain: "yahoo.example",
          sendingIp: "203.0.113.70",
          textIncludes: "This mailbox is disabled",
        },
      ],
    },
    {
      file: "messages/amazon-ses.eml",
      hint: "header: x-ses-outgoing",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.7.1",
          recipient: "nina@example.net",
          remoteMta: "mx.example.net",
          senderDomain: "mail.shop.example",
          sendingIp: "198.51.100.120",
          dsnAction: "failed",
          textIncludes: "blocked using bl.example.org",
        },
      ],
    },
    {
      file: "messages/global-dsn.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.2.1",
          recipient: "田中@example.jp",
          remoteMta: "mbox.example.jp",
          senderDomain: "shop.example",
          sendingIp: "203.0.113.200",
        },
      ],
    },
    {
      file: "messages/courier.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "vera@example.co.example",
          remoteMta: "mx.example.co.example",
          dsnAction: "failed",
        },
      ],
    },
    {
      file: "messages/iis-smtp.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "wendy@example.org",
          dsnAction: "failed",
          senderDomain: "shop.example",
        },
      ],
    },
    {
      file: "messages/notes-failure-reasons.eml",
      recipients: [
        {
          replyCode: null,
          recipient: "xavier@notes.example.net",
          sendingIp: "203.0.113.160",
          textIncludes: "not listed in public Name & Address Book",
        },
      ],
    },
    {
      file: "messages/opensmtpd.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "quinn@example.net",
          senderDomain: "shop.example",
          sendingIp: "198.51.100.31",
          textIncludes: "User unknown",
        },
      ],
    },
    {
      file: "messages/exim-gmx-style.eml",
      recipients: [
        {
          replyCode: null,
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "rosa@example.com",
          remoteMta: "mx.example.com",
          sendingIp: "203.0.113.140",
        },
      ],
    },
    {
      file: "messages/exchange-2003.eml",
      hint: "header: x-ms-exchange-organization-scl",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "sam@fabrikam.example",
          remoteMta: "exch1.fabrikam.example",
          senderDomain: "shop.example",
          textIncludes: "User unknown",
        },
      ],
    },
    {
      file: "messages/domino.eml",
      recipients: [
        {
          replyCode: null,
          enhancedCode: null,
          recipient: "tina@notes.example.com",
          textIncludes: "not listed in Domino Directory",
        },
      ],
    },
    {
      file: "messages/ses-plain-no-code.eml",
      recipients: [
        {
          replyCode: null,
          recipient: "uma@example.org",
          senderDomain: "shop.example",
          textIncludes: "An error occurred while trying to deliver",
        },
      ],
    },
  ];
  for (const c of cases) {
    it(c.file, () => {
      const text = fixture(c.file);
      expect(detectInputKind(text)).toBe("message");
      const out = parseBounce(text);
      expect(out).toHaveLength(c.recipients.length);
      c.recipients.forEach((e, i) => check(out[i], e));
      if (c.hint) expect(out[0]!.hints).toContain(c.hint);
    });
  }

  it("reads a plain-text Postfix bounce body without headers", () => {
    const body = fixture("messages/postfix.eml")
      .split("Content-Type: text/plain; charset=us-ascii\n\n")[1]!
      .split("\n--")[0]!;
    expect(detectInputKind(body)).toBe("message");
    check(parseBounce(body)[0], {
      replyCode: 550,
      enhancedCode: "5.1.1",
      stage: "rcpt_to",
      recipient: "alice@example.com",
      remoteMta: "mx1.example.com",
    });
  });

  it("reads a Postfix record whose phrases are wrapped across lines", () => {
    const body = [
      "This is the mail system at host mail.shop.example.",
      "",
      "<a.rather.long.recipient.address@subdomain.example.com>: host",
      "    mx.subdomain.example.com[192.0.2.33] said: 550 5.7.1 Relaying denied",
      "    for this recipient, please check the address (in reply to RCPT TO",
      "    command)",
    ].join("\n");
    check(parseBounce(body)[0], {
      replyCode: 550,
      enhancedCode: "5.7.1",
      stage: "rcpt_to",
      recipient: "a.rather.long.recipient.address@subdomain.example.com",
      remoteMta: "mx.subdomain.example.com",
      textIncludes: "Relaying denied for this recipient, please check the address",
    });
    expect(parseBounce(body)[0]!.text).not.toContain("in reply to");
  });

  it("reads delivery-status fields inline in a report that lost its boundary", () => {
    const msg =
      "From: MAILER-DAEMON@x.example\nSubject: Returned mail\nContent-Type: multipart/report; report-type=delivery-status\n\nThe message failed.\n\nReporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; p@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 unknown\n";
    const out = parseBounce(msg);
    expect(out).toHaveLength(1);
    check(out[0], { replyCode: 550, enhancedCode: "5.1.1", recipient: "p@example.com", dsnAction: "failed" });
    expect(out[0]!.hints.filter((h) => h.startsWith("reporting-mta:"))).toEqual(["reporting-mta: x.example"]);
  });

  it("names recipients from X-Failed-Recipients when the body does not", () => {
    const msg =
      "From: Mail Delivery System <Mailer-Daemon@x.example>\nSubject: Mail delivery failed\nX-Failed-Recipients: q@example.com, r@example.org\n\nSomething odd happened: 550 5.7.1 policy rejection\n";
    expect(parseBounce(msg).map((p) => [p.recipient, p.replyCode, p.enhancedCode])).toEqual([
      ["q@example.com", 550, "5.7.1"],
      ["r@example.org", 550, "5.7.1"],
    ]);
  });

  it("handles a delivery-status part without the empty line after the per-message fields", () => {
    const msg = [
      "From: MAILER-DAEMON@mx.example.net",
      "Subject: Delivery failure",
      "Content-Type: multipart/report; report-type=delivery-status; boundary=b",
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "Delivery failed.",
      "--b",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.net",
      "Final-Recipient: rfc822; a@example.org",
      "Action: failed",
      "Status: 5.0.0",
      "",
      "Final-Recipient: rfc822; b@example.org",
      "Action: failed",
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 no such user",
      "--b--",
    ].join("\r\n");
    const out = parseBounce(msg);
    expect(out.map((p) => [p.recipient, p.enhancedCode, p.replyCode])).toEqual([
      ["a@example.org", "5.0.0", null],
      ["b@example.org", "5.1.1", 550],
    ]);
  });
});

describe("transcripts (fixtures)", () => {
  it("swaks: failure after the final dot is after_data, multi-line reply joined", () => {
    const t = fixture("transcripts/swaks-after-data.txt");
    expect(detectInputKind(t)).toBe("transcript");
    const [p, ...rest] = parseBounce(t);
    expect(rest).toHaveLength(0);
    check(p, {
      replyCode: 550,
      enhancedCode: "5.7.26",
      stage: "after_data",
      recipient: "olga@example.com",
      senderDomain: "shop.example",
      remoteMta: "mx.example.com",
      textIncludes: "has been blocked. The sender must authenticate",
    });
  });
  it("openssl s_client: failure at RCPT TO", () => {
    const t = fixture("transcripts/openssl-rcpt.txt");
    expect(detectInputKind(t)).toBe("transcript");
    check(parseBounce(t)[0], {
      replyCode: 550,
      enhancedCode: "5.1.1",
      stage: "rcpt_to",
      recipient: "paul@example.net",
      senderDomain: "shop.example",
      remoteMta: "mx.example.net",
      sendingIp: "203.0.113.5",
    });
  });
  it("S:/C: form: banner rejection is the connect stage, the IP quoted in it is the sending IP", () => {
    const t = fixture("transcripts/rfc5321-style.txt");
    check(parseBounce(t)[0], {
      replyCode: 554,
      enhancedCode: "5.7.1",
      stage: "connect",
      remoteMta: "mx.example.org",
      sendingIp: "203.0.113.66",
    });
  });
  it("sendmail >>>/<<< form: MAIL FROM rejection", () => {
    const t = fixture("transcripts/sendmail-style-mail-from.txt");
    check(parseBounce(t)[0], {
      replyCode: 553,
      enhancedCode: "5.1.8",
      stage: "mail_from",
      senderDomain: "bad.example",
      recipient: null,
    });
  });
  it("plain transcript: reply to DATA itself is the data stage; pipelined replies map in order", () => {
    const t = [
      "220 mx.example.com ESMTP",
      "EHLO c.example",
      "250 mx.example.com",
      "MAIL FROM:<a@s.example>",
      "RCPT TO:<x@example.com>",
      "RCPT TO:<y@example.com>",
      "DATA",
      "250 2.1.0 ok",
      "550 5.1.1 <x@example.com> unknown",
      "250 2.1.5 ok",
      "554 5.5.1 Error: no valid recipients",
    ].join("\n");
    const out = parseBounce(t);
    check(out[0], { replyCode: 550, stage: "rcpt_to", recipient: "x@example.com" });
    expect(out).toHaveLength(1);
    const data =
      "220 mx\nHELO c\n250 ok\nMAIL FROM:<a@s.example>\n250 ok\nRCPT TO:<z@example.com>\n250 ok\nDATA\n451 4.3.0 try later";
    check(parseBounce(data)[0], {
      replyCode: 451,
      enhancedCode: "4.3.0",
      stage: "data",
      recipient: "z@example.com",
    });
  });
  it("several refused recipients give one result each", () => {
    const t =
      "220 mx\nMAIL FROM:<a@s.example>\n250 ok\nRCPT TO:<p@example.com>\n550 5.1.1 no\nRCPT TO:<q@example.com>\n550 5.1.1 no\nQUIT\n221 bye";
    expect(parseBounce(t).map((p) => p.recipient)).toEqual(["p@example.com", "q@example.com"]);
  });
});

describe("single replies", () => {
  const cases: [string, Expect][] = [
    ["550 5.1.1 User unknown", { replyCode: 550, enhancedCode: "5.1.1", textIncludes: "User unknown" }],
    [
      "smtp; 550 5.1.1 <a@example.com>: Recipient address rejected",
      { replyCode: 550, enhancedCode: "5.1.1" },
    ],
    [
      "Diagnostic-Code: smtp; 550-5.7.26 This mail is unauthenticated\n    550-5.7.26 which poses a risk\n 550 5.7.26 https://support.google.com/mail/answer/81126 - gsmtp",
      {
        replyCode: 550,
        enhancedCode: "5.7.26",
        textIncludes: "This mail is unauthenticated which poses a risk https",
      },
    ],
    [
      '"421 4.7.0 [203.0.113.5      15] Our system has detected an unusual rate"',
      { replyCode: 421, enhancedCode: "4.7.0", sendingIp: "203.0.113.5" },
    ],
    ["User unknown", { replyCode: null, enhancedCode: null, textIncludes: "User unknown" }],
    [
      "Status: 5.2.2\nRemote-MTA: dns; mx.example.com\nDiagnostic-Code: smtp; 552 Mailbox full",
      { replyCode: 552, enhancedCode: "5.2.2", remoteMta: "mx.example.com" },
    ],
    [
      "host mx.example.net[192.0.2.1] said: 554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org (in reply to RCPT TO command)",
      {
        replyCode: 554,
        enhancedCode: "5.7.1",
        stage: "rcpt_to",
        remoteMta: "mx.example.net",
        sendingIp: "203.0.113.9",
      },
    ],
    [
      "SMTP error from remote mail server after end of data: 550 5.7.1 spam",
      { replyCode: 550, stage: "after_data" },
    ],
    ["Remote-MTA: dns; [192.0.2.7]\n550 5.7.1 rejected", { replyCode: 550, remoteMta: "192.0.2.7" }],
    [
      "<mx.example.com #5.1.1 smtp; 550 5.1.1 no mailbox here>",
      { replyCode: 550, enhancedCode: "5.1.1", remoteMta: "mx.example.com" },
    ],
  ];
  for (const [input, e] of cases) {
    it(JSON.stringify(input.slice(0, 60)), () => {
      const out = parseBounce(input);
      expect(out).toHaveLength(1);
      check(out[0], e);
    });
  }
});

describe("Google notices without a DSN", () => {
  it("'Message blocked' with 'The response was:'", () => {
    const body = [
      "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
      "Subject: Delivery Status Notification (Failure)",
      "",
      "** Message blocked **",
      "",
      "Your message to yuri@example.com has been blocked. See technical details below for more information.",
      "",
      "The response was:",
      "552 5.7.0 This message was blocked because its content presents a potential security issue.",
    ].join("\n");
    const [p] = parseBounce(body);
    check(p, { replyCode: 552, enhancedCode: "5.7.0", recipient: "yuri@example.com" });
  });
  it("'Delivery incomplete' (temporary) names the recipient in the first sentence", () => {
    const body = [
      "There was a temporary problem delivering your message to zoe@example.net. Gmail will retry for 46 more hours.",
      "",
      "The response was:",
      "451 4.3.0 Mail server temporarily rejected message.",
    ].join("\n");
    check(parseBounce(body)[0], { replyCode: 451, enhancedCode: "4.3.0", recipient: "zoe@example.net" });
  });
});

describe("mail log lines pasted as a bounce", () => {
  it("a Postfix status=bounced line", () => {
    const line =
      "Mar  6 10:15:02 mail postfix/smtp[2103]: 4Rk2Yb0xYzz9sVL: to=<alice@example.com>, relay=mx1.example.com[192.0.2.10]:25, delay=1.2, dsn=5.1.1, status=bounced (host mx1.example.com[192.0.2.10] said: 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))";
    expect(detectInputKind(line)).toBe("reply");
    check(parseBounce(line)[0], {
      replyCode: 550,
      enhancedCode: "5.1.1",
      stage: "rcpt_to",
      recipient: "alice@example.com",
      remoteMta: "mx1.example.com",
      dsnAction: "failed",
    });
  });
  it("an Exim ** line", () => {
    const line =
      "2023-03-07 09:00:02 1pZabb-0001Xw-1Z ** bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.20] I=[203.0.113.80]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 550 5.1.1 unknown user";
    check(parseBounce(line)[0], {
      replyCode: 550,
      enhancedCode: "5.1.1",
      stage: "rcpt_to",
      recipient: "bob@example.net",
      remoteMta: "mx.example.net",
      sendingIp: "203.0.113.80",
    });
  });
});

describe("bad input", () => {
  it("empty and whitespace input is an empty_input AppError", () => {
    for (const t of ["", "   \n\t  ", "\u0000\u0001"]) {
      expect(() => parseBounce(t)).toThrow(AppError);
      try {
        parseBounce(t);
      } catch (e) {
        expect((e as AppError).code).toBe("empty_input");
      }
    }
  });
  it("binary data and invalid UTF-8 give a best-effort result", () => {
    const bin = new TextDecoder().decode(Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    const out = parseBounce(bin);
    expect(out).toHaveLength(1);
    expect(out[0]!.text).not.toMatch(/\u0000/);
  });
  it("unrecognisable prose gives one result with nulls and the cleaned text", () => {
    const out = parseBounce("The weather was lovely\n".repeat(200));
    expect(out).toEqual([
      expect.objectContaining({ replyCode: null, enhancedCode: null, stage: null, recipient: null }),
    ]);
    expect(out[0]!.text.startsWith("The weather was lovely The weather")).toBe(true);
  });
});

describe("hints from the bounce's own header block", () => {
  it("names every X- field once (at most 40) and quotes the hint fields, whatever else the block holds", () => {
    const xs = Array.from({ length: 45 }, (_, i) => `X-Extra-${i}: v${i}\n  folded`).join("\n");
    const msg = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
      "Subject: =?UTF-8?Q?Unzustellbar=3A_Gr=C3=BC=C3=9Fe?=",
      "DKIM-Signature: v=1; a=rsa-sha256;",
      "\tb=abc",
      "X-Mailer: Example MTA",
      "X-Extra-0: again",
      xs,
      "Auto-Submitted: auto-replied",
      "To: n@shop.example",
      "",
      "550 5.1.1 <u@example.com>: Recipient address rejected: User unknown",
    ].join("\n");
    const hints = parseBounce(msg)[0]!.hints;
    const named = hints.filter((h) => h.startsWith("header: "));
    expect(named).toHaveLength(40);
    expect(named.slice(0, 3)).toEqual(["header: x-mailer", "header: x-extra-0", "header: x-extra-1"]);
    expect(hints).toEqual(
      expect.arrayContaining([
        "from: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
        "subject: Unzustellbar: Grüße",
        "x-mailer: Example MTA",
        "auto-submitted: auto-replied",
      ]),
    );
  });
});

describe("multipart/alternative notices", () => {
  const notice = (plain: string, html: string) =>
    [
      "From: postmaster@mx.example.net",
      "Subject: Undeliverable: hello",
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="alt"',
      "",
      "--alt",
      "Content-Type: text/plain; charset=utf-8",
      "",
      plain,
      "--alt",
      "Content-Type: text/html; charset=utf-8",
      "",
      html,
      "--alt--",
      "",
    ].join("\n");

  it("reads the plain text once when the HTML says the same", () => {
    const out = parseBounce(
      notice(
        "Delivery to the following recipient failed:\n\n  a@example.com\n\n550 5.1.1 User unknown",
        "<p>Delivery to the following recipient failed:</p><p>a@example.com</p><p>550 5.1.1 User unknown</p>" +
          "<p>452 4.2.2 over quota</p>",
      ),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ recipient: "a@example.com", replyCode: 550, enhancedCode: "5.1.1" });
  });

  it("reads the HTML when the plain alternative is a stub", () => {
    const out = parseBounce(
      notice(
        "",
        "<html><body><p>Delivery to the following recipient failed permanently:</p>" +
          "<p>b@example.com</p><p>The response was: 550 5.1.1 The email account that you tried to reach does not exist.</p></body></html>",
      ),
    );
    expect(out[0]).toMatchObject({ replyCode: 550, enhancedCode: "5.1.1" });
    expect(out[0]!.text).toContain("does not exist");
  });
});

describe("stripTags", () => {
  const byRegex = (t: string) => t.replace(/<[^>]{0,2000}>/g, "");
  it("removes what /<[^>]{0,2000}>/g removes", () => {
    const bits = ["<", ">", "a", "<b>", "</p>", " ", "\n", "<<", ">>", "x".repeat(700)];
    const rnd = seededInts(17);
    const texts = [
      "",
      "plain",
      '<a href="x">link</a> &amp; <br/>',
      "<" + "y".repeat(2000) + ">",
      "<" + "y".repeat(2001) + ">",
      "<<" + "y".repeat(1999) + ">",
      ...Array.from({ length: 2000 }, () =>
        Array.from({ length: rnd(12) }, () => bits[rnd(bits.length)]).join(""),
      ),
    ];
    for (const t of texts) expect(stripTags(t)).toBe(byRegex(t));
  });
  it('is linear on many "<" without ">"', () => {
    const t0 = Date.now();
    expect(stripTags("<".repeat(500_000) + "x>")).toBe("<".repeat(498_000));
    expect(Date.now() - t0).toBeLessThan(500);
  });
});

describe("mayNameRecipient", () => {
  it("is true for every text either recipient-field pattern matches", () => {
    const fields = ["Final-Recipient:", "Original-Recipient :", "FINAL-RECIPIENT:", "original-recipient:"];
    for (const f of fields)
      for (const t of [f, `x\n${f} a@b`, `x\n \t${f}`]) {
        const matches =
          /^(?:Final|Original)-Recipient\s*:/im.test(t) ||
          /^[ \t]*(?:Final|Original)-Recipient\s*:/im.test(t);
        expect([t, matches]).toEqual([t, true]);
        expect([t, mayNameRecipient(t)]).toEqual([t, true]);
      }
    expect(mayNameRecipient("550 5.1.1 user unknown\nRecipient: a@b")).toBe(false);
  });

  it("finds a recipient field after earlier lines that hold the same word", () => {
    for (const before of ["Re: x-recipient list", "see Final-Recipient below", "a\u2028b-RECIPIENT"]) {
      const text = `${before}\n  Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n`;
      expect([before, parseBounce(text).map((p) => p.recipient)]).toEqual([before, ["a@b.example"]]);
    }
  });
});

describe("JSON input", () => {
  it("is parsed once: the input-kind test's read is the one used", () => {
    const event = JSON.stringify({
      notificationType: "Bounce",
      bounce: {
        bounceType: "Permanent",
        bouncedRecipients: [
          { emailAddress: "a@example.com", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 no" },
        ],
      },
      mail: { source: "news@shop.example" },
    });
    const spy = vi.spyOn(JSON, "parse");
    try {
      const out = parseBounce(`  ${event}`);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(out.map((p) => [p.recipient, p.replyCode, p.enhancedCode])).toEqual([
        ["a@example.com", 550, "5.1.1"],
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});

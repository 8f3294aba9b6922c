import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ParsedBounce } from "@/lib/bounce/types";
import { LowerText } from "@/lib/bounce/mta/text";
import { vendorRecords } from "./formats";
import { parseBounce } from "./index";

const fixture = (p: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)), "utf8");

type Expect = Partial<Omit<ParsedBounce, "hints" | "text">> & { textIncludes?: string };

function check(p: ParsedBounce | undefined, e: Expect) {
  expect(p).toBeDefined();
  const { textIncludes, ...fields } = e;
  for (const [k, v] of Object.entries(fields)) expect([k, p![k as keyof ParsedBounce]]).toEqual([k, v]);
  if (textIncludes) expect(p!.text).toContain(textIncludes);
}

describe("gateway and server notices without a usable DSN (fixtures)", () => {
  const cases: { file: string; recipients: Expect[] }[] = [
    {
      file: "messages/messaging-server.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          // "Remote SMTP server has rejected address" does not name the command answered.
          stage: null,
          recipient: "uma@example.jp",
          remoteMta: "mx.example.jp",
          senderDomain: "shop.example",
          sendingIp: "203.0.113.61",
          textIncludes: "User Unknown",
        },
      ],
    },
    {
      file: "messages/interscan-mss.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "vera@example.co.jp",
          senderDomain: "shop.example",
          textIncludes: "User unknown",
        },
      ],
    },
    {
      file: "messages/mailmarshal.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "walter@example.com.br",
          textIncludes: "User unknown in local recipient table",
        },
      ],
    },
    {
      file: "messages/apache-james.eml",
      recipients: [{ replyCode: 550, recipient: "xena@example.org", textIncludes: "no such user here" }],
    },
    {
      file: "messages/mailfoundry.eml",
      recipients: [
        {
          replyCode: 550,
          recipient: "yusuf@example.net",
          remoteMta: "mx9.example.net",
          textIncludes: "No such user here",
        },
      ],
    },
    {
      file: "messages/zoho.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "zora@example.co.jp",
          textIncludes: "User Unknown",
        },
        {
          replyCode: 550,
          enhancedCode: null,
          recipient: "zack@example.org",
          textIncludes: "mailbox unavailable",
        },
      ],
    },
    {
      file: "messages/imail.eml",
      recipients: [
        {
          replyCode: null,
          recipient: "abel@imail.example.com",
          sendingIp: "203.0.113.65",
          textIncludes: "Unknown user",
        },
      ],
    },
    {
      file: "messages/mcafee.eml",
      recipients: [{ replyCode: 550, enhancedCode: "5.1.1", stage: "rcpt_to", recipient: "bea@example.com" }],
    },
    {
      file: "messages/m-filter-iso2022jp.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "chiyo@example.jp",
          textIncludes: "unknown user",
        },
      ],
    },
    {
      file: "messages/exchange-2007-de.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "dora@example.de",
          sendingIp: "203.0.113.66",
          textIncludes: "RESOLVER.ADR.RecipNotFound",
        },
      ],
    },
    {
      file: "messages/exchange-2003-de.eml",
      recipients: [
        {
          replyCode: 550,
          enhancedCode: "5.1.1",
          recipient: "olga@ex2003.example.de",
          remoteMta: "mx.ex2003.example.de",
          textIncludes: "User unknown",
        },
      ],
    },
    {
      file: "messages/biglobe.eml",
      recipients: [
        {
          replyCode: null,
          recipient: "nana@biglobe.example.ne.jp",
          textIncludes: "exceeded the local limit",
        },
      ],
    },
    {
      file: "messages/kddi-au.eml",
      recipients: [{ recipient: "oto@ezweb.example.ne.jp", textIncludes: "mailbox is full" }],
    },
    {
      file: "messages/surfcontrol.eml",
      recipients: [
        {
          replyCode: 550,
          recipient: "pia@example.com",
          remoteMta: "192.0.2.5",
          textIncludes: "No such user",
        },
      ],
    },
    {
      file: "messages/einsundeins.eml",
      recipients: [
        {
          enhancedCode: "5.1.1",
          stage: "rcpt_to",
          recipient: "rhea@example.de",
          remoteMta: "mx.example.de",
          textIncludes: "User unknown",
        },
      ],
    },
    {
      file: "messages/v5sendmail.eml",
      recipients: [{ replyCode: 550, recipient: "quin@example.jp", textIncludes: "User unknown" }],
    },
    {
      file: "messages/dsn-original-recipient-status-only.eml",
      recipients: [
        { replyCode: null, enhancedCode: "5.2.2", recipient: "sara@example.org", dsnAction: "failed" },
      ],
    },
    {
      file: "messages/dsn-x-unix.eml",
      recipients: [
        {
          enhancedCode: "5.0.0",
          recipient: "tom@example.org",
          dsnAction: "failed",
          textIncludes: "permission denied",
        },
      ],
    },
  ];
  for (const c of cases) {
    it(c.file, () => {
      const out = parseBounce(fixture(c.file));
      expect(out).toHaveLength(c.recipients.length);
      c.recipients.forEach((e, i) => check(out[i], e));
    });
  }
});

describe("localized notices keep the recipient and the quoted reply (fixtures)", () => {
  const cases: [string, Expect][] = [
    [
      "de",
      { replyCode: 550, enhancedCode: "5.1.1", recipient: "jana@example.de", textIncludes: "unbekannt" },
    ],
    [
      "es",
      { replyCode: 552, enhancedCode: "5.2.2", recipient: "fabio@example.es", textIncludes: "buzón lleno" },
    ],
    [
      "fr",
      {
        replyCode: 550,
        enhancedCode: "5.1.1",
        recipient: "eloise@example.fr",
        textIncludes: "utilisateur inconnu",
      },
    ],
    [
      "it",
      { replyCode: 452, enhancedCode: "4.2.2", recipient: "luca@example.it", textIncludes: "Casella piena" },
    ],
    [
      "ja",
      {
        replyCode: 550,
        enhancedCode: "5.1.1",
        recipient: "gin@example.jp",
        textIncludes: "ユーザーが存在しません",
      },
    ],
    [
      "ja-iso2022jp",
      {
        replyCode: 550,
        enhancedCode: "5.1.1",
        recipient: "gin@example.jp",
        textIncludes: "ユーザーが存在しません",
      },
    ],
    [
      "pt",
      { replyCode: 550, enhancedCode: "5.1.1", recipient: "kaue@example.com.br", textIncludes: "Usuário" },
    ],
    ["ru", { replyCode: 550, enhancedCode: "5.7.1", recipient: "hana@example.ru", textIncludes: "спам" }],
    [
      "zh",
      { replyCode: 550, enhancedCode: "5.1.1", recipient: "ivan@example.cn", textIncludes: "收件人不存在" },
    ],
  ];
  for (const [lang, e] of cases) {
    it(lang, () => {
      const out = parseBounce(fixture(`localized/notice-${lang}.txt`));
      expect(out).toHaveLength(1);
      check(out[0], e);
    });
  }

  it("an ISO-2022-JP body keeps its Japanese words once decoded (RFC 1468)", () => {
    const raw = fixture("messages/m-filter-iso2022jp.eml");
    expect(raw).toContain("\u001b$B");
    const out = parseBounce(raw.replace("550 5.1.1 unknown user", "550 5.1.1 \u001b$B%f!<%6!<ITL@\u001b(B"));
    expect(out[0]?.text).toContain("ユーザー不明");
  });
});

describe("reply words", () => {
  it("'550 - words' (Apache James) keeps the words without the dash", () => {
    const out = parseBounce(fixture("messages/apache-james.eml"));
    expect(out[0]?.text.startsWith("Requested action not taken")).toBe(true);
  });
});

describe("encoded bodies pasted without their headers", () => {
  it("quoted-printable soft breaks are undone before reading the codes (RFC 2045 §6.7)", () => {
    const out = parseBounce(fixture("messages/zoho-body-pasted-qp.txt"));
    expect(out).toHaveLength(1);
    check(out[0], {
      replyCode: 550,
      enhancedCode: "5.1.1",
      recipient: "zora@example.co.jp",
      textIncludes: "User Unknown",
    });
  });

  it("text with an '=' at a line end but no soft-break pattern is left alone", () => {
    const out = parseBounce("550 5.7.1 rejected: a=b c=\nd=e");
    expect(out[0]?.text).toContain("c=");
  });
});

describe("X-Failed-Recipients names the recipient of a notice without a list", () => {
  it("Google Groups: the notice's own words are kept for the classifier", () => {
    const out = parseBounce(fixture("messages/google-groups.eml"));
    expect(out).toHaveLength(1);
    check(out[0], {
      recipient: "group-owner@googlegroups.example.com",
      replyCode: null,
      textIncludes: "may not have permission to post",
    });
  });
});

describe("charsets and inline delivery-status fields", () => {
  it("a Shift_JIS base64 part is decoded; inline fields with Original-Recipient only still count", () => {
    const out = parseBounce(fixture("messages/shift-jis-base64.eml"));
    expect(out).toHaveLength(1);
    check(out[0], {
      replyCode: 552,
      enhancedCode: "5.2.2",
      recipient: "mio@example.ne.jp",
      dsnAction: "failed",
      textIncludes: "メールボックスの容量を超えています",
    });
  });
});

describe("generic fallback", () => {
  it("a 'Failed recipients:' block with <addr> and addr: lines gives one result each, sharing the reason", () => {
    const out = parseBounce(fixture("messages/failed-recipients-block.eml"));
    expect(out.map((p) => p.recipient)).toEqual(["ana@example.com", "ben@example.com"]);
    for (const p of out) check(p, { replyCode: 550, enhancedCode: "5.1.1", textIncludes: "User unknown" });
  });
});

describe("Exim local deliveries", () => {
  it("a 'save to /path' target takes its text and the address it was generated by", () => {
    const out = parseBounce(
      [
        "From: Mail Delivery System <Mailer-Daemon@mx.example.net>",
        "Subject: Mail delivery failed: returning message to sender",
        "",
        "This message was created automatically by mail delivery software.",
        "",
        "A message that you sent could not be delivered to one or more of its",
        "recipients. This is a permanent error. The following address(es) failed:",
        "",
        "  save to /var/spool/mail/example.org/someone",
        "    generated by someone@example.org",
        "    mailbox is full: retry timeout exceeded",
        "",
      ].join("\n"),
    );
    expect(out).toHaveLength(1);
    check(out[0], { recipient: "someone@example.org", textIncludes: "mailbox is full" });
  });
});

describe("the au-KDDI intro is read only at the start of a line", () => {
  const records = (text: string) => vendorRecords(text, text.split("\n"), LowerText.of(text));
  it("reads it after blanks, in any letter case", () => {
    const r = records("Hello\n \tCOULD NOT BE DELIVERED TO: <a@example.jp>\nAs their mailbox is full.\n");
    expect(r.map((x) => [x.recipient, x.raw, x.source])).toEqual([
      ["a@example.jp", "As their mailbox is full.", "au-kddi"],
    ]);
  });
  it("passes over the words inside a line, then finds them on a later line", () => {
    expect(records("We could not be delivered to: <a@example.jp>\nfull\n")).toEqual([]);
    const r = records(
      "We could not be delivered to: <a@example.jp>\nx\n\nUnable to deliver message to b@example.jp\nfull\n",
    );
    expect(r.map((x) => x.recipient)).toEqual(["b@example.jp"]);
  });
});

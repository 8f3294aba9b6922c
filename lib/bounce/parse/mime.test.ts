import { describe, expect, it } from "vitest";
import { seededInts, xorshift } from "@/test-support/random";
import { parseBounce } from "./index";
import { parseDeliveryStatus } from "./dsn";
import libmime from "libmime";
import libqp from "libqp";
import {
  blankEndsLine,
  decodeQuotedPrintable,
  looksLikeHeaders,
  parseHead,
  parseHeaders,
  parseMime,
  parsePlainHeaderValue,
  splitHead,
  walkParts,
} from "./mime";

const b64 = (s: string) =>
  Buffer.from(s, "utf8")
    .toString("base64")
    .replace(/(.{76})/g, "$1\n");

describe("MIME walker", () => {
  it("splits parts with an unquoted boundary, preamble and epilogue, CRLF line ends", () => {
    const msg = [
      "From: a@example.net",
      "Subject: =?ISO-8859-1?Q?Unzustellbar=3A_Gr=FC=DFe?=",
      "Content-Type: multipart/mixed; boundary=simple",
      "",
      "preamble",
      "--simple",
      "Content-Type: text/plain; charset=iso-8859-1",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Gr=FC=DFe, caf=E9",
      "--simple",
      "",
      "no headers here",
      "--simple--",
      "epilogue",
    ].join("\r\n");
    const root = parseMime(msg.replace(/\r\n/g, "\n"));
    expect(root.type).toBe("multipart/mixed");
    expect(root.children.map((c) => [c.type, c.body.trim()])).toEqual([
      ["text/plain", "Grüße, café"],
      ["text/plain", "no headers here"],
    ]);
    expect(root.headers.find((h) => h.name === "subject")?.value).toBe("Unzustellbar: Grüße");
    expect(parseBounce(msg)[0]!.hints).toContain("subject: Unzustellbar: Grüße");
  });

  it("unfolds continuation lines and keeps repeated headers in order", () => {
    const h = parseHeaders("Received: from a\n by b\nReceived: from c\n\tby d\nX-Empty:");
    expect(h).toEqual([
      { name: "received", value: "from a by b" },
      { name: "received", value: "from c by d" },
      { name: "x-empty", value: "" },
    ]);
  });

  it("decodes a base64 delivery-status part and a base64 returned message", () => {
    const dsn =
      "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; v@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 no such user\n";
    const orig =
      "Received: from app.shop.example ([203.0.113.77]) by mx.example.net\nFrom: n@shop.example\nSubject: hi\n\nbody\n";
    const msg = [
      "From: MAILER-DAEMON@mx.example.net",
      "Subject: failure",
      'Content-Type: multipart/report; report-type="delivery-status"; boundary="=_b64"',
      "",
      "--=_b64",
      "Content-Type: message/delivery-status",
      "Content-Transfer-Encoding: base64",
      "",
      b64(dsn),
      "--=_b64",
      "Content-Type: message/rfc822",
      "Content-Transfer-Encoding: base64",
      "",
      b64(orig),
      "--=_b64--",
    ].join("\n");
    const types = walkParts(parseMime(msg)).map((p) => p.type);
    expect(types).toEqual(["multipart/report", "message/delivery-status", "message/rfc822", "text/plain"]);
    const [p] = parseBounce(msg);
    expect(p).toMatchObject({
      replyCode: 550,
      enhancedCode: "5.1.1",
      recipient: "v@example.com",
      senderDomain: "shop.example",
      sendingIp: "203.0.113.77",
      dsnAction: "failed",
    });
  });

  it("reads an HTML-only notice", () => {
    const msg = [
      "From: postmaster@outlook.example",
      "Subject: Undeliverable: hi",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<html><body><p>Delivery has failed to these recipients or groups:</p>",
      "<p>w@example.org</p><p>Diagnostic information for administrators:</p>",
      "<p>w@example.org<br>Remote Server returned &#39;550 5.7.1 Access denied&#39;</p></body></html>",
    ].join("\n");
    const [p] = parseBounce(msg);
    expect(p).toMatchObject({
      replyCode: 550,
      enhancedCode: "5.7.1",
      recipient: "w@example.org",
      text: "Access denied",
    });
  });
});

describe("multipart delimiters", () => {
  const bodies = (msg: string) => parseMime(msg).children.map((c) => c.body);

  it("splits only at a delimiter that starts a line, a longer one included", () => {
    const msg =
      "Content-Type: multipart/mixed; boundary=b\n\npre --b\n--b\n\none --b\n--bb\n\ntwo\n--b--\n\nend";
    expect(bodies(msg)).toEqual(["one --b", "two"]);
  });

  it("stops at the close-delimiter, for a boundary that ends with a dash too", () => {
    expect(bodies("Content-Type: multipart/mixed; boundary=x-\n\n--x--\n\nA\n--x---\nafter\n")).toEqual([
      "A",
    ]);
  });

  it("reads an empty first part when the body starts with an empty line and a delimiter", () => {
    expect(bodies("Content-Type: multipart/mixed; boundary=b\n\n\n--b\n\nfirst\n--b--")).toEqual([
      "",
      "first",
    ]);
    expect(bodies("Content-Type: multipart/mixed; boundary=x-\n\n\n--x--\n\nA\n--x---\n")).toEqual(["", "A"]);
  });
});

describe("Microsoft 365 notice with an error-details block", () => {
  it("takes the reply from 'Reported error:' and the recipient from the opening sentence", () => {
    const msg = [
      "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.example>",
      "Subject: Undeliverable: Hello",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<p>Your message to xena@fabrikam.example couldn't be delivered.</p>",
      "<p>Error Details</p>",
      "<p>Reported error:</b> 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.</p>",
      "<p>DSN generated by: BN8NAM12HT123.eop-nam12.prod.protection.outlook.com</p>",
    ].join("\n");
    const [p] = parseBounce(msg);
    expect(p).toMatchObject({ replyCode: 550, enhancedCode: "5.7.708", recipient: "xena@fabrikam.example" });
  });
});

describe("other report types", () => {
  it("an ARF feedback report is marked in the hints", () => {
    const msg = [
      "From: feedback@isp.example",
      "Subject: FW: Earn money",
      'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"',
      "",
      "--arf",
      "Content-Type: text/plain",
      "",
      "This is an email abuse report for an email message received from IP 203.0.113.9.",
      "--arf",
      "Content-Type: message/feedback-report",
      "",
      "Feedback-Type: abuse",
      "User-Agent: SomeGenerator/1.0",
      "Version: 1",
      "--arf--",
    ].join("\n");
    const [p] = parseBounce(msg);
    expect(p!.hints).toEqual(
      expect.arrayContaining(["report-type: feedback-report", "feedback-type: abuse"]),
    );
    expect(p!.text).toContain("email abuse report");
  });
});

describe("RFC 3464 delivery-status fields", () => {
  it("takes per-message fields once and one record per recipient block", () => {
    const recs = parseDeliveryStatus(
      [
        "Reporting-MTA: dns; mx.example.net",
        "X-Postfix-Sender: rfc822; sender@shop.example",
        "",
        "Final-Recipient: rfc822; a@example.com",
        "Original-Recipient: rfc822; alias@example.com",
        "Action: failed (bad address)",
        "Status: 5.1.1 (user unknown)",
        "Remote-MTA: dns; [192.0.2.9]",
        "",
        "  Final-Recipient: rfc822;b@example.com",
        "Action: delayed",
        "Status: 4.4.1",
        "Diagnostic-Code: X-Postfix; connect to mx.example.com[192.0.2.8]:25:",
        "    Connection timed out",
      ].join("\n"),
    );
    expect(recs).toEqual([
      {
        recipient: "a@example.com",
        originalRecipient: "alias@example.com",
        action: "failed",
        status: "5.1.1",
        diagnostic: null,
        remoteMta: "192.0.2.9",
        reportingMta: "mx.example.net",
        sender: "sender@shop.example",
        category: null,
      },
      {
        recipient: "b@example.com",
        originalRecipient: null,
        action: "delayed",
        status: "4.4.1",
        diagnostic: "X-Postfix; connect to mx.example.com[192.0.2.8]:25: Connection timed out",
        remoteMta: null,
        reportingMta: "mx.example.net",
        sender: "sender@shop.example",
        category: null,
      },
    ]);
  });
});

describe("charsets (Node's TextDecoder)", () => {
  const part = (charset: string, cte: string, body: string) =>
    parseMime(
      [`Content-Type: text/plain; charset=${charset}`, `Content-Transfer-Encoding: ${cte}`, "", body].join(
        "\n",
      ),
    ).body.trim();
  const bytes = (b: number[]) => Buffer.from(b).toString("base64");

  it("decodes ISO-2022-JP, escape-coded in 7bit or base64", () => {
    const jis = "\u001b$B$3$s$K$A$O\u001b(B"; // こんにちは (RFC 1468)
    expect(part("ISO-2022-JP", "7bit", jis)).toBe("こんにちは");
    expect(part("iso-2022-jp", "base64", Buffer.from(jis, "latin1").toString("base64"))).toBe("こんにちは");
  });

  it("decodes Shift_JIS", () => {
    expect(
      part("Shift_JIS", "base64", bytes([0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd])),
    ).toBe("こんにちは");
  });

  it("decodes ISO-8859-1", () => {
    expect(part("ISO-8859-1", "quoted-printable", "Gr=FC=DFe, caf=E9")).toBe("Grüße, café");
  });

  it("reads an unknown charset as UTF-8 and keeps the text", () => {
    expect(part("x-no-such-charset", "base64", Buffer.from("Grüße", "utf8").toString("base64"))).toBe(
      "Grüße",
    );
    expect(part("x-no-such-charset", "quoted-printable", "plain words")).toBe("plain words");
  });
});

describe("parseHeaders with a field list", () => {
  it("returns only the listed fields, unfolded and decoded, in order", () => {
    const head = [
      "Received: from a",
      " by b",
      "Subject: =?UTF-8?B?w6k=?=",
      "DKIM-Signature: v=1;",
      "\tb=abc",
      "From: =?UTF-8?Q?Caf=C3=A9?= <c@example.net>",
      "Received: from c by d",
    ].join("\n");
    expect(parseHeaders(head, new Set(["from", "received"]))).toEqual([
      { name: "received", value: "from a by b" },
      { name: "from", value: "Café <c@example.net>" },
      { name: "received", value: "from c by d" },
    ]);
    const all = parseHeaders(head);
    expect(all.map((h) => h.name)).toEqual(["received", "subject", "dkim-signature", "from", "received"]);
    expect(all[2]!.value).toBe("v=1; b=abc");
  });

  it("names the X- fields, kept or not, in order", () => {
    const head = "X-B: 1\nFrom: a@b.c\nx-mailer: m\nDate: d\nX-: e\nXY: f\nX-B: 2";
    const xNames: string[] = [];
    expect(parseHeaders(head, new Set(["from", "x-mailer"]), xNames)).toEqual([
      { name: "from", value: "a@b.c" },
      { name: "x-mailer", value: "m" },
    ]);
    expect(xNames).toEqual(["x-b", "x-mailer", "x-", "x-b"]);
  });

  it("counts the fields it skips towards the bound on fields", () => {
    const head = Array.from({ length: 2500 }, (_, i) => `X-F${i}: v`).join("\n") + "\nFrom: late@example.net";
    expect(parseHeaders(head, new Set(["from"]))).toEqual([]);
    expect(parseHeaders(head)).toHaveLength(2000);
  });

  it("reads what the full reading keeps, on random blocks, whatever lines it skips", () => {
    const next = xorshift(0x2822);
    const pieces = [
      "From: a",
      "FROM:b",
      "Received: r",
      "Date: d",
      "date : e",
      "Message-ID: <m>",
      "X-Mailer: x",
      "x-Other: y",
      "Xy: z",
      " cont",
      "\tcont \u00a0",
      "",
      " ",
      ":x",
      "bad line",
      "d@te: q",
      "\u00e9t\u00e9: v",
      "R: s",
    ];
    const sets: ReadonlySet<string>[] = [
      new Set(["from", "received"]),
      new Set(["received", "x-mailer", "r"]),
    ];
    for (let i = 0; i < 4000; i++) {
      const lines: string[] = [];
      // Now and then a block of thousands of lines, to reach the bound on fields.
      const n = next() < 0.01 ? 1990 + Math.floor(next() * 30) : Math.floor(next() * 16);
      for (let k = 0; k < n; k++) lines.push(pieces[Math.floor(next() * pieces.length)]!);
      const head = lines.join("\n");
      const allX: string[] = [];
      const all = parseHeaders(head, undefined, allX);
      for (const only of sets) {
        const xNames: string[] = [];
        expect(parseHeaders(head, only, xNames)).toEqual(all.filter((h) => only.has(h.name)));
        expect(xNames).toEqual(allX);
        expect(parseHeaders(head, only)).toEqual(all.filter((h) => only.has(h.name)));
      }
    }
  });

  it("counts the lines it skips towards the bound on fields", () => {
    const only = new Set(["from"]);
    for (const [skippable, n] of [
      ["Date: d", 2500],
      ["Date: d", 1998],
      ["Date: d", 1999],
      ["Date: d", 2000],
      ["bad line", 2500],
    ] as const) {
      const head = [...Array.from({ length: n }, () => skippable), "From: late", "Subject: s"].join("\n");
      expect(parseHeaders(head, only), `${skippable} x${n}`).toEqual(
        parseHeaders(head).filter((h) => only.has(h.name)),
      );
    }
  });

  it("matches listed names in any case, and only whole names of their length", () => {
    const head = "RECEIVED: a\nReceived-SPF: b\nFroM: c\nfrom-x: d\nRe[eived: e\nCONTENT-Type: f";
    const fields = new Set(["from", "received", "content-type", "c0ntent-type"]);
    expect(parseHeaders(head, fields)).toEqual([
      { name: "received", value: "a" },
      { name: "from", value: "c" },
      { name: "content-type", value: "f" },
    ]);
  });

  it("trims values as String.prototype.trim does, non-ASCII white space included", () => {
    const head = "From:\u00a0 a@b.c \u3000\nReceived: \u2028x\n \ty\u00a0\n \u00a0\nTo:\t\n z";
    expect(parseHeaders(head, new Set(["from", "received", "to"]))).toEqual([
      { name: "from", value: "a@b.c" },
      { name: "received", value: "x y" },
      { name: "to", value: "z" },
    ]);
    expect(parseHeaders(head).map((h) => h.value)).toEqual(["a@b.c", "x y", "z"]);
  });

  it("reads a field name up to its first colon, printable ASCII only, under 80 characters", () => {
    const long = "X-" + "a".repeat(77);
    expect(parseHeaders(`${long}: v\n${long}a: w\nBad Name: x\n:empty\nA:b:c`)).toEqual([
      { name: long.toLowerCase(), value: "v" },
      { name: "a", value: "b:c" },
    ]);
  });
});

describe("parseHeaders encoded words", () => {
  it("decodes one Q word in an ASCII charset as libmime does, and leaves others to libmime", () => {
    const values = [
      "=?iso-8859-15?Q?Delivery_Status_Notification_=28Failure=29?=",
      "=?utf-8?Q?shironeko?= <shironeko@example.com>",
      "Re: =?US-ASCII?q?a=3Db=5Fc_=2?=",
      "=?utf-8?Q?caf=C3=A9?=",
      "=?iso-8859-1?Q?=E9t=E9?=",
      "=?utf-8?Q?a b?=",
      "=?utf-16?Q?ab?=",
      "=?utf-8?B?w6k=?=",
      "=?utf-8?Q?a?= =?utf-8?Q?b?=",
    ];
    for (const v of values) expect(parseHeaders(`Subject: ${v}`)[0]?.value).toBe(libmime.decodeWords(v));
  });
});

describe("parseHead", () => {
  /** splitHead, then parseHeaders of the head: what parseHead must give. */
  function twoPass(text: string, only?: ReadonlySet<string>) {
    const { head, body } = splitHead(text);
    const xNames: string[] = [];
    return { headers: parseHeaders(head, only, xNames), body, xNames };
  }
  function onePass(text: string, only?: ReadonlySet<string>) {
    const xNames: string[] = [];
    return { ...parseHead(text, only, xNames), xNames };
  }
  const ONLY: ReadonlySet<string> = new Set(["subject", "from", "content-type", "x-b"]);

  it("reads the block up to its first empty line, as splitHead and parseHeaders do", () => {
    const texts = [
      "",
      "\n",
      "\n\n",
      "\n\n\n",
      "\nA: b\n\nbody",
      "\n\nA: b",
      "A: b",
      "A: b\n",
      "A: b\n\n",
      "A: b\n\nbody\n\nmore",
      "A: b\n c\n\n d\n",
      "A: b\n \n\nbody",
      "A: b\r\n\r\nSubject: c\n\nbody",
      "Subject: =?iso-2022-jp?B?GyRCJUslYyE8JXMbKEI=?=\nX-A: 1\nx-b: 2\n\nX-C: 3",
      "From: a\n\tb\n\n",
      "bad line\nFrom: a\n\n",
    ];
    for (const t of texts) {
      expect(onePass(t), JSON.stringify(t)).toEqual(twoPass(t));
      expect(onePass(t, ONLY), JSON.stringify(t)).toEqual(twoPass(t, ONLY));
    }
  });

  it("gives the same fields and body on random blocks", () => {
    const next = xorshift(0x5322);
    const pieces = [
      "Subject: a",
      "From: b",
      "X-B: c",
      "x-q: d",
      " cont",
      "\tcont",
      "",
      " ",
      "\r",
      ":x",
      "bad",
      "=?utf-8?B?w6k=?=",
    ];
    for (let i = 0; i < 3000; i++) {
      let t = "";
      const n = Math.floor(next() * 12);
      for (let k = 0; k < n; k++)
        t += pieces[Math.floor(next() * pieces.length)]! + (next() < 0.9 ? "\n" : "");
      expect(onePass(t), JSON.stringify(t)).toEqual(twoPass(t));
      expect(onePass(t, ONLY), JSON.stringify(t)).toEqual(twoPass(t, ONLY));
    }
  });

  it("agrees at the bounds: a block longer than is read, and too many fields", () => {
    const MAX = 256 * 1024;
    const fill = (n: number) => {
      // Fields of 20 characters, then one long enough to reach n characters, all without an empty line.
      let t = "";
      while (t.length + 40 < n) t += "Subject: aaaaaaaaa\n";
      return t + "From: " + "b".repeat(n - t.length - 6);
    };
    for (const at of [MAX - 3, MAX - 2, MAX - 1, MAX, MAX + 1, MAX + 2]) {
      for (const tail of ["\n\nbody", "\n \n\nbody", "\n\n", "\nX: y"]) {
        const t = fill(at) + tail;
        expect(onePass(t)).toEqual(twoPass(t));
        expect(onePass(t, ONLY)).toEqual(twoPass(t, ONLY));
      }
    }
    const many = "X-A: 1\n".repeat(2500) + "\nbody";
    expect(onePass(many)).toEqual(twoPass(many));
    expect(onePass(many, ONLY)).toEqual(twoPass(many, ONLY));
  });
});

describe("parseHeaders Japanese encoded words", () => {
  const ESCAPES = ["\x1b$B", "\x1b$@", "\x1b(B", "\x1b(J", "\x1b(I", "\x1b$(D", "\x1b$", "\x1b(", "\x1b"];
  const CHARSETS = [
    "iso-2022-jp",
    "ISO-2022-JP",
    "Iso-2022-Jp",
    "iso-2022-jp*ja",
    "ISO-2022-JP*ja-JP",
    "iso-2022-jp-2",
    "iso2022jp",
    "jis",
    "csISO2022JP",
    "EUC-JP",
    "eucjp",
    "euc-jp",
    "Shift_JIS",
    "sjis",
    "windows-31j",
    "utf-8",
    "iso-8859-1",
    "koi8-r",
    "x-unknown",
  ];

  function bytes(next: () => number): Buffer {
    const out: number[] = [];
    const n = Math.floor(next() * 24);
    for (let i = 0; i < n; i++) {
      const r = next();
      if (r < 0.2) for (const ch of ESCAPES[Math.floor(next() * ESCAPES.length)]!) out.push(ch.charCodeAt(0));
      else if (r < 0.7) out.push(0x21 + Math.floor(next() * 0x5e));
      else if (r < 0.8) out.push(0x20);
      else out.push(Math.floor(next() * 256));
    }
    return Buffer.from(out);
  }

  /** The base64 text of a B word, at times with "=" inside, extra padding or characters base64 skips. */
  function b64(next: () => number, b: Buffer): string {
    let t = b.toString("base64");
    const r = next();
    if (r < 0.1) t += "==";
    else if (r < 0.2) t = t.replace(/=+$/, "");
    else if (r < 0.3)
      t = t.slice(0, Math.floor(next() * (t.length + 1))) + "=" + t.slice(Math.floor(next() * t.length));
    else if (r < 0.35) t = "=" + t;
    else if (r < 0.4) t = t.slice(0, 2) + "*-." + t.slice(2);
    else if (r < 0.45) t = t.slice(0, Math.floor(next() * (t.length + 1)));
    return t;
  }

  function word(next: () => number): string {
    const charset = CHARSETS[Math.floor(next() * CHARSETS.length)]!;
    const b = bytes(next);
    const r = next();
    if (r < 0.7) return `=?${charset}?${next() < 0.8 ? "B" : "b"}?${b64(next, b)}?=`;
    let q = "";
    for (const c of b)
      q +=
        c > 0x20 && c < 0x7f && c !== 0x3d && c !== 0x3f
          ? String.fromCharCode(c)
          : "=" + c.toString(16).padStart(2, "0");
    const end = ["", "", "=", "=4", "=?"][Math.floor(next() * 5)]!;
    return `=?${charset}?${r < 0.85 ? "Q" : "q"}?${q}${end}?=`;
  }

  function value(next: () => number): string {
    const parts = ["", "Re: ", "[TEST] ", "a=b ", "__\0JOIN\0__ ", "a=?b ", "=?a b?B?GyRC?= ", "=?x?B?"];
    let v = parts[Math.floor(next() * parts.length)]! + word(next);
    const r = next();
    if (r < 0.15) v += " " + word(next);
    else if (r < 0.25) v += word(next);
    else if (r < 0.35) v += " (tail)";
    else if (r < 0.4) v += "__\0JOIN\0__";
    else if (r < 0.45) v += " =?";
    else if (r < 0.5) v += "=?iso-2022-jp?B?" + b64(next, bytes(next)) + "?= x";
    else if (r < 0.55) v += "?= =?a b?B?GyRC?=";
    return v;
  }

  it("decodes the corpus's ISO-2022-JP subjects as libmime does", () => {
    const values = [
      "=?iso-2022-jp?B?GyRCJWElQyU7ITwlOCRyR1s/LiRHJC0kXiQ7JHMhIxsoQg==?=",
      "=?iso-2022-jp?B?VW5kZWxpdmVyYWJsZTogGyRCJUslYyE8JXMbKEI=?=",
      "=?ISO-2022-JP?B?gaGL2Yt9kmyJuoKwgUmBSYGhiWaJ5oFFg0GDaoOBgUWDWIN8gVuDY4FFibmKeYH0jouSrpe/lrOXv4LFjKmV+pHogaE=?=",
      "[TEST] =?ISO-2022-JP?B?GyRCJWYhPCU2ITxFUE8/GyhC?=",
      "=?iso-2022-jp?B??=",
      "=?iso-2022-jp?B?====?=",
      "=?iso-2022-jp?B?GyRC?=",
      "=?iso-2022-jp?B?GyRCJWE=JUMlOw==?=",
      "=?iso-2022-jp*ja?b?GyRCJUslYyE8JXMbKEI=?= =?",
      "=?iso-2022-jp?B?GyRCJUslYyE8JXMbKEI=?==?a?B?GyRC?=",
      "=?utf-8?Q?abc=?=",
      "=?us-ascii?Q?abc=4?=",
      "=?utf-8?Q?a?=?iso-2022-jp?B?GyRC?=",
      "DELIVERY FAILURE: =?ISO-2022-JP?B?GyRCJWYhPCU2ITwbKEI=?= Neko (kijitora@example.co.jp) =?US-ASCII?Q??= " +
        "=?ISO-2022-JP?B?GyRCJE8bKEI=?= Domino =?ISO-2022-JP?B?GyRCJUclIyVsGyhC?= " +
        "=?ISO-2022-JP?B?GyRCJS8lSCVqJEskTzgrJEQkKyRqJF4kOyRzISMbKEI=?=",
      "=?iso-2022-jp?B?GyRCJUsbKEI=?=  =?ISO-2022-JP*ja?b?GyRCJWMbKEI=?= =?iso-2022-jp?Q?=1B$B!<=1B(B?= =?iso-2022-jp?q?x?=",
    ];
    for (const v of values) expect(parseHeaders(`Subject: ${v}`)[0]?.value).toBe(libmime.decodeWords(v));
  });

  it("decodes random words in Japanese and other charsets as libmime does", () => {
    const next = xorshift(0x2022);
    for (let i = 0; i < 20000; i++) {
      const v = value(next);
      expect(parseHeaders(`Subject: ${v}`)[0]?.value, JSON.stringify(v)).toBe(libmime.decodeWords(v));
    }
  });
});

describe("parsePlainHeaderValue", () => {
  const values = [
    "text/plain",
    " TEXT/Plain ; charset=US-ASCII",
    "multipart/report; report-type=delivery-status; boundary=abc",
    "multipart/mixed;boundary=b1;charset=utf-8;",
    "text/plain; charset",
    "text/plain; a; b=c",
    "text/plain; =x",
    "text/plain;; x=y",
    "message/rfc822; x=1=2",
    "text/plain; charset=utf-8; charset=iso-8859-1",
    ";",
    "",
    "text/html; name==?UTF-8?B?w6k=?=",
    'multipart/report; report-type="delivery-status"; boundary="=_a;b c"',
    'multipart/mixed; boundary=" spaced "',
    'text/plain; a="unclosed; b=c',
    'text/plain; "quoted key"=v',
    'te"xt/pl"ain; x=a"b"c',
    '"multipart/mixed"',
    'text/plain; charset=""',
    "\u00a0text/plain\u3000;\u00a0 Charset = utf-8 \u2028; X\t= y\u00a0",
  ];
  it.each(values)("splits %j as libmime does", (v) => {
    expect(parsePlainHeaderValue(v)).toEqual(libmime.parseHeaderValue(v));
  });
  it("stays linear on many quotes or separators", () => {
    const t0 = Date.now();
    for (const v of [
      '"'.repeat(800_000),
      "a;b=c".repeat(160_000),
      "a;" + '"";'.repeat(260_000),
      ";=".repeat(400_000),
    ])
      expect(parsePlainHeaderValue(v)).not.toBeNull();
    expect(Date.now() - t0).toBeLessThan(1000);
  });
  it("splits random mixes of keys, quotes and separators as libmime does", () => {
    const pieces = [";", ";", "=", "=", '"', '"', " ", "\t", "a", "B", "x=y", "\u00a0", "\u00e9", "=?"];
    const rnd = seededInts(7);
    for (let k = 0; k < 20_000; k++) {
      const v = Array.from({ length: rnd(16) }, () => pieces[rnd(pieces.length)]).join("");
      const mine = parsePlainHeaderValue(v);
      const theirs = libmime.parseHeaderValue(v);
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) expect([v, mine]).toEqual([v, theirs]);
    }
  });
  it("leaves escaped and RFC 2231 values to libmime", () => {
    expect(parsePlainHeaderValue('text/plain; boundary="a\\"b"')).toBeNull();
    expect(parsePlainHeaderValue("text/plain; x=a\\;b")).toBeNull();
    expect(parsePlainHeaderValue("text/plain; name*0=a; name*1=b")).toBeNull();
  });
});

describe("decodeQuotedPrintable", () => {
  const cases = [
    "",
    "plain text",
    "caf=C3=A9 =3d =3D",
    "soft=\nbreak and soft=\r\nbreak",
    "trailing spaces   \nand tabs\t\t\r\nkept  inside",
    "soft break after spaces= \t\nnext",
    "= at the end=",
    "= with spaces at the end= \t",
    "stray = and =Z1 and =4",
    "split escape =4=\n1 and =\n=\n41",
    "==41",
    "= \rlone CR is no soft break",
    "=\u2028line separator",
    "wide \u3042 and \u00e9 characters",
    "  \n\t\n=\n",
    "x" + " ".repeat(5000) + "y" + " ".repeat(5000),
    "a==\nb",
    "=\n=\n=",
    "==\n=",
    "two=\nsoft=\nbreaks, no CR=",
  ];
  it("stays linear on a long run of spaces inside a line", () => {
    const text = " ".repeat(200_000) + "x \n=41";
    const t0 = Date.now();
    const out = Buffer.from(decodeQuotedPrintable(text));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(out.equals(Buffer.from(" ".repeat(200_000) + "x\nA", "latin1"))).toBe(true);
  });

  it.each(cases.map((c) => [c.slice(0, 40), c]))("decodes %j byte for byte as libqp", (_, c) => {
    expect(Buffer.from(decodeQuotedPrintable(c)).equals(libqp.decode(c))).toBe(true);
  });

  it("decodes random mixes of escapes, soft breaks and line ends byte for byte as libqp", () => {
    const pieces = [
      "=",
      "=",
      "\n",
      "\r",
      "\r\n",
      "=\n",
      "=\r\n",
      "4",
      "1",
      "a",
      "F",
      "z",
      " ",
      "\t",
      "\u00e9",
      "\u3042",
    ];
    const rnd = seededInts(11);
    for (let k = 0; k < 20_000; k++) {
      const c = Array.from({ length: rnd(24) }, () => pieces[rnd(pieces.length)]).join("");
      const out = Buffer.from(decodeQuotedPrintable(c));
      if (!out.equals(libqp.decode(c))) expect([c, out]).toEqual([c, libqp.decode(c)]);
    }
  });
});

describe("looksLikeHeaders", () => {
  /** The test written with split and regular expressions. */
  function byRegex(text: string): boolean {
    const lines = text.slice(0, 4096).split("\n", 12);
    let fields = 0;
    let known = 0;
    for (const l of lines) {
      if (l === "") break;
      if (l.startsWith(" ") || l.startsWith("\t")) continue;
      const m = /^([A-Za-z][A-Za-z0-9-]{0,60}):/.exec(l);
      if (!m) {
        if (/^From \S/.test(l) && fields === 0) continue;
        return false;
      }
      fields++;
      if (
        /^(?:from|to|subject|date|received|return-path|message-id|mime-version|content-type|delivered-to|x-[a-z0-9-]+)$/i.test(
          m[1] ?? "",
        )
      )
        known++;
    }
    return fields >= 2 && known >= 1;
  }
  const n61 = "A" + "b".repeat(60);
  const cases = [
    "",
    "\n",
    "From: a\nTo: b",
    "From a@b Mon\nFrom: a\nTo: b",
    "Foo: a\nBar: b",
    "Foo: a\nX-Bar: b",
    "Foo: a\nX-: b",
    "Foo: a\n X-Cont: b\nSubject: s",
    "Foo: a\n\tfolded\nDATE: d",
    "1Foo: a\nTo: b",
    "-Foo: a\nTo: b",
    "Foo : a\nTo: b",
    `${n61}: a\nTo: b`,
    `${n61}c: a\nTo: b`,
    "To: a\n\nFrom: b",
    "To: a\nSubject: b\n",
    "Subject: s\nFrom  x\nTo: t",
    "To: a\nFrom \nSubject: b",
    Array.from({ length: 13 }, (_, i) => `F${i}: v`).join("\n") + "\nbroken line\nTo: x",
    Array.from({ length: 11 }, (_, i) => `F${i}: v`).join("\n") + "\nTo: x",
    "To: " + "x".repeat(5000) + "\nFrom: y",
    "Foo: " + "x".repeat(4080) + "\nTo: y",
    "Received: r\u00e9\nMessage-ID: <m>",
    "F_o: a\nTo: b",
    "F\u00e9: a\nTo: b",
    "To: a\nZ9-z: b",
    // A name whose ":" is the last character read (index 4095), or the first one cut off.
    "A: " + "x".repeat(4086) + "\nX-Abc: y",
    "A: " + "x".repeat(4086) + "\nX-Abcd: y",
  ];
  it.each(cases.map((c) => [c.slice(0, 40), c]))("agrees with the regular-expression reading: %j", (_, c) => {
    expect(looksLikeHeaders(c)).toBe(byRegex(c));
  });
});

describe("parseMime with leafTypes", () => {
  it("decodes only the listed leaf types below the top level", () => {
    const msg = [
      "Content-Type: multipart/mixed; boundary=b",
      "",
      "--b",
      "Content-Transfer-Encoding: base64",
      "",
      b64("read me"),
      "--b",
      "Content-Type: image/png",
      "Content-Transfer-Encoding: base64",
      "",
      b64("not read"),
      "--b",
      "Content-Type: multipart/alternative; boundary=never",
      "",
      "no boundary here",
      "--b--",
    ].join("\n");
    const root = parseMime(msg, 0, { parts: 0 }, { leafTypes: new Set(["text/plain"]) });
    expect(root.children.map((c) => [c.type, c.body.trim()])).toEqual([
      ["text/plain", "read me"],
      ["image/png", ""],
      ["multipart/alternative", ""],
    ]);
    const all = parseMime(msg);
    expect(all.children.map((c) => c.body.trim())).toEqual(["read me", "not read", "no boundary here"]);
  });

  it("still decodes the top-level body whatever its type", () => {
    const root = parseMime(
      "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n" + b64("top"),
      0,
      { parts: 0 },
      { leafTypes: new Set(["text/plain"]) },
    );
    expect(root.body).toBe("top");
  });
});

describe("parseMime with partFields", () => {
  it("keeps only the listed fields of each part's header block, and still reads the parts", () => {
    const msg = [
      "Content-Type: multipart/mixed; boundary=b",
      "Subject: top",
      "",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Description: =?UTF-8?Q?caf=C3=A9?=",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "caf=C3=A9",
      "--b--",
    ].join("\n");
    const fields = new Set(["content-type", "content-transfer-encoding"]);
    const root = parseMime(msg, 0, { parts: 0 }, { partFields: fields });
    expect(root.headers.map((h) => h.name)).toEqual(["content-type", "subject"]);
    expect(root.children[0]!.headers.map((h) => h.name)).toEqual([
      "content-type",
      "content-transfer-encoding",
    ]);
    expect(root.children[0]!.body).toBe("café");
    expect(parseMime(msg).children[0]!.headers.find((h) => h.name === "content-description")?.value).toBe(
      "café",
    );
  });
});

describe("blankEndsLine", () => {
  it("answers as /[\\t ]$/m does, for every line end ECMAScript knows", () => {
    const texts = [
      "",
      " ",
      "\t",
      "a",
      "a ",
      "a\t",
      " a",
      "\na",
      "\n",
      " \n",
      "a\nb",
      "a \nb",
      "a\t\nb",
      "a\nb ",
    ];
    const ends = ["\n", "\r", "\r\n", "\u2028", "\u2029"];
    for (const e of ends) texts.push(`a${e}b`, `a ${e}b`, `a${e} b`, `a\t${e}`, `${e} `, `x y${e}z`);
    texts.push("word ".repeat(50) + "\n" + "x".repeat(10), "a b c\nd e f\ng h i\t\nj");
    for (const t of texts) expect([t, blankEndsLine(t)]).toEqual([t, /[\t ]$/m.test(t)]);
  });
});

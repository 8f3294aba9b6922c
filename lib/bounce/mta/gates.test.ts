import { describe, expect, it } from "vitest";
import { GENERIC_RECIPIENT, HINT_LINES, ORIGINAL_MARKERS } from "@/lib/bounce/parse/mta";
import { VENDOR_GATES } from "@/lib/bounce/parse/formats";
import { EXCHANGE_HASH_LINE, EXCHANGE_MARKERS } from "./exchange";
import { GMAIL_REPLY_INTRO } from "./gmail-notice";
import { SENDMAIL_MARKERS } from "./sendmail";
import { gatedExec, gatedTest, hasAny, lineStartGated, LowerText, Words, type Gated } from "./text";

/** Each sample matches the regex; its upper-cased and alternating-case forms must pass the gate too. */
const variants = (s: string): string[] => [
  s,
  s.toUpperCase(),
  s.toLowerCase(),
  [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(""),
];

function expectGateKeeps(g: Gated, samples: string[]) {
  for (const s of samples) {
    expect([s, g.re.test(s)]).toEqual([s, true]);
    for (const v of variants(s)) {
      const text = `Preamble line\n${v}\nTrailing line`;
      if (!g.re.test(text)) continue;
      if (g.words) expect([v, hasAny(LowerText.of(text), g.words)]).toEqual([v, true]);
      expect([v, gatedTest(g, text, LowerText.of(text))]).toEqual([v, true]);
      expect(gatedExec(g, text, LowerText.of(text))?.[0]).toBe(g.re.exec(text)?.[0]);
    }
  }
}

describe("literal gates never drop a match of their regex", () => {
  const cases: [string, Gated, string[]][] = [
    [
      "original: Exim copy",
      ORIGINAL_MARKERS[0]!,
      ["------ This is a copy of the message, including all the headers. ------"],
    ],
    [
      "original: dashed",
      ORIGINAL_MARKERS[1]!,
      [
        "----- Original message -----",
        "--- Message header follows ---",
        "---- Below this line is a copy of the message.",
      ],
    ],
    ["original: Postfix", ORIGINAL_MARKERS[2]!, ["--- Below this line is a copy of the message."]],
    [
      "original: Exchange",
      ORIGINAL_MARKERS[3]!,
      [
        "Original message headers:",
        "Urspr\u00fcngliche Nachrichtenkopfzeilen:",
        "En-t\u00eates de message d'origine :".replace(" :", ":"),
        "Encabezados del mensaje original:",
      ],
    ],
    [
      "original: returned",
      ORIGINAL_MARKERS[4]!,
      ["----- Returned Message -----", "--- Unsent Message below ---", "--- Original message headers:"],
    ],
    [
      "original: localized",
      ORIGINAL_MARKERS[5]!,
      ["---- The header of the original message is following. ----"],
    ],
    [
      "original: headers only",
      ORIGINAL_MARKERS[6]!,
      ["------ This is a copy of the message's headers. ------"],
    ],
    [
      "original: follows",
      ORIGINAL_MARKERS[7]!,
      ["Original message follows.", "----- Unsent message follows -----", "  - Original message follows -"],
    ],
    ["hint: generating server", HINT_LINES.generatingServer, ["Generating server: mx.example.com"]],
    [
      "hint: Reporting-MTA",
      HINT_LINES.reportingMta,
      ["Reporting-MTA: dns; mx.example.com", "  Reporting-MTA:mx"],
    ],
    ["hint: Postfix", HINT_LINES.postfixHost, ["This is the mail system at host mx.example.com."]],
    ["hint: qmail", HINT_LINES.qmail, ["Hi. This is the qmail-send program at example.com."]],
    [
      "Messaging Server",
      VENDOR_GATES.messagingServer,
      ["  Recipient address: a@example.com", "\tOriginal address: a@example.com"],
    ],
    ["MailFoundry", VENDOR_GATES.mailFoundry, ["Server mx.example.com[192.0.2.1] failed with: 550 No"]],
    [
      "Zoho",
      VENDOR_GATES.zoho,
      [
        "a@example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 User unknown",
        "x ERROR_CODE: 550",
        "[Status: Error, Address: <a@example.com>, ResponseCode 421, , Try later]",
      ],
    ],
    ["m-FILTER", VENDOR_GATES.mFilter, ["-------server message", "----- Server Message  "]],
    [
      "InterScan arrows",
      VENDOR_GATES.arrows,
      ["Sent <<< RCPT TO:<a@example.com>", "Received >>> 550 5.1.1 unknown", "  \u9001\u4fe1 <<< DATA"],
    ],
    ["bare arrows", VENDOR_GATES.bareArrows, [">>> RCPT TO:<a@example.com>", "<<< 550 No"]],
    [
      "intro with address",
      VENDOR_GATES.introWithAddress,
      [
        "Could not be delivered to: <a@example.jp>",
        "Unable to deliver message to a@example.com",
        "Unable to deliver the message to: a@example.com",
        "Undeliverable to a@example.com",
        "Failed to deliver to <a@example.com>",
        "Delivery failed to:\ta@example.com",
      ],
    ],
    [
      "SurfControl",
      VENDOR_GATES.addressIpReply,
      ["a@example.com: [192.0.2.5], 550 a@example.com... No such user"],
    ],
    [
      "IMail",
      VENDOR_GATES.imail,
      ["Original message follows.", "Body of message generated response:", "  original message follows"],
    ],
    [
      "Exchange markers",
      EXCHANGE_MARKERS,
      [
        "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound'",
        "Delivery has failed to these recipients or groups:",
        "Diagnostic information for administrators:",
        "  Reported error: 550 no",
      ],
    ],
    ["Exchange ## line", EXCHANGE_HASH_LINE, ["#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"]],
    [
      "Gmail",
      GMAIL_REPLY_INTRO,
      [
        "The response from the remote server was:",
        "The response was:",
        "The error that the other server returned was:",
      ],
    ],
    [
      "Sendmail",
      SENDMAIL_MARKERS,
      [
        "----- Transcript of session follows -----",
        "----- The following addresses had permanent fatal errors -----",
        "The following addresses had transient non-fatal errors",
        "following addresses have delivery problems",
      ],
    ],
  ];
  cases.push(
    [
      "generic recipient: after following",
      GENERIC_RECIPIENT[0],
      [
        "The following recipients failed: <a@b.example>",
        "following address(es) had errors: a@b.example",
        "following addresses: a@b.example",
      ],
    ],
    [
      "generic recipient: labelled",
      GENERIC_RECIPIENT[1],
      ["Final-Recipient: rfc822; a@b.example", "Original-Recipient:<a@b.example>", "Recipient a@b.example"],
    ],
    [
      "generic recipient: delivered to",
      GENERIC_RECIPIENT[2],
      [
        "could not deliver to <a@b.example>.",
        "was not delivered to a@b.example ",
        "Delivery to a@b.example: failed",
        "your message to a@b.example,",
      ],
    ],
  );
  for (const [name, g, samples] of cases) it(name, () => expectGateKeeps(g, samples));

  it("a text without the words is ruled out without the regex", () => {
    const g: Gated = { words: Words.of("zzz"), re: /./ };
    expect(gatedTest(g, "abc", LowerText.of("abc"))).toBe(false);
    expect(gatedExec(g, "abc", LowerText.of("abc"))).toBeNull();
    expect(gatedTest({ re: /b/ }, "abc", LowerText.of("abc"))).toBe(true);
  });
});

describe("a line-start gate answers as its regex does", () => {
  const g = lineStartGated({
    words: Words.of("deliver"),
    re: /^[ \t]*(?:Unable to deliver|deliver)(?: \S+)? to:/im,
  });
  const lines = [
    "Unable to deliver to:",
    " \t unable to DELIVER message to:",
    "x Unable to deliver to:",
    "Unable to deliver x",
    "xdeliver to:",
    "Unable deliver to:",
  ];
  it("wherever the line stands, whatever ends the line before it", () => {
    for (const l of lines)
      for (const text of [l, `a\n${l}`, `a\r${l}`, `a\u2028${l}`, `a \t${l}`, `${l}\n${l}`, `a ${l}\n  ${l}`])
        expect([text, gatedTest(g, text, LowerText.of(text))]).toEqual([text, g.re.test(text)]);
  });
  it("only for a regex that opens with blanks at a line start", () => {
    expect(() => lineStartGated({ words: Words.of("a"), re: /^a/m })).toThrow();
    expect(() => lineStartGated({ words: Words.of("a"), re: /^[ \t]*a/ })).toThrow();
  });
});

describe("LowerText.has answers as includes does", () => {
  const texts = [
    "",
    "ab",
    "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound'",
    "----- Transcript of session follows -----\n>>> RCPT To:<a@b.example>\n<<< 550 5.1.1 unknown",
    "Die Nachricht konnte an folgende Empf\u00e4nger nicht zugestellt werden\uff1a \u914d\u4fe1\u306b\u5931\u6557",
    "\u0130stanbul \u03a3\u039f\u03a6\u0399\u0391\u03a3 Delivery has failed to these recipients or groups:",
  ];
  it("for every substring of each text and for phrases it does not hold", () => {
    for (const text of texts) {
      const lower = LowerText.of(text);
      const s = text.toLowerCase();
      expect(lower.s).toBe(s);
      // Every substring (the phrase at the start, the end, across a line break...) is found.
      for (let i = 0; i < s.length; i++)
        for (let j = i; j <= s.length && j <= i + 12; j++)
          expect([s.slice(i, j), lower.has(s.slice(i, j))]).toEqual([s.slice(i, j), true]);
      for (const w of [
        "zzz",
        "remote server returned 'x",
        "session follows!",
        "\u914d\u4fe1\u306b\u5931\u6557x",
        "a",
      ])
        expect([w, lower.has(w)]).toEqual([w, s.includes(w)]);
    }
  });
  it("a prefix finds what it holds and not what follows it", () => {
    const lower = LowerText.of("Delivery failed.\n----- Original message -----\nSubject: hello");
    const notice = lower.prefix(16);
    expect(notice.s).toBe("delivery failed.");
    expect(notice.has("delivery failed")).toBe(true);
    expect(notice.has("original message")).toBe(false);
    expect(notice.has("---")).toBe(false);
  });
  it("a text recorded before another of the same length still answers", () => {
    const first = LowerText.of("Delivery failed: user unknown");
    const notice = first.prefix(8);
    const second = LowerText.of("Transcript of session follows");
    for (const w of ["delivery failed", "user unknown", "session follows", "zzz"])
      expect([w, first.has(w), second.has(w)]).toEqual([w, first.s.includes(w), second.s.includes(w)]);
    expect(notice.has("delivery")).toBe(true);
    expect(notice.has("failed")).toBe(false);
  });
  it("answers for each of more texts of one width than it has marks (255), none seeing another's runs", () => {
    // Texts of one length share a set; each is checked against words of the one before and after it.
    const text = (i: number): string => `Notice ${String(i).padStart(4, "0")}: user unknown at host${i}`;
    let before = LowerText.of(text(0));
    for (let i = 1; i < 600; i++) {
      const lower = LowerText.of(text(i));
      for (const w of [
        `notice ${String(i).padStart(4, "0")}`,
        `notice ${String(i - 1).padStart(4, "0")}`,
        `host${i}`,
      ])
        expect([i, w, lower.has(w)]).toEqual([i, w, lower.s.includes(w)]);
      // The text before still answers (by searching, its runs being gone).
      expect(before.has(`host${i - 1}`)).toBe(true);
      before = lower;
    }
  });
  it("finds a word across the chunks the text is read in, and words beyond Latin-1", () => {
    const text = "x".repeat(16 * 1024 - 4) + "User Unknown \u0141\u00f3d\u017a " + "y".repeat(40_000);
    const lower = LowerText.of(text);
    const words = Words.of("user unknown", "unknown \u0142\u00f3d\u017a", "a\u0142\u00f3", "xxu");
    for (let k = 0; k < words.list.length; k++) {
      const w = words.list[k]!;
      expect([w, lower.has(w), lower.hasWord(words, k)]).toEqual([
        w,
        lower.s.includes(w),
        lower.s.includes(w),
      ]);
    }
  });
  it("tells a text beyond ASCII, its prefix included", () => {
    // "\u0141" (Latin capital L with stroke) is 0x41 in its low byte, as "A" is.
    const lower = LowerText.of("Delivery failed \u0141");
    expect(lower.nonAscii).toBe(true);
    expect(lower.prefix(8).nonAscii).toBe(true);
    expect(LowerText.of("Delivery failed A").nonAscii).toBe(false);
    expect(LowerText.of("\u212a").nonAscii).toBe(false);
  });
});

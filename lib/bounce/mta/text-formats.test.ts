import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { endsLikeIntro, mayBeLocalIntro, mayHoldLocalIntro, scanBounceText } from "@/lib/bounce/parse/mta";
import { hasAny, LowerText } from "./text";
import { INTRO_WORDS } from "./exim";

const fixture = (name: string) =>
  readFileSync(join(__dirname, "../fixtures/messages", name), "utf8").replace(/\r\n/g, "\n");

describe("notice formats name themselves", () => {
  it.each([
    ["postfix.eml", "postfix"],
    ["qmail.eml", "qmail"],
    ["exim.eml", "exim"],
    ["sendmail.eml", "sendmail"],
    ["exchange-plain.txt", "exchange"],
    ["gmail.eml", "gmail"],
    ["mailfoundry.eml", "mailfoundry"],
    ["messaging-server.eml", "messaging-server"],
    ["imail.eml", "imail"],
    ["interscan-mss.eml", "interscan-mss"],
    ["surfcontrol.eml", "surfcontrol"],
    ["zoho.eml", "zoho"],
  ])("%s is read by the %s recognizer", (file, source) => {
    const { records } = scanBounceText(fixture(file));
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((r) => r.source)).toContain(source);
  });
});

describe("Exim's intro sentence wherever the lines wrap it", () => {
  const notice = (intro: string) =>
    [
      "This message was created automatically by mail delivery software.",
      "",
      intro,
      "",
      "  bob@example.org",
      "    host mx.example.org [192.0.2.7]",
      "    SMTP error from remote mail server after RCPT TO:<bob@example.org>:",
      "    550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown",
    ].join("\n");
  it.each([
    "A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:",
    "A message that you sent could not be delivered to one or more of its recipients. The following address(es)\n   failed:",
    "  A message that you sent could not be\n  delivered to one or more of its recipients.",
    "The message has not yet been delivered to the\nfollowing addresses:",
  ])("%j", (intro) => {
    const { records } = scanBounceText(notice(intro));
    expect(records.map((r) => [r.source, r.recipient])).toEqual([["exim", "bob@example.org"]]);
    expect(records[0]!.raw).toContain("550 5.1.1");
  });
  it("after a line longer than the line limit", () => {
    const { records } = scanBounceText(
      `${"x".repeat(9000)}\n${notice("The following address(es)\n  failed:")}`,
    );
    expect(records.map((r) => [r.source, r.recipient])).toEqual([["exim", "bob@example.org"]]);
  });
});

describe("a recipient list after an intro line, whatever ends the intro", () => {
  it.each([
    "Your message did not reach the following recipients:",
    "Your message did not reach the following recipients:   \t",
    "Delivery to the following recipients failed.",
    "The following recipients failed -",
    "Die Nachricht konnte an folgende Empf\u00e4nger nicht zugestellt werden\uff1a",
    "\u4ee5\u4e0b\u306e\u5b9b\u5148\u3078\u306e\u914d\u4fe1\u306b\u5931\u6557\u3057\u307e\u3057\u305f\u3002",
  ])("%j", (intro) => {
    expect(endsLikeIntro(intro)).toBe(true);
    const { records } = scanBounceText(`${intro}\n\n  carol@example.net\n    Mailbox unavailable\n`);
    expect(records.map((r) => [r.recipient, r.raw])).toEqual([["carol@example.net", "Mailbox unavailable"]]);
  });
  it("a line ending in a word is not an intro", () => {
    expect(endsLikeIntro("Your message did not reach the following recipients")).toBe(false);
    expect(endsLikeIntro("")).toBe(false);
  });
});

describe("the localized intro is looked for only on a line that may hold it", () => {
  // One line per wording of the localized intro; each must pass the cheap check in any letter case.
  const wordings = [
    "Die Nachricht konnte nicht zugestellt werden:",
    "an folgenden Empf\u00e4nger:",
    "Zustellung an folgende Adressen fehlgeschlagen:",
    "Le message n'a pas pu \u00eatre remis:",
    "Le message n'a pas pu \u00eatre distribu\u00e9 :",
    "Le message n'a pas pu \u00eatre d\u00e9livr\u00e9 :",
    "aux destinataires suivants :",
    "au destinataire suivant :",
    "El mensaje no se pudo entregar:",
    "El mensaje no se ha podido entregar:",
    "a los siguientes destinatarios:",
    "A mensagem n\u00e3o foi poss\u00edvel entregar:",
    "A mensagem n\u00e3o p\u00f4de ser entregue:",
    "aos seguintes destinat\u00e1rios:",
    "Non \u00e8 stato possibile recapitare il messaggio:",
    "Non \u00e8 stato possibile consegnare il messaggio:",
    "ai seguenti destinatari:",
    "\u041f\u0438\u0441\u044c\u043c\u043e \u043d\u0435 \u043c\u043e\u0436\u0435\u0442 \u0431\u044b\u0442\u044c \u0434\u043e\u0441\u0442\u0430\u0432\u043b\u0435\u043d\u043e:",
    "\u043d\u0435 \u0443\u0434\u0430\u043b\u043e\u0441\u044c \u0434\u043e\u0441\u0442\u0430\u0432\u0438\u0442\u044c:",
    "\u0441\u043b\u0435\u0434\u0443\u044e\u0449\u0438\u043c \u043f\u043e\u043b\u0443\u0447\u0430\u0442\u0435\u043b\u044f\u043c:",
    "\u914d\u4fe1\u306b\u5931\u6557\u3057\u307e\u3057\u305f\u3002",
    "\u9001\u4fe1\u306b\u5931\u6557\u3057\u307e\u3057\u305f\u3002",
    "\u914d\u9001\u3067\u304d\u307e\u305b\u3093\u3067\u3057\u305f\u3002",
    "\u90ae\u4ef6\u6295\u9012\u5931\u8d25\uff1a",
    "\u65e0\u6cd5\u6295\u9012\u5230\uff1a",
  ];
  it.each(wordings)("%j", (line) => {
    for (const v of [line, line.toUpperCase(), line.toLowerCase()])
      expect([v, mayBeLocalIntro(v), mayHoldLocalIntro(LowerText.of(v))]).toEqual([v, true, true]);
    // Each sample is a recipient-list intro: with an address below it the list is read.
    const { records } = scanBounceText(`Preamble\n${line}\n\n  carol@example.net\n    Mailbox unavailable\n`);
    expect(records.map((r) => r.recipient)).toEqual(["carol@example.net"]);
  });
  it("an English prose line is passed over", () => {
    const l = "Please contact your system administrator.";
    expect(mayBeLocalIntro(l)).toBe(false);
    expect(mayHoldLocalIntro(LowerText.of(l))).toBe(false);
    expect(LowerText.of(l).nonAscii).toBe(false);
    expect(LowerText.of(`${l} \u00e4`).nonAscii).toBe(true);
    expect(LowerText.of(`\u00e4 ${l}`).prefix(1).nonAscii).toBe(true);
  });
});

describe("Exim's intro is looked for only in a text holding one of its words", () => {
  it.each([
    "The following address(es) failed:",
    "The following address(es) deferred",
    "following addresses failed",
    "This message could not be delivered to one or more of its recipients.",
    "Your message has not yet been delivered to the following",
    "address(es) failed:",
    "addresses failed:",
  ])("%j", (intro) => {
    for (const v of [intro, intro.toUpperCase(), intro.toLowerCase()])
      expect([v, hasAny(LowerText.of(`Preamble\n${v}\n`), INTRO_WORDS)]).toEqual([v, true]);
  });
});

describe("the returned message quoted after the notice", () => {
  const original = [
    "------ This is a copy of the message, including all the headers. ------",
    "",
    "Return-path: <dave@example.org>",
    "From: dave@example.org",
    "To: carol@example.net",
    "Subject: Quarterly figures",
    "",
    "Our reply code list: 550 5.1.1 is used for unknown users.",
  ].join("\n");
  it("is not read as the notice: its headers are no recipient list, its body no reply", () => {
    const notice =
      "Delivery to the following recipients failed.\n\n  carol@example.net\n    Mailbox unavailable\n\n";
    const scan = scanBounceText(notice + original);
    expect(scan.records.map((r) => [r.recipient, r.raw])).toEqual([
      ["carol@example.net", "Mailbox unavailable"],
    ]);
    expect(scan.originalHeaders).toContain("Subject: Quarterly figures");
  });
  it("a notice naming no recipient before it is read whole", () => {
    const after =
      "\n\nDelivery to the following recipients failed.\n\n  erin@example.net\n    550 5.1.1 unknown user\n";
    const scan = scanBounceText("Your message could not be delivered.\n\n" + original + after);
    expect(scan.records.map((r) => [r.recipient, r.raw])).toEqual([
      ["erin@example.net", "550 5.1.1 unknown user"],
    ]);
  });
});

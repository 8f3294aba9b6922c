import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { endsLikeIntro, scanBounceText } from "@/lib/bounce/parse/mta";

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

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanBounceText } from "@/lib/bounce/parse/mta";

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
});

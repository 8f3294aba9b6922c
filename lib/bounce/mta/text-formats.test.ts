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

import { describe, expect, it } from "vitest";
import { hasDsnFields, parseDeliveryStatus } from "./dsn";
import { MAX_RECIPIENTS } from "./limits";

/** The three tests hasDsnFields makes in one pass, written out one by one. */
function hasDsnFieldsByParts(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  return (
    /^(?:Final-Recipient|Original-Recipient)\s*:/im.test(head) ||
    (/^Action\s*:\s*(?:failed|delayed|delivered|relayed|expanded)/im.test(head) &&
      /^Status\s*:/im.test(head)) ||
    /^Diagnostic-Code\s*:/im.test(head)
  );
}

describe("hasDsnFields", () => {
  const cases = [
    "",
    "Final-Recipient: rfc822; a@example.com",
    "text\noriginal-recipient : rfc822;a@example.com",
    "Diagnostic-Code: smtp; 550 no",
    "Action: failed\nStatus: 5.1.1",
    "Status: 5.1.1\nAction: failed",
    "Action: failed",
    "Action: failed\nno status here",
    "Action: failed\nFinal-Recipient: rfc822; a@example.com",
    "Action: delayed\nDiagnostic-Code: smtp; 450 later",
    "Action: failed\n\nAction: delivered\nDiagnostic-Code: x",
    "Action: unknown\nStatus: 5.0.0",
    "Action: unknown\nStatus: 5.0.0\nAction: relayed",
    " Final-Recipient: indented, not a field",
    "Final-Recipient\n: folded before the colon",
    "Action:\n failed\nStatus: 4.4.1",
    "prose mentioning Final-Recipient: inline",
    "x".repeat(64 * 1024) + "\nFinal-Recipient: past the first 64 KiB",
  ];
  it.each(cases.map((c) => [c.slice(0, 60), c]))("agrees with the field tests one by one: %j", (_, c) => {
    expect(hasDsnFields(c)).toBe(hasDsnFieldsByParts(c));
  });
});

describe("parseDeliveryStatus", () => {
  it("reads only its own fields, first occurrence, per block", () => {
    const body = [
      "Reporting-MTA: dns; mx.example.net",
      "X-Postfix-Sender: rfc822; s@shop.example",
      "Subject: =?UTF-8?B?aWdub3JlZA==?=",
      "",
      "Final-Recipient: rfc822; a@example.com",
      "Action: failed",
      "Status: 5.1.1",
      "X-Other: folded",
      " continuation",
      "Remote-MTA: dns; mx.example.com",
      "Diagnostic-Code: smtp; 550 5.1.1",
      " user unknown",
      "X-PowerMTA-BounceCategory: Bad-Mailbox",
      "Status: 4.0.0",
    ].join("\n");
    expect(parseDeliveryStatus(body)).toEqual([
      {
        recipient: "a@example.com",
        originalRecipient: null,
        action: "failed",
        status: "5.1.1",
        diagnostic: "smtp; 550 5.1.1 user unknown",
        remoteMta: "mx.example.com",
        reportingMta: "mx.example.net",
        sender: "s@shop.example",
        category: "bad-mailbox",
      },
    ]);
  });

  it("keeps the action's first word, lower-case", () => {
    const actions = ["Failed (permanent)", "(x) failed", "delayed\u00a0x", "RELAYED", "", "expanded(list)"];
    const body = actions
      .map((a, i) => `Final-Recipient: rfc822; r${i}@example.com\nAction: ${a}`)
      .join("\n\n");
    expect(parseDeliveryStatus(body).map((r) => r.action)).toEqual([
      "failed",
      null,
      "delayed",
      "relayed",
      null,
      "expanded",
    ]);
  });

  it("reads blocks by index range as the lines would split and join", () => {
    const body = [
      "  Reporting-MTA: dns; mx.example.net",
      "\u00a0 ",
      "stray text before the fields",
      "Final-Recipient: rfc822; a@example.com",
      "Action: failed",
      "\t",
      "\u3000Final-Recipient: rfc822; b@example.com",
      "Status: 5.2.2",
      "",
      "",
      "no fields here",
      "Original-Recipient: rfc822; c@example.com",
    ].join("\n");
    const got = parseDeliveryStatus(body);
    expect(got.map((r) => [r.recipient, r.action, r.status, r.reportingMta])).toEqual([
      ["a@example.com", "failed", null, "mx.example.net"],
      ["b@example.com", null, "5.2.2", "mx.example.net"],
      ["c@example.com", null, null, "mx.example.net"],
    ]);
    // The same report ending in an empty line, and the block limit: blocks past it are not read.
    expect(parseDeliveryStatus(body + "\n")).toEqual(got);
    const many = Array.from({ length: 200 }, (_, i) => `Final-Recipient: rfc822; r${i}@example.com`).join(
      "\n\n",
    );
    expect(parseDeliveryStatus(many).length).toBe(Math.min(200, MAX_RECIPIENTS));
  });
});

import { describe, expect, it } from "vitest";
import { detectInputKind, parseBounce } from "./index";

describe("ESP events pasted as JSON", () => {
  it("an Amazon SES bounce notification: one result per bounced recipient", () => {
    const ses = JSON.stringify({
      notificationType: "Bounce",
      bounce: {
        bounceType: "Permanent",
        bounceSubType: "General",
        bouncedRecipients: [
          {
            emailAddress: "a@example.com",
            action: "failed",
            status: "5.1.1",
            diagnosticCode: "smtp; 550 5.1.1 user unknown",
          },
          {
            emailAddress: "b@example.org",
            action: "failed",
            status: "5.2.2",
            diagnosticCode: "smtp; 552 5.2.2 mailbox full",
          },
        ],
        reportingMTA: "dsn; a8-30.smtp-out.amazonses.com",
        remoteMtaIp: "192.0.2.10",
      },
      mail: {
        source: "news@shop.example",
        sourceIp: "203.0.113.8",
        destination: ["a@example.com", "b@example.org"],
      },
    });
    expect(detectInputKind(ses)).toBe("message");
    const out = parseBounce(ses);
    expect(
      out.map((p) => [p.recipient, p.replyCode, p.enhancedCode, p.dsnAction, p.senderDomain, p.sendingIp]),
    ).toEqual([
      ["a@example.com", 550, "5.1.1", "failed", "shop.example", "203.0.113.8"],
      ["b@example.org", 552, "5.2.2", "failed", "shop.example", "203.0.113.8"],
    ]);
    expect(out[0]!.hints).toContain("esp-type: Permanent");
  });

  it("a Mailgun failed event with a nested delivery-status", () => {
    const mg = JSON.stringify({
      "event-data": {
        event: "failed",
        severity: "permanent",
        recipient: "c@example.net",
        "delivery-status": {
          code: 550,
          "enhanced-code": "5.7.1",
          message: "5.7.1 Relaying denied",
          "mx-host": "mx.example.net",
        },
        envelope: { sender: "bounce@mg.shop.example", "sending-ip": "198.51.100.4" },
      },
    });
    const [p] = parseBounce(mg);
    expect(p).toMatchObject({
      recipient: "c@example.net",
      enhancedCode: "5.7.1",
      text: "Relaying denied",
      remoteMta: "mx.example.net",
      sendingIp: "198.51.100.4",
      senderDomain: "mg.shop.example",
    });
  });

  it("a SendGrid webhook array and a Postmark bounce", () => {
    const sg = JSON.stringify([
      {
        email: "d@example.com",
        event: "bounce",
        reason: "550 5.1.1 The email account does not exist",
        status: "5.1.1",
        type: "bounce",
      },
    ]);
    expect(parseBounce(sg)[0]).toMatchObject({
      recipient: "d@example.com",
      replyCode: 550,
      enhancedCode: "5.1.1",
    });
    const pm = JSON.stringify({
      Type: "SoftBounce",
      Email: "e@example.org",
      Details: "smtp;452 4.2.2 mailbox full",
      Description: "The server could not temporarily deliver",
    });
    expect(parseBounce(pm)[0]).toMatchObject({
      recipient: "e@example.org",
      replyCode: 452,
      enhancedCode: "4.2.2",
      hints: ["esp-type: SoftBounce"],
    });
  });

  it("JSON that names no bounce falls back to the other forms", () => {
    expect(detectInputKind('{"hello": "world"}')).not.toBe("message");
    expect(parseBounce('{"reply": "550 5.1.1 unknown"}')[0]).toMatchObject({ replyCode: 550 });
  });
});

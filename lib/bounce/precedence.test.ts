import { describe, expect, it } from "vitest";
import { classify } from "@/lib/bounce/classify";
import { diagnose } from "@/lib/bounce/diagnose";
import { fromReply } from "@/test-support/bounce-corpus/from-reply";

const dsn = (diag: string, status: string, extra = "") =>
  [
    "From: MAILER-DAEMON@mx.example.net",
    "Subject: Undelivered Mail Returned to Sender",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    "",
    "--b",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.net",
    "",
    "Final-Recipient: rfc822; someone@example.org",
    "Action: failed",
    `Status: ${status}`,
    `Diagnostic-Code: smtp; ${diag}`,
    extra,
    "--b--",
    "",
  ].join("\n");

describe("user-unknown precedence (docs/bounce-reasons.md)", () => {
  it("is userunknown when the code says the address is bad", () => {
    expect(diagnose(dsn("550 5.1.1 User unknown", "5.1.1")).reason).toBe("userunknown");
  });

  it("is rejected when the address was refused in reply to MAIL FROM (the sender's)", () => {
    const log = (cmd: string) =>
      [
        "From: MAILER-DAEMON@mx.example.net",
        "Subject: Undelivered Mail Returned to Sender",
        "",
        "This is the mail system at host mx.example.net.",
        "",
        `<someone@example.org>: host mx.example.org[192.0.2.25] said: 553 5.1.0 Address does not exist (in reply to ${cmd}`,
        "    command)",
      ].join("\n");
    expect(diagnose(log("MAIL FROM")).reason).toBe("rejected");
    expect(diagnose(log("RCPT TO")).reason).toBe("userunknown");
  });

  it("is filtered with a mailbox-class code, or in a message that names no command", () => {
    expect(diagnose(dsn("550 5.2.0 User unknown", "5.2.0")).reason).toBe("filtered");
    const d = diagnose(dsn("550 User unknown", "5.0.0"));
    expect([d.reason, d.family]).toEqual(["filtered", "policy"]);
    // The advice follows the revised reason, not the rule's.
    expect(d.action).not.toMatch(/suppress the address/);
  });

  it("is userunknown when the message says the server answered RCPT TO", () => {
    const d = diagnose(
      [
        "From: MAILER-DAEMON@mx.example.net",
        "Subject: Undelivered Mail Returned to Sender",
        "",
        "This is the mail system at host mx.example.net.",
        "",
        "<someone@example.org>: host mx.example.org[192.0.2.25] said: 550 User unknown (in reply to RCPT TO",
        "    command)",
      ].join("\n"),
    );
    expect(d.reason).toBe("userunknown");
  });

  it("takes a reply line pasted alone as the answer to RCPT TO", () => {
    expect(classify(fromReply("550 User unknown")).reason).toBe("userunknown");
    expect(classify(fromReply("550 5.2.1 User unknown")).reason).toBe("filtered");
  });

  it("never revises a provider's own verdict", () => {
    const d = classify(
      fromReply("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"),
    );
    expect(d.reason).toBe("userunknown");
  });
});

describe("refused at the greeting or HELO (docs/bounce-reasons.md)", () => {
  it("is blocked when nothing more specific is said", () => {
    const d = classify(
      fromReply("554 host.example.net : You've reached your daily relay quota", { stage: "connect" }),
    );
    expect([d.reason, d.family]).toEqual(["blocked", "reputation"]);
    expect(classify(fromReply("554 5.5.0 A problem occurred (BL)", { stage: "connect" })).reason).toBe(
      "blocked",
    );
    // The same words at another stage are not enough to judge.
    expect(classify(fromReply("554 host.example.net : You've reached your daily relay quota")).reason).toBe(
      "onhold",
    );
  });
});

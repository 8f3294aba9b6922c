import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/bounce/diagnose";
import { perRecipient } from "@/test-support/bounce-corpus/sisimai";

describe("notice formats", () => {
  it("reads V5 Sendmail's per-recipient summary lines, each with the reply that failed it", () => {
    const msg = [
      "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.jp>",
      "Subject: Returned mail: Host unknown (Name server: example.org: host not found)",
      "",
      "   ----- Transcript of session follows -----",
      ">>> MAIL From:<sender@example.jp>",
      "<<< 501 <sender@example.jp>... no access from mail server [192.0.2.55] which is an open relay.",
      "554 <a@example.org>... Remote protocol error",
      "554 <b@example.org>... 550 Host unknown (Authoritative answer from name server)",
      ">>> RCPT To:<c@example.edu>",
      "<<< 550 <c@example.edu>... User unknown",
      "550 <c@example.edu>... User unknown",
      "",
      "   ----- Unsent message follows -----",
      "Subject: hello",
    ].join("\n");
    const all = perRecipient(diagnose(msg));
    expect(all.map((d) => [d.recipient, d.reason])).toEqual([
      ["a@example.org", "blocked"],
      ["b@example.org", "hostunknown"],
      ["c@example.edu", "userunknown"],
    ]);
  });

  it("keeps the text of a multipart report whose boundary never occurs", () => {
    const msg = [
      "From: postmaster@mx.example.org",
      "Subject: Delivery Notification: Delivery has failed",
      'Content-type: multipart/report; BOUNDARY="Boundary_(ID_0)"; report-type=delivery-status',
      "",
      "Action: failed",
      "Status: 5.0.0",
      "Final-recipient: rfc822;a@example.org",
      "Diagnostic-code: smtp; 550 5.1.1 User unknown",
      "",
      "Action: failed",
      "Status: 5.0.0",
      "Final-recipient: rfc822;b@example.org",
      "Diagnostic-code: smtp; 552 5.2.2 Mailbox full",
      "",
    ].join("\n");
    const all = perRecipient(diagnose(msg));
    expect(all.map((d) => [d.recipient, d.reason])).toEqual([
      ["a@example.org", "userunknown"],
      ["b@example.org", "mailboxfull"],
    ]);
  });

  it("reads the reply an ESP quotes inside its own status (Amazon SES)", () => {
    const d = diagnose(
      "5.1.0 - Unknown address error 550-'5.2.2 <a@example.jp>... Mailbox Full' (delivery attempts: 0)",
    );
    expect([d.replyCode, d.enhancedCode, d.reason]).toEqual([550, "5.2.2", "mailboxfull"]);
  });

  it("tells feedback reports and automatic replies from bounces by their headers", () => {
    const arf = [
      "From: abuse@isp.example",
      "Subject: complaint",
      'Content-Type: multipart/report; report-type=feedback-report; boundary="a"',
      "",
      "--a",
      "Content-Type: text/plain",
      "",
      "This is an authentication failure report for a message received from IP 192.0.2.1.",
      "--a",
      "Content-Type: message/feedback-report",
      "",
      "Feedback-Type: auth-failure",
      "--a--",
    ].join("\n");
    expect(diagnose(arf).reason).toBe("feedback");
    const ooo = [
      "From: someone@example.org",
      "Subject: Automatic reply: hello",
      "",
      "I am away until Monday.",
    ].join("\n");
    expect(diagnose(ooo).reason).toBe("vacation");
  });
});

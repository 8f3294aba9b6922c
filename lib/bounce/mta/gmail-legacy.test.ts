import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/bounce/diagnose";

const notice = (reply: string) =>
  [
    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
    "To: sender@example.com",
    "Subject: Delivery Status Notification (Failure)",
    "Content-Type: text/plain; charset=ISO-8859-1",
    "",
    "Delivery to the following recipient failed permanently:",
    "",
    "     someone@example.org",
    "",
    "Technical details of permanent failure:",
    "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend",
    "contacting the other email provider for further information about the cause of this error. The",
    `error that the other server returned was: ${reply}`,
    "",
    "----- Original message -----",
    "",
    "Subject: hello",
    "",
  ].join("\n");

describe("Gmail's older notice: the session state names the phase refused (sisimai Lhost::Gmail)", () => {
  it("reads the state when the reply has no specific enhanced code", () => {
    expect(diagnose(notice("500 Remote server does not support TLS (state 6).")).reason).toBe("systemerror");
    expect(diagnose(notice("554 554 5.7.0 Header error (state 18).")).reason).toBe("filtered");
    expect(diagnose(notice("550 550 Unknown user someone@example.org (state 18).")).reason).toBe("filtered");
    expect(diagnose(notice("550 550 Unknown user someone@example.org (state 14).")).reason).toBe(
      "userunknown",
    );
  });

  it("leaves a specific enhanced code to the code and its words", () => {
    expect(diagnose(notice("550 550 5.2.2 <someone@example.org>... Mailbox Full (state 18).")).reason).toBe(
      "mailboxfull",
    );
  });
});

import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/bounce/diagnose";

const report = (diag: string, status: string, category: string | null) =>
  [
    "From: postmaster@mta.example.net",
    "Subject: Delivery report",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    "",
    "--b",
    "Content-Type: text/plain",
    "",
    "Hello, this is the mail server on mta.example.net.",
    "",
    "--b",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mta.example.net",
    "",
    "Final-Recipient: rfc822; someone@example.org",
    "Action: failed",
    `Status: ${status}`,
    "Remote-MTA: dns; mx.example.org (192.0.2.135)",
    `Diagnostic-Code: smtp; ${diag}`,
    ...(category ? [`X-PowerMTA-BounceCategory: ${category}`] : []),
    "--b--",
    "",
  ].join("\n");

describe("PowerMTA: X-PowerMTA-BounceCategory decides (sisimai Lhost::PowerMTA)", () => {
  it("reads the category", () => {
    const diag = "550 5.2.1 <someone@example.org>... User Unknown";
    expect(diagnose(report(diag, "5.2.1", "bad-mailbox")).reason).toBe("userunknown");
    // Without the category, user-unknown words with a mailbox-class code are the recipient's filter.
    expect(diagnose(report(diag, "5.2.1", null)).reason).toBe("filtered");
    expect(diagnose(report("552 5.2.2 Over quota", "5.2.2", "quota-issues")).reason).toBe("mailboxfull");
  });

  it("leaves an unlisted category to the words", () => {
    expect(diagnose(report("552 5.2.2 Mailbox full", "5.2.2", "other")).reason).toBe("mailboxfull");
  });
});

import { describe, expect, it } from "vitest";
import { parseBounce } from "./index";
import { parseDeliveryStatus } from "./dsn";
import { parseHeaders, parseMime, walkParts } from "./mime";

const b64 = (s: string) =>
  Buffer.from(s, "utf8")
    .toString("base64")
    .replace(/(.{76})/g, "$1\n");

describe("MIME walker", () => {
  it("splits parts with an unquoted boundary, preamble and epilogue, CRLF line ends", () => {
    const msg = [
      "From: a@example.net",
      "Subject: =?ISO-8859-1?Q?Unzustellbar=3A_Gr=FC=DFe?=",
      "Content-Type: multipart/mixed; boundary=simple",
      "",
      "preamble",
      "--simple",
      "Content-Type: text/plain; charset=iso-8859-1",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Gr=FC=DFe, caf=E9",
      "--simple",
      "",
      "no headers here",
      "--simple--",
      "epilogue",
    ].join("\r\n");
    const root = parseMime(msg.replace(/\r\n/g, "\n"));
    expect(root.type).toBe("multipart/mixed");
    expect(root.children.map((c) => [c.type, c.body.trim()])).toEqual([
      ["text/plain", "Grüße, café"],
      ["text/plain", "no headers here"],
    ]);
    expect(root.headers.find((h) => h.name === "subject")?.value).toBe("Unzustellbar: Grüße");
    expect(parseBounce(msg)[0]!.hints).toContain("subject: Unzustellbar: Grüße");
  });

  it("unfolds continuation lines and keeps repeated headers in order", () => {
    const h = parseHeaders("Received: from a\n by b\nReceived: from c\n\tby d\nX-Empty:");
    expect(h).toEqual([
      { name: "received", value: "from a by b" },
      { name: "received", value: "from c by d" },
      { name: "x-empty", value: "" },
    ]);
  });

  it("decodes a base64 delivery-status part and a base64 returned message", () => {
    const dsn =
      "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; v@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 no such user\n";
    const orig =
      "Received: from app.shop.example ([203.0.113.77]) by mx.example.net\nFrom: n@shop.example\nSubject: hi\n\nbody\n";
    const msg = [
      "From: MAILER-DAEMON@mx.example.net",
      "Subject: failure",
      'Content-Type: multipart/report; report-type="delivery-status"; boundary="=_b64"',
      "",
      "--=_b64",
      "Content-Type: message/delivery-status",
      "Content-Transfer-Encoding: base64",
      "",
      b64(dsn),
      "--=_b64",
      "Content-Type: message/rfc822",
      "Content-Transfer-Encoding: base64",
      "",
      b64(orig),
      "--=_b64--",
    ].join("\n");
    const types = walkParts(parseMime(msg)).map((p) => p.type);
    expect(types).toEqual(["multipart/report", "message/delivery-status", "message/rfc822", "text/plain"]);
    const [p] = parseBounce(msg);
    expect(p).toMatchObject({
      replyCode: 550,
      enhancedCode: "5.1.1",
      recipient: "v@example.com",
      senderDomain: "shop.example",
      sendingIp: "203.0.113.77",
      dsnAction: "failed",
    });
  });

  it("reads an HTML-only notice", () => {
    const msg = [
      "From: postmaster@outlook.example",
      "Subject: Undeliverable: hi",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<html><body><p>Delivery has failed to these recipients or groups:</p>",
      "<p>w@example.org</p><p>Diagnostic information for administrators:</p>",
      "<p>w@example.org<br>Remote Server returned &#39;550 5.7.1 Access denied&#39;</p></body></html>",
    ].join("\n");
    const [p] = parseBounce(msg);
    expect(p).toMatchObject({
      replyCode: 550,
      enhancedCode: "5.7.1",
      recipient: "w@example.org",
      text: "Access denied",
    });
  });
});

describe("other report types", () => {
  it("an ARF feedback report is marked in the hints", () => {
    const msg = [
      "From: feedback@isp.example",
      "Subject: FW: Earn money",
      'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"',
      "",
      "--arf",
      "Content-Type: text/plain",
      "",
      "This is an email abuse report for an email message received from IP 203.0.113.9.",
      "--arf",
      "Content-Type: message/feedback-report",
      "",
      "Feedback-Type: abuse",
      "User-Agent: SomeGenerator/1.0",
      "Version: 1",
      "--arf--",
    ].join("\n");
    const [p] = parseBounce(msg);
    expect(p!.hints).toEqual(
      expect.arrayContaining(["report-type: feedback-report", "feedback-type: abuse"]),
    );
    expect(p!.text).toContain("email abuse report");
  });
});

describe("RFC 3464 delivery-status fields", () => {
  it("takes per-message fields once and one record per recipient block", () => {
    const recs = parseDeliveryStatus(
      [
        "Reporting-MTA: dns; mx.example.net",
        "X-Postfix-Sender: rfc822; sender@shop.example",
        "",
        "Final-Recipient: rfc822; a@example.com",
        "Original-Recipient: rfc822; alias@example.com",
        "Action: failed (bad address)",
        "Status: 5.1.1 (user unknown)",
        "Remote-MTA: dns; [192.0.2.9]",
        "",
        "  Final-Recipient: rfc822;b@example.com",
        "Action: delayed",
        "Status: 4.4.1",
        "Diagnostic-Code: X-Postfix; connect to mx.example.com[192.0.2.8]:25:",
        "    Connection timed out",
      ].join("\n"),
    );
    expect(recs).toEqual([
      {
        recipient: "a@example.com",
        originalRecipient: "alias@example.com",
        action: "failed",
        status: "5.1.1",
        diagnostic: null,
        remoteMta: "192.0.2.9",
        reportingMta: "mx.example.net",
        sender: "sender@shop.example",
      },
      {
        recipient: "b@example.com",
        originalRecipient: null,
        action: "delayed",
        status: "4.4.1",
        diagnostic: "X-Postfix; connect to mx.example.com[192.0.2.8]:25: Connection timed out",
        remoteMta: null,
        reportingMta: "mx.example.net",
        sender: "sender@shop.example",
      },
    ]);
  });
});

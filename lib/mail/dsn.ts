/**
 * A delivery status notification as a remote MTA sends it after accepting a message it then cannot deliver:
 * multipart/report; report-type=delivery-status (RFC 6522) with a human part, a message/delivery-status part
 * (RFC 3464 §2) and the returned headers (text/rfc822-headers).
 */
import { randomBytes } from "node:crypto";
import type { SandboxReply } from "./sandbox";

export interface DsnInput {
  /** Our host name: the Reporting-MTA and the From: domain. */
  reportingMta: string;
  /** The envelope sender the DSN goes back to. */
  sender: string;
  recipient: string;
  reply: SandboxReply;
  /** The original message's header section, returned in the third part. */
  originalHeaders: string;
  arrivalDate?: Date;
}

/** RFC 3464 §2.3.3: Action is "failed" for 5xx, "delayed" for 4xx (the remote keeps trying). */
export function buildDsn(d: DsnInput): string {
  const boundary = `dsn-${randomBytes(8).toString("hex")}`;
  const now = new Date();
  const date = now.toUTCString().replace("GMT", "+0000");
  const permanent = d.reply.code >= 500;
  const status = d.reply.enhanced ?? (permanent ? "5.0.0" : "4.0.0");
  const headers = d.originalHeaders.replace(/\r?\n/g, "\r\n").replace(/(\r\n)*$/, "");
  return [
    `From: Mail Delivery System <MAILER-DAEMON@${d.reportingMta}>`,
    `To: <${d.sender}>`,
    `Subject: ${permanent ? "Undelivered Mail Returned to Sender" : "Delivery Status Notification (Delay)"}`,
    `Date: ${date}`,
    `Message-ID: <${randomBytes(12).toString("hex")}@${d.reportingMta}>`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    permanent
      ? `Your message could not be delivered to <${d.recipient}>.`
      : `Delivery of your message to <${d.recipient}> has been delayed; the server will keep trying.`,
    "",
    `The remote server answered: ${d.reply.text}`,
    "",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    `Reporting-MTA: dns; ${d.reportingMta}`,
    `Arrival-Date: ${(d.arrivalDate ?? now).toUTCString().replace("GMT", "+0000")}`,
    "",
    `Final-Recipient: rfc822; ${d.recipient}`,
    `Action: ${permanent ? "failed" : "delayed"}`,
    `Status: ${status}`,
    `Remote-MTA: dns; ${d.reportingMta}`,
    `Diagnostic-Code: smtp; ${d.reply.text}`,
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    headers,
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

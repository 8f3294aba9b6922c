import type { MtaModule } from "./types";

/**
 * Abuse Reporting Format (RFC 5965): multipart/report; report-type=feedback-report with a
 * message/feedback-report part (Feedback-Type: abuse, auth-failure, ...). A complaint or an
 * authentication-failure report about a message, not a bounce: sisimai's `feedback`.
 */
export const ARF: MtaModule = {
  id: "arf",
  name: "Feedback report (ARF)",
  format: "RFC 5965 multipart/report; report-type=feedback-report",
  detect: { all: [/^(?:report-type: feedback-report|feedback-type: )/i] },
  phrases: [],
  whole: () => "feedback",
};

/**
 * Microsoft's older Junk Mail Reporting Program notices (Hotmail/Outlook.com): from staff@hotmail.com,
 * Subject "complaint about message from <IP>", the reported message attached as message/rfc822.
 */
export const HOTMAIL_JMRP: MtaModule = {
  id: "hotmail-jmrp",
  name: "Hotmail complaint (JMRP)",
  format: "Notice from staff@hotmail.com, Subject: complaint about message from <IP>",
  detect: { all: [/^subject: complaint about message from /i] },
  phrases: [],
  whole: () => "feedback",
};

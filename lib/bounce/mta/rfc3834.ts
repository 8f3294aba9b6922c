import type { MtaModule } from "./types";

/**
 * Automatic responses (RFC 3834): out-of-office and vacation replies. They say so in the Subject
 * ("Automatic reply:", "Out of Office", "Auto:") and carry no delivery-status report. Not a bounce:
 * sisimai's `vacation`. A DSN also carries Auto-Submitted (RFC 3834 section 5), so that field alone decides
 * nothing.
 */
export const RFC3834: MtaModule = {
  id: "rfc3834",
  name: "Automatic reply",
  format: "RFC 3834 automatic response (Subject: Automatic reply / Out of Office)",
  detect: {
    all: [
      /^subject: (?:automatic reply|auto(?:matic)?[ -]?(?:reply|response)|autoreply|out of (?:the )?office|auto:|abwesenheitsnotiz|r\u00e9ponse automatique|respuesta autom\u00e1tica)\b/i,
    ],
    none: /^report-type: delivery-status/i,
  },
  phrases: [],
  whole: () => "vacation",
};

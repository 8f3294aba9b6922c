import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { smtpTlsCheck } from "./index";

/** The SMTP TLS check's descriptor (lib/checks/define.ts). */
export const smtpTls = defineCheck({
  name: "smtp_tls",
  label: "SMTP TLS",
  about: "Whether each MX host offers STARTTLS with a valid certificate for its name (RFC 3207).",
  category: "infrastructure",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: true,
  run: smtpTlsCheck,
  findings: catalogue,
  scoring: {
    cap: 12,
    points: { deliverability: {}, strict: {} },
  },
});

import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { tlsRptCheck } from "./index";

/** The TLS-RPT check's descriptor (lib/checks/define.ts). */
export const tlsRpt = defineCheck({
  name: "tls_rpt",
  label: "TLS-RPT",
  about: "Where senders report TLS delivery failures (RFC 8460).",
  category: "infrastructure",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: false,
  run: tlsRptCheck,
  findings: catalogue,
  scoring: {
    cap: 3,
    points: { deliverability: {}, strict: {} },
  },
});

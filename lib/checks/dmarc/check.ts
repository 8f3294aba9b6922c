import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { dmarcCheck } from "./index";

/** The DMARC check's descriptor (lib/checks/define.ts). */
export const dmarc = defineCheck({
  name: "dmarc",
  label: "DMARC",
  about: "What receivers do with mail that fails SPF and DKIM alignment (RFC 9989).",
  category: "authentication",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: false,
  run: dmarcCheck,
  findings: catalogue,
  scoring: {
    cap: 30,
    points: {
      deliverability: { "dmarc.missing": 20, "dmarc.policy_none": 6 },
      strict: { "dmarc.missing": 30, "dmarc.policy_none": 20, "dmarc.pct_partial": 10 },
    },
  },
});

import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { dnssecCheck } from "./index";

/** The DNSSEC check's descriptor (lib/checks/define.ts). */
export const dnssec = defineCheck({
  name: "dnssec",
  label: "DNSSEC",
  about: "Whether the domain's DNS answers are signed and validate.",
  category: "infrastructure",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: false,
  run: dnssecCheck,
  findings: catalogue,
  scoring: {
    cap: 5,
    points: { deliverability: {}, strict: {} },
  },
});

import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { mxCheck } from "./index";

/** The MX check's descriptor (lib/checks/define.ts). */
export const mx = defineCheck({
  name: "mx",
  label: "MX",
  about: "Where mail for the domain is delivered (RFC 5321, RFC 7505).",
  category: "infrastructure",
  appliesTo: { domain: "always", bounce: "recipient_domain" },
  connection: false,
  run: mxCheck,
  findings: catalogue,
  scoring: {
    cap: 25,
    points: { deliverability: { "mx.missing": 15 }, strict: { "mx.missing": 15 } },
  },
});

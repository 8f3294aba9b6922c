import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { dkimCheck } from "./index";

/** The DKIM check's descriptor (lib/checks/define.ts). */
export const dkim = defineCheck({
  name: "dkim",
  label: "DKIM",
  about: "Public keys receivers use to verify message signatures (RFC 6376).",
  category: "authentication",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: false,
  run: dkimCheck,
  findings: catalogue,
  scoring: {
    cap: 25,
    points: { deliverability: { "dkim.no_selector_found": 20 }, strict: { "dkim.no_selector_found": 20 } },
  },
});

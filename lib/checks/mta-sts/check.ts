import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { mtaStsCheck } from "./index";

/** The MTA-STS check's descriptor (lib/checks/define.ts). */
export const mtaSts = defineCheck({
  name: "mta_sts",
  label: "MTA-STS",
  about: "A policy that makes senders require TLS to the domain's MX (RFC 8461).",
  category: "infrastructure",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: false,
  run: mtaStsCheck,
  findings: catalogue,
  scoring: {
    cap: 6,
    points: { deliverability: {}, strict: {} },
  },
});

import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { ptrCheck } from "./index";

/** The Reverse DNS check's descriptor (lib/checks/define.ts). */
export const ptr = defineCheck({
  name: "ptr",
  label: "Reverse DNS",
  about: "The sending IP's PTR name and whether it resolves back (FCrDNS).",
  category: "infrastructure",
  appliesTo: { domain: "with_ip", ip: true, message: true, bounce: "sending_ip" },
  connection: false,
  run: ptrCheck,
  findings: catalogue,
  scoring: {
    cap: 15,
    points: { deliverability: {}, strict: {} },
  },
});

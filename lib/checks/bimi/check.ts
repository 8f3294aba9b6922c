import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { bimiCheck } from "./index";

/** The BIMI check's descriptor (lib/checks/define.ts). */
export const bimi = defineCheck({
  name: "bimi",
  label: "BIMI",
  about: "The brand logo shown by supporting mailboxes.",
  category: "infrastructure",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: false,
  run: bimiCheck,
  findings: catalogue,
  scoring: {
    cap: 2,
    points: { deliverability: {}, strict: {} },
  },
});

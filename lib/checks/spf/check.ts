import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { softfailAll, spfCheck } from "./index";

/** The SPF check's descriptor (lib/checks/define.ts). */
export const spf = defineCheck({
  name: "spf",
  label: "SPF",
  about: "Which servers may send mail for the domain (RFC 7208).",
  category: "authentication",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: false,
  run: spfCheck,
  findings: catalogue,
  scoring: {
    cap: 30,
    points: { deliverability: { "spf.missing": 25 }, strict: { "spf.missing": 30, "spf.softfail_all": 6 } },
    observe: (records) => {
      const soft = softfailAll(records);
      return soft ? [{ code: "spf.softfail_all", severity: "info", params: soft }] : [];
    },
  },
});

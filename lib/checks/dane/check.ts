import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { daneCheck } from "./index";

/** The DANE check's descriptor (lib/checks/define.ts). */
export const dane = defineCheck({
  name: "dane",
  label: "DANE",
  about: "TLSA records of each MX host matched against the certificate it presents (RFC 7672).",
  category: "infrastructure",
  appliesTo: { domain: "always", bounce: "sender_domain" },
  connection: true,
  run: daneCheck,
  findings: catalogue,
  scoring: {
    cap: 8,
    points: { deliverability: {}, strict: {} },
  },
});

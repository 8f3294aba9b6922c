import { defineCheck } from "@/lib/checks/define";
import { catalogue } from "./findings";
import { dnsblCheck } from "./index";

/** The Blocklists check's descriptor (lib/checks/define.ts). */
export const dnsbl = defineCheck({
  name: "dnsbl",
  label: "Blocklists",
  about: "Whether the IP or domain is listed on DNS blocklists (RFC 5782).",
  category: "reputation",
  appliesTo: { domain: "always", ip: true, message: true, bounce: "sending_ip_or_sender_domain" },
  connection: false,
  run: dnsblCheck,
  findings: catalogue,
  scoring: {
    cap: 35,
    points: { deliverability: { "dnsbl.listed": 20 }, strict: { "dnsbl.listed": 20 } },
  },
});

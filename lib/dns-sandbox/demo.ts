/**
 * The offline demo (`npm run demo`, `npm run screenshots`): fictitious domains under the reserved .test TLD
 * (RFC 6761 §6.2) served by the sandbox from demo/zones, with demo blocklists, and the environment that points
 * the app at them. One place, so the demo, the screenshots and the test that keeps the demo whole agree.
 */
import { fileURLToPath } from "node:url";

export const DEMO_ZONE_DIR = fileURLToPath(new URL("../../demo/zones/", import.meta.url));
/** A Gmail DMARC rejection of mail from bounce-demo.test, sent from a listed address with no PTR. */
export const DEMO_BOUNCE_FILE = fileURLToPath(new URL("../../demo/bounce.eml", import.meta.url));

export const DEMO_IP_BLOCKLISTS = ["bl.blocklist-demo.test"];
export const DEMO_DOMAIN_BLOCKLISTS = ["dbl.blocklist-demo.test"];

export interface DemoDomain {
  domain: string;
  role: "good" | "broken" | "bounce";
  /** One line for the console. */
  about: string;
}

export const DEMO_DOMAINS: readonly DemoDomain[] = [
  {
    domain: "good-demo.test",
    role: "good",
    about: "nearly everything right: SPF -all, DKIM, DMARC reject, TLS-RPT, DNSSEC",
  },
  {
    domain: "broken-demo.test",
    role: "broken",
    about:
      "SPF +all, an MX that is a CNAME and one that does not exist, no DMARC, a 512-bit DKIM key, blocklisted",
  },
  {
    domain: "bounce-demo.test",
    role: "bounce",
    about: "Gmail rejects its newsletter: paste demo/bounce.eml into the form",
  },
];

/** The app's environment for the demo: our sandbox as the only resolver, the demo blocklists, no rate limit. */
export function demoAppEnv(dnsServer: string): Record<string, string> {
  return {
    MXRAY_DNS: dnsServer,
    MXRAY_DNSBL_ZONES: DEMO_IP_BLOCKLISTS.join(","),
    MXRAY_DNSBL_DOMAIN_ZONES: DEMO_DOMAIN_BLOCKLISTS.join(","),
    MXRAY_RATE_LIMIT: "0",
  };
}

/**
 * Selectors tried when the user names none (or in addition to theirs). DKIM has no discovery
 * mechanism: these are the names that common providers and software put keys under.
 */
import { canonicalName } from "@/lib/dns/names";
export const COMMON_SELECTORS: readonly string[] = [
  // Google Workspace, Microsoft 365
  "google",
  "selector1",
  "selector2",
  // generic / control panels (cPanel, Plesk, DirectAdmin, OpenDKIM defaults)
  "default",
  "dkim",
  "dkim1",
  "mail",
  "mail1",
  "smtp",
  "email",
  "key1",
  "key2",
  "sig1",
  "s1",
  "s2",
  "s1024",
  "s2048",
  "k1",
  "k2",
  "k3",
  // SendGrid (s1/s2 above, smtpapi legacy), Mailchimp/Mandrill, Mailjet, Amazon SES, Postmark
  "smtpapi",
  "mandrill",
  "mailjet",
  "amazonses",
  "pm",
  "pm-bounces",
  "mte1",
  "mxvault",
  // Zoho, Proton, Fastmail, HubSpot, Mimecast
  "zoho",
  "zmail",
  "protonmail",
  "protonmail2",
  "protonmail3",
  "fm1",
  "fm2",
  "fm3",
  "hs1",
  "hs2",
  "mimecast20190104",
  // Everlytic, Constant Contact, Campaign Monitor, turboSMTP, Yahoo/others
  "everlytickey1",
  "everlytickey2",
  "ctct1",
  "ctct2",
  "cm",
  "turbo-smtp",
  "200608",
  "beta",
  "mailgun",
  "mg",
  "krs",
  "sparkpost",
  "scph",
];

const SELECTOR = /^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/;

/** User selectors first (kept in order, invalid names dropped), then the built-in list, without repeats. */
export function selectorsToTry(user: readonly string[] = []): { selector: string; fromUser: boolean }[] {
  const out: { selector: string; fromUser: boolean }[] = [];
  const seen = new Set<string>();
  for (const s of user) {
    const sel = canonicalName(s.trim());
    // RFC 6376 §3.1: a selector is one or more dot-separated sub-domain labels.
    if (!SELECTOR.test(sel)) continue;
    if (!seen.has(sel)) {
      seen.add(sel);
      out.push({ selector: sel, fromUser: true });
    }
  }
  for (const sel of COMMON_SELECTORS) {
    if (!seen.has(sel)) {
      seen.add(sel);
      out.push({ selector: sel, fromUser: false });
    }
  }
  return out;
}

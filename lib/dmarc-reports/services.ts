import { canonicalName } from "@/lib/dns/names";
import { getDomain } from "tldts";

/**
 * Well-known sending services by the organizational domain of their outbound hosts' PTR names. A source
 * whose PTR is not in this table is named by its organizational domain alone; one without a PTR is
 * "unknown" — we do not guess.
 */
export const KNOWN_SERVICES: Readonly<Record<string, string>> = {
  "google.com": "Google",
  "googlemail.com": "Google",
  "1e100.net": "Google",
  "outlook.com": "Microsoft",
  "hotmail.com": "Microsoft",
  "microsoft.com": "Microsoft",
  "office365.com": "Microsoft",
  "amazonses.com": "Amazon SES",
  "amazonaws.com": "Amazon Web Services",
  "sendgrid.net": "SendGrid",
  "mailgun.net": "Mailgun",
  "mailgun.org": "Mailgun",
  "mcsv.net": "Mailchimp",
  "mcdlv.net": "Mailchimp",
  "rsgsv.net": "Mailchimp",
  "mailchimp.com": "Mailchimp",
  "mandrillapp.com": "Mailchimp Transactional",
  "sparkpostmail.com": "SparkPost",
  "mtasv.net": "Postmark",
  "postmarkapp.com": "Postmark",
  "sendinblue.com": "Brevo",
  "brevo.com": "Brevo",
  "zoho.com": "Zoho",
  "zohomail.com": "Zoho",
  "yahoo.com": "Yahoo",
  "yahoodns.net": "Yahoo",
  "exacttarget.com": "Salesforce Marketing Cloud",
  "salesforce.com": "Salesforce",
  "hubspotemail.net": "HubSpot",
  "hubspot.com": "HubSpot",
  "mimecast.com": "Mimecast",
  "pphosted.com": "Proofpoint",
  "messagelabs.com": "Broadcom Email Security",
  "icloud.com": "Apple iCloud",
  "apple.com": "Apple iCloud",
  "messagingengine.com": "Fastmail",
  "protonmail.ch": "Proton",
  "zendesk.com": "Zendesk",
  "freshdesk.com": "Freshdesk",
  "smtp2go.com": "SMTP2GO",
  "mailjet.com": "Mailjet",
  "ovh.net": "OVHcloud",
};

export interface SourceName {
  ptr: string | null;
  /** The PTR name's organizational domain (public-suffix list), null without a PTR. */
  orgDomain: string | null;
  /** A well-known service, else the organizational domain, else "unknown". */
  service: string;
  /** True when the service came from the table of well-known services. */
  known: boolean;
}

/**
 * Names a source by its PTR name. `confirmed` is forward-confirmed reverse DNS (RFC 8601 §3): anyone
 * controlling an address's reverse zone can claim "mail.google.com", so an unconfirmed name is shown but
 * names no service.
 */
export function nameSource(ptr: string | null, confirmed = true): SourceName {
  const host = (ptr && canonicalName(ptr)) || null;
  const orgDomain = host ? getDomain(host) : null;
  if (!host || !orgDomain || !confirmed) return { ptr: host, orgDomain, service: "unknown", known: false };
  const known = KNOWN_SERVICES[orgDomain];
  return { ptr: host, orgDomain, service: known ?? orgDomain, known: known !== undefined };
}

/**
 * Mail providers a domain evidently uses, read from its other records, and the SPF include each one
 * documents for its senders. Used to draft an SPF record that keeps the domain's own mail working.
 */

export interface SpfProvider {
  name: string;
  /** The mechanism the provider documents for its customers' SPF records. */
  include: string;
}

const GOOGLE: SpfProvider = { name: "Google Workspace", include: "include:_spf.google.com" };
const MICROSOFT: SpfProvider = { name: "Microsoft 365", include: "include:spf.protection.outlook.com" };
const ZOHO: SpfProvider = { name: "Zoho Mail", include: "include:zoho.com" };
const ZOHO_EU: SpfProvider = { name: "Zoho Mail (EU)", include: "include:zoho.eu" };
const FASTMAIL: SpfProvider = { name: "Fastmail", include: "include:spf.messagingengine.com" };
const PROTON: SpfProvider = { name: "Proton Mail", include: "include:_spf.protonmail.ch" };
const YANDEX: SpfProvider = { name: "Yandex 360", include: "include:_spf.yandex.net" };
const MIMECAST: SpfProvider = { name: "Mimecast", include: "include:_netblocks.mimecast.com" };
const OVH: SpfProvider = { name: "OVHcloud", include: "include:mx.ovh.com" };
const GODADDY: SpfProvider = { name: "GoDaddy", include: "include:secureserver.net" };
const SENDGRID: SpfProvider = { name: "SendGrid", include: "include:sendgrid.net" };
const MAILCHIMP: SpfProvider = { name: "Mailchimp", include: "include:servers.mcsv.net" };
const MANDRILL: SpfProvider = { name: "Mandrill", include: "include:spf.mandrillapp.com" };
const MAILGUN: SpfProvider = { name: "Mailgun", include: "include:mailgun.org" };
const SES: SpfProvider = { name: "Amazon SES", include: "include:amazonses.com" };
const MAILJET: SpfProvider = { name: "Mailjet", include: "include:spf.mailjet.com" };
const POSTMARK: SpfProvider = { name: "Postmark", include: "include:spf.mtasv.net" };

/** MX host suffixes → the provider that receives, and (for these) also sends, the domain's mail. */
const MX_SUFFIXES: [string, SpfProvider][] = [
  ["google.com", GOOGLE],
  ["googlemail.com", GOOGLE],
  ["mail.protection.outlook.com", MICROSOFT],
  ["zoho.com", ZOHO],
  ["zoho.eu", ZOHO_EU],
  ["messagingengine.com", FASTMAIL],
  ["protonmail.ch", PROTON],
  ["yandex.net", YANDEX],
  ["yandex.ru", YANDEX],
  ["mimecast.com", MIMECAST],
  ["ovh.net", OVH],
  ["secureserver.net", GODADDY],
];

/**
 * Where a DKIM key points (its CNAME target) names the service that signs with it; a key found under a
 * provider's own selector name is weaker evidence and is used only for names no one else uses.
 */
const DKIM_TARGET_SUFFIXES: [string, SpfProvider][] = [
  ["onmicrosoft.com", MICROSOFT],
  ["sendgrid.net", SENDGRID],
  ["mcsv.net", MAILCHIMP],
  ["mandrillapp.com", MANDRILL],
  ["mailgun.org", MAILGUN],
  ["amazonses.com", SES],
  ["mailjet.com", MAILJET],
  ["mtasv.net", POSTMARK],
  ["zoho.com", ZOHO],
  ["protonmail.ch", PROTON],
  ["messagingengine.com", FASTMAIL],
];
const DKIM_SELECTORS: Record<string, SpfProvider> = {
  google: GOOGLE,
  mandrill: MANDRILL,
  mailjet: MAILJET,
  amazonses: SES,
  protonmail: PROTON,
  protonmail2: PROTON,
  protonmail3: PROTON,
};

const endsWith = (host: string, suffix: string) => host === suffix || host.endsWith(`.${suffix}`);

export interface ProviderEvidence {
  /** The domain's MX exchanges (lower-case, no trailing dot; "" for a null MX). */
  mxHosts: string[];
  /** DKIM keys found: their selector and the CNAME chain followed from it. */
  dkim: { selector: string; cnames: string[] }[];
}

/** The providers the evidence reveals, each once, with why. */
export function revealedProviders(ev: ProviderEvidence): (SpfProvider & { because: string })[] {
  const out = new Map<string, SpfProvider & { because: string }>();
  const add = (p: SpfProvider, because: string) => {
    if (!out.has(p.include)) out.set(p.include, { ...p, because });
  };
  for (const host of ev.mxHosts) {
    const hit = MX_SUFFIXES.find(([s]) => endsWith(host, s));
    if (hit) add(hit[1], `MX ${host}`);
  }
  for (const key of ev.dkim) {
    const target = key.cnames.at(-1);
    const byTarget = target ? DKIM_TARGET_SUFFIXES.find(([s]) => endsWith(target, s)) : undefined;
    if (byTarget) add(byTarget[1], `DKIM key ${key.selector} → ${target}`);
    else if (DKIM_SELECTORS[key.selector])
      add(DKIM_SELECTORS[key.selector]!, `DKIM selector ${key.selector}`);
  }
  return [...out.values()];
}

/**
 * A draft SPF record that keeps the mail the domain evidently sends: `mx` when it receives mail on hosts
 * that are not a known provider's (its own servers usually send too), the providers' includes, then
 * `~all` (or `-all` in the strict profile). RFC 7208 §4.6.4 allows 10 lookups: the draft stays far below.
 */
export function draftSpfRecord(
  ev: ProviderEvidence,
  all: "~all" | "-all",
): { record: string; because: string[] } {
  const providers = revealedProviders(ev);
  const own = ev.mxHosts.filter((h) => h !== "" && !MX_SUFFIXES.some(([s]) => endsWith(h, s)));
  // With nothing revealed, "mx" is the usual starting point: a record of "all" alone authorizes nobody.
  const useMx = own.length > 0 || providers.length === 0;
  const terms = ["v=spf1", ...(useMx ? ["mx"] : []), ...providers.map((p) => p.include), all];
  const because = [
    ...(own.length > 0 ? [`mx: the domain's own mail servers (${own.join(", ")})`] : []),
    ...providers.map((p) => `${p.include}: ${p.name} (${p.because})`),
  ];
  return { record: terms.join(" "), because };
}

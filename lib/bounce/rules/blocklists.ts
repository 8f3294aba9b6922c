import type { Blocklist } from "@/lib/bounce/rules/types";
import { literalPrefilter } from "@/lib/bounce/rules/prefilter";

/**
 * DNS blocklists and provider block lists named in rejections, with the page where a listed IP can be
 * looked up or delisted. Patterns are plain alternations of literals (linear-time).
 */
export const BLOCKLISTS: { re: RegExp; name: string; lookupUrl: string | null }[] = [
  { re: /zen\.spamhaus|spamhaus zen/i, name: "Spamhaus ZEN", lookupUrl: "https://check.spamhaus.org/" },
  {
    re: /sbl\.spamhaus|spamhaus sbl|\bsbl\d{3,7}\b/i,
    name: "Spamhaus SBL",
    lookupUrl: "https://check.spamhaus.org/",
  },
  {
    re: /xbl\.spamhaus|spamhaus xbl|\bcss\.spamhaus/i,
    name: "Spamhaus XBL/CSS",
    lookupUrl: "https://check.spamhaus.org/",
  },
  { re: /pbl\.spamhaus|spamhaus pbl/i, name: "Spamhaus PBL", lookupUrl: "https://check.spamhaus.org/" },
  { re: /dbl\.spamhaus|spamhaus dbl/i, name: "Spamhaus DBL", lookupUrl: "https://check.spamhaus.org/" },
  { re: /spamhaus/i, name: "Spamhaus", lookupUrl: "https://check.spamhaus.org/" },
  { re: /spamcop/i, name: "SpamCop", lookupUrl: "https://www.spamcop.net/bl.shtml" },
  {
    re: /barracudacentral|b\.barracuda|barracuda reputation|barracudanetworks\.com\/reputation/i,
    name: "Barracuda Reputation Block List",
    lookupUrl: "https://www.barracudacentral.org/lookups",
  },
  { re: /\bsorbs\b|sorbs\.net/i, name: "SORBS", lookupUrl: null },
  { re: /uceprotect/i, name: "UCEPROTECT", lookupUrl: "https://www.uceprotect.net/en/rblcheck.php" },
  {
    re: /abuseat|cbl\.abuseat|\bcbl\b/i,
    name: "CBL (Spamhaus XBL)",
    lookupUrl: "https://check.spamhaus.org/",
  },
  { re: /psbl\.surriel|\bpsbl\b/i, name: "PSBL", lookupUrl: "https://psbl.org/" },
  { re: /mailspike/i, name: "Mailspike", lookupUrl: "https://mailspike.org/iplookup.html" },
  { re: /invaluement/i, name: "Invaluement", lookupUrl: "https://www.invaluement.com/lookup/" },
  {
    re: /ix\.dnsbl\.manitu|dnsbl\.manitu|nixspam/i,
    name: "NiX Spam (manitu)",
    lookupUrl: "https://www.nixspam.net/",
  },
  { re: /backscatterer/i, name: "Backscatterer", lookupUrl: "https://www.backscatterer.org/?target=test" },
  { re: /spamrats/i, name: "SpamRATS", lookupUrl: "https://www.spamrats.com/lookup.php" },
  { re: /abusix/i, name: "Abusix Mail Intelligence", lookupUrl: "https://lookup.abusix.com/" },
  { re: /truncate\.gbudb|gbudb/i, name: "GBUdb Truncate", lookupUrl: "https://www.gbudb.com/truncate/" },
  { re: /0spam/i, name: "0spam", lookupUrl: null },
  {
    re: /cloudmark|\bcsi\b|csi\.cloudmark/i,
    name: "Cloudmark Sender Intelligence",
    lookupUrl: "https://csi.cloudmark.com/en/reset/",
  },
  {
    re: /ipcheck\.proofpoint|proofpoint dynamic reputation/i,
    name: "Proofpoint IP reputation",
    lookupUrl: "https://ipcheck.proofpoint.com/",
  },
  {
    re: /talosintelligence|senderbase/i,
    name: "Cisco Talos reputation",
    lookupUrl: "https://talosintelligence.com/reputation_center",
  },
  {
    re: /\bS3150\b|\bS3140\b|part of their network is on our block list|sender\.office\.com|banned sending ip/i,
    name: "Microsoft block list",
    lookupUrl: "https://sender.office.com/",
  },
  {
    re: /\bBL2[0-9]\b|\bTSS09\b/i,
    name: "Yahoo block list",
    lookupUrl: "https://senders.yahooinc.com/contact",
  },
  {
    re: /comcast block|postmaster\.comcast/i,
    name: "Comcast block list",
    lookupUrl: "https://postmaster.comcast.net/",
  },
  {
    re: /abuse_rbl@abuse-att|DNSBL:ATTRBL|DNSBL:RBL/i,
    name: "AT&T block list",
    lookupUrl: "https://www.att.com/esupport/mail-ip-unblock",
  },
  {
    re: /postmaster\.gmx|web\.de.{0,40}block/i,
    name: "GMX / Web.de block list",
    lookupUrl: "https://postmaster.gmx.net/",
  },
  {
    re: /mimecast.{0,60}reputation|reputation.{0,60}mimecast/i,
    name: "Mimecast IP reputation",
    lookupUrl: null,
  },
];

const PREFILTERS = BLOCKLISTS.map((b) => literalPrefilter(b.re));

/**
 * The first blocklist the text names, or null: what a rule's `blocklist: "named"` stands for (the classifier
 * finds the same one through its literal scan of the text).
 */
export function blocklistFromText(text: string): Blocklist | null {
  const lower = text.length > 16384 ? text.slice(0, 16384).toLowerCase() : text.toLowerCase();
  for (let i = 0; i < BLOCKLISTS.length; i++) {
    const b = BLOCKLISTS[i]!;
    const pre = PREFILTERS[i];
    if (pre && !pre.some((l) => lower.includes(l))) continue;
    if (b.re.test(text)) return { name: b.name, lookupUrl: b.lookupUrl };
  }
  return null;
}

/**
 * DNS blocklists as data (RFC 5782). Each zone says what it lists (IP addresses or domain names), whether
 * it answers IPv6 nibble queries (RFC 5782 §2.4), what its answers mean, and where a listed party looks
 * itself up and asks for removal. Meanings come from each operator's published usage documentation.
 */
import { canonicalName } from "@/lib/dns/names";

export type ZoneKind = "ip" | "domain";

export interface DnsblZone {
  /** The public zone name, shown in reports (never the DQS-keyed name). */
  zone: string;
  name: string;
  kind: ZoneKind;
  /** Answers IPv6 nibble queries (RFC 5782 §2.4). */
  ipv6: boolean;
  /** Exact answer address → meaning. */
  codes?: Record<string, string>;
  /** For bitmask zones (URIBL, SURBL): bit value of the last octet → meaning. */
  bits?: Record<number, string>;
  /** Meaning of any 127.0.0.0/8 answer not covered above. */
  defaultMeaning?: string;
  /** Answers this zone uses to say "your query was refused", besides the common ones (see REFUSED_CODES). */
  refused?: Record<string, string>;
  /** RFC 5782 §5 test entries; default 127.0.0.2 / 127.0.0.1 (IP zones) or "test" / "invalid" (domain zones). */
  selfTest?: { listed: string; notListed: string };
  /** Page where the listing can be looked up; {query} is replaced by the IP or domain. */
  lookupUrl?: string;
  /** Page where removal is requested. */
  delistUrl?: string;
  /** Spamhaus Data Query Service (DQS) name of this zone: queried as <key>.<dqs>.dq.spamhaus.net. */
  dqs?: "zen" | "dbl";
}

/**
 * Answers that mean "we refused to answer you", never "listed". Spamhaus: 127.255.255.252 typo in the
 * zone name, .254 query through a public/open resolver, .255 excessive queries; 127.255.255.250 is DQS
 * for an invalid key; 127.0.1.255 is DBL's "IP queries prohibited".
 */
export const REFUSED_CODES: Record<string, string> = {
  "127.255.255.250": "query refused: invalid or expired access key",
  "127.255.255.252": "query refused: typing error in the DNSBL name",
  "127.255.255.254": "query refused: queries through public or open resolvers are blocked",
  "127.255.255.255": "query refused: excessive number of queries",
  "127.0.1.255": "query refused: IP queries are not accepted by this zone",
};

const SPAMHAUS_LOOKUP = "https://check.spamhaus.org/results/?query={query}";

export const DEFAULT_IP_ZONES: DnsblZone[] = [
  {
    zone: "zen.spamhaus.org",
    name: "Spamhaus ZEN",
    kind: "ip",
    ipv6: true,
    dqs: "zen",
    codes: {
      "127.0.0.2": "SBL: Spamhaus Block List (direct spam sources, spam operations)",
      "127.0.0.3": "SBL CSS: Spamhaus Combined Spam Sources (low-reputation senders, snowshoe)",
      "127.0.0.4": "XBL: Exploits Block List (compromised hosts, bots, open proxies)",
      "127.0.0.5": "XBL: Exploits Block List",
      "127.0.0.6": "XBL: Exploits Block List",
      "127.0.0.7": "XBL: Exploits Block List",
      "127.0.0.9": "DROP: Don't Route Or Peer (hijacked or criminal netblocks)",
      "127.0.0.10": "PBL: end-user address range that should not send mail directly (ISP-maintained)",
      "127.0.0.11": "PBL: end-user address range that should not send mail directly (Spamhaus-maintained)",
    },
    lookupUrl: SPAMHAUS_LOOKUP,
    delistUrl: "https://check.spamhaus.org/",
  },
  {
    zone: "bl.spamcop.net",
    name: "SpamCop",
    kind: "ip",
    ipv6: false,
    codes: { "127.0.0.2": "reported as a spam source by SpamCop users" },
    lookupUrl: "https://www.spamcop.net/bl.shtml?{query}",
    delistUrl: "https://www.spamcop.net/bl.shtml?{query}",
  },
  {
    zone: "b.barracudacentral.org",
    name: "Barracuda Reputation Block List",
    kind: "ip",
    ipv6: false,
    codes: { "127.0.0.2": "poor sending reputation (Barracuda BRBL)" },
    lookupUrl: "https://www.barracudacentral.org/lookups/lookup-reputation",
    delistUrl: "https://www.barracudacentral.org/rbl/removal-request",
  },
  {
    zone: "psbl.surriel.com",
    name: "Passive Spam Block List",
    kind: "ip",
    ipv6: false,
    codes: { "127.0.0.2": "sent mail to PSBL spam traps" },
    lookupUrl: "https://psbl.org/listing?ip={query}",
    delistUrl: "https://psbl.org/listing?ip={query}",
  },
  {
    zone: "dnsbl.dronebl.org",
    name: "DroneBL",
    kind: "ip",
    ipv6: true,
    codes: {
      "127.0.0.2": "sample (testing)",
      "127.0.0.3": "IRC drone",
      "127.0.0.5": "bottler",
      "127.0.0.6": "unknown spambot or drone",
      "127.0.0.7": "DDoS drone",
      "127.0.0.8": "SOCKS proxy",
      "127.0.0.9": "HTTP proxy",
      "127.0.0.10": "proxy chain",
      "127.0.0.11": "web page proxy",
      "127.0.0.12": "open DNS resolver",
      "127.0.0.13": "brute force attacker",
      "127.0.0.14": "open WinGate proxy",
      "127.0.0.15": "compromised router or gateway",
      "127.0.0.16": "autorooting worm",
      "127.0.0.17": "automatically determined botnet IP",
      "127.0.0.18": "DNS/MX type host name detected on IRC",
      "127.0.0.19": "abused VPN service",
      "127.0.0.255": "uncategorized threat",
    },
    lookupUrl: "https://dronebl.org/lookup?ip={query}",
    delistUrl: "https://dronebl.org/lookup?ip={query}",
  },
  {
    zone: "bl.mailspike.net",
    name: "Mailspike",
    kind: "ip",
    ipv6: false,
    codes: {
      "127.0.0.2": "listed by Mailspike (spam source)",
      "127.0.0.10": "worst possible reputation (L5)",
      "127.0.0.11": "very bad reputation (L4)",
      "127.0.0.12": "bad reputation (L3)",
      "127.0.0.13": "suspicious behaviour (L2)",
      "127.0.0.14": "neutral, probably spam (L1)",
    },
    lookupUrl: "https://mailspike.io/ip_verify",
    delistUrl: "https://mailspike.io/ip_verify",
  },
  {
    zone: "dnsbl-1.uceprotect.net",
    name: "UCEPROTECT Level 1",
    kind: "ip",
    ipv6: false,
    codes: { "127.0.0.2": "the address itself sent to UCEPROTECT spam traps (level 1)" },
    lookupUrl: "https://www.uceprotect.net/en/rblcheck.php?ipr={query}",
    delistUrl: "https://www.uceprotect.net/en/index.php?m=7&s=0",
  },
  {
    zone: "ix.dnsbl.manitu.net",
    name: "NiX Spam (manitu)",
    kind: "ip",
    ipv6: false,
    codes: { "127.0.0.2": "sent spam to NiX Spam traps" },
    lookupUrl: "https://www.dnsbl.manitu.net/lookup.php?value={query}",
    delistUrl: "https://www.dnsbl.manitu.net/lookup.php?value={query}",
  },
  {
    zone: "spam.spamrats.com",
    name: "SpamRATS SPAM",
    kind: "ip",
    ipv6: false,
    codes: { "127.0.0.38": "SpamRATS SPAM: sent spam or abused authentication" },
    lookupUrl: "https://www.spamrats.com/lookup.php?ip={query}",
    delistUrl: "https://www.spamrats.com/removal.php?ip={query}",
  },
  {
    zone: "truncate.gbudb.net",
    name: "GBUdb Truncate",
    kind: "ip",
    ipv6: false,
    codes: { "127.0.0.2": "GBUdb: almost exclusively spam or malware from this address" },
    lookupUrl: "https://www.gbudb.com/truncate/",
    delistUrl: "https://www.gbudb.com/truncate/",
  },
  // dnsbl.sorbs.net is left out: SORBS was shut down in 2024; configure it by hand if a mirror lives on.
];

export const DEFAULT_DOMAIN_ZONES: DnsblZone[] = [
  {
    zone: "dbl.spamhaus.org",
    name: "Spamhaus DBL",
    kind: "domain",
    ipv6: false,
    dqs: "dbl",
    codes: {
      "127.0.1.2": "spam domain",
      "127.0.1.4": "phishing domain",
      "127.0.1.5": "malware domain",
      "127.0.1.6": "botnet command-and-control domain",
      "127.0.1.102": "abused legitimate domain: spam",
      "127.0.1.103": "abused legitimate domain: spammed redirector or URL shortener",
      "127.0.1.104": "abused legitimate domain: phishing",
      "127.0.1.105": "abused legitimate domain: malware",
      "127.0.1.106": "abused legitimate domain: botnet command and control",
    },
    // Spamhaus documents dbltest.com as the DBL's always-listed test entry.
    selfTest: { listed: "dbltest.com", notListed: "invalid" },
    lookupUrl: SPAMHAUS_LOOKUP,
    delistUrl: "https://check.spamhaus.org/",
  },
  {
    zone: "multi.uribl.com",
    name: "URIBL",
    kind: "domain",
    ipv6: false,
    bits: {
      2: "black: actively used in spam",
      4: "grey: bulk or grey-hat sender",
      8: "red: seen in new spam",
    },
    // URIBL answers 127.0.0.1 to resolvers it blocks (public resolvers, too many queries).
    refused: {
      "127.0.0.1": "query refused: this resolver is blocked by URIBL (public resolver or over quota)",
    },
    selfTest: { listed: "test.uribl.com", notListed: "invalid" },
    lookupUrl: "https://admin.uribl.com/?section=lookup&domain={query}",
    delistUrl: "https://admin.uribl.com/?section=lookup&domain={query}",
  },
  {
    zone: "multi.surbl.org",
    name: "SURBL",
    kind: "domain",
    ipv6: false,
    bits: {
      8: "PH: phishing",
      16: "MW: malware",
      64: "ABUSE: spam and abuse",
      128: "CR: cracked (compromised) site",
    },
    refused: {
      "127.0.0.1": "query refused: this resolver is blocked by SURBL (public resolver or over quota)",
    },
    selfTest: { listed: "test.surbl.org", notListed: "invalid" },
    lookupUrl: "https://www.surbl.org/surbl-analysis",
    delistUrl: "https://www.surbl.org/surbl-analysis",
  },
];

/** Finds a known zone by name (ip zones first), for env lists and test options given as plain names. */
export function knownZone(name: string): DnsblZone | undefined {
  const n = canonicalName(name.trim());
  return [...DEFAULT_IP_ZONES, ...DEFAULT_DOMAIN_ZONES].find((z) => z.zone === n);
}

/** A zone given by name: the built-in data if we know it, otherwise a plain RFC 5782 list. */
export function zoneFromName(name: string, kind: ZoneKind): DnsblZone {
  const known = knownZone(name);
  if (known && known.kind === kind) return known;
  const zone = canonicalName(name.trim());
  // A "+v6" suffix marks a custom IP zone that answers IPv6 nibble queries.
  const ipv6 = zone.endsWith("+v6");
  return {
    zone: ipv6 ? zone.slice(0, -3) : zone,
    name: ipv6 ? zone.slice(0, -3) : zone,
    kind,
    ipv6,
    defaultMeaning: "listed",
  };
}

/** Parses MXRAY_DNSBL_ZONES-style lists ("a.example,b.example+v6"); undefined when unset or empty. */
export function zonesFromEnv(value: string | undefined, kind: ZoneKind): DnsblZone[] | undefined {
  if (!value || !value.trim()) return undefined;
  return value
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((n) => zoneFromName(n, kind));
}

/**
 * A realistic Postfix mail log for tests and benchmarks: smtp(8) delivery lines with a mix of sent,
 * bounced and deferred recipients, replies in the words of several providers, many recipients, recipient
 * domains and remote hosts. Deterministic for a given seed. Addresses use documentation ranges
 * (RFC 5737) and example domains (RFC 2606).
 */

/** mulberry32: a small, fast, seedable PRNG (deterministic output for tests). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Provider {
  domains: string[];
  mx: string;
  weight: number;
}

const PROVIDERS: Provider[] = [
  { domains: ["gmail.com", "googlemail.com"], mx: "gmail-smtp-in.l.google.com", weight: 35 },
  {
    domains: ["outlook.com", "hotmail.com", "live.com"],
    mx: "outlook-com.olc.protection.outlook.com",
    weight: 20,
  },
  { domains: ["yahoo.com", "aol.com"], mx: "mta7.am0.yahoodns.net", weight: 12 },
  { domains: ["icloud.com", "me.com"], mx: "mx01.mail.icloud.com", weight: 6 },
  { domains: [], mx: "", weight: 27 }, // long tail of company domains
];

/** [weight, dsn, status, words] — {ip} is the sending IP, {rcpt} the recipient, {id} a queue-like id. */
type Reply = [number, string, "bounced" | "deferred", string];

const REPLIES: Record<string, Reply[]> = {
  gmail: [
    [
      30,
      "5.1.1",
      "bounced",
      "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser {id} - gsmtp (in reply to RCPT TO command)",
    ],
    [
      10,
      "5.7.26",
      "bounced",
      "550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26 https://support.google.com/mail/answer/81126#authentication {id} - gsmtp (in reply to end of DATA command)",
    ],
    [
      8,
      "4.7.28",
      "deferred",
      "421-4.7.28 [{ip}      15] Gmail has detected an unusual rate of unsolicited mail 421-4.7.28 originating from your IP address. To protect our users from spam, 421 4.7.28 mail sent from your IP address has been temporarily rate limited. {id} - gsmtp (in reply to end of DATA command)",
    ],
    [
      6,
      "5.2.2",
      "bounced",
      "552-5.2.2 The recipient's inbox is out of storage space. Please direct 552 5.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaPerm {id} - gsmtp (in reply to RCPT TO command)",
    ],
    [
      4,
      "5.7.1",
      "bounced",
      "550-5.7.1 [{ip}] Our system has detected that this message is likely unsolicited mail. 550 5.7.1 To reduce the amount of spam sent to Gmail, this message has been blocked. {id} - gsmtp (in reply to end of DATA command)",
    ],
  ],
  outlook: [
    [
      20,
      "5.5.0",
      "bounced",
      "550 5.5.0 Requested action not taken: mailbox unavailable (S2017) [{id}.eurprd01.prod.outlook.com] (in reply to RCPT TO command)",
    ],
    [
      8,
      "5.7.1",
      "bounced",
      "550 5.7.1 Unfortunately, messages from [{ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). [{id}.namprd02.prod.outlook.com] (in reply to MAIL FROM command)",
    ],
    [
      5,
      "4.7.650",
      "deferred",
      "451 4.7.650 The mail server [{ip}] has been temporarily rate limited due to IP reputation. (S775) (in reply to MAIL FROM command)",
    ],
  ],
  yahoo: [
    [
      15,
      "5.0.0",
      "bounced",
      "554 delivery error: dd Sorry, your message to {rcpt} cannot be delivered. This mailbox is disabled (554.30). (in reply to end of DATA command)",
    ],
    [
      8,
      "4.7.0",
      "deferred",
      "421 4.7.0 [TSS04] Messages from {ip} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)",
    ],
    [
      4,
      "5.7.9",
      "bounced",
      "554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes (in reply to end of DATA command)",
    ],
  ],
  icloud: [
    [10, "5.1.1", "bounced", "550 5.1.1 <{rcpt}>: user does not exist (in reply to RCPT TO command)"],
    [
      4,
      "5.7.1",
      "bounced",
      "554 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137 (in reply to end of DATA command)",
    ],
  ],
  other: [
    [
      20,
      "5.1.1",
      "bounced",
      "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)",
    ],
    [8, "5.2.2", "bounced", "552 5.2.2 <{rcpt}>: Mailbox full (in reply to RCPT TO command)"],
    [
      8,
      "5.7.1",
      "bounced",
      "554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/{ip} (in reply to RCPT TO command)",
    ],
    [6, "4.4.1", "deferred", "connect to mx.{domain}[{mxip}]:25: Connection timed out"],
    [
      5,
      "4.2.0",
      "deferred",
      "451 4.2.0 <{rcpt}>: Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/help/{domain}.html (in reply to RCPT TO command)",
    ],
    [
      4,
      "5.4.4",
      "bounced",
      "Host or domain name not found. Name service error for name={domain} type=MX: Host not found",
    ],
    [
      3,
      "5.7.23",
      "bounced",
      "550 5.7.23 <{rcpt}>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id={id};ip={ip};r={domain} (in reply to RCPT TO command)",
    ],
  ],
};

const KEYS = ["gmail", "outlook", "yahoo", "icloud", "other"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SENDING_IPS = ["203.0.113.10", "203.0.113.11", "198.51.100.20", "198.51.100.21"];
const WORDS = [
  "anna",
  "ben",
  "chen",
  "dora",
  "eli",
  "fatima",
  "gus",
  "hana",
  "ivan",
  "jo",
  "kai",
  "lena",
  "mo",
  "nia",
  "omar",
  "pia",
];

/** Weighted choice through a precomputed cumulative table (binary search is overkill for < 10 items). */
function chooser<T>(items: readonly T[], weights: readonly number[]): (r: () => number) => T {
  const cum: number[] = [];
  let sum = 0;
  for (const w of weights) cum.push((sum += w));
  return (r) => {
    const x = r() * sum;
    for (let i = 0; i < cum.length; i++) if (x < cum[i]!) return items[i]!;
    return items[items.length - 1]!;
  };
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));
/** n upper-case hex digits (queue ids); table lookups, as Number#toString(16) dominates otherwise. */
const hex = (r: () => number, n: number) => {
  let s = "";
  while (s.length < n) {
    const v = (r() * 4294967296) >>> 0;
    s += HEX2[v & 255]! + HEX2[(v >>> 8) & 255]! + HEX2[(v >>> 16) & 255]! + HEX2[v >>> 24]!;
  }
  return s.length > n ? s.slice(0, n) : s;
};

/**
 * Yields `lines` Postfix log lines (as text chunks of whole lines, each ending in "\n"). About 92 % are
 * status=sent, the rest bounced (about two thirds) or deferred.
 */
export async function* generatePostfixLog(lines: number, seed = 1): AsyncIterable<string> {
  const r = rng(seed);
  const companyDomains = Array.from({ length: 3000 }, (_, i) => `corp${i}.example.com`);
  const pickProvider = chooser(
    PROVIDERS.map((_, i) => i),
    PROVIDERS.map((p) => p.weight),
  );
  const pickReply = KEYS.map((k) =>
    chooser(
      REPLIES[k]!,
      REPLIES[k]!.map((x) => x[0]),
    ),
  );
  let chunk: string[] = [];
  let t = Date.UTC(2026, 2, 1, 0, 0, 0);
  let stampSec = -1;
  let stamp = "";
  for (let n = 0; n < lines; n++) {
    t += Math.floor(r() * 400);
    const sec = Math.floor(t / 1000);
    if (sec !== stampSec) {
      // Formatting a date is the slowest step of a line: redo it only when the second changes.
      const d = new Date(sec * 1000);
      stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${d.toISOString().slice(11, 19)}`;
      stampSec = sec;
    }
    const pi = pickProvider(r);
    const prov = PROVIDERS[pi]!;
    const domain = prov.domains.length
      ? prov.domains[Math.floor(r() * prov.domains.length)]!
      : companyDomains[Math.floor(r() * companyDomains.length)]!;
    const mx = prov.mx || `mx${1 + Math.floor(r() * 2)}.${domain}`;
    const mxip = `192.0.2.${1 + Math.floor(r() * 254)}`;
    const rcpt = `${WORDS[Math.floor(r() * WORDS.length)]}.${Math.floor(r() * 100000)}@${domain}`;
    const ip = SENDING_IPS[Math.floor(r() * SENDING_IPS.length)]!;
    const qid = hex(r, 10);
    const pid = 1000 + Math.floor(r() * 60000);
    const roll = r();
    let status: string;
    let dsn: string;
    let detail: string;
    let relay = `${mx}[${mxip}]:25`;
    if (roll < 0.92) {
      status = "sent";
      dsn = "2.0.0";
      detail = `250 2.0.0 OK ${hex(r, 8).toLowerCase()} - queued as ${hex(r, 12)}`;
    } else {
      const rep = pickReply[pi]!(r);
      status = rep[2];
      dsn = rep[1];
      const words = rep[3]
        .replaceAll("{ip}", ip)
        .replaceAll("{rcpt}", rcpt)
        .replaceAll("{domain}", domain)
        .replaceAll("{mxip}", mxip)
        .replaceAll("{id}", hex(r, 12).toLowerCase());
      if (/^connect to|^Host or domain/.test(words)) {
        detail = words;
        if (words.startsWith("Host")) relay = "none";
      } else detail = `host ${mx}[${mxip}] said: ${words}`;
    }
    const tenths = Math.floor(r() * 50);
    const delay = `${Math.floor(tenths / 10)}.${tenths % 10}`;
    chunk.push(
      `${stamp} mail postfix/smtp[${pid}]: ${qid}: to=<${rcpt}>, relay=${relay}, delay=${delay}, delays=0.1/0/0.3/${delay}, dsn=${dsn}, status=${status} (${detail})`,
    );
    if (chunk.length === 1000) {
      yield chunk.join("\n") + "\n";
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join("\n") + "\n";
}

/**
 * Provider detection: who produced a bounce (the receiving mailbox provider, a security gateway, an ESP
 * relaying for the sender, or the MTA software when nothing more specific shows), from the reply text,
 * the remote MTA host name and envelope hints (NDR From/Subject, X-Mailer, Reporting-MTA).
 *
 * Stable, lower-case ids: consumers (rules, summaries, grouped reports) key on them.
 */
import { literalPrefilter, plainText, topAlternatives } from "@/lib/bounce/rules/prefilter";
import { LiteralHits, LiteralTable } from "@/lib/bounce/rules/literal-scan";
import { canonicalName } from "@/lib/dns/names";

export interface ProviderInfo {
  id: string;
  name: string;
  /** Host name suffixes of the provider's MX / outbound hosts (matched against remoteMta). */
  hosts: string[];
  /** Words in the reply text or hints that only this provider writes. */
  text?: RegExp;
  /** MTA software rather than a service: named by the bounce's own headers (hints) before the quoted reply. */
  mta?: true;
}

/**
 * Order matters where signatures overlap: gateways and ESPs that quote a downstream reply mention their
 * own name, so the downstream mailbox provider's distinctive phrases are checked first, then gateways, then
 * ESPs, then MTA software.
 */
export const PROVIDERS: ProviderInfo[] = [
  {
    id: "gmail",
    name: "Gmail",
    hosts: ["google.com", "gmail.com", "googlemail.com", "gmail-smtp-in.l.google.com"],
    text: /gsmtp|support\.google\.com|googlemail|gmail|google workspace/i,
  },
  {
    id: "microsoft",
    name: "Microsoft 365 / Outlook.com",
    hosts: ["outlook.com", "protection.outlook.com", "hotmail.com", "live.com", "msn.com", "office365.com"],
    text: /protection\.outlook\.com|outlook\.com|hotmail|office ?365|exchange online|microsoft|RESOLVER\.[A-Z]{2,4}\.|ROUTING\.[A-Z]|\[S3150\]|\bAS\(\d{3,5}\)|sender\.outlook|\bnamprd\d|\beurprd\d|\bapcprd\d|prod\.outlook|mail\.protection|SMTPSEND\.|STOREDRV\.|QUEUE\.Expired|non-accepted domain|postmaster\.live\.com|mail\.live\.com|RecipientPerHourLimit|RecipientThreshold|LastAttemptedServerName|Remote server returned|exchange server|aka\.ms\/|go\.microsoft\.com|x-ms-exchange/i,
  },
  {
    id: "yahoo",
    name: "Yahoo / AOL",
    hosts: ["yahoodns.net", "yahoo.com", "aol.com", "yahoo.net", "aol.net", "verizon.net"],
    text: /yahoo|\baol\b|aol\.com|\bTSS\d{2}\b|\bPH0[0-9]\b|senders\.yahooinc|postmaster\.yahooinc/i,
  },
  {
    id: "icloud",
    name: "iCloud Mail",
    hosts: ["icloud.com", "mail.icloud.com", "me.com", "mac.com", "apple.com"],
    text: /icloud|\bme\.com|\bmac\.com|support\.apple\.com|\bCS\d{2}\b/i,
  },
  {
    id: "comcast",
    name: "Comcast / Xfinity",
    hosts: ["comcast.net", "xfinity.com"],
    text: /comcast|xfinity/i,
  },
  {
    id: "att",
    name: "AT&T",
    hosts: ["att.net", "sbcglobal.net", "bellsouth.net"],
    text: /\batt\.net|sbcglobal|bellsouth|AT&T/i,
  },
  {
    id: "orange",
    name: "Orange",
    hosts: ["orange.fr", "wanadoo.fr"],
    text: /orange\.fr|wanadoo|\bOFR_\d{3}|\bOFR\d{3}|\bOU-\d{3}/i,
  },
  // au (KDDI): its MX hosts (msmx.au.com, lsean.ezweb.ne.jp) answer in their own two forms of "User unknown".
  { id: "kddi", name: "au (KDDI)", hosts: ["au.com", "ezweb.ne.jp"] },
  // NTT docomo: its MX hosts (mfsmax.docomo.ne.jp) say "Unknown user" after DATA for a refused sender.
  { id: "docomo", name: "NTT docomo", hosts: ["docomo.ne.jp"] },
  { id: "free", name: "Free", hosts: ["free.fr", "proxad.net"], text: /\bfree\.fr|proxad/i },
  {
    id: "gmx",
    name: "GMX / Web.de",
    hosts: ["gmx.net", "gmx.de", "gmx.com", "web.de", "mail.com"],
    text: /\bgmx\b|web\.de|\bmail\.com\b/i,
  },
  { id: "mailru", name: "Mail.ru", hosts: ["mail.ru", "corp.mail.ru"], text: /mail\.ru|help\.mail\.ru/i },
  { id: "yandex", name: "Yandex", hosts: ["yandex.net", "yandex.ru", "yandex.com"], text: /yandex/i },
  { id: "zoho", name: "Zoho Mail", hosts: ["zoho.com", "zohomail.com", "zoho.eu", "zoho.in"], text: /zoho/i },
  {
    id: "proton",
    name: "Proton Mail",
    hosts: ["protonmail.ch", "proton.me", "protonmail.com"],
    text: /proton ?mail|proton\.me/i,
  },
  {
    id: "fastmail",
    name: "Fastmail",
    hosts: ["messagingengine.com", "fastmail.com"],
    text: /fastmail|messagingengine/i,
  },
  // Security gateways.
  { id: "mimecast", name: "Mimecast", hosts: ["mimecast.com", "mimecast-offshore.com"], text: /mimecast/i },
  {
    id: "proofpoint",
    name: "Proofpoint",
    hosts: ["pphosted.com", "ppe-hosted.com", "proofpoint.com"],
    text: /proofpoint|pphosted|ppe-hosted/i,
  },
  {
    id: "barracuda",
    name: "Barracuda",
    hosts: ["barracudanetworks.com", "ess.barracuda.com", "barracuda.com"],
    text: /barracuda email|using barracuda reputation|barracuda reputation system|ess\.barracuda|\bbarracuda\s*$/i,
  },
  {
    id: "cisco",
    name: "Cisco Secure Email (IronPort)",
    hosts: ["iphmx.com", "ironport.com"],
    text: /ironport|iphmx|cisco secure email|senderbase|talosintelligence/i,
  },
  // ESPs (sending side): they relay the receiver's reply and add their own wording.
  {
    id: "amazonses",
    name: "Amazon SES",
    hosts: ["amazonses.com", "amazonaws.com"],
    text: /amazon ?ses|amazonses|email-smtp\.[a-z0-9-]+\.amazonaws/i,
  },
  { id: "sendgrid", name: "SendGrid", hosts: ["sendgrid.net", "sendgrid.com"], text: /sendgrid/i },
  { id: "mailgun", name: "Mailgun", hosts: ["mailgun.org", "mailgun.net"], text: /mailgun/i },
  { id: "postmark", name: "Postmark", hosts: ["postmarkapp.com", "mtasv.net"], text: /postmark/i },
  {
    id: "mailchimp",
    name: "Mailchimp / Mandrill",
    hosts: ["mandrillapp.com", "mcsv.net", "mcdlv.net"],
    text: /mandrill|mailchimp/i,
  },
  { id: "sparkpost", name: "SparkPost", hosts: ["sparkpostmail.com", "sparkpost.com"], text: /sparkpost/i },
  // MTA software, identified by wordings only that software uses.
  {
    id: "exim",
    name: "Exim",
    mta: true,
    hosts: [],
    text: /\bexim\b|Unrouteable address|retry timeout exceeded|all relevant MX records point to non-existent hosts|all hosts for '|mailbox is full: retry|This message was created automatically by mail delivery software|SMTP error from remote mail server|Mail delivery failed: returning message to sender|relay not permitted|SMTP timeout after/i,
  },
  {
    id: "postfix",
    name: "Postfix",
    mta: true,
    hosts: [],
    text: /postfix|in local recipient table|in virtual (?:mailbox|alias) table|Relay access denied|Recipient address rejected|Sender address rejected|Client host rejected|Helo command rejected|Service unavailable; (?:Client host|Sender address|Recipient address|Helo command)|Error: (?:message file too big|too many connections|too many recipients|queue file write error)|connect to [^\s]{1,255}\[|said: \d{3}|conversation with [^\s]{1,255} timed out|lost connection with|delivery temporarily suspended|Host or domain name not found/i,
  },
  {
    id: "sendmail",
    name: "Sendmail",
    mta: true,
    hosts: [],
    text: /sendmail|\.\.\. User unknown|\.\.\. Relaying denied|Deferred: Connection|Host unknown \(Name server|MAILER-DAEMON@.{0,200}\(Mail Delivery Subsystem\)|Cannot send message for \d+ days|reply: read error from|>\.\.\. /i,
  },
  {
    id: "qmail",
    name: "qmail",
    mta: true,
    hosts: [],
    text: /qmail|Sorry, no mailbox here by that name|\(#\d\.\d{1,3}\.\d{1,3}\)|Sorry, I couldn't find any host|Sorry, I wasn't able to establish an SMTP connection|vpopmail|allowed rcpthosts|databytes|mailfolder|badrcptto|badmailfrom/i,
  },
];

const BY_ID = new Map(PROVIDERS.map((p) => [p.id, p]));

/** Each provider's prefilter literals (lower-case; null: its pattern always runs), by index in PROVIDERS. */
export const PROVIDER_LITERALS: readonly (readonly string[] | null)[] = PROVIDERS.map((p) =>
  p.text ? literalPrefilter(p.text) : null,
);

/** Indices of the providers with a text signature: services, then MTA software (kept in PROVIDERS order). */
const SERVICE_IDX: number[] = [];
const MTA_IDX: number[] = [];
PROVIDERS.forEach((p, i) => {
  if (p.text) (p.mta ? MTA_IDX : SERVICE_IDX).push(i);
});

/**
 * Host name suffix to the first provider (index in PROVIDERS) that lists it, so a host is looked up once
 * per label instead of compared with every suffix of every provider.
 */
const HOST_OWNER = new Map<string, number>();
PROVIDERS.forEach((p, i) => {
  for (const s of p.hosts) if (!HOST_OWNER.has(s)) HOST_OWNER.set(s, i);
});

/** The last two labels of `name` (all of it when it has fewer). */
function lastTwoLabels(name: string): string {
  const last = name.lastIndexOf(".");
  return last <= 0 ? name : name.slice(name.lastIndexOf(".", last - 1) + 1);
}

/**
 * The last two labels of every listed suffix. A suffix of a host name (of two labels or more, as every
 * listed one is) ends with the host's own last two labels: a host whose last two are not among these is
 * owned by no provider, found with one lookup instead of one per label.
 */
const HOST_TAILS = new Set<string>();
for (const s of HOST_OWNER.keys()) {
  if (s.indexOf(".") <= 0) throw new Error(`provider host suffix of fewer than two labels: ${s}`);
  HOST_TAILS.add(lastTwoLabels(s));
}

export function providerName(id: string | null): string | null {
  return id === null ? null : (BY_ID.get(id)?.name ?? id);
}

/** Provider owning a host name (MX, Reporting-MTA, Remote-MTA), by suffix. */
export function providerFromHost(host: string | null | undefined): string | null {
  if (!host) return null;
  const h = canonicalName(host);
  if (!HOST_TAILS.has(lastTwoLabels(h))) return null;
  // A suffix matches the whole name or the part after one of its dots; the provider listed first wins.
  let best = HOST_OWNER.get(h) ?? PROVIDERS.length;
  for (let k = h.indexOf("."); k !== -1; k = h.indexOf(".", k + 1)) {
    const i = HOST_OWNER.get(h.slice(k + 1));
    if (i !== undefined && i < best) best = i;
  }
  return best < PROVIDERS.length ? PROVIDERS[best]!.id : null;
}

/** Bound on the text and hints read for signatures: they sit near the start of a reply. */
const MAX_SIGNATURE_CHARS = 16384;

/**
 * Which provider literals occur in the text and in the hints, from scans of their lower-cased forms (made
 * by providerScan). The text scan must cover at least the first MAX_SIGNATURE_CHARS characters.
 */
export interface ProviderScan {
  readonly text: LiteralHits;
  readonly hints: LiteralHits;
  /** By literal id in the text's (the hints') table: the providers, by index, that require it. */
  readonly textOwners: readonly (readonly number[] | undefined)[];
  readonly hintOwners: readonly (readonly number[] | undefined)[];
  /** By provider index, the ids of its PROVIDER_LITERALS in the text's (the hints') table. */
  readonly textIds: readonly (readonly number[] | null)[];
  readonly hintIds: readonly (readonly number[] | null)[];
}

/** Providers whose signature has no prefilter: their pattern always runs. */
const ALWAYS = PROVIDER_LITERALS.map((l) => l === null);

function owners(ids: readonly (readonly number[] | null)[]): (number[] | undefined)[] {
  const out: (number[] | undefined)[] = [];
  ids.forEach((lits, i) => {
    for (const id of lits ?? []) {
      const list = (out[id] ??= []);
      if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return out;
}

/**
 * The scan buffers `text` and `hints` with the ids of each provider's literals in their tables
 * (`textIds[i]`: provider i's, as PROVIDER_LITERALS; null: none). The buffers are read at each detection.
 */
export function providerScan(
  text: LiteralHits,
  textIds: readonly (readonly number[] | null)[],
  hints: LiteralHits,
  hintIds: readonly (readonly number[] | null)[],
): ProviderScan {
  return { text, hints, textOwners: owners(textIds), hintOwners: owners(hintIds), textIds, hintIds };
}

/** By provider index, once asked: see plainAlternatives. */
const PLAIN: (readonly (readonly [number, RegExp])[] | null | undefined)[] = [];

/**
 * Provider i's plain top-level alternatives that are one of its prefilter literals (the literal's index in
 * PROVIDER_LITERALS, the alternative alone as a pattern with the same flags). An alternative's match is a
 * match of the whole pattern, and one literal costs far less to look for than an alternation of dozens,
 * so where the scan found such a literal the alternative alone is tried first. Worked out on first use
 * (reading a pattern's syntax costs start-up time a reply never needs).
 */
export function plainAlternatives(i: number): readonly (readonly [number, RegExp])[] | null {
  const known = PLAIN[i];
  if (known !== undefined) return known;
  const p = PROVIDERS[i]!;
  const lits = PROVIDER_LITERALS[i];
  const out: [number, RegExp][] = [];
  // Only flags that change neither the syntax (u, v) nor what test() does (g, y: lastIndex).
  if (p.text && lits && /^i?$/.test(p.text.flags))
    for (const alternative of topAlternatives(p.text.source)) {
      const text = plainText(alternative);
      const k = text === null ? -1 : lits.indexOf(text.toLowerCase());
      if (k >= 0) out.push([k, new RegExp(alternative, p.text.flags)]);
    }
  return (PLAIN[i] = out.length > 0 ? out : null);
}

/**
 * Whether provider i's pattern matches a text by one of its plain alternatives whose literal the scans
 * found: one found by the text's scan (`bits` & 1) is looked for in `inText`, one found by the hints' (2) in
 * `inHints`. Each is the text itself or a part of it; a plain alternative holds no assertion, so its match
 * in a part is one in the whole. False says nothing: the pattern itself must then run.
 */
function plainMatch(i: number, scan: ProviderScan, bits: number, inText: string, inHints: string): boolean {
  const plain = plainAlternatives(i);
  if (!plain) return false;
  const textIds = bits & 1 ? scan.textIds[i] : null;
  const hintIds = bits & 2 ? scan.hintIds[i] : null;
  for (let j = 0; j < plain.length; j++) {
    const [k, re] = plain[j]!;
    if (textIds != null && scan.text.has[textIds[k]!] === 1 && re.test(inText)) return true;
    if (hintIds != null && scan.hints.has[hintIds[k]!] === 1 && re.test(inHints)) return true;
  }
  return false;
}

const OWN_TABLE = new LiteralTable();
const OWN_IDS = PROVIDER_LITERALS.map((l) => OWN_TABLE.ids(l));
let OWN_SCAN: ProviderScan | null = null;

/**
 * Detects the provider. The remote MTA's host name is the strongest signal (it names who answered);
 * then the text and hints. `lower` may be passed when the caller already has the lower-cased text.
 */
export function detectProvider(
  text: string,
  remoteMta?: string | null,
  hints: readonly string[] = [],
  lower?: string,
): string | null {
  const joined = hints.join("\n");
  const lowerHints = joined.toLowerCase();
  const scan = (OWN_SCAN ??= providerScan(OWN_TABLE.hits(), OWN_IDS, OWN_TABLE.hits(), OWN_IDS));
  const head = text.length > MAX_SIGNATURE_CHARS ? text.slice(0, MAX_SIGNATURE_CHARS) : text;
  OWN_TABLE.scan(lower !== undefined && head === text ? lower : head.toLowerCase(), scan.text);
  OWN_TABLE.scan(lowerHints, scan.hints);
  return detectProviderScanned(text, remoteMta, hints, joined, lowerHints, scan);
}

/** Per provider: 1 when one of its literals is in the text, 2 in the hints (bits); reset per detection. */
const SEEN = new Uint8Array(PROVIDERS.length);

function markOwners(hits: LiteralHits, byLiteral: readonly (readonly number[] | undefined)[], bit: number) {
  const ids = hits.ids;
  for (let k = 0; k < hits.count; k++) {
    const list = byLiteral[ids[k]!];
    if (list !== undefined) for (let j = 0; j < list.length; j++) SEEN[list[j]!]! |= bit;
  }
}

/**
 * detectProvider with the literal scans already made: `joined` is hints.join("\n") and `lowerHints` its
 * lower-cased form. A provider's pattern runs only where one of its literals occurs (a regex match
 * implies one, ./rules/prefilter.ts), so the answer is the one every pattern run would give.
 */
export function detectProviderScanned(
  text: string,
  remoteMta: string | null | undefined,
  hints: readonly string[],
  joined: string,
  lowerHints: string,
  scan: ProviderScan,
): string | null {
  const byHost = providerFromHost(remoteMta);
  if (byHost) return byHost;
  const raw = hints.length > 0 ? `${text}\n${joined}` : text;
  // Bounded like the classifier's input: signatures sit near the start of a reply.
  const all = raw.length > MAX_SIGNATURE_CHARS ? raw.slice(0, MAX_SIGNATURE_CHARS) : raw;
  SEEN.fill(0);
  markOwners(scan.text, scan.textOwners, 1);
  if (hints.length > 0) markOwners(scan.hints, scan.hintOwners, 2);
  // Services first (text and hints); then MTA software as named by the bounce's own headers; then as
  // recognised in the quoted reply. No literal spans the text and the hints (none holds a line break).
  const bits = hints.length > 0 ? 3 : 1;
  // Where `all` holds the whole text (its start) or the whole of the hints (its end), a literal found there
  // is looked for there alone.
  const inText = text.length <= all.length ? text : all;
  const inHints = all === raw ? joined : all;
  if (all) {
    for (const i of SERVICE_IDX) {
      if (SEEN[i] === 0 && !ALWAYS[i]) continue;
      const p = PROVIDERS[i]!;
      if (plainMatch(i, scan, bits, inText, inHints) || p.text!.test(all)) return p.id;
    }
  }
  if (hints.length > 0 && lowerHints) {
    for (const i of MTA_IDX) {
      if ((SEEN[i]! & 2) === 0 && !ALWAYS[i]) continue;
      const p = PROVIDERS[i]!;
      if (plainMatch(i, scan, 2, lowerHints, lowerHints) || p.text!.test(lowerHints)) return p.id;
    }
  }
  if (all) {
    for (const i of MTA_IDX) {
      if (SEEN[i] === 0 && !ALWAYS[i]) continue;
      const p = PROVIDERS[i]!;
      if (plainMatch(i, scan, bits, inText, inHints) || p.text!.test(all)) return p.id;
    }
  }
  return providerFromQuotedHost(all);
}

const QUOTED_HOST = /(?:host|from|by) ([a-z0-9][a-z0-9.-]{2,200}\.[a-z]{2,24})[\s[(]/i;

/** Provider of a host name quoted in the text ("... host mx.example.net[192.0.2.1] said:"). */
export function providerFromQuotedHost(text: string): string | null {
  const m = QUOTED_HOST.exec(text);
  return m ? providerFromHost(m[1]) : null;
}

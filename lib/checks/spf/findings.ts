/**
 * Words and exact fixes for every SPF finding code. Each fix is generated from the record the domain
 * publishes now (found in the check's `records`), so the user can copy it as is.
 */
import { canonicalName } from "@/lib/dns/names";
import {
  findingCatalogue,
  type FixCheckResult,
  type FixContext,
  type FixSuggestion,
  type RecordToPublish,
} from "@/lib/findings/types";
import { LOOKUP_LIMIT, VOID_LIMIT, type SpfNode, type SpfRecords, type SpfVoidLookup } from "./model";
import { formatSpf, parseSpf, type SpfTerm } from "./parse";
import { draftSpfRecord, type ProviderEvidence } from "./providers";

function spfRecords(result: FixCheckResult): SpfRecords | undefined {
  const r = result.records[0] as SpfRecords | undefined;
  return r && r.kind === "spf" ? r : undefined;
}

function findNode(root: SpfNode | null | undefined, domain: string): SpfNode | undefined {
  if (!root) return undefined;
  if (root.domain === domain && root.record) return root;
  for (const c of root.children) {
    const hit = findNode(c, domain);
    if (hit) return hit;
  }
  return undefined;
}

/** The record currently published at `domain` (the checked domain's, or one in its tree). */
function currentRecord(ctx: FixContext, domain?: string): string | undefined {
  const recs = spfRecords(ctx.result);
  if (!recs) return undefined;
  const d = domain ?? recs.domain;
  if (d === recs.domain && recs.records.length === 1) return recs.records[0];
  return findNode(recs.tree, d)?.record ?? undefined;
}

const str = (v: unknown): string =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
const checked = (ctx: FixContext): string => spfRecords(ctx.result)?.domain ?? ctx.domain ?? "";
const txt = (name: string, value: string): RecordToPublish => ({ name, type: "TXT", value });

const isAll = (t: SpfTerm) => t.kind === "mechanism" && t.name === "all";
const isMechanism = (t: SpfTerm) => t.kind === "mechanism";

/**
 * Rebuilds a record from its terms: mechanisms in order (without any `all`), then `<q>all`, then the
 * modifiers. A redirect is dropped when an `all` is written (it would be ignored, RFC 7208 §6.1).
 */
function rebuild(
  terms: readonly SpfTerm[],
  all: string | null,
  keep: (t: SpfTerm) => boolean = () => true,
): string {
  const mechanisms = terms.filter((t) => isMechanism(t) && !isAll(t) && keep(t)).map((t) => t.text);
  const modifiers = terms
    .filter((t) => t.kind === "modifier" && keep(t) && !(all !== null && t.name === "redirect"))
    .map((t) => t.text);
  return formatSpf([...mechanisms, ...(all !== null ? [all] : []), ...modifiers]);
}

/** The record's own `all` with its qualifier ("-all", "~all"), if it has one. */
function currentAll(terms: readonly SpfTerm[]): string | null {
  const all = terms.find((t) => isAll(t) && t.kind === "mechanism" && t.valid);
  return all && all.kind === "mechanism" ? `${all.qualifier}all` : null;
}

/** Removes terms (matched case-insensitively by text) from the record at `domain`, keeping the rest. */
function withoutTerms(record: string, drop: (t: SpfTerm) => boolean): string {
  const terms = parseSpf(record).terms;
  return rebuild(terms, currentAll(terms), (t) => !drop(t));
}

function endingIn(record: string, all: "~all" | "-all"): string {
  return rebuild(parseSpf(record).terms, all);
}

/** RFC 7208 §4.5 allows one record: the union of the mechanisms of all of them, then one `all`. */
export function mergeSpfRecords(records: readonly string[]): string {
  const parsed = records.map((r) => parseSpf(r).terms);
  const seen = new Set<string>();
  const mechanisms: string[] = [];
  const modifiers: string[] = [];
  const modNames = new Set<string>();
  let allStrict = parsed.length > 0;
  let anyAll = false;
  for (const terms of parsed) {
    const all = currentAll(terms);
    if (all) anyAll = true;
    if (all !== "-all") allStrict = false;
    for (const t of terms) {
      if (isAll(t)) continue;
      const key = t.text.toLowerCase().replace(/^\+/, "");
      if (t.kind === "mechanism") {
        if (!seen.has(key)) mechanisms.push(t.text);
        seen.add(key);
      } else if (!modNames.has(t.name)) {
        modNames.add(t.name);
        modifiers.push(t.text);
      }
    }
  }
  const hasRedirect = modNames.has("redirect");
  const all = allStrict ? "-all" : anyAll || !hasRedirect ? "~all" : null;
  const mods = modifiers.filter((m) => !(all !== null && /^redirect=/i.test(m)));
  return formatSpf([...mechanisms, ...(all ? [all] : []), ...mods]);
}

/**
 * For each term of the node, its text, or for a plain `a`/`mx` the ip4:/ip6: terms of the addresses it
 * resolves to now (each such replacement saves one lookup).
 */
function flattenAddresses(node: SpfNode): { terms: string[]; saved: number } {
  let saved = 0;
  const terms = node.terms.map((t) => {
    const plain =
      t.kind === "mechanism" && (t.name === "a" || t.name === "mx") && !t.macro && !t.text.includes("/");
    const addrs = [...new Set(t.addresses ?? [])];
    if (!plain || addrs.length === 0 || addrs.length > 10) return t.text;
    saved++;
    const q = t.qualifier && t.qualifier !== "+" ? t.qualifier : "";
    return addrs.map((a) => `${q}${a.includes(":") ? "ip6" : "ip4"}:${a}`).join(" ");
  });
  return { terms, saved };
}

/** The `all` a fix ends in: "-all" under the strict (anti-spoofing) profile, "~all" otherwise. */
function endingFor(ctx: FixContext): "~all" | "-all" {
  return ctx.profile === "strict" ? "-all" : "~all";
}

/** What the report's other checks reveal: the MX hosts and the DKIM keys found (with their CNAMEs). */
function providerEvidence(ctx: FixContext): ProviderEvidence {
  const mxHosts: string[] = [];
  for (const r of ctx.checks?.mx?.records ?? []) {
    const ex = (r as { exchange?: unknown }).exchange;
    if (typeof ex === "string") mxHosts.push(canonicalName(ex));
  }
  const dkim: ProviderEvidence["dkim"] = [];
  for (const r of ctx.checks?.dkim?.records ?? []) {
    const k = r as { kind?: unknown; selector?: unknown; cnames?: unknown };
    if (k.kind === "dkim_selector" && typeof k.selector === "string") {
      dkim.push({ selector: k.selector, cnames: Array.isArray(k.cnames) ? k.cnames.map(String) : [] });
    }
  }
  return { mxHosts, dkim };
}

/** A record with no mechanism left but `all` authorizes nobody: the domain's own mail would fail SPF. */
function authorizesNobody(record: string): boolean {
  const terms = parseSpf(record).terms;
  return !terms.some((t) => t.kind === "mechanism" && !isAll(t)) && !/\bredirect=/i.test(record);
}

/** The draft built from the domain's MX and revealed providers, with the reasons for each term. */
function draftFix(ctx: FixContext, domain: string, lead: string): FixSuggestion {
  const draft = draftSpfRecord(providerEvidence(ctx), endingFor(ctx));
  const why = draft.because.length
    ? ` Built from what the domain's records show: ${draft.because.join("; ")}.`
    : " No MX host or known provider was found to authorize: add the servers that send the domain's mail.";
  return {
    text: `${lead} Draft to review before publishing: add every other service that sends as ${domain} (ip4:/ip6: ranges, include:).${why}`,
    records: [txt(domain, draft.record)],
  };
}

function recordFix(ctx: FixContext, text: string, domain: string, value: string | undefined): FixSuggestion {
  return value ? { text, records: [txt(domain, value)] } : { text };
}

export const catalogue = findingCatalogue({
  "spf.missing": {
    severity: "high",
    title: "No SPF record",
    meaning:
      "The domain publishes no v=spf1 TXT record, so receivers cannot tell which servers may send its mail " +
      "(RFC 7208). Unauthenticated mail is far more likely to be rejected or filed as spam, and DMARC can only " +
      "pass through DKIM.",
    describe: (p) => `${str(p.domain)} has no TXT record starting with "v=spf1".`,
    fix: (ctx) =>
      draftFix(
        ctx,
        checked(ctx),
        `Publish one TXT record at ${checked(ctx)}, authorizing the servers that send its mail${
          endingFor(ctx) === "~all"
            ? ' and soft-failing the rest; change "~all" to "-all" once every sender is listed.'
            : "."
        }`,
      ),
  },
  "spf.multiple_records": {
    severity: "high",
    title: "More than one SPF record",
    meaning:
      "A domain must publish exactly one v=spf1 record (RFC 7208 §4.5). With two or more, every receiver " +
      "returns permerror and SPF fails for all mail.",
    describe: (p) =>
      `${str(p.domain)} publishes ${str(p.count)} SPF records; receivers treat that as a permanent error.`,
    fix: (ctx) => {
      const records = (ctx.params.records as string[] | undefined) ?? [];
      const domain = str(ctx.params.domain) || checked(ctx);
      if (domain !== checked(ctx)) {
        return {
          text: `${domain} is included by ${str(ctx.params.from)}; ask its owner to merge its SPF records into one.`,
        };
      }
      return {
        text: `Delete all ${records.length} SPF records at ${domain} and publish this single merged record instead.`,
        records: [txt(domain, mergeSpfRecords(records))],
      };
    },
  },
  "spf.syntax_error": {
    severity: "high",
    title: "SPF syntax error",
    meaning:
      "The record does not follow the SPF grammar (RFC 7208 §4.6.1, §5-§7). Receivers stop with permerror " +
      "when they reach the bad term, which usually means SPF fails for all mail.",
    describe: (p) =>
      `Column ${str(p.column)} of the record at ${str(p.domain)}: "${str(p.token)}": ${str(p.message)}.`,
    fix: (ctx) => {
      const domain = str(ctx.params.domain) || checked(ctx);
      const record = str(ctx.params.record) || currentRecord(ctx, domain);
      const where = `"${str(ctx.params.token)}" at column ${str(ctx.params.column)}: ${str(ctx.params.message)}`;
      if (!record || domain !== checked(ctx)) {
        return {
          text: `The record at ${domain} (included from ${str(ctx.params.from)}) is broken: ${where}. Ask its owner to fix it.`,
        };
      }
      const fixed = withoutTerms(record, (t) => !t.valid);
      return recordFix(
        ctx,
        `Correct ${where}. If the term is not needed, this is the record without the invalid terms.`,
        domain,
        parseSpf(fixed).errors.length === 0 ? fixed : undefined,
      );
    },
  },
  "spf.too_many_lookups": {
    severity: "high",
    title: "SPF needs more than 10 DNS lookups",
    meaning:
      "Receivers stop evaluating SPF after 10 DNS-querying terms (include, a, mx, ptr, exists, redirect; RFC " +
      "7208 §4.6.4) and return permerror, so mail from senders listed late in the record fails SPF.",
    describe: (p) => `The SPF tree needs ${str(p.count)} DNS lookups; receivers stop at ${LOOKUP_LIMIT}.`,
    fix: (ctx) => {
      const recs = spfRecords(ctx.result);
      const root = recs?.tree;
      const costliest = (
        (ctx.params.costliest as { domain: string; lookups: number; via: string }[] | undefined) ?? []
      )
        .slice(0, 5)
        .map((c) => `${c.via}:${c.domain} costs ${c.lookups}`)
        .join(", ");
      const note = costliest ? ` The costliest: ${costliest}.` : "";
      if (!root || !root.record) return { text: `Remove includes you no longer use.${note}` };
      const seen = new Set<string>();
      const terms = parseSpf(root.record).terms;
      const flat = flattenAddresses(root);
      // What each kept term costs once fixed: flattened a/mx nothing, an include its whole subtree.
      const cost = (i: number): number => {
        const view = root.terms[i];
        if (!view || flat.terms[i] !== view.text) return 0;
        const child = root.children.find((c) => c.term === view.text);
        return view.lookups + (child && !view.ignored ? child.totalLookups : 0);
      };
      let after = 0;
      const kept = terms
        .map((t, i) => ({ t, i, text: flat.terms[i] ?? t.text }))
        .filter(({ t }) => {
          if (t.kind === "mechanism" && t.name === "ptr") return false;
          if (t.kind === "mechanism" && t.name === "include" && t.domainSpec) {
            const k = t.domainSpec.toLowerCase();
            if (seen.has(k)) return false;
            seen.add(k);
          }
          return true;
        });
      for (const { i } of kept) after += cost(i);
      const all = currentAll(terms);
      const mech = kept.filter(({ t }) => isMechanism(t) && !isAll(t)).map(({ text }) => text);
      const mods = kept
        .filter(({ t }) => t.kind === "modifier" && !(all && t.name === "redirect"))
        .map(({ text }) => text);
      const fixed = formatSpf([...mech, ...(all ? [all] : []), ...mods]);
      return {
        text:
          `Cut the lookups: drop "ptr" and repeated includes, and list the current addresses of "a"/"mx" ` +
          `terms as ip4:/ip6: (update them when those hosts move). That leaves about ${after} lookups.${note}` +
          (after > LOOKUP_LIMIT
            ? " Still over the limit: remove includes of services you no longer use."
            : ""),
        ...(fixed !== rebuild(terms, all) ? { records: [txt(root.domain, fixed)] } : {}),
      };
    },
  },
  "spf.void_lookups": {
    severity: "high",
    title: "SPF looks up names that do not exist",
    meaning:
      "Each DNS-querying term whose name does not exist (NXDOMAIN) or has no records is a void lookup. " +
      "Receivers return permerror after two (RFC 7208 §4.6.4); even one usually means a stale entry.",
    describe: (p) =>
      `${str(p.count)} void lookup(s) (limit ${VOID_LIMIT}): ` +
      ((p.lookups as SpfVoidLookup[] | undefined) ?? [])
        .map((v) => `${v.term} (${v.target} ${v.type}: ${v.status})`)
        .join(", "),
    fix: (ctx) => {
      const domain = checked(ctx);
      const record = currentRecord(ctx, domain);
      const voids = ((ctx.params.lookups as SpfVoidLookup[] | undefined) ?? []).filter(
        (v) => v.domain === domain,
      );
      const others = ((ctx.params.lookups as SpfVoidLookup[] | undefined) ?? []).filter(
        (v) => v.domain !== domain,
      );
      const drop = new Set(voids.map((v) => v.term.toLowerCase()));
      const text =
        `Remove the terms that point at names which do not exist` +
        (others.length
          ? `, and ask the owners of ${[...new Set(others.map((v) => v.domain))].join(", ")} to do the same`
          : "") +
        ".";
      return recordFix(
        ctx,
        text,
        domain,
        record && drop.size ? withoutTerms(record, (t) => drop.has(t.text.toLowerCase())) : undefined,
      );
    },
  },
  "spf.pass_all": {
    severity: "critical",
    title: "SPF allows the whole Internet (+all)",
    meaning:
      'A "+all" (or bare "all") passes SPF for every server on the Internet, so anyone can send mail as the ' +
      "domain and pass SPF, including through a DMARC check.",
    describe: (p) =>
      p.from && p.domain !== p.from
        ? `The record at ${str(p.domain)}, reached from ${str(p.from)}, ends in "${str(p.term)}".`
        : `The record at ${str(p.domain)} ends in "${str(p.term)}".`,
    fix: (ctx) => {
      const domain = str(ctx.params.domain) || checked(ctx);
      const record = currentRecord(ctx, domain);
      const viaInclude = spfRecords(ctx.result)?.tree?.children.some(
        (c) => c.domain === domain && c.via === "include",
      );
      if (domain !== checked(ctx) && viaInclude) {
        return {
          text: `include:${domain} passes everyone because its record ends in "+all". Remove that include, or ask its owner to end the record in "~all" or "-all".`,
        };
      }
      const all = endingFor(ctx);
      // The same mechanisms, only the ending changed; a record that had nothing but "+all" would then
      // authorize nobody and break the domain's own mail, so it gets a draft from its MX and providers.
      if (record && authorizesNobody(record) && domain === checked(ctx)) {
        return draftFix(
          ctx,
          domain,
          `"${str(ctx.params.term)}" is the only thing the record at ${domain} says: list the servers that send its mail, then end in "${all}".`,
        );
      }
      return recordFix(
        ctx,
        `Replace "${str(ctx.params.term)}" with "${all}" at ${domain}${all === "~all" ? ' (or "-all" once every sender is listed)' : ""}, keeping every other term.`,
        domain,
        record ? endingIn(record, all) : undefined,
      );
    },
  },
  "spf.neutral_all": {
    severity: "medium",
    title: "SPF ends in ?all (neutral)",
    meaning:
      '"?all" tells receivers to treat unlisted servers as neutral: SPF then protects nothing against ' +
      "spoofing, and DMARC cannot rely on it.",
    describe: (p) => `The record at ${str(p.domain)} ends in "?all".`,
    fix: (ctx) => {
      const domain = str(ctx.params.domain) || checked(ctx);
      const record = currentRecord(ctx, domain);
      return recordFix(
        ctx,
        `End the record at ${domain} in "~all" (soft fail), or "-all" once every sender is listed.`,
        domain,
        record ? endingIn(record, "~all") : undefined,
      );
    },
  },
  "spf.softfail_all": {
    severity: "info",
    title: "SPF ends in ~all (soft fail)",
    meaning:
      '"~all" asks receivers to accept mail from unlisted servers but mark it as suspicious (RFC 7208 ' +
      "§8.5). It delivers fine and DMARC still decides, so the check does not list it as a problem; the " +
      'strict anti-spoofing profile costs points for it and asks for "-all" once every sender is listed.',
    describe: (p) => `The record at ${str(p.domain)} ends in "${str(p.term) || "~all"}".`,
    fix: (ctx) => {
      if (ctx.profile !== "strict") return null;
      const domain = str(ctx.params.domain) || checked(ctx);
      const record = currentRecord(ctx, domain);
      return recordFix(
        ctx,
        `End the record at ${domain} in "-all" once every server that sends for it is listed.`,
        domain,
        record ? endingIn(record, "-all") : undefined,
      );
    },
  },
  "spf.no_all": {
    severity: "medium",
    title: 'SPF has no "all" and no redirect',
    meaning:
      'Without a final "all" (or a redirect), mail from servers the record does not list gets the default ' +
      'result, neutral (RFC 7208 §4.7): as weak as "?all".',
    describe: (p) => `The record at ${str(p.domain)} ends without an "all" mechanism or a redirect.`,
    fix: (ctx) => {
      const domain = str(ctx.params.domain) || checked(ctx);
      const record = currentRecord(ctx, domain);
      return recordFix(
        ctx,
        `Add "~all" at the end of the record at ${domain} (or "-all" once every sender is listed).`,
        domain,
        record ? endingIn(record, "~all") : undefined,
      );
    },
  },
  "spf.ptr_mechanism": {
    severity: "medium",
    title: "SPF uses the ptr mechanism",
    meaning:
      '"ptr" is slow, unreliable and "SHOULD NOT be used" (RFC 7208 §5.5); large receivers may ignore it, ' +
      "and it costs a lookup.",
    describe: (p) => `The record at ${str(p.domain)} contains "${str(p.term)}".`,
    fix: (ctx) => {
      const domain = str(ctx.params.domain) || checked(ctx);
      const record = currentRecord(ctx, domain);
      if (domain !== checked(ctx))
        return { text: `The included record at ${domain} uses "ptr"; ask its owner to replace it.` };
      return recordFix(
        ctx,
        `Remove "${str(ctx.params.term)}" and list the sending servers' addresses with ip4:/ip6: instead.`,
        domain,
        record ? withoutTerms(record, (t) => t.kind === "mechanism" && t.name === "ptr") : undefined,
      );
    },
  },
  "spf.include_missing": {
    severity: "high",
    title: "SPF includes a domain that has no SPF record",
    meaning:
      "An include whose target publishes no SPF record makes receivers return permerror when they reach it " +
      "(RFC 7208 §5.2): usually a provider that changed its include name, or a typo.",
    describe: (p) =>
      `include:${str(p.domain)} (in the record at ${str(p.from)}) points at a domain with no SPF record.`,
    fix: (ctx) => {
      const from = str(ctx.params.from) || checked(ctx);
      const target = str(ctx.params.domain).toLowerCase();
      const record = currentRecord(ctx, from);
      const drop = (t: SpfTerm) =>
        t.kind === "mechanism" &&
        t.name === "include" &&
        t.domainSpec !== undefined &&
        canonicalName(t.domainSpec) === target;
      if (from !== checked(ctx))
        return {
          text: `The record at ${from} includes ${target}, which has no SPF record; ask its owner to fix it.`,
        };
      return recordFix(
        ctx,
        `Remove include:${target}, or replace it with the include name your provider documents today.`,
        from,
        record ? withoutTerms(record, drop) : undefined,
      );
    },
  },
  "spf.redirect_missing": {
    severity: "high",
    title: "SPF redirects to a domain that has no SPF record",
    meaning: "A redirect to a domain without an SPF record is a permerror for all mail (RFC 7208 §6.1).",
    describe: (p) =>
      `redirect=${str(p.domain)} (in the record at ${str(p.from)}) points at a domain with no SPF record.`,
    fix: (ctx) => ({
      text: `Publish an SPF record at ${str(ctx.params.domain)}, or replace "${str(ctx.params.term)}" in the record at ${str(ctx.params.from)} with the mechanisms it should stand for and "~all".`,
    }),
  },
  "spf.include_loop": {
    severity: "high",
    title: "SPF include loop",
    meaning:
      "An include or redirect leads back to a record already being evaluated. Receivers run into the lookup " +
      "limit and return permerror.",
    describe: (p) => `${str(p.term)} in the record at ${str(p.from)} leads back to ${str(p.domain)}.`,
    fix: (ctx) => {
      const from = str(ctx.params.from);
      const term = str(ctx.params.term).toLowerCase();
      const record = currentRecord(ctx, from);
      if (from !== checked(ctx) || !record)
        return { text: `Remove "${str(ctx.params.term)}" from the record at ${from}: it closes a loop.` };
      return recordFix(
        ctx,
        `Remove "${str(ctx.params.term)}": it closes a loop.`,
        from,
        withoutTerms(record, (t) => t.text.toLowerCase() === term),
      );
    },
  },
  "spf.duplicate_include": {
    severity: "low",
    title: "The same domain is included more than once",
    meaning: "Each include is evaluated (and costs lookups) again; the duplicates add nothing but lookups.",
    describe: (p) => `${str(p.domain)} is included ${str(p.count)} times across the SPF tree.`,
    fix: (ctx) => {
      const domain = checked(ctx);
      const record = currentRecord(ctx, domain);
      const target = str(ctx.params.domain).toLowerCase();
      if (!record) return { text: `Include ${target} only once.` };
      let seen = false;
      const fixed = withoutTerms(record, (t) => {
        if (t.kind !== "mechanism" || t.name !== "include" || t.domainSpec?.toLowerCase() !== target)
          return false;
        if (!seen) return ((seen = true), false);
        return true;
      });
      if (fixed === withoutTerms(record, () => false)) {
        return {
          text: `${target} is pulled in more than once through different includes; include it directly only where needed.`,
        };
      }
      return recordFix(ctx, `Keep a single include:${target}.`, domain, fixed);
    },
  },
  "spf.record_too_long": {
    severity: "low",
    title: "SPF record longer than 450 bytes",
    meaning:
      "RFC 7208 §3.4 advises keeping SPF answers small enough to fit a 512-byte UDP response; longer ones need " +
      "TCP or EDNS, which some resolvers and middleboxes mishandle.",
    describe: (p) => `The record at ${str(p.domain)} is ${str(p.bytes)} bytes long.`,
    fix: (ctx) => {
      const domain = checked(ctx);
      const record = currentRecord(ctx, domain);
      if (!record) return null;
      const terms = parseSpf(record).terms;
      const ips = terms.filter((t) => t.kind === "mechanism" && (t.name === "ip4" || t.name === "ip6"));
      if (ips.length < 2) return { text: "Shorten the record: remove senders you no longer use." };
      const sub = `_spf.${domain}`;
      const all = currentAll(terms) ?? "~all";
      return {
        text: `Move the address ranges into a record at ${sub} and include it (one more lookup).`,
        records: [
          txt(
            domain,
            rebuild(terms, all, (t) => !ips.includes(t)).replace(/^v=spf1/, `v=spf1 include:${sub}`),
          ),
          txt(sub, formatSpf([...ips.map((t) => t.text), "-all"])),
        ],
      };
    },
  },
  "spf.legacy_spf2": {
    severity: "info",
    title: "Leftover Sender ID (spf2.0) record",
    meaning:
      "spf2.0 records belong to Sender ID (RFC 4406), an abandoned experiment. Receivers ignore them; they " +
      "only add to the TXT answer's size.",
    describe: (p) =>
      `${str(p.domain)} still publishes ${((p.records as string[] | undefined) ?? []).length} spf2.0 record(s).`,
    fix: (ctx) => ({ text: `Delete the TXT record(s) starting with "spf2.0/" at ${checked(ctx)}.` }),
  },
  "spf.redirect_and_all": {
    severity: "low",
    title: 'Redirect ignored because the record has "all"',
    meaning:
      'A redirect modifier is ignored when the record has an "all" mechanism anywhere (RFC 7208 §6.1). Either ' +
      'the redirect is dead weight or the "all" hides the policy you meant.',
    describe: (p) => `"${str(p.redirect)}" at ${str(p.domain)} is ignored because of "${str(p.all)}".`,
    fix: (ctx) => {
      const domain = str(ctx.params.domain) || checked(ctx);
      const record = currentRecord(ctx, domain);
      return recordFix(
        ctx,
        `Remove "${str(ctx.params.redirect)}" (it has no effect), or remove "${str(ctx.params.all)}" if the redirect is what you meant.`,
        domain,
        record ? withoutTerms(record, (t) => t.kind === "modifier" && t.name === "redirect") : undefined,
      );
    },
  },
  "spf.terms_after_all": {
    severity: "low",
    title: 'Mechanisms after "all" are never evaluated',
    meaning: 'Evaluation stops at "all" (RFC 7208 §5.1), so anything after it is dead.',
    describe: (p) =>
      `After "${str(p.all)}" at ${str(p.domain)}: ${((p.terms as string[] | undefined) ?? []).join(" ")}.`,
    fix: (ctx) => {
      const domain = str(ctx.params.domain) || checked(ctx);
      const record = currentRecord(ctx, domain);
      if (!record) return null;
      const terms = parseSpf(record).terms;
      return recordFix(
        ctx,
        `Move "${str(ctx.params.all)}" to the end of the mechanisms.`,
        domain,
        rebuild(terms, currentAll(terms)),
      );
    },
  },
  "spf.mx_too_many_names": {
    severity: "high",
    title: "An mx mechanism names more than 10 hosts",
    meaning:
      'An "mx" term whose MX set has more than 10 names is a permerror (RFC 7208 §4.6.4): receivers fail SPF ' +
      "for all mail that reaches it.",
    describe: (p) => `"${str(p.term)}" at ${str(p.domain)}: ${str(p.target)} has ${str(p.count)} MX names.`,
    fix: (ctx) => ({
      text: `Replace "${str(ctx.params.term)}" with ip4:/ip6: ranges of the hosts that really send mail; MX hosts usually only receive.`,
    }),
  },
  "spf.ip_not_authorized": {
    severity: "high",
    title: "The sending IP is not authorized by SPF",
    meaning:
      'Evaluating the domain\'s SPF for the given IP (RFC 7208 §4) did not give "pass": receivers will treat ' +
      "mail from that IP as unauthenticated (fail, softfail, neutral) or broken (permerror).",
    describe: (p) => `SPF result for ${str(p.ip)} sending as ${str(p.sender)}: ${str(p.result)}.`,
    fix: (ctx) => {
      const result = str(ctx.params.result);
      const ip = str(ctx.params.ip) || ctx.ip || "";
      const domain = checked(ctx);
      if (result === "temperror") return { text: "The DNS lookups timed out or failed; try again later." };
      if (result === "permerror")
        return { text: "Fix the SPF errors reported above; receivers cannot evaluate the record." };
      const mech = `${ip.includes(":") ? "ip6" : "ip4"}:${ip}`;
      const record = currentRecord(ctx, domain);
      if (!record || result === "none") {
        return {
          text: `Publish an SPF record that lists ${ip}.`,
          records: [txt(domain, `v=spf1 ${mech} mx ~all`)],
        };
      }
      const terms = parseSpf(record).terms;
      const all = currentAll(terms);
      const rebuilt = rebuild(terms, all);
      const fixed = rebuilt.replace(/^v=spf1/, `v=spf1 ${mech}`);
      return recordFix(
        ctx,
        `If ${ip} is one of your senders, add "${mech}" to the record at ${domain}.`,
        domain,
        fixed,
      );
    },
  },
  "spf.dns_error": {
    severity: "info",
    title: "Could not look up part of the SPF record",
    meaning:
      "A DNS question got no usable answer (timeout, SERVFAIL, REFUSED), so the SPF result could not be " +
      "determined; receivers see a temperror in the same situation.",
    describe: (p) =>
      `${str(p.type)} ${str(p.name)}: ${str(p.status)}${p.detail ? ` (${str(p.detail)})` : ""}.`,
  },
});

export { LOOKUP_LIMIT, VOID_LIMIT };

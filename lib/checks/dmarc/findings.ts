import { findingCatalogue, type FixContext, type FixSuggestion } from "@/lib/findings/types";
import type { DmarcEvidence } from "./index";
import { formatDmarc, isDmarcRecord, parseDmarc } from "./parse";

type Tag = { name: string; value: string };

function evidence(ctx: FixContext): DmarcEvidence | undefined {
  return ctx.result.records.find(
    (r): r is DmarcEvidence =>
      typeof r === "object" && r !== null && (r as { kind?: string }).kind === "dmarc",
  );
}

function domainOf(ctx: FixContext): string {
  return ctx.domain ?? "example.com";
}

/** The record's valid tags, deduplicated, v first: what the receiver actually used. */
function cleanTags(ev: DmarcEvidence | undefined): Tag[] {
  if (!ev) return [{ name: "v", value: "DMARC1" }];
  const rec = parseDmarc(ev.raw);
  const bad = new Set(rec.problems.filter((p) => p.reason !== "missing_p").map((p) => p.tag));
  const out: Tag[] = [{ name: "v", value: "DMARC1" }];
  for (const t of rec.tags) {
    if (t.name === "v" || bad.has(t.name) || rec.unknownTags.includes(t.name)) continue;
    out.push(t);
  }
  // A rua tag with some bad URIs keeps its good ones.
  if (bad.has("rua") && rec.rua.length > 0) out.push({ name: "rua", value: rec.rua.map(uriText).join(",") });
  if (bad.has("ruf") && rec.ruf.length > 0) out.push({ name: "ruf", value: rec.ruf.map(uriText).join(",") });
  return out;
}

function uriText(u: { uri: string; maxSize?: string }): string {
  return u.maxSize ? `${u.uri}!${u.maxSize}` : u.uri;
}

function setTag(tags: Tag[], name: string, value: string | null): Tag[] {
  const out = tags.filter((t) => t.name !== name);
  if (value !== null) out.push({ name, value });
  return out;
}

function ensureRua(tags: Tag[], domain: string): Tag[] {
  return tags.some((t) => t.name === "rua") ? tags : setTag(tags, "rua", `mailto:dmarc-reports@${domain}`);
}

/** The record to publish at the name the policy came from (the org domain's for an inherited one). */
function publish(ctx: FixContext, text: string, tags: Tag[]): FixSuggestion {
  const ev = evidence(ctx);
  const name = ev ? `_dmarc.${ev.recordDomain}` : `_dmarc.${domainOf(ctx)}`;
  return { text, records: [{ name, type: "TXT", value: formatDmarc(tags) }] };
}

const NEXT_STEP: Record<string, string> = { none: "quarantine", quarantine: "reject", reject: "reject" };

export const catalogue = findingCatalogue({
  "dmarc.missing": {
    severity: "high",
    title: "No DMARC record",
    meaning:
      "Without a DMARC record (RFC 7489) at _dmarc.<domain> or at the organizational domain, receivers apply no policy to mail that fails SPF and DKIM alignment, you get no reports, and large mailbox providers (Gmail, Yahoo, Microsoft) reject or junk bulk mail from domains without one.",
    describe: (p) =>
      !p.orgDomain || p.orgDomain === p.domain
        ? `_dmarc.${String(p.domain)} has no DMARC record.`
        : `Neither _dmarc.${String(p.domain)} nor _dmarc.${String(p.orgDomain)} has a DMARC record.`,
    fix: (ctx) => {
      const d = domainOf(ctx);
      return {
        text: "Publish a DMARC record. Start with p=none and aggregate reports, read the reports for a few weeks, then move to p=quarantine and p=reject.",
        records: [
          { name: `_dmarc.${d}`, type: "TXT", value: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${d}` },
        ],
      };
    },
  },
  "dmarc.multiple_records": {
    severity: "high",
    title: "More than one DMARC record",
    meaning:
      "RFC 7489 §6.6.3 step 5: when a name holds several TXT records starting with v=DMARC1, receivers apply no DMARC at all.",
    describe: (p) => `${String(p.name)} has ${String(p.count)} DMARC records; receivers ignore them all.`,
    fix: (ctx) => {
      const first = ctx.result.records.find(
        (r): r is { kind: string; name: string; raw: string } =>
          typeof r === "object" && r !== null && (r as { kind?: string }).kind === "dmarc_candidate",
      );
      const name = first?.name ?? `_dmarc.${domainOf(ctx)}`;
      const value =
        first && isDmarcRecord(first.raw)
          ? first.raw
          : `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domainOf(ctx)}`;
      return {
        text: `Delete all but one of the DMARC TXT records at ${name}, merging what you need into the one you keep.`,
        records: [{ name, type: "TXT", value }],
      };
    },
  },
  "dmarc.syntax_error": {
    severity: "medium",
    title: "DMARC record has an invalid tag",
    meaning:
      "A tag of the DMARC record breaks RFC 7489 §6.3/§6.4. Receivers skip invalid values and fall back to defaults; a missing or invalid p= without a valid rua=, a v= that is not first, or a malformed tag-list makes the whole record ignored.",
    describe: (p) => {
      const what: Record<string, string> = {
        v_not_first: "the record must start with v=DMARC1",
        invalid_value: `invalid value "${String(p.value)}" for ${String(p.tag)}=`,
        duplicate: `the tag ${String(p.tag)}= appears more than once`,
        missing_p: "the required p= tag is missing",
        invalid_uri: `"${String(p.value)}" in ${String(p.tag)}= is not a valid URI`,
        unsupported_scheme: `"${String(p.value)}" in ${String(p.tag)}= uses a scheme receivers do not send reports to (use mailto:)`,
        empty_uri: `${String(p.tag)}= has an empty entry`,
        malformed_tag: `"${String(p.value)}" is not a tag=value pair`,
      };
      const base = what[String(p.reason)] ?? `problem with ${String(p.tag)}=`;
      return p.usable === false ? `${base}; receivers ignore the whole record.` : `${base}.`;
    },
    fix: (ctx) => {
      const tags = cleanTags(evidence(ctx));
      const withP = tags.some((t) => t.name === "p") ? tags : setTag(tags, "p", "none");
      return publish(
        ctx,
        "Replace the record with this corrected one (invalid tags removed, v=DMARC1 first).",
        withP,
      );
    },
  },
  "dmarc.p_missing": {
    severity: "medium",
    title: "DMARC record has no p= tag",
    meaning:
      "p= is required (RFC 7489 §6.3). Because the record has a valid rua=, receivers treat it as p=none (§6.6.3 step 6); without rua= they would ignore it.",
    fix: (ctx) =>
      publish(ctx, "Add an explicit policy to the record.", setTag(cleanTags(evidence(ctx)), "p", "none")),
  },
  "dmarc.policy_none": {
    severity: "medium",
    title: "DMARC policy is p=none (monitoring only)",
    meaning:
      "p=none asks receivers to deliver mail that fails DMARC as usual: it protects nothing against spoofing. Once the aggregate reports show your legitimate mail passing, move to quarantine, then reject.",
    describe: (p) =>
      p.from === "sp"
        ? `The subdomain policy (sp=) of ${String(p.recordDomain)} that applies here is none.`
        : "The policy is none: failing mail is delivered anyway.",
    fix: (ctx) => {
      const ev = evidence(ctx);
      const tags = ensureRua(cleanTags(ev), domainOf(ctx));
      const from = ev?.effective.domain.from;
      const next = from === "sp" ? setTag(tags, "sp", "quarantine") : setTag(tags, "p", "quarantine");
      return publish(
        ctx,
        "Once the aggregate reports show all your legitimate sources passing SPF or DKIM with alignment, raise the policy to quarantine (then reject). Existing reporting addresses are kept.",
        next,
      );
    },
  },
  "dmarc.removed_tags": {
    severity: "low",
    title: "DMARC record uses tags the current standard removed",
    meaning:
      "RFC 9989, the DMARC standard that replaces RFC 7489, removed pct (testing is now t=y), rf and ri " +
      "(Appendix A.6). Receivers following it ignore them: a pct below 100 no longer softens the policy.",
    describe: (p) => `The record still has ${((p.tags as string[]) ?? []).join(", ")}.`,
    fix: (ctx) => {
      const ev = evidence(ctx);
      const rec = ev ? parseDmarc(ev.raw) : undefined;
      let tags = cleanTags(ev).filter((t) => t.name !== "pct" && t.name !== "rf" && t.name !== "ri");
      // pct below 100 meant "not fully enforced yet": t=y says the same to RFC 9989 receivers.
      if (rec && rec.pct < 100 && rec.policy !== "none") tags = setTag(tags, "t", "y");
      return publish(
        ctx,
        "Publish the record without pct, rf and ri (use t=y while testing a policy).",
        tags,
      );
    },
  },
  "dmarc.pct_partial": {
    severity: "low",
    title: "DMARC policy applies to only part of the mail",
    meaning:
      "pct below 100 applies the policy to that share of failing mail only (RFC 7489 §6.3); the rest is treated one step weaker. DMARCbis drops pct in favour of t=y.",
    describe: (p) => `The ${String(p.policy)} policy applies to ${String(p.pct)}% of failing mail.`,
    fix: (ctx) => {
      const ev = evidence(ctx);
      const tags = setTag(cleanTags(ev), "pct", null);
      const p = ev?.effective.domain.policy ?? "quarantine";
      return publish(
        ctx,
        `Remove pct= (the default is 100) so the ${p} policy covers all failing mail${p === "quarantine" ? `; the next step after that is p=${NEXT_STEP[p]}` : ""}.`,
        tags,
      );
    },
  },
  "dmarc.testing_mode": {
    severity: "low",
    title: "DMARC policy in testing mode (t=y)",
    meaning:
      "DMARCbis' t=y asks receivers to apply the policy one step weaker (reject as quarantine, quarantine as none) while you test; RFC 7489 receivers ignore the tag.",
    describe: (p) => `t=y: the ${String(p.policy)} policy is applied one step weaker.`,
    fix: (ctx) =>
      publish(
        ctx,
        "Remove t=y once reports show your mail passing.",
        setTag(cleanTags(evidence(ctx)), "t", null),
      ),
  },
  "dmarc.subdomain_policy_weaker": {
    severity: "low",
    title: "Subdomains have a weaker DMARC policy",
    meaning:
      "sp= (or DMARCbis np= for non-existent subdomains) is weaker than p=, so spoofers can use made-up subdomains of your domain.",
    describe: (p) =>
      `p=${String(p.p)}${p.sp ? `, but sp=${String(p.sp)}` : ""}${p.np ? `${p.sp ? " and" : ", but"} np=${String(p.np)}` : ""}.`,
    fix: (ctx) => {
      const tags = setTag(setTag(cleanTags(evidence(ctx)), "sp", null), "np", null);
      return publish(
        ctx,
        "Remove sp= and np= so subdomains get the same policy as the domain (or set them to the same value as p=).",
        tags,
      );
    },
  },
  "dmarc.no_rua": {
    severity: "low",
    title: "No DMARC aggregate reports requested",
    meaning:
      "Without rua= you receive no aggregate reports, so you cannot see who sends mail as your domain nor safely tighten the policy.",
    fix: (ctx) =>
      publish(
        ctx,
        `Add a rua= address that receives aggregate reports (a mailbox or a DMARC report service).`,
        ensureRua(cleanTags(evidence(ctx)), domainOf(ctx)),
      ),
  },
  "dmarc.no_ruf": {
    severity: "info",
    title: "No DMARC failure reports requested",
    meaning:
      "ruf= asks for per-message failure reports. Few receivers send them (for privacy), so this is optional.",
  },
  "dmarc.relaxed_alignment": {
    severity: "info",
    title: "Relaxed alignment",
    meaning:
      "adkim and aspf are relaxed (the default): any subdomain of the organizational domain aligns. Strict alignment narrows this, but breaks mail sent from subdomains; relaxed is what most domains use.",
  },
  "dmarc.unknown_tag": {
    severity: "low",
    title: "DMARC record has an unknown tag",
    meaning:
      "Receivers ignore tags they do not know (RFC 7489 §6.3); an unknown tag is usually a typo of a real one (rua, ruf, pct...).",
    describe: (p) => `The tag ${String(p.tag)}= is not a DMARC tag.`,
    fix: (ctx) => publish(ctx, "Remove or correct the unknown tag.", cleanTags(evidence(ctx))),
  },
  "dmarc.inherited": {
    severity: "info",
    title: "DMARC record inherited from the organizational domain",
    meaning:
      "The domain has no _dmarc record of its own, so receivers use the organizational domain's record (RFC 7489 §6.6.3), with its sp= policy when present.",
    describe: (p) => `${String(p.domain)} uses the DMARC record of ${String(p.orgDomain)}.`,
  },
  "dmarc.external_rua_unauthorized": {
    severity: "medium",
    title: "External report address not authorized",
    meaning:
      'Reports to an address in another organizational domain are sent only when that domain publishes <your domain>._report._dmarc.<its domain> TXT "v=DMARC1" (RFC 7489 §7.1); otherwise receivers drop them.',
    describe: (p) => `${String(p.domain)} does not authorize reports for ${String(p.recordDomain)}.`,
    fix: (ctx) => {
      const name = String(ctx.params.name ?? `${domainOf(ctx)}._report._dmarc.${String(ctx.params.domain)}`);
      return {
        text: `Ask the operator of ${String(ctx.params.domain)} to publish this record (report services do it when you register the domain), or send reports to an address in your own domain.`,
        records: [{ name, type: "TXT", value: "v=DMARC1" }],
      };
    },
  },
  "dmarc.dns_error": {
    severity: "info",
    title: "DMARC could not be determined",
    meaning:
      "A DNS query needed for DMARC timed out or failed (SERVFAIL/REFUSED); the result is unknown, not failed.",
    describe: (p) => `${String(p.name)} ${String(p.type)}: ${String(p.status)}.`,
  },
});

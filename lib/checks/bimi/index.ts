/**
 * BIMI check: `default._bimi.<domain>` (falling back to the organizational domain, as for DMARC), the
 * record's syntax, and the enforcing DMARC policy BIMI requires. The DMARC questions are the DMARC
 * check's own: the report's resolver answers them once.
 */
import { discoverDmarc } from "@/lib/checks/dmarc/discover";
import { isDmarcRecord, organizationalDomain, parseDmarc, policyFor } from "@/lib/checks/dmarc/parse";
import { dnsErrorFinding, finding, runCheck } from "@/lib/checks/result";
import type { Check, Finding } from "@/lib/checks/types";
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { bimiDmarcVerdict, isBimiRecord, parseBimi } from "./parse";

export interface BimiEvidence {
  kind: "bimi";
  name: string;
  source: "domain" | "org";
  raw: string;
  cnames: string[];
  logos: string[];
  authority: string | null;
  declined: boolean;
  dmarc: {
    outcome: string;
    recordDomain?: string;
    /** The DMARC record that applies, for the fix to start from. */
    raw?: string;
    policy?: string;
    pct?: number;
    enforced?: boolean;
  };
}

export const bimiCheck: Check<"bimi", BimiEvidence> = (ctx) =>
  runCheck("bimi", ctx, async (resolver) => {
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };
    const org = organizationalDomain(domain);
    const ownName = `default._bimi.${domain}`;
    const orgName = `default._bimi.${org}`;
    // Every question at once: the BIMI record at both levels and DMARC discovery.
    const [own, orgAnswer, dmarc] = await Promise.all([
      resolver.query(ownName, "TXT"),
      org !== domain ? resolver.query(orgName, "TXT") : Promise.resolve(undefined),
      discoverDmarc(resolver, domain),
    ]);
    const findings: Finding[] = [];

    const pick = ():
      { answer: DnsAnswer<"TXT">; source: "domain" | "org"; texts: string[] } | "error" | null => {
      if (isDnsFailure(own.status)) return "error";
      const ownTexts = own.status === "ok" ? own.answers.filter(isBimiRecord) : [];
      if (ownTexts.length > 0) return { answer: own, source: "domain", texts: ownTexts };
      if (!orgAnswer) return null;
      if (isDnsFailure(orgAnswer.status)) return "error";
      const orgTexts = orgAnswer.status === "ok" ? orgAnswer.answers.filter(isBimiRecord) : [];
      return orgTexts.length > 0 ? { answer: orgAnswer, source: "org", texts: orgTexts } : null;
    };
    const chosen = pick();
    if (chosen === "error") {
      const failed = isDnsFailure(own.status) ? own : orgAnswer!;
      return { findings: [dnsErrorFinding("bimi", failed)], records: [] };
    }
    if (chosen === null) {
      // BIMI is optional: its absence is information, not a fault.
      findings.push(finding("bimi.missing", "info", { name: ownName }));
      return { findings, records: [], status: "info" };
    }
    if (chosen.texts.length > 1) {
      findings.push(
        finding("bimi.invalid", "medium", {
          reason: "multiple_records",
          name: chosen.answer.name,
          count: chosen.texts.length,
        }),
      );
      return { findings, records: [] };
    }
    const rec = parseBimi(chosen.texts[0]!);
    for (const p of rec.problems) findings.push(finding("bimi.invalid", "medium", { ...p }));

    const evidence: BimiEvidence = {
      kind: "bimi",
      name: chosen.answer.name,
      source: chosen.source,
      raw: rec.raw,
      cnames: chosen.answer.cnames,
      logos: rec.logos,
      authority: rec.authority ?? null,
      declined: rec.declined,
      dmarc: {
        outcome: dmarc.outcome,
        ...(dmarc.recordDomain ? { recordDomain: dmarc.recordDomain } : {}),
        ...(dmarc.record ? { raw: dmarc.record.raw } : {}),
      },
    };

    if (rec.declined) {
      findings.push(finding("bimi.declined", "info", { name: chosen.answer.name }));
      return { findings, records: [evidence], ...(findings.length === 1 ? { status: "info" as const } : {}) };
    }
    if (rec.problems.length === 0 && !rec.authority) findings.push(finding("bimi.no_vmc", "info", {}));

    if (dmarc.outcome === "error") {
      findings.push(dnsErrorFinding("bimi", dmarc.failed!));
    } else if (dmarc.outcome !== "found" || !dmarc.record!.usable) {
      findings.push(
        finding("bimi.dmarc_not_enforced", "medium", {
          reason: dmarc.outcome === "found" ? "dmarc_invalid" : `dmarc_${dmarc.outcome}`,
        }),
      );
    } else {
      const applied = policyFor(dmarc.record!, dmarc.source === "org" ? "subdomain" : "self");
      // The organizational domain's own record, when the domain has a separate one.
      const orgTexts = dmarc.source === "domain" && dmarc.org ? dmarc.org.records : [];
      const orgRec =
        orgTexts.length === 1 && isDmarcRecord(orgTexts[0]!) ? parseDmarc(orgTexts[0]!) : undefined;
      const verdict = bimiDmarcVerdict(applied, dmarc.record!, orgRec);
      evidence.dmarc = {
        ...evidence.dmarc,
        policy: applied.policy,
        pct: applied.pct,
        enforced: verdict.enforced,
      };
      if (!verdict.enforced) {
        findings.push(
          finding("bimi.dmarc_not_enforced", "medium", {
            reason: verdict.reason,
            policy: verdict.policy,
            pct: verdict.pct,
            recordDomain: verdict.reason === "org_policy_weak" ? dmarc.orgDomain : dmarc.recordDomain,
          }),
        );
      }
    }
    return { findings, records: [evidence] };
  });

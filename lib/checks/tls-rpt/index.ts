/**
 * TLS-RPT check (RFC 8460): `_smtp._tls.<domain>` must hold exactly one v=TLSRPTv1 record with a
 * valid rua= so senders can report TLS failures (MTA-STS, DANE) to the domain.
 */
import { dnsErrorFinding, finding, runCheck } from "@/lib/checks/result";
import type { Check, Finding } from "@/lib/checks/types";
import { isDnsFailure } from "@/lib/dns/types";
import { isTlsRptRecord, parseTlsRpt, type TlsRptUri } from "./parse";

export interface TlsRptEvidence {
  kind: "tls_rpt";
  name: string;
  raw: string;
  cnames: string[];
  rua: TlsRptUri[];
  extensions: { name: string; value: string }[];
  valid: boolean;
}

export const tlsRptCheck: Check<"tls_rpt", TlsRptEvidence> = (ctx) =>
  runCheck("tls_rpt", ctx, async (resolver) => {
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };
    const name = `_smtp._tls.${domain}`;
    const answer = await resolver.query(name, "TXT");
    if (isDnsFailure(answer.status)) return { findings: [dnsErrorFinding("tls_rpt", answer)], records: [] };
    const texts = answer.status === "ok" ? answer.answers.filter(isTlsRptRecord) : [];
    const findings: Finding[] = [];
    const records: TlsRptEvidence[] = texts.map((raw) => {
      const rec = parseTlsRpt(raw);
      return {
        kind: "tls_rpt",
        name,
        raw,
        cnames: answer.cnames,
        rua: rec.rua,
        extensions: rec.extensions,
        valid: rec.problems.length === 0,
      };
    });
    if (texts.length === 0) {
      findings.push(finding("tls_rpt.missing", "low", { name }));
    } else if (texts.length > 1) {
      // §3: if the number of v=TLSRPTv1 records is not one, senders assume no TLS-RPT.
      findings.push(finding("tls_rpt.multiple_records", "medium", { name, count: texts.length }));
    } else {
      for (const p of parseTlsRpt(texts[0]!).problems) {
        findings.push(
          finding("tls_rpt.invalid", "medium", {
            reason: p.reason,
            ...(p.value !== undefined ? { value: p.value } : {}),
          }),
        );
      }
    }
    return { findings, records };
  });

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FINDINGS } from "./index";
import { renderFindingsDoc } from "./render-doc";

/** Codes the public contract promises (shared/contract.md), each with words and a fix in the UI. */
const CONTRACT_CODES = [
  "spf.missing",
  "spf.multiple_records",
  "spf.syntax_error",
  "spf.too_many_lookups",
  "spf.void_lookups",
  "spf.pass_all",
  "spf.neutral_all",
  "spf.no_all",
  "spf.ptr_mechanism",
  "spf.include_missing",
  "spf.include_loop",
  "spf.ip_not_authorized",
  "dmarc.missing",
  "dmarc.multiple_records",
  "dmarc.syntax_error",
  "dmarc.policy_none",
  "dmarc.pct_partial",
  "dmarc.subdomain_policy_weaker",
  "dmarc.no_rua",
  "dmarc.external_rua_unauthorized",
  "dmarc.inherited",
  "dkim.no_selector_found",
  "dkim.key_too_short",
  "dkim.key_revoked",
  "dkim.testing_mode",
  "dkim.syntax_error",
  "mx.missing",
  "mx.null_mx",
  "mx.target_is_cname",
  "mx.target_is_ip",
  "mx.target_unresolvable",
  "mx.target_private_ip",
  "ptr.missing",
  "ptr.fcrdns_mismatch",
  "ptr.generic_hostname",
  "dnsbl.listed",
  "dnsbl.query_refused",
  "mta_sts.missing",
  "mta_sts.invalid",
  "mta_sts.mx_mismatch",
  "mta_sts.testing_mode",
  "tls_rpt.missing",
  "bimi.missing",
  "bimi.dmarc_not_enforced",
  "dnssec.unsigned",
];

describe("finding catalogue", () => {
  it("has words for every code the contract promises", () => {
    const missing = CONTRACT_CODES.filter((c) => !FINDINGS[c]);
    expect(missing).toEqual([]);
  });

  it("gives every non-info code a fix", () => {
    const noFix = Object.entries(FINDINGS)
      .filter(([, d]) => d.severity !== "info" && !d.fix)
      .map(([c]) => c);
    expect(noFix).toEqual([]);
  });

  it("docs/findings.md is up to date (npm run docs:findings)", () => {
    expect(readFileSync("docs/findings.md", "utf8")).toBe(renderFindingsDoc());
  });
});

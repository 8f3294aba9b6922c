import { describe, expect, it } from "vitest";
import { parseDmarc, policyFor } from "@/lib/checks/dmarc/parse";
import { bimiDmarcVerdict, isBimiRecord, parseBimi } from "./parse";

describe("parseBimi", () => {
  it("parses logo and authority URLs", () => {
    const r = parseBimi("v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem;");
    expect(r.problems).toEqual([]);
    expect(r.logos).toEqual(["https://example.com/logo.svg"]);
    expect(r.authority).toBe("https://example.com/vmc.pem");
    expect(r.declined).toBe(false);
  });
  it("recognises a declination (empty l= and a=)", () => {
    expect(parseBimi("v=BIMI1; l=; a=")).toMatchObject({ declined: true, problems: [] });
    expect(parseBimi("v=BIMI1; l=").declined).toBe(true);
  });
  it("accepts an empty l= with a certificate (the logo comes from the VMC)", () => {
    expect(parseBimi("v=BIMI1; l=; a=https://example.com/vmc.pem")).toMatchObject({
      declined: false,
      problems: [],
    });
  });
  it.each([
    ["v=BIMI1; l=http://example.com/logo.svg", "invalid_logo_url"],
    ["v=BIMI1; l=https://example.com/l.svg; a=ftp://example.com/vmc.pem", "invalid_authority_url"],
    ["v=BIMI1; a=https://example.com/vmc.pem", "missing_l"],
    ["l=https://example.com/l.svg; v=BIMI1", "v_not_first"],
    ["v=BIMI2; l=https://example.com/l.svg", "invalid_version"],
    ["v=BIMI1; l=https://a/l.svg; l=https://b/l.svg", "malformed"],
  ])("%s → %s", (raw, reason) => {
    expect(parseBimi(raw).problems.map((p) => p.reason)).toContain(reason);
  });
  it("identifies BIMI records", () => {
    expect(isBimiRecord("v=BIMI1; l=")).toBe(true);
    expect(isBimiRecord("v=DMARC1; p=none")).toBe(false);
  });
});

describe("bimiDmarcVerdict", () => {
  const verdict = (raw: string, org?: string) => {
    const rec = parseDmarc(raw);
    return bimiDmarcVerdict(policyFor(rec, "self"), rec, org ? parseDmarc(org) : undefined);
  };
  it("accepts reject and full quarantine", () => {
    expect(verdict("v=DMARC1; p=reject").enforced).toBe(true);
    expect(verdict("v=DMARC1; p=quarantine; pct=100").enforced).toBe(true);
  });
  it("rejects none, partial pct, sp=none and a weak organizational domain", () => {
    expect(verdict("v=DMARC1; p=none").reason).toBe("policy_none");
    expect(verdict("v=DMARC1; p=quarantine; pct=50").reason).toBe("pct_partial");
    expect(verdict("v=DMARC1; p=reject; sp=none").reason).toBe("sp_none");
    expect(verdict("v=DMARC1; p=reject", "v=DMARC1; p=none").reason).toBe("org_policy_weak");
  });
});

import { describe, expect, it } from "vitest";
import { parseReportRequest } from "@/lib/validation/input";
import { planChecks } from "@/lib/report/run";
import { CONNECTION_CHECKS } from "@/lib/scoring/weights";
import { CHECK_LABELS } from "./labels";
import { CHECK_NAMES, CHECKS, isCheckName, REGISTRY } from "./registry";

const CONTRACT = [
  "spf",
  "dmarc",
  "dkim",
  "mx",
  "ptr",
  "dnsbl",
  "mta_sts",
  "tls_rpt",
  "bimi",
  "dnssec",
  "smtp_tls",
  "dane",
];

describe("check registry", () => {
  it("holds the checks the contract names, each under its own name", () => {
    // The contract's check keys (more may be added; none may go).
    expect(CHECK_NAMES).toEqual(expect.arrayContaining(CONTRACT));
    for (const name of CHECK_NAMES) {
      expect(REGISTRY[name].name).toBe(name);
      expect(CHECKS[name]).toBe(REGISTRY[name].run);
      expect(CHECK_LABELS[name]).toEqual({ name: REGISTRY[name].label, about: REGISTRY[name].about });
    }
    expect(isCheckName("spf")).toBe(true);
    expect(isCheckName("toString")).toBe(false);
  });

  it("documents only codes that start with the check's name", () => {
    const stray = Object.values(REGISTRY).flatMap((d) =>
      Object.keys(d.findings).filter((code) => !code.startsWith(`${d.name}.`)),
    );
    expect(stray).toEqual([]);
  });

  it("keeps the order reports list their checks in", () => {
    // The order of the checks that exist today (a new check may come anywhere in between).
    const names = (input: Record<string, string>) =>
      planChecks(parseReportRequest(input))
        .checks.map((c) => c.name)
        .filter((n) => CONTRACT.includes(n));
    expect(names({ domain: "example.com" })).toEqual([
      "mx",
      "spf",
      "dkim",
      "dmarc",
      "mta_sts",
      "tls_rpt",
      "bimi",
      "dnssec",
      "dnsbl",
      "smtp_tls",
      "dane",
    ]);
    expect(
      planChecks(parseReportRequest({ domain: "example.com", ip: "192.0.2.1" })).checks.at(-1)?.name,
    ).toBe("ptr");
    expect(names({ ip: "192.0.2.1" })).toEqual(["ptr", "dnsbl"]);
  });

  it("marks the connection checks, which never make a report incomplete", () => {
    expect([...CONNECTION_CHECKS].sort()).toEqual(["dane", "smtp_tls"]);
  });
});

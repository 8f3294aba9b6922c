import { describe, expect, it } from "vitest";
import type { CheckResult, Finding } from "@/lib/checks/types";
import { bulkSenderChecklist } from "./checklist";
import { scoreReport } from "./score";
import { CHECK_CAP, SCORING_VERSION } from "./weights";

function result(
  check: CheckResult["check"],
  status: CheckResult["status"],
  findings: Finding[] = [],
  records: unknown[] = [],
): CheckResult {
  return { check, status, findings, records, queries: 1, durationMs: 1 };
}
const f = (code: string, severity: Finding["severity"]): Finding => ({ code, severity, params: {} });

describe("scoreReport", () => {
  it("gives 100 and A+ to a clean report", () => {
    const s = scoreReport({ spf: result("spf", "pass"), mx: result("mx", "pass") });
    expect(s).toMatchObject({ score: 100, grade: "A+", scoringVersion: SCORING_VERSION, deductions: [] });
  });

  it("explains every point lost and caps each check", () => {
    const s = scoreReport({
      spf: result("spf", "fail", [
        f("spf.pass_all", "critical"),
        f("spf.too_many_lookups", "high"),
        f("spf.no_all", "medium"),
      ]),
      dmarc: result("dmarc", "warn", [f("dmarc.policy_none", "medium")]),
    });
    const spfLost = s.deductions.filter((d) => d.check === "spf").reduce((a, d) => a + d.points, 0);
    expect(spfLost).toBe(CHECK_CAP.spf);
    expect(s.deductions.find((d) => d.code === "dmarc.policy_none")?.points).toBe(6);
    expect(s.score).toBe(100 - CHECK_CAP.spf - 6);
    expect(s.score).toBe(100 - s.deductions.reduce((a, d) => a + d.points, 0));
  });

  it("never scores 'could not determine' as a failure", () => {
    const s = scoreReport({
      dnsbl: result("dnsbl", "error", [f("dnsbl.dns_error", "info")]),
      mx: result("mx", "pass"),
    });
    expect(s.score).toBe(100);
    expect(s.unknown).toEqual(["dnsbl"]);
  });

  it("an info-only finding keeps A+ but a low one makes it A", () => {
    expect(scoreReport({ bimi: result("bimi", "info", [f("bimi.missing", "info")]) }).grade).toBe("A+");
    expect(scoreReport({ tls_rpt: result("tls_rpt", "warn", [f("tls_rpt.missing", "low")]) }).grade).toBe(
      "A",
    );
  });

  it("the strict profile costs p=none more than the deliverability profile", () => {
    const checks = { dmarc: result("dmarc", "warn", [f("dmarc.policy_none", "medium")]) };
    expect(scoreReport(checks, "strict").score).toBeLessThan(scoreReport(checks, "deliverability").score);
  });
});

describe("bulkSenderChecklist", () => {
  it("passes a domain with SPF, DKIM and DMARC, and leaves message-level items unknown", () => {
    const items = bulkSenderChecklist({
      spf: result("spf", "pass"),
      dkim: result("dkim", "pass"),
      dmarc: result("dmarc", "warn", [f("dmarc.policy_none", "medium")]),
    });
    const by = Object.fromEntries(items.map((i) => [i.id, i.status]));
    expect(by).toMatchObject({
      spf: "pass",
      dkim: "pass",
      dmarc: "pass",
      alignment: "unknown",
      fcrdns: "unknown",
      tls: "unknown",
    });
  });

  it("fails what is missing and does not judge checks that errored", () => {
    const items = bulkSenderChecklist({
      spf: result("spf", "fail", [f("spf.missing", "high")]),
      dkim: result("dkim", "fail", [f("dkim.no_selector_found", "high")]),
      dmarc: result("dmarc", "error", [f("dmarc.dns_error", "info")]),
      ptr: result("ptr", "fail", [f("ptr.fcrdns_mismatch", "high")]),
      dnsbl: result("dnsbl", "fail", [f("dnsbl.listed", "high")]),
    });
    const by = Object.fromEntries(items.map((i) => [i.id, i.status]));
    expect(by).toMatchObject({
      spf: "fail",
      dkim: "fail",
      dmarc: "unknown",
      fcrdns: "fail",
      blocklists: "fail",
    });
  });

  it("adds the IP verdict when SPF evaluated one", () => {
    const items = bulkSenderChecklist({
      spf: result("spf", "fail", [f("spf.ip_not_authorized", "high")], [{ verdict: { result: "fail" } }]),
    });
    expect(items.find((i) => i.id === "spf_ip")?.status).toBe("fail");
  });
});

describe("the bounce context", () => {
  it("costs points when the bounce points at the sender, not for a bad address", () => {
    const auth = scoreReport({}, "deliverability", { family: "authentication", reason: "authfailure", permanent: true });
    expect(auth.deductions).toEqual([
      { check: "bounce", category: "bounce", code: "bounce.authfailure", severity: "high", points: 15 },
    ]);
    expect(auth.score).toBe(85);
    const deferred = scoreReport({}, "deliverability", { family: "reputation", reason: "blocked", permanent: false });
    expect(deferred.score).toBe(92);
    expect(scoreReport({}, "deliverability", { family: "mailbox", reason: "userunknown", permanent: true }).score).toBe(100);
  });
});

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

  it("leaves an unreachable SMTP probe out of the score, and scores what a reached host shows", () => {
    const blocked = scoreReport({
      spf: result("spf", "pass"),
      smtp_tls: result("smtp_tls", "error", [f("smtp_tls.unreachable", "info")]),
      dane: result("dane", "error", [f("dane.not_verified", "info")]),
    });
    expect(blocked).toMatchObject({ score: 100, unknown: [], deductions: [] });
    const plain = scoreReport({ smtp_tls: result("smtp_tls", "fail", [f("smtp_tls.no_starttls", "high")]) });
    expect(plain.deductions).toEqual([
      expect.objectContaining({
        check: "smtp_tls",
        code: "smtp_tls.no_starttls",
        points: CHECK_CAP.smtp_tls,
      }),
    ]);
  });

  it("never scores 'could not determine' as a failure", () => {
    const s = scoreReport({
      dnsbl: result("dnsbl", "error", [f("dnsbl.dns_error", "info")]),
      mx: result("mx", "pass"),
    });
    expect(s.score).toBeNull();
    expect(s.scoreRange).toEqual({ min: 100 - CHECK_CAP.dnsbl, max: 100 });
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
    expect(scoreReport(checks, "strict").score!).toBeLessThan(scoreReport(checks, "deliverability").score!);
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

describe("judging a report", () => {
  it("a bounce alone is not graded: only checks score", () => {
    expect(scoreReport({}).deductions).toEqual([]);
  });

  it("a check that carries points and ends error makes the report incomplete, with no score or grade", () => {
    const s = scoreReport({
      spf: result("spf", "fail", [f("spf.missing", "critical")]),
      dmarc: result("dmarc", "error", [f("dmarc.dns_error", "info")]),
      mx: result("mx", "pass"),
    });
    expect(s.status).toBe("incomplete");
    expect(s.score).toBeNull();
    expect(s.grade).toBeNull();
    // Best case: DMARC turns out clean; worst case: it costs its whole cap.
    expect(s.scoreRange).toEqual({ min: 75 - CHECK_CAP.dmarc, max: 75 });
    expect(s.undetermined).toEqual([{ check: "dmarc", maxPoints: CHECK_CAP.dmarc }]);
  });

  it("every check unknown: the range spans what the caps allow, never A+ 100", () => {
    const checks = Object.fromEntries(
      (["spf", "dmarc", "dkim", "mx", "dnsbl", "mta_sts", "tls_rpt", "bimi", "dnssec"] as const).map((n) => [
        n,
        result(n, "error"),
      ]),
    );
    const s = scoreReport(checks);
    expect(s).toMatchObject({ status: "incomplete", score: null, grade: null });
    expect(s.scoreRange.max).toBe(100);
    expect(s.scoreRange.min).toBe(0);
  });

  it("a complete report has min == max == score", () => {
    const s = scoreReport({ dmarc: result("dmarc", "warn", [f("dmarc.policy_none", "medium")]) });
    expect(s.status).toBe("complete");
    expect(s.scoreRange).toEqual({ min: s.score, max: s.score });
  });

  it("a skipped check does not make the report incomplete", () => {
    expect(scoreReport({ ptr: result("ptr", "skipped"), mx: result("mx", "pass") }).status).toBe("complete");
  });
});

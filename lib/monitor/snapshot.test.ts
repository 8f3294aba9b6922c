import { describe, expect, it } from "vitest";
import { diffSnapshots, stableJson, type Snapshot, type TargetSnapshot } from "./snapshot";

const target = (over: Partial<TargetSnapshot> = {}): TargetSnapshot => ({
  score: 90,
  grade: "A",
  complete: true,
  checks: { dnsbl: { status: "pass", records: "[]", recordsHash: "h0" } },
  findings: [],
  ...over,
});
const snap = (t: TargetSnapshot, dmarcFail: Record<string, number> = {}): Snapshot => ({
  targets: { "192.0.2.1": t },
  dmarcFail,
});
const listed = {
  check: "dnsbl" as const,
  code: "dnsbl.listed",
  severity: "high" as const,
  key: "dnsbl.listed|zone=bl.example|query=192.0.2.1",
  params: { zone: "bl.example", query: "192.0.2.1" },
};

describe("diffSnapshots", () => {
  it("reports a delisting, and no listing change while the check could not be determined", () => {
    const before = snap(
      target({ findings: [listed], checks: { dnsbl: { status: "fail", records: "[]", recordsHash: "h0" } } }),
    );
    const after = snap(target({ checks: { dnsbl: { status: "pass", records: "[]", recordsHash: "h0" } } }));
    expect(
      diffSnapshots(before, after)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(["check_status_changed", "delisted"]);
    const unknown = snap(
      target({ checks: { dnsbl: { status: "error", records: "[]", recordsHash: "hx" } } }),
    );
    expect(diffSnapshots(before, unknown)).toEqual([]);
  });

  it("does not compare scores of incomplete reports; a certificate about to expire is its own alert", () => {
    const before = snap(target());
    const after = snap(
      target({
        score: 70,
        complete: false,
        findings: [
          {
            check: "dnsbl",
            code: "smtp_tls.cert_expiring",
            severity: "medium",
            key: "k",
            params: { days: 9 },
          },
          { check: "dnsbl", code: "dnsbl.something_low", severity: "low", key: "l", params: {} },
        ],
      }),
    );
    expect(diffSnapshots(before, after)).toEqual([
      expect.objectContaining({
        kind: "cert_expiring",
        summary: "192.0.2.1: a certificate expires in 9 days",
      }),
    ]);
  });

  it("alerts on a DMARC failure jump only past both thresholds", () => {
    const t = target();
    expect(diffSnapshots(snap(t, { a: 100 }), snap(t, { a: 140 })).map((x) => x.kind)).toEqual([]);
    expect(diffSnapshots(snap(t, { a: 100 }), snap(t, { a: 150 })).map((x) => x.kind)).toEqual([
      "dmarc_failure_jump",
    ]);
    expect(diffSnapshots(snap(t, {}), snap(t, { b: 9 }))).toEqual([]);
  });

  it("fingerprints records independently of key order", () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
});

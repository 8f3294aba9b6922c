import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ReportDiff as Diff } from "@/lib/report/diff";
import { diffSummary, ReportDiff } from "./report-diff";

function diff(extra: Partial<Diff> = {}): Diff {
  return {
    previous: {
      id: "AAAAAAAAAAAAAAAAAAAAAA",
      createdAt: "2026-11-01T10:00:00.000Z",
      status: "complete",
      score: 60,
      grade: "C",
      scoringVersion: "1",
    },
    current: {
      id: "BBBBBBBBBBBBBBBBBBBBBB",
      createdAt: "2026-11-02T10:00:00.000Z",
      status: "complete",
      score: 67,
      grade: "B",
      scoringVersion: "1",
    },
    scoreDelta: 7,
    gradeChanged: true,
    scoringVersionChanged: false,
    fixed: [
      {
        check: "spf",
        key: "spf|spf.neutral_all",
        code: "spf.neutral_all",
        severity: "medium",
        params: {},
        title: "SPF ends in ?all",
        detail: null,
      },
      {
        check: "dkim",
        key: "dkim|a",
        code: "dkim.key_too_short",
        severity: "high",
        params: {},
        title: "Short key <s1>",
        detail: "512 bits",
      },
      {
        check: "dmarc",
        key: "dmarc|b",
        code: "dmarc.no_rua",
        severity: "low",
        params: {},
        title: "No reports",
        detail: null,
      },
    ],
    added: [
      {
        check: "mx",
        key: "mx|c",
        code: "mx.target_is_cname",
        severity: "medium",
        params: {},
        title: "MX is a CNAME",
        detail: null,
      },
    ],
    unchanged: [],
    undetermined: [],
    checks: [{ check: "mx", label: "MX", before: "pass", after: "warn" }],
    ...extra,
  };
}

describe("diffSummary", () => {
  it("says score delta, grade change, fixed and new", () => {
    expect(diffSummary(diff())).toBe("score +7, grade C → B, 3 fixed, 1 new");
    expect(diffSummary(diff({ scoreDelta: -5, gradeChanged: false, fixed: [], added: [] }))).toBe(
      "score −5, 0 fixed, 0 new",
    );
    expect(diffSummary(diff({ scoreDelta: 0, gradeChanged: false }))).toBe("score ±0, 3 fixed, 1 new");
  });
});

describe("ReportDiff", () => {
  it("renders the heading with the previous report's date and link, the lists and status changes", () => {
    const html = renderToStaticMarkup(createElement(ReportDiff, { diff: diff() }));
    expect(html).toContain("Since the previous report");
    expect(html).toContain('href="/r/AAAAAAAAAAAAAAAAAAAAAA"');
    expect(html).toContain("(2026-11-01)");
    expect(html).toContain("score +7, grade C → B, 3 fixed, 1 new");
    expect(html.match(/data-diff="fixed"/g)).toHaveLength(3);
    expect(html.match(/data-diff="new"/g)).toHaveLength(1);
    expect(html).toContain('data-check-change="mx"');
    // Text is escaped by React, never injected.
    expect(html).toContain("Short key &lt;s1&gt;");
    expect(html).not.toContain("scoring changed");
  });

  it("mentions a scoring change and findings that could not be compared", () => {
    const html = renderToStaticMarkup(
      createElement(ReportDiff, {
        diff: diff({
          scoringVersionChanged: true,
          fixed: [],
          added: [],
          checks: [],
          undetermined: [{ ...diff().fixed[0]!, side: "previous" }],
        }),
      }),
    );
    expect(html).toContain("scoring changed");
    expect(html).toContain("1 finding could not be compared");
    expect(html).not.toContain("data-diff=");
  });

  it("an incomplete report is not a score drop: it says the scores cannot be compared", () => {
    const d = diff({
      current: {
        id: "BBBBBBBBBBBBBBBBBBBBBB",
        createdAt: "2026-11-02T10:00:00.000Z",
        status: "incomplete",
        score: null,
        grade: null,
        scoringVersion: "1",
      },
      scoreDelta: null,
      gradeChanged: false,
    });
    expect(diffSummary(d)).toMatch(/^score not comparable \(this report is incomplete\)/);
    expect(renderToStaticMarkup(createElement(ReportDiff, { diff: d }))).not.toMatch(/→ null|NaN/);
  });
});

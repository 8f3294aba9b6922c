import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReportNotes } from "@/components/report/report-notes";
import { formatReport } from "@/lib/cli/format";
import { reportNotes } from "./notes";
import type { ReportDocument } from "./types";

const doc: ReportDocument = {
  schemaVersion: 1,
  createdAt: "2026-12-06T00:00:00.000Z",
  kind: "domain",
  input: { domain: "example.test" },
  status: "incomplete",
  score: null,
  grade: null,
  scoreRange: { min: 40, max: 100 },
  scoringVersion: "test",
  profile: "deliverability",
  deductions: [],
  unknown: [],
  findings: [
    { code: "report.query_limit", severity: "info", params: { maxQueries: 400, notSent: 37 } },
    {
      code: "report.evidence_limited",
      severity: "info",
      params: { checks: ["dkim"], logEntriesCut: 12, bytesBefore: 3_000_000, bytesAfter: 600_000 },
    },
  ],
  checks: {},
  dns: { queries: 400, elapsedMs: 10, servers: ["127.0.0.1:53"] },
};

describe("report notes (the limits a report reached)", () => {
  it("are put in words for the page, banners' own findings left out", () => {
    const notes = reportNotes({
      ...doc,
      findings: [...doc.findings!, { code: "domain.not_found", severity: "critical", params: {} }],
    });
    expect(notes.map((n) => n.code)).toEqual(["report.query_limit", "report.evidence_limited"]);
    expect(notes[0]!.detail).toBe("37 DNS questions were not sent: this report may send 400.");
    expect(notes[1]!.detail).toBe(
      "Shortened: the evidence of dkim; 12 DNS log entries shortened or left out; 3000000 bytes of evidence kept as 600000.",
    );
  });

  it("are printed by the CLI like other findings", () => {
    const text = formatReport(doc, false);
    expect(text).toContain("[info] Stopped at the report's limit of DNS questions report.query_limit");
    expect(text).toContain("37 DNS questions were not sent: this report may send 400.");
    expect(text).toContain("report.evidence_limited");
  });

  it("are shown on the page where the report starts, and nothing is drawn without them", () => {
    const html = renderToStaticMarkup(createElement(ReportNotes, { notes: reportNotes(doc) }));
    expect(html).toContain('data-testid="report-notes"');
    expect(html).toContain('data-code="report.query_limit"');
    expect(html).toContain("Stopped at the report&#x27;s limit of DNS questions");
    expect(html).toContain("37 DNS questions were not sent: this report may send 400.");
    expect(renderToStaticMarkup(createElement(ReportNotes, { notes: [] }))).toBe("");
  });
});

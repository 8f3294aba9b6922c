import { describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/bounce/types";
import type { CheckResult } from "@/lib/checks/types";
import { code, fence, markdownFilename, reportToMarkdown, text } from "./markdown";
import type { ReportDocument } from "./types";

const EVIL =
  "<img src=x onerror=alert(1)> [click](http://evil.test) | cell | `tick` **bold**\n# Heading\n```";

function result(partial: Partial<CheckResult> & Pick<CheckResult, "check" | "status">): CheckResult {
  return { findings: [], records: [], queries: 1, durationMs: 2, ...partial };
}

function domainDoc(extra: Partial<ReportDocument> = {}): ReportDocument {
  return {
    schemaVersion: 1,
    id: "AbCdEfGhIjKlMnOpQrStUv",
    url: "https://mxray.example/r/AbCdEfGhIjKlMnOpQrStUv",
    createdAt: "2026-11-23T20:41:05.000Z",
    kind: "domain",
    input: { domain: "example.com" },
    status: "complete",
    score: 62,
    grade: "C",
    scoreRange: { min: 62, max: 62 },
    scoringVersion: "2026.1",
    profile: "deliverability",
    deductions: [
      { check: "dmarc", category: "authentication", code: "dmarc.missing", severity: "high", points: 20 },
      { check: "spf", category: "authentication", code: "spf.neutral_all", severity: "medium", points: 8 },
    ],
    unknown: ["bimi"],
    checks: {
      spf: result({
        check: "spf",
        status: "warn",
        findings: [
          { code: "spf.neutral_all", severity: "medium", params: { domain: "example.com", term: "?all" } },
        ],
      }),
      dmarc: result({
        check: "dmarc",
        status: "fail",
        findings: [{ code: "dmarc.missing", severity: "high", params: {} }],
      }),
      mx: result({ check: "mx", status: "pass" }),
      bimi: result({ check: "bimi", status: "error" }),
    },
    dns: { queries: 17, elapsedMs: 40, servers: [] },
    ...extra,
  };
}

const diagnosis: Diagnosis = {
  replyCode: 550,
  enhancedCode: "5.7.26",
  enhancedMeaning: "Multiple authentication checks failed",
  permanent: true,
  family: "authentication",
  reason: "authfailure",
  provider: "Gmail",
  stage: "rcpt_to",
  recipient: "user@gmail.test",
  senderDomain: "example.com",
  sendingIp: "192.0.2.1",
  remoteMta: "mx.google.test",
  blocklist: null,
  action: "Fix DMARC alignment",
  retry: false,
  summary: EVIL,
  fix: ["Publish SPF", "Sign with DKIM | align <d=>"],
  linkedChecks: ["spf", "dkim", "dmarc"],
  ruleId: "gmail-5.7.26",
};

describe("escaping helpers", () => {
  it("text() neutralizes HTML, links, emphasis, code spans, pipes and line breaks", () => {
    const out = text(EVIL);
    expect(out).not.toMatch(/\n/);
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img src=x onerror=alert\\(1\\)&gt;");
    expect(out).toContain("\\[click\\]\\(http://evil.test\\)");
    expect(out).toContain("\\| cell \\|");
    expect(out).toContain("\\`tick\\`");
    expect(out).toContain("\\*\\*bold\\*\\*");
    expect(out).not.toMatch(/(^|[^\\])[`|[<]/);
    expect(text("- item")).toBe("\\- item");
    expect(text("1. item")).toBe("1\\. item");
    expect(text("a & b")).toBe("a &amp; b");
  });

  it("code() picks a delimiter longer than any backtick run inside", () => {
    expect(code("plain")).toBe("`plain`");
    expect(code("a`b")).toBe("``a`b``");
    expect(code("``x")).toBe("``` ``x ```");
    expect(code("a|b")).toBe("`a|b`");
    expect(code("a|b", true)).toBe("`a\\|b`");
    expect(code("line1\nline2")).toBe("`line1 line2`");
  });

  it("fence() cannot be closed by the content", () => {
    const block = fence("v=spf1 ```\n````\n</pre><script>", "dns");
    const lines = block.split("\n");
    expect(lines[0]).toBe("`````dns");
    expect(lines.at(-1)).toBe("`````");
    expect(lines.slice(1, -1)).toEqual(["v=spf1 ```", "````", "</pre><script>"]);
    expect(fence("x")).toBe("```\nx\n```");
  });
});

describe("reportToMarkdown", () => {
  const md = reportToMarkdown(domainDoc());

  it("has the title, score and grade, date, share link and next step", () => {
    expect(md.startsWith("# mxray report: example.com\n")).toBe(true);
    expect(md).toContain("- **Score:** 62/100, grade **C**");
    expect(md).toContain("- **Date:** 2026-11-23 20:41 UTC");
    expect(md).toContain("- **Share link:** `https://mxray.example/r/AbCdEfGhIjKlMnOpQrStUv`");
    // The worst finding with a fix is the next step: missing DMARC (high) beats neutral SPF (medium).
    expect(md).toMatch(/## Next step\n\n\*\*DMARC: No DMARC record\*\*\n\nPublish a DMARC record/);
  });

  it("lists every check with its status and findings, records fenced", () => {
    expect(md).toContain("### SPF: Warning");
    expect(md).toContain("### DMARC: Fail");
    expect(md).toContain("### MX: Pass\n\nNo problems found.");
    expect(md).toContain("### BIMI: Unknown");
    expect(md).toContain("#### High: No DMARC record (`dmarc.missing`)");
    expect(md).toContain("**Fix:** Publish a DMARC record.");
    expect(md).toContain(
      "Record to publish:\n\n```dns\n_dmarc.example.com TXT v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com\n```",
    );
    expect(md).toContain('The record at example.com ends in "?all".');
  });

  it("has the deductions table and the undetermined checks", () => {
    expect(md).toContain("| Check | Finding | Severity | Points |");
    expect(md).toContain("| dmarc | `dmarc.missing` | high | −20 |");
    expect(md).toContain("Could not be determined (not scored): `bimi`");
  });

  it("renders and escapes a bounce diagnosis", () => {
    const out = reportToMarkdown(
      domainDoc({
        kind: "bounce",
        input: { bounce: EVIL },
        bounce: diagnosis,
        checks: {},
        deductions: [],
        unknown: [],
      }),
    );
    expect(out.startsWith("# mxray report: Bounce diagnosis\n")).toBe(true);
    expect(out).toContain("## Bounce diagnosis");
    expect(out).toContain("- **Enhanced status code:** `5.7.26` (Multiple authentication checks failed)");
    expect(out).toContain("- **Recipient:** `user@gmail.test`");
    expect(out).toContain("2. Sign with DKIM \\| align &lt;d=&gt;");
    // Nothing from the bounce survives as live HTML, a heading, a link or a stray fence.
    expect(out).not.toContain("<img");
    expect(out).not.toMatch(/^# Heading/m);
    expect(out).not.toMatch(/^```/m);
    expect(out).not.toContain("](http://evil.test)");
    // The raw bounce itself is not dumped into the export.
    expect(out).not.toContain("onerror=alert(1)");
  });

  it("escapes a hostile stored subject and share link", () => {
    const out = reportToMarkdown(
      domainDoc({
        input: { domain: "xn--e1afmkfd.test", domainUnicode: "<b>x</b>|`y`" },
        url: "https://h/r/`x`",
      }),
    );
    expect(out.split("\n")[0]).toBe("# mxray report: &lt;b&gt;x&lt;/b&gt;\\|\\`y\\`");
    expect(out).toContain("Domain (A-label): `xn--e1afmkfd.test`");
    expect(out).toContain("- **Share link:** `` https://h/r/`x` ``");
  });
});

describe("markdownFilename", () => {
  it("names the file after the subject and date, with only safe characters", () => {
    expect(markdownFilename(domainDoc())).toBe("mxray-example.com-2026-11-23.md");
    expect(markdownFilename(domainDoc({ kind: "bounce", input: { bounce: "x" } }))).toBe(
      "mxray-bounce-2026-11-23.md",
    );
    expect(markdownFilename(domainDoc({ kind: "ip", input: { ip: "2001:db8::1" } }))).toBe(
      "mxray-2001-db8-1-2026-11-23.md",
    );
    expect(markdownFilename(domainDoc({ input: { domain: 'a"b\r\n.c' } }))).toBe(
      "mxray-a-b-.c-2026-11-23.md",
    );
  });
});

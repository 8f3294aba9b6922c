import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";

/** `mxray dmarc-report` as users run it, naming sources through the fixture DNS server. */
let sandbox: Sandbox;
let tmp: string;

beforeAll(async () => {
  sandbox = await startDnsSandbox({
    zones: ["2.0.192.in-addr.arpa", "amazonses.com"],
    records: [
      { name: "7.2.0.192.in-addr.arpa", type: "PTR", data: "a7-1.smtp-out.amazonses.com" },
      { name: "a7-1.smtp-out.amazonses.com", type: "A", data: "192.0.2.7" },
    ],
  });
  tmp = mkdtempSync(join(tmpdir(), "mxray-dmarc-cli-"));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/mxray.mjs", ...args], {
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}

const report = (id: string, records: string) =>
  `<?xml version="1.0"?><feedback><report_metadata><org_name>rx\u009b.example</org_name><email>a@rx.example</email>` +
  `<report_id>${id}</report_id><date_range><begin>1793491200</begin><end>1793577599</end></date_range>` +
  `</report_metadata><policy_published><domain>shop.test</domain><p>none</p></policy_published>${records}</feedback>`;
const rec = (ip: string, count: number, dkim: string, spf: string) =>
  `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>` +
  `<dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row><identifiers><header_from>shop.test</header_from></identifiers>` +
  `<auth_results><spf><domain>shop.test</domain><result>${spf}</result></spf></auth_results></record>`;

describe("mxray dmarc-report", () => {
  it("prints one JSON document with each report, the refusals and the per-source summary", async () => {
    const a = join(tmp, "a.xml");
    const bad = join(tmp, "bad.xml");
    writeFileSync(
      a,
      report("r-a", rec("192.0.2.7", 30, "pass", "pass") + rec("192.0.2.8", 5, "fail", "fail")),
    );
    writeFileSync(bad, "<feedback><report_metadata>");
    const r = await cli(["dmarc-report", a, a, bad, "--json", "--dns", sandbox.server]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(
      doc.reports.map((x: { reportId: string; duplicate: boolean }) => [x.reportId, x.duplicate]),
    ).toEqual([
      ["r-a", false],
      ["r-a", true],
    ]);
    expect(doc.refused).toEqual([{ source: bad, reason: expect.stringMatching(/invalid XML/) }]);
    expect(r.stderr).toContain("refused");
    const d = doc.domains[0];
    expect(d).toMatchObject({ domain: "shop.test", totalMessages: 35, dmarc: { pass: 30, fail: 5 } });
    expect(
      d.sources.map((s: { ip: string; service: string; ptr: string | null }) => [s.ip, s.service, s.ptr]),
    ).toEqual([
      ["192.0.2.7", "Amazon SES", "a7-1.smtp-out.amazonses.com"],
      ["192.0.2.8", "unknown", null],
    ]);
    expect(d.enforce.wouldReject).toBe(5);
  });

  it("shows control characters from a report escaped, and exits 2 when nothing could be read", async () => {
    const a = join(tmp, "ctl.xml");
    writeFileSync(a, report("r-ctl", rec("192.0.2.7", 1, "pass", "pass")));
    const ok = await cli(["dmarc-report", a, "--dns", sandbox.server]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("rx\\x9b.example");
    expect(ok.stdout).not.toContain("\u009b");
    const none = await cli(["dmarc-report", join(tmp, "missing.xml")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/cannot read .*missing\.xml: ENOENT/);
    const empty = join(tmp, "empty.xml");
    writeFileSync(empty, "");
    const refused = await cli(["dmarc-report", empty, "--dns", sandbox.server]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/refused .*empty\.xml: the file is empty/);
  });
});

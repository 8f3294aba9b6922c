import type { CheckName } from "@/lib/checks/types";
import { CONNECTION_CHECKS } from "@/lib/scoring/weights";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReport } from "@/lib/report/run";
import { parseReportRequest } from "@/lib/validation/input";
import { startDnsSandbox, type Sandbox } from "./index";
import { DEMO_BOUNCE_FILE, DEMO_DOMAINS, DEMO_ZONE_DIR, demoAppEnv } from "./demo";

/**
 * `npm run demo` promises a full report for each demo domain offline: every check determined (nothing
 * "could not determine"), the good one graded well, the broken one badly, the bounce diagnosed.
 */
describe("the offline demo", () => {
  let sandbox: Sandbox;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    sandbox = await startDnsSandbox({ zoneDir: DEMO_ZONE_DIR });
    // The DNSBL check reads its zones from the environment, as the app does.
    for (const [k, v] of Object.entries(demoAppEnv(sandbox.server))) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await sandbox.close();
  });

  // Through the same validation as the form and the API.
  const run = (body: { domain?: string; ip?: string; bounce?: string }) =>
    runReport(parseReportRequest(body), { dns: sandbox.server, timeoutMs: 1000, deadlineMs: 8000 });

  const byRole = (role: string) => DEMO_DOMAINS.find((d) => d.role === role)!.domain;

  it.each(DEMO_DOMAINS.map((d) => [d.domain]))("%s gets a complete report", async (domain) => {
    const doc = await run({ domain });
    // The demo's mail servers are fictitious (documentation addresses): the checks that connect to them
    // (CONNECTION_CHECKS) say "could not connect" and carry no points; every DNS answer must be there.
    const undetermined = Object.entries(doc.checks)
      .filter(([name]) => !CONNECTION_CHECKS.includes(name as CheckName))
      .filter(([, r]) => r.status === "error" || r.findings.some((f) => f.code.endsWith(".dns_error")))
      .map(([name, r]) => `${name}: ${r.findings.map((f) => JSON.stringify(f.params)).join(", ")}`);
    expect(undetermined).toEqual([]);
    expect(doc.unknown).toEqual([]);
    expect(doc.score).not.toBeNull();
  });

  it("grades the good domain well and the broken one badly, for the reasons the console gives", async () => {
    const good = await run({ domain: byRole("good") });
    expect(good.score).toBeGreaterThanOrEqual(90);
    expect(good.checks.dkim?.status).toBe("pass");
    expect(good.checks.dnssec?.findings.map((f) => f.code)).not.toContain("dnssec.unsigned");

    const broken = await run({ domain: byRole("broken") });
    expect(broken.score).toBeLessThanOrEqual(40);
    const codes = Object.values(broken.checks).flatMap((r) => r.findings.map((f) => f.code));
    expect(codes).toEqual(
      expect.arrayContaining([
        "spf.pass_all",
        "mx.target_is_cname",
        "mx.target_unresolvable",
        "dmarc.missing",
        "dkim.key_too_short",
        "dnsbl.listed",
      ]),
    );
  });

  it("diagnoses the demo bounce and runs the checks it implicates on its sender domain", async () => {
    const doc = await run({ bounce: readFileSync(DEMO_BOUNCE_FILE, "utf8") });
    expect(doc.bounce?.family).toBe("authentication");
    expect(doc.targets?.senderDomain).toBe(byRole("bounce"));
    expect(doc.targets?.sendingIp).toBe("203.0.113.66");
    expect(doc.unknown).toEqual([]);
    const codes = Object.values(doc.checks).flatMap((r) => r.findings.map((f) => f.code));
    expect(codes).toEqual(expect.arrayContaining(["spf.ip_not_authorized", "dkim.no_selector_found"]));
  });

  it("lists the bounce's sending address on the demo blocklist, with no PTR", async () => {
    const doc = await run({ ip: "203.0.113.66" });
    expect(doc.unknown).toEqual([]);
    const codes = Object.values(doc.checks).flatMap((r) => r.findings.map((f) => f.code));
    expect(codes).toEqual(expect.arrayContaining(["dnsbl.listed", "ptr.missing"]));
  });
});

/**
 * Fixes that keep what works: each suggested SPF record is published in place of the current one and
 * the check runs again. The finding it fixes must be gone and no new finding may appear.
 */
import { describe, expect, it } from "vitest";
import { dkimCheck } from "@/lib/checks/dkim";
import { mxCheck } from "@/lib/checks/mx";
import type { CheckName, CheckResult } from "@/lib/checks/types";
import { explainFinding } from "@/lib/findings";
import { spfCheck } from "./index";
import { fakeResolver, type FakeZone } from "../../../test-support/dns/spf-fake-resolver";

const DOMAIN = "example.test";
const GOOGLE_MX = { MX: [{ priority: 1, exchange: "aspmx.l.google.com" }] };
/** What the providers' own names answer, so their includes resolve like on the Internet. */
const PROVIDERS: FakeZone = {
  "aspmx.l.google.com": { A: ["192.0.2.100"] },
  "_spf.google.com": { TXT: ["v=spf1 ip4:198.51.100.0/24 ~all"] },
  "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:203.0.113.0/24 -all"] },
  "mx.example.test": { A: ["192.0.2.25"] },
  "sendgrid.net": { TXT: ["v=spf1 ip4:198.51.100.128/25 -all"] },
};

async function runChecks(zone: FakeZone): Promise<Partial<Record<CheckName, CheckResult>>> {
  const resolver = fakeResolver({ ...PROVIDERS, ...zone }, { cache: true });
  const [spf, mx, dkim] = await Promise.all([
    spfCheck({ resolver, domain: DOMAIN }),
    mxCheck({ resolver, domain: DOMAIN }),
    dkimCheck({ resolver, domain: DOMAIN }),
  ]);
  return { spf, mx, dkim };
}

const codes = (r: CheckResult | undefined) => (r?.findings ?? []).map((f) => f.code).sort();

/** Runs the checks, applies the fix of `code`, runs again; returns the record and both finding lists. */
async function roundTrip(
  zone: FakeZone,
  code: string,
  profile: "deliverability" | "strict" = "deliverability",
) {
  const before = await runChecks(zone);
  const f = before.spf?.findings.find((x) => x.code === code);
  expect(f, `${code} before the fix`).toBeDefined();
  const fix = explainFinding(f!, before.spf!, { domain: DOMAIN, profile, checks: before }).fix;
  const published = fix?.records?.find((r) => r.name === DOMAIN && r.type === "TXT");
  expect(published, `a record for ${code}`).toBeDefined();
  const own = (typeof zone[DOMAIN] === "object" ? zone[DOMAIN] : {}) as object;
  const after = await runChecks({ ...zone, [DOMAIN]: { ...own, TXT: [published!.value] } });
  return { record: published!.value, text: fix!.text, before: codes(before.spf), after: codes(after.spf) };
}

describe("SPF fixes round-trip through our own check", () => {
  it("+all → the same mechanisms with ~all; nothing new appears", async () => {
    const r = await roundTrip(
      { [DOMAIN]: { TXT: ["v=spf1 mx include:sendgrid.net +all"], ...GOOGLE_MX } },
      "spf.pass_all",
    );
    expect(r.record).toBe("v=spf1 mx include:sendgrid.net ~all");
    expect(r.after).not.toContain("spf.pass_all");
    expect(r.after.filter((c) => !r.before.includes(c))).toEqual([]);
  });

  it("+all under the strict profile → -all", async () => {
    const r = await roundTrip({ [DOMAIN]: { TXT: ["v=spf1 ip4:192.0.2.1 +all"] } }, "spf.pass_all", "strict");
    expect(r.record).toBe("v=spf1 ip4:192.0.2.1 -all");
    expect(r.after).toEqual([]);
  });

  it("a record of +all alone is not turned into one that authorizes nobody", async () => {
    const r = await roundTrip({ [DOMAIN]: { TXT: ["v=spf1 +all"], ...GOOGLE_MX } }, "spf.pass_all");
    expect(r.record).toBe("v=spf1 include:_spf.google.com ~all");
    expect(r.text).toMatch(/Draft/);
    expect(r.after).toEqual([]);
  });

  it("a missing record → a draft from the MX and the providers the other records reveal", async () => {
    const google = await roundTrip({ [DOMAIN]: GOOGLE_MX }, "spf.missing");
    expect(google.record).toBe("v=spf1 include:_spf.google.com ~all");
    expect(google.text).toMatch(/Draft to review/);
    expect(google.text).toMatch(/Google Workspace \(MX aspmx\.l\.google\.com\)/);
    expect(google.after).toEqual([]);

    // Its own MX host: "mx" keeps it authorized.
    const own = await roundTrip(
      { [DOMAIN]: { MX: [{ priority: 10, exchange: "mx.example.test" }] } },
      "spf.missing",
      "strict",
    );
    expect(own.record).toBe("v=spf1 mx -all");
    expect(own.after).toEqual([]);

    // Nothing revealed: the usual starting point, never a record of "all" alone.
    const bare = await roundTrip({ [DOMAIN]: { A: ["192.0.2.1"] } }, "spf.missing");
    expect(bare.record).toBe("v=spf1 mx ~all");
  });

  it("?all and a missing all → ~all, keeping the rest", async () => {
    for (const [record, code] of [
      ["v=spf1 ip4:192.0.2.1 ?all", "spf.neutral_all"],
      ["v=spf1 ip4:192.0.2.1", "spf.no_all"],
    ] as const) {
      const r = await roundTrip({ [DOMAIN]: { TXT: [record] } }, code);
      expect(r.record).toBe("v=spf1 ip4:192.0.2.1 ~all");
      expect(r.after).toEqual([]);
    }
  });
});

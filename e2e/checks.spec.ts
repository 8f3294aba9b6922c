import { expect, test } from "@playwright/test";

const BOX = "Domain, sending IP, or a pasted bounce";

test("the report page shows every check with its findings, evidence and fix", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel(BOX).fill("mxray-broken.test");
  await page.getByText("Options").click();
  await page.getByLabel(/Sending IP/).fill("203.0.113.66");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\//);

  // Every registered check (lib/checks/registry.ts), as the app's OpenAPI document lists them.
  const api = await page.request.get("/api/openapi.json");
  const checks: string[] = (await api.json()).components.schemas.CheckResult.properties.check.enum;
  expect(checks).toContain("dane");
  for (const check of checks) {
    await expect(page.locator(`[data-check="${check}"]`), check).toBeVisible();
  }
  // A finding per failing check, each with words and the exact record to publish.
  const spfAll = page.locator('[data-check="spf"] [data-code="spf.pass_all"]');
  await expect(spfAll).toContainText("+all");
  await expect(spfAll.locator("[data-fix]")).toContainText("~all");
  await expect(page.locator('[data-check="dmarc"] [data-code="dmarc.missing"] [data-fix]')).toContainText(
    "v=DMARC1",
  );
  await expect(
    page.locator('[data-check="dkim"] [data-code="dkim.no_selector_found"] [data-fix]'),
  ).toBeVisible();
  await expect(page.locator('[data-check="dnsbl"] [data-code="dnsbl.listed"]')).toContainText(
    "bl.dnsbl.test",
  );
  // Evidence: the records behind the findings.
  const evidence = page.locator('[data-check="mx"] details').first();
  await evidence.locator("> summary").click();
  await expect(evidence).toContainText("gone.mxray-broken.test");
  // "Could not determine" is never a failure.
  await expect(page.locator('[data-check="spf"] [data-status]').first()).toHaveAttribute(
    "data-status",
    "fail",
  );
});

test("a lookup that times out is reported as unknown, not as a failure", async ({ request }) => {
  const res = await request.post("/api/reports", { data: { domain: "mxray-timeout.test" } });
  expect(res.status()).toBe(201);
  const doc = await res.json();
  expect(doc.checks.dmarc.status).toBe("error");
  expect(doc.unknown).toContain("dmarc");
  expect(doc.deductions.some((d: { check: string }) => d.check === "dmarc")).toBe(false);
});

test("results stream in while the report runs", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel(BOX).fill("mxray-slow.test");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  const summary = page.getByTestId("progress-summary");
  await expect(summary).toBeVisible();
  await expect(page.locator('[data-progress="mx"]')).toBeVisible();
  await expect(page.locator('[data-progress][data-state="running"]').first()).toBeVisible();
  await page.waitForURL(/\/r\//);
  await expect(page.getByTestId("report-subject")).toHaveText("mxray-slow.test");
});

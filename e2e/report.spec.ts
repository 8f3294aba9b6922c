import { expect, test } from "@playwright/test";

test("a domain typed on the home page lands on a saved report that the share link reopens", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await page.getByLabel("Domain, sending IP, or a pasted bounce").fill("mxray-broken.test");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  const url = page.url();

  await expect(page.getByTestId("report-subject")).toHaveText("mxray-broken.test");
  const mx = page.locator('[data-check="mx"]');
  await expect(mx).toBeVisible();
  await expect(mx.locator('[data-code="mx.target_is_cname"]')).toBeVisible();
  await expect(mx.locator('[data-code="mx.target_unresolvable"]')).toBeVisible();
  await expect(page.getByTestId("share-url")).toHaveText(url);

  // A fresh browser context (no cookies, no state) sees the same saved report.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(url);
  await expect(page2.getByTestId("report-subject")).toHaveText("mxray-broken.test");
  await expect(page2.locator('[data-check="mx"] [data-code="mx.target_is_cname"]')).toBeVisible();
  const score = await page.locator("[data-report] figure").getAttribute("aria-label");
  expect(await page2.locator("[data-report] figure").getAttribute("aria-label")).toBe(score);
  await other.close();
});

test("an IDN is queried as its A-label and shown as its U-label", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Domain, sending IP, or a pasted bounce").fill("bücher.test");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\//);
  await expect(page.getByTestId("report-subject")).toHaveText("bücher.test");
  await expect(page.getByText("xn--bcher-kva.test").first()).toBeVisible();
  await expect(page.locator('[data-check="mx"] [data-status]').first()).toHaveAttribute(
    "data-status",
    /pass|warn|info/,
  );
});

test("invalid input gets an inline error and keeps what was typed", async ({ page }) => {
  await page.goto("/");
  const box = page.getByLabel("Domain, sending IP, or a pasted bounce");
  await box.fill("exa_mple..com");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.locator("#form-error")).toContainText(/empty label|not a valid/);
  await expect(box).toHaveValue("exa_mple..com");
  await expect(page).toHaveURL(/\/$/);
});

test("the JSON API returns the saved report per the contract", async ({ request }) => {
  const created = await request.post("/api/reports", { data: { domain: "mxray-demo.test" } });
  expect(created.status()).toBe(201);
  const body = await created.json();
  expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(body.url).toContain(`/r/${body.id}`);
  const got = await request.get(`/api/reports/${body.id}`);
  expect(got.status()).toBe(200);
  const doc = await got.json();
  expect(doc).toMatchObject({ schemaVersion: 1, id: body.id, input: { domain: "mxray-demo.test" } });
  expect(doc.checks.mx.status).toBe("pass");
  expect(doc.dns.queries).toBeGreaterThan(0);
  expect((await request.get("/api/reports/AAAAAAAAAAAAAAAAAAAAAA")).status()).toBe(404);
  const bad = await request.post("/api/reports", { data: { domain: "192.0.2.1" } });
  expect(bad.status()).toBe(422);
  expect(bad.headers()["content-type"]).toContain("application/problem+json");
});

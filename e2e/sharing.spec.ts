import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const BOX = "Domain, sending IP, or a pasted bounce";

async function report(page: Page, domain: string): Promise<string> {
  await page.goto("/");
  await page.getByLabel(BOX).fill(domain);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  return page.url();
}

async function noSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("copy a fix, run again and see what changed, export Markdown", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const first = await report(page, "mxray-broken.test");
  const fix = page.locator('[data-check="spf"] [data-code="spf.pass_all"] [data-fix]');
  await fix.getByRole("button", { name: /Copy record/ }).click();
  await expect(fix.getByRole("button", { name: /Copy record/ })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("v=spf1 mx ~all");

  await page.getByRole("button", { name: "Run again" }).click();
  await page.waitForURL((url) => url.href !== first && /\/r\/[A-Za-z0-9_-]{22}$/.test(url.pathname));
  await expect(page.getByTestId("report-diff")).toContainText(/Since the previous report/i);
  await expect(page.getByTestId("report-diff-summary")).toBeVisible();

  const md = await page.request.get(`/api/reports/${first.split("/r/")[1]}/markdown`);
  expect(md.status()).toBe(200);
  expect(md.headers()["content-type"]).toContain("text/markdown");
  expect(await md.text()).toContain("mxray-broken.test");
});

test("the strict profile rescores the same report", async ({ page }) => {
  // p=none costs more under the strict profile.
  await report(page, "dmarc-none.test");
  const score = await page.locator("[data-report] figure").getAttribute("aria-label");
  await page.getByRole("link", { name: "Strict anti-spoofing" }).click();
  await expect(page.getByText(/rescored now with the strict anti-spoofing profile/)).toBeVisible();
  expect(await page.locator("[data-report] figure").getAttribute("aria-label")).not.toBe(score);
});

test("a domain's history lists its reports", async ({ page }) => {
  const url = await report(page, "mxray-demo.test");
  await page.goto("/d/mxray-demo.test");
  await expect(page.locator(`a[href="/r/${url.split("/r/")[1]}"]`)).toBeVisible();
});

test("home, report and bounce pages have no serious accessibility violations, in light and dark", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await noSeriousViolations(page);
  const url = await report(page, "mxray-broken.test");
  await noSeriousViolations(page);
  const darkContext = await browser.newContext({ colorScheme: "dark" });
  const dark = await darkContext.newPage();
  await dark.goto(url);
  // Next streams the metadata of dynamic pages: wait for the title before auditing.
  await expect(dark).toHaveTitle(/mxray-broken\.test/);
  await noSeriousViolations(dark);
  await darkContext.close();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  test("the report fits the screen without sideways scrolling", async ({ page }) => {
    await report(page, "mxray-broken.test");
    await expect(page.locator('[data-check="mx"]')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await noSeriousViolations(page);
  });
});

test("a shared page is light and cached: the DNS log loads only when opened", async ({ page, request }) => {
  const url = await report(page, "mxray-broken.test");
  const id = url.split("/r/")[1]!;
  // The first response holds what a reader sees first, not the query log.
  const res = await request.get(`/r/${id}`);
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html.length).toBeLessThan(150 * 1024);
  expect(html).not.toContain('data-testid="dns-log"');
  // The page carries a fresh CSP nonce per response, so only the browser may keep it (a shared cache would
  // hand one nonce to every reader); the report's JSON is the same bytes for everyone and shared caches keep it.
  expect(res.headers()["cache-control"]).toMatch(/^private, max-age=\d+, immutable$/);
  const etag = res.headers()["etag"]!;
  expect((await request.get(`/r/${id}`, { headers: { "if-none-match": etag } })).status()).toBe(304);
  const json = await request.get(`/api/reports/${id}`);
  expect(json.headers()["cache-control"]).toMatch(/^public, max-age=\d+, immutable$/);
  expect(json.headers()["etag"]).toMatch(/^"/);

  const fetched: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/evidence")) fetched.push(r.url());
  });
  await page.goto(url);
  await expect(page.locator('[data-check="mx"]')).toBeVisible();
  expect(fetched).toEqual([]);
  await page.getByText(/^DNS query log \(\d+ quer(y|ies)\)$/).click();
  await expect(page.getByTestId("dns-log").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("dns-log")).toContainText("mxray-broken.test");
  await page.getByText(/^DNS timeline/).click();
  await expect(page.getByTestId("dns-timeline")).toBeVisible();
  // One fetch serves every panel.
  expect(fetched).toEqual([expect.stringContaining(`/api/reports/${id}/evidence`)]);
});

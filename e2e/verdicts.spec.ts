import { expect, test } from "@playwright/test";

const BOX = "Domain, sending IP, or a pasted bounce";

/**
 * mxray-blackhole.test: the fixture DNS server never answers any question about it (faults.json), as a
 * black-holed resolver would. The report must say "Incomplete", on the page and on its share card,
 * and never show a grade.
 */
test("a resolver that never answers: Incomplete on the page and the card, no grade", async ({
  page,
  request,
}) => {
  await page.goto("/");
  await page.getByLabel(BOX).fill("mxray-blackhole.test");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/, { timeout: 60_000 });

  await expect(page.getByTestId("incomplete-banner")).toContainText(
    /Incomplete: \d+ checks? could not be determined/,
  );
  await expect(page.getByTestId("incomplete-banner")).toContainText(/Resolver asked: 127\.0\.0\.1:\d+/);
  await expect(page.getByTestId("verdict-badge")).toHaveAttribute("data-status", "incomplete");
  // No score gauge, no grade anywhere in the header.
  await expect(page.locator('[aria-label^="Score "]')).toHaveCount(0);
  await expect(page.locator("[data-report] > header")).not.toContainText(/\b(A\+|[ABCDF]) ?\(?\d+\/100/);
  await expect(page).toHaveTitle(/incomplete/i);
  expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toMatch(/incomplete/i);

  const card = await page.locator('meta[property="og:image"]').first().getAttribute("content");
  expect(card).toBeTruthy();
  const res = await request.get(new URL(card!).pathname);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("image/png");
  expect(res.headers()["x-mxray-verdict"]).toBe("Incomplete");

  const doc = await (await request.get(`/api/reports/${page.url().split("/r/")[1]}`)).json();
  expect(doc).toMatchObject({ status: "incomplete", score: null, grade: null });
});

test("a domain that does not exist is said so plainly, with the resolver and what to try", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByLabel(BOX).fill("no-such-name.mxray-demo.test");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  const box = page.getByTestId("domain-not-found");
  await expect(box).toContainText("no-such-name.mxray-demo.test does not exist");
  await expect(box).toContainText(/127\.0\.0\.1:\d+/);
  await expect(box).toContainText("Check the spelling");
  await expect(box).toContainText("If this domain exists, your resolver may be filtering it");
  await expect(page.locator("[data-check]")).toHaveCount(0);
  await expect(page.locator('[aria-label^="Score "]')).toHaveCount(0);
});

test("a URL is checked as its mail domain, and the report says what was asked", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel(BOX).fill("https://www.mxray-demo.test/contact");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  await expect(page.getByTestId("report-subject")).toHaveText("mxray-demo.test");
  await expect(page.getByTestId("checked-from")).toContainText(
    "Checked mxray-demo.test — from https://www.mxray-demo.test/contact",
  );
});

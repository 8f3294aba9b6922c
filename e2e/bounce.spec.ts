import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

const BOX = "Domain, sending IP, or a pasted bounce";
const DSN = readFileSync("e2e/fixtures/bounces/gmail-dmarc.eml", "utf8");

test("a pasted bounce message gives the diagnosis on top and the checks it implicates below", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByLabel(BOX).fill(DSN);
  await expect(page.locator("[data-kind]")).toHaveAttribute("data-kind", "bounce");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\//);
  const panel = page.getByTestId("bounce-panel");
  await expect(panel).toBeVisible();
  await expect(panel).toContainText("5.7.26");
  await expect(panel).toContainText(/gmail/i);
  await expect(panel).toContainText("someone@gmail.com");
  // The sender domain from the returned headers: its authentication checks ran.
  for (const check of ["spf", "dkim", "dmarc"])
    await expect(page.locator(`[data-check="${check}"]`)).toBeVisible();
  await expect(page.locator('[data-check="spf"] [data-code="spf.pass_all"]')).toBeVisible();
  await expect(page.locator('[data-check="mx"]')).toHaveCount(0);
  // Untrusted text is rendered as text.
  await expect(page.locator("script:has-text('alert')")).toHaveCount(0);
});

test("the API diagnoses a single reply line and links the blocklist checks to the sending IP", async ({
  request,
}) => {
  const res = await request.post("/api/reports", {
    data: {
      bounce:
        "550 5.7.1 Service unavailable; Client host [203.0.113.66] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.66",
    },
  });
  expect(res.status()).toBe(201);
  const doc = await res.json();
  expect(doc.bounce).toMatchObject({
    replyCode: 550,
    enhancedCode: "5.7.1",
    family: "reputation",
    sendingIp: "203.0.113.66",
  });
  expect(doc.bounce.blocklist?.name).toMatch(/spamhaus/i);
  expect(Object.keys(doc.checks)).toEqual(expect.arrayContaining(["dnsbl", "ptr"]));
  expect(doc.checks.dnsbl.findings.map((f: { code: string }) => f.code)).toContain("dnsbl.listed");
});

test("an empty bounce paste gets an inline error, a huge one a 413", async ({ page, request }) => {
  expect((await request.post("/api/reports", { data: { bounce: "   \n  " } })).status()).toBe(422);
  expect(
    (await request.post("/api/reports", { data: { bounce: "5".repeat(1024 * 1024 + 1) } })).status(),
  ).toBe(413);
  await page.goto("/");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.locator("#form-error")).toContainText(/Enter a domain/);
});

test("many bounces: a pasted Postfix log is grouped with what to do first", async ({ page }) => {
  const log = [
    "Nov 23 10:00:01 mx postfix/smtp[1]: A1: to=<a@gmail.example>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.27] said: 550-5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command))",
    "Nov 23 10:00:02 mx postfix/smtp[1]: A2: to=<b@yahoo.example>, relay=mta5.am0.yahoodns.net[198.51.100.9]:25, delay=1, dsn=4.7.0, status=deferred (host mta5.am0.yahoodns.net[198.51.100.9] said: 421 4.7.0 [TSS04] Messages from 203.0.113.66 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command))",
    "Nov 23 10:00:03 mx postfix/smtp[1]: A3: to=<c@example.net>, relay=mx.example.net[198.51.100.5]:25, delay=1, dsn=2.0.0, status=sent (250 2.0.0 OK)",
  ].join("\n");
  await page.goto("/");
  await page.getByRole("link", { name: "Many bounces" }).click();
  await page.getByLabel(/Mail log, mbox/).fill(log);
  await page.getByLabel(/Messages sent/).fill("50");
  await page.getByRole("button", { name: "Analyse" }).click();
  const summary = page.getByTestId("bulk-summary");
  await expect(summary).toContainText("1 bounce, 1 deferral");
  await expect(summary).toContainText("What to do first");
  await expect(summary).toContainText("5.1.1");
  await expect(summary).toContainText("gmail.example");
});

test("a mail log pasted on the home page is pointed to the Bounces page", async ({ page }) => {
  const line = (n: number) =>
    `Nov 23 10:00:0${n} mx postfix/smtp[1]: A${n}: to=<u${n}@example.net>, relay=mx.example.net[198.51.100.5]:25, delay=1, dsn=5.1.1, status=bounced (host mx.example.net[198.51.100.5] said: 550 5.1.1 User unknown (in reply to RCPT TO command))`;
  await page.goto("/");
  await page.locator("#q").fill([line(1), line(2)].join("\n"));
  const hint = page.getByTestId("log-hint");
  await expect(hint).toContainText("2 bounces, not one");
  await expect(hint.getByRole("link")).toHaveAttribute("href", "/bounces");
});

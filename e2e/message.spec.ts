import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import nodemailer from "nodemailer";

/**
 * "Test a message": an address issued in the browser, a DKIM-signed message sent to the app's SMTP inbox over
 * STARTTLS, and the report appearing by itself on the waiting page.
 */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2917);
const KEY = readFileSync("test-support/mail/keys/good2048.pem", "utf8");

test("an address issued in the browser receives a message and shows its report", async ({ page }) => {
  // The first request opens (and migrates) the app's database: allow for it on a busy machine.
  test.setTimeout(120_000);
  await page.goto("/message");
  await page.getByRole("button", { name: "Get a test address" }).click();
  await page.waitForURL(/\/message\/[A-Za-z0-9_-]{22}$/);
  const address = (await page.getByTestId("test-address").textContent())?.trim() ?? "";
  expect(address).toMatch(/^test-[a-z2-7]{20}@inbox\.test$/);
  await expect(page.getByTestId("wait-state")).toContainText("Waiting");

  const info = await nodemailer
    .createTransport({
      host: "127.0.0.1",
      port: SMTP_PORT,
      requireTLS: true,
      name: "mx.mail-sender.test",
      // The app's certificate is the self-signed one it generated on first start.
      tls: { rejectUnauthorized: false },
      dkim: { domainName: "mail-sender.test", keySelector: "s2048", privateKey: KEY },
    })
    .sendMail({
      from: "Alice <alice@mail-sender.test>",
      to: address,
      envelope: { from: "bounces@mail-sender.test", to: address },
      subject: "End-to-end",
      text: "Hello",
      html: "<p>Hello</p>",
    });
  expect(info.response).toMatch(/^250 /);

  await page.waitForURL(/\/r\//, { timeout: 30_000 });
  const panel = page.getByTestId("message-panel");
  await expect(panel).toBeVisible();
  const auth = page.getByTestId("message-auth");
  await expect(auth).toContainText("d=mail-sender.test s=s2048");
  await expect(auth).toContainText("2048-bit key");
  await expect(page.getByTestId("message-connection")).toContainText(/TLSv1\.[23]/);
  await expect(page.getByTestId("provider-rules")).toContainText("Gmail".toLowerCase(), { ignoreCase: true });
  await expect(page.getByTestId("report-subject")).toContainText("mail-sender.test");
  const messageReport = new URL(page.url()).pathname.split("/").pop()!;

  // A full check of the From: domain, made after this message arrived (DKIM-signed by that domain, so it
  // counts): the checklist items only a real message decides show what this one did, dated. The message
  // report is private: the public domain report neither links to it nor names it, in its page or its JSON.
  await page.getByTestId("check-from-domain").click();
  await page.waitForURL((u) => /^\/r\//.test(u.pathname) && !u.pathname.endsWith(messageReport), {
    timeout: 90_000,
  });
  const domainReport = new URL(page.url()).pathname.split("/").pop()!;
  const checklist = page.getByTestId("bulk-checklist");
  await expect(checklist).toContainText("and the latest message received from this domain");
  const alignment = checklist.locator('[data-item="alignment"]');
  await expect(alignment).toHaveAttribute("data-status", "pass");
  await expect(alignment).toContainText("As seen in a message received on");
  await expect(checklist.getByRole("link")).toHaveCount(0);
  expect(await page.content()).not.toContain(messageReport);
  const json = await (await page.request.get(`/api/reports/${domainReport}`)).text();
  expect(json).toContain('"latestMessage"');
  expect(json).not.toContain(messageReport);
  await expect(checklist.locator('[data-item="tls"]')).toHaveAttribute("data-status", "pass");
  // No List-Unsubscribe in this message: the one-click item fails, saying so.
  const unsubscribe = checklist.locator('[data-item="unsubscribe"]');
  await expect(unsubscribe).toHaveAttribute("data-status", "fail");
  await expect(unsubscribe).toContainText("no List-Unsubscribe header");
  await expect(page.getByTestId("latest-message")).toContainText("demonstrably sent");
  await expect(page.getByTestId("latest-message").getByRole("link")).toHaveCount(0);
});

test("a pasted message without a signature gets a report naming what is missing", async ({ page }) => {
  await page.goto("/message");
  await page
    .getByLabel("Raw message or headers")
    .fill("From: bob@mail-sender.test\nTo: x@example.com\nSubject: hi\n\nHello\n");
  await page.getByRole("button", { name: "Check this message" }).click();
  await page.waitForURL(/\/r\//);
  await expect(page.getByTestId("message-findings")).toContainText("message.dkim_missing");
  await expect(page.getByTestId("message-findings")).toContainText("message.header_missing");
});

import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";

// Unique per run: the same report id twice is kept once, and the database may outlive a run.
const RUN = Date.now().toString(36);
const DOMAIN = `dmarc-${RUN}.test`;

const report = (id: string, begin: number, records: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><feedback><report_metadata><org_name>receiver.example</org_name>` +
  `<email>dmarc@receiver.example</email><report_id>${id}-${RUN}</report_id><date_range><begin>${begin}</begin>` +
  `<end>${begin + 86399}</end></date_range></report_metadata><policy_published><domain>${DOMAIN}</domain>` +
  `<adkim>r</adkim><aspf>r</aspf><p>none</p><pct>100</pct></policy_published>${records}</feedback>`;
const rec = (ip: string, count: number, dkim: string, spf: string) =>
  `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>` +
  `<dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row><identifiers><header_from>${DOMAIN}</header_from>` +
  `</identifiers><auth_results><dkim><domain>${DOMAIN}</domain><result>${dkim}</result></dkim>` +
  `<spf><domain>${DOMAIN}</domain><result>${spf}</result></spf></auth_results></record>`;

const TLS = JSON.stringify({
  "organization-name": "Sender Inc.",
  "date-range": { "start-datetime": "2026-11-01T00:00:00Z", "end-datetime": "2026-11-01T23:59:59Z" },
  "contact-info": "tls@sender.example",
  "report-id": `tls-${RUN}`,
  policies: [
    {
      policy: { "policy-type": "sts", "policy-domain": DOMAIN },
      summary: { "total-successful-session-count": 90, "total-failure-session-count": 10 },
      "failure-details": [
        {
          "result-type": "certificate-expired",
          "receiving-mx-hostname": `mx.${DOMAIN}`,
          "failed-session-count": 10,
        },
      ],
    },
  ],
});

test("uploading reports in the browser shows the domain's DMARC page, every figure linked to its rows", async ({
  page,
}) => {
  await page.goto("/dmarc");
  await page.locator('input[type="file"]').setInputFiles([
    {
      name: "day1.xml",
      mimeType: "application/xml",
      // 192.0.2.10 has a forward-confirmed PTR in the fixture zones (mx1.good.mx.test); 192.0.2.250 none.
      buffer: Buffer.from(
        report(
          "d1",
          1793491200,
          rec("192.0.2.10", 120, "pass", "pass") + rec("192.0.2.250", 8, "fail", "fail"),
        ),
      ),
    },
    {
      name: "day2.xml.gz",
      mimeType: "application/gzip",
      buffer: gzipSync(
        report(
          "d2",
          1793577600,
          rec("192.0.2.10", 30, "fail", "pass") + rec("192.0.2.250", 2, "fail", "fail"),
        ),
      ),
    },
    { name: "tls.json", mimeType: "application/json", buffer: Buffer.from(TLS) },
    { name: "broken.xml", mimeType: "application/xml", buffer: Buffer.from("<feedback><oops>") },
  ]);
  await page.getByRole("button", { name: "Upload" }).click();
  const result = page.getByTestId("upload-result");
  // The first upload opens the database (migrations) on a cold server.
  await expect(result).toContainText(`d1-${RUN}`, { timeout: 50_000 });
  await expect(result).toContainText(`d2-${RUN}`);
  await expect(result).toContainText(`tls-${RUN}`);
  await expect(page.getByTestId("refused")).toContainText("broken.xml");

  await result.getByRole("link", { name: DOMAIN }).click();
  await page.waitForURL(new RegExp(`/d/${DOMAIN}/dmarc$`));
  // 120 + 8 + 30 + 2 = 160 messages; 8 + 2 fail DMARC (neither aligned).
  await expect(page.getByTestId("total-messages")).toHaveText("160");
  await expect(page.getByTestId("failing-messages")).toHaveText("10");
  await expect(page.getByTestId("enforce")).toContainText("10 messages");
  await expect(page.getByTestId("enforce")).toContainText("from 1 source would be rejected");
  const sources = page.getByTestId("sources");
  await expect(sources).toContainText("mx1.good.mx.test");
  await expect(sources).toContainText("unknown");
  await expect(page.getByTestId("tls-failures")).toContainText("certificate-expired");
  await expect(page.getByTestId("tls-summary")).toContainText("10 failed");
  await expect(page.locator("svg[role=img]")).toBeVisible();

  await page.getByTestId("failing-messages").click();
  await page.waitForURL(/\/dmarc\/records\?dmarc=fail/);
  await expect(page.getByTestId("rows-total")).toHaveText("10");
  await expect(page.getByTestId("rows").locator("tbody tr")).toHaveCount(2);
});

/**
 * npm run screenshots — needs a production build. Renders, from the set-up of `npm run demo` (demo zones
 * and blocklists), the home page, the broken demo domain's report (desktop and phone), the good one's, and
 * the demo bounce's diagnosis into docs/screenshots/ for the README.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { DEMO_BOUNCE_FILE, DEMO_DOMAINS } from "@/lib/dns-sandbox/demo";
import { CHROMIUM_ARGS, startAppServer } from "./lib/app-server";

async function main() {
  const app = await startAppServer({ demo: true });
  try {
    const post = async (body: unknown) => {
      const r = await fetch(`${app.base}/api/reports`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (r.status !== 201) throw new Error(`POST /api/reports answered ${r.status}: ${await r.text()}`);
      return ((await r.json()) as { id: string }).id;
    };
    const domain = (role: string) => DEMO_DOMAINS.find((d) => d.role === role)!.domain;
    const report = await post({ domain: domain("broken"), ip: "198.51.100.91" });
    const good = await post({ domain: domain("good") });
    const bounce = await post({ bounce: readFileSync(DEMO_BOUNCE_FILE, "utf8") });
    mkdirSync("docs/screenshots", { recursive: true });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    });
    const desk = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await desk.goto(`${app.base}/`);
    await desk.screenshot({ path: "docs/screenshots/home.png" });
    await desk.setViewportSize({ width: 1200, height: 1600 });
    await desk.goto(`${app.base}/r/${report}`);
    await desk.screenshot({ path: "docs/screenshots/report.png" });
    await desk.goto(`${app.base}/r/${good}`);
    await desk.screenshot({ path: "docs/screenshots/good.png" });
    await desk.goto(`${app.base}/r/${bounce}`);
    await desk.screenshot({ path: "docs/screenshots/bounce.png" });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(`${app.base}/r/${report}`);
    await phone.screenshot({ path: "docs/screenshots/phone.png" });
    await browser.close();
    console.log("wrote docs/screenshots/{home,report,good,bounce,phone}.png");
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

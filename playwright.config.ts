import { tmpdir } from "node:os";
import { defineConfig, devices } from "@playwright/test";
import { APP_PORT, DNS_PORT, fixtureAppEnv } from "./e2e/app-env";

/**
 * End-to-end tests: the built app (`npm start`: server.ts) on embedded PGlite or DATABASE_URL, asking our fixture DNS
 * server for every answer, driven in Debian's Chromium (Playwright never downloads a browser here).
 */
/** The app's SMTP inbox and sandbox (e2e/message.spec.ts sends to it). */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2917);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `node_modules/.bin/tsx scripts/dns-sandbox.ts --zones e2e/fixtures/zones --port ${DNS_PORT} --host 127.0.0.1`,
      port: DNS_PORT,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 30_000,
    },
    {
      // `npm start` (dist/server, rebuilt here so that it is the checkout's server.ts and lib/serve).
      command: `node scripts/build-server.mjs && npm start --silent -- -p ${APP_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${APP_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        ...fixtureAppEnv(),
        MXRAY_SMTP_PORT: String(SMTP_PORT),
        MXRAY_SMTP_HOST: "127.0.0.1",
        MXRAY_MAIL_DOMAIN: "inbox.test",
        MXRAY_SMTP_TLS_DIR: `${tmpdir()}/mxray-e2e-smtp-tls-${SMTP_PORT}`,
      },
    },
  ],
});

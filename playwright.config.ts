import { tmpdir } from "node:os";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests: the built app (`next start`) on embedded PGlite or DATABASE_URL, asking our fixture DNS
 * server for every answer, driven in Debian's Chromium (Playwright never downloads a browser here).
 */
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3917);
const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5917);
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
      command: `node_modules/.bin/next start -p ${APP_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${APP_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        NEXT_TELEMETRY_DISABLED: "1",
        MXRAY_DNS: `127.0.0.1:${DNS_PORT}`,
        MXRAY_DNS_TIMEOUT_MS: "1000",
        MXRAY_RATE_LIMIT: "0",
        MXRAY_ALLOW_PRIVATE: "1",
        // Fixture blocklists served by the sandbox (the real zones are not reachable from tests).
        MXRAY_DNSBL_ZONES: "bl.dnsbl.test,bl2.dnsbl.test",
        MXRAY_DNSBL_DOMAIN_ZONES: "dom.dnsbl.test",
        MXRAY_SMTP_PORT: String(SMTP_PORT),
        MXRAY_SMTP_HOST: "127.0.0.1",
        MXRAY_MAIL_DOMAIN: "inbox.test",
        MXRAY_SMTP_TLS_DIR: `${tmpdir()}/mxray-e2e-smtp-tls-${SMTP_PORT}`,
        PGLITE_DIR: process.env.DATABASE_URL ? "" : "memory://",
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      },
    },
  ],
});

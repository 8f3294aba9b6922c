/**
 * The environment the browser tests run the app in: every answer from the fixture DNS server, the fixture
 * blocklists, a throwaway database. Shared by playwright.config.ts (`next start`) and the dev-server test.
 */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3917);
export const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5917);

export function fixtureAppEnv(): Record<string, string> {
  return {
    NEXT_TELEMETRY_DISABLED: "1",
    MXRAY_DNS: `127.0.0.1:${DNS_PORT}`,
    MXRAY_DNS_TIMEOUT_MS: "1000",
    MXRAY_RATE_LIMIT: "0",
    MXRAY_ALLOW_PRIVATE: "1",
    // Fixture blocklists served by the sandbox (the real zones are not reachable from tests).
    MXRAY_DNSBL_ZONES: "bl.dnsbl.test,bl2.dnsbl.test",
    MXRAY_DNSBL_DOMAIN_ZONES: "dom.dnsbl.test",
    PGLITE_DIR: process.env.DATABASE_URL ? "" : "memory://",
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  };
}

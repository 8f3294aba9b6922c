import { expect, test, type APIResponse, type Page } from "@playwright/test";

/**
 * Against the built app (`npm start`): the hardening headers on every kind of route (503 in
 * unavailable.spec.ts), CSP nonces on the
 * page's scripts with no violation reported, the share origin immune to forwarded headers, bad
 * percent-encoding, and deleting a report from the browser that created it.
 */

const BOX = "Domain, sending IP, or a pasted bounce";

async function createReport(page: Page, domain: string): Promise<string> {
  await page.goto("/");
  await page.getByLabel(BOX).fill(domain);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  return page.url().split("/r/")[1]!;
}

function expectHardened(res: APIResponse, what: string) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, what).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp, what).toMatch(/script-src [^;]*'strict-dynamic'/);
  expect(/script-src [^;]*'unsafe-inline'/.test(csp), what).toBe(false);
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], what).toContain("camera=()");
  expect(h["x-frame-options"], what).toBe("DENY");
  // Served over plain HTTP here: no HSTS (RFC 6797 §7.2).
  expect(h["strict-transport-security"], what).toBeUndefined();
}

test("every route kind carries the security headers", async ({ page, request }) => {
  // The first report of a run also opens the database.
  test.slow();
  const slug = await createReport(page, "mxray-demo.test");
  const html = await request.get(`/r/${slug}`);
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await html.text())?.[1];
  expect(asset).toBeTruthy();
  const routes: [string, Promise<APIResponse>][] = [
    ["home page", request.get("/")],
    ["report page", Promise.resolve(html)],
    // Kept in memory after its first render (lib/serve): each response still gets its own nonce.
    ["cached report page", request.get(`/r/${slug}`)],
    ["cached report page, again", request.get(`/r/${slug}`, { headers: { "accept-encoding": "gzip" } })],
    ["history page", request.get("/d/mxray-demo.test")],
    ["not-found page", request.get("/no/such/page")],
    ["report JSON", request.get(`/api/reports/${slug}`)],
    ["Markdown export", request.get(`/api/reports/${slug}/markdown`)],
    ["history API", request.get("/api/domains/mxray-demo.test/reports")],
    ["OpenAPI", request.get("/api/openapi.json")],
    ["Open Graph image", request.get(`/r/${slug}/opengraph-image`)],
    ["problem details", request.post("/api/reports", { data: { domain: "a..b" } })],
    ["static script", request.get(asset!)],
    ["public file", request.get("/favicon.svg")],
  ];
  const seen = new Set<string>();
  for (const [what, pending] of routes) {
    const res = await pending;
    expect(res.status(), what).toBeLessThan(500);
    expectHardened(res, what);
    const nonce = /'nonce-([^']+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1] ?? "";
    seen.add(nonce);
    if (what.includes("report page")) {
      // The page's scripts carry this response's nonce, and no other.
      const nonces = new Set([...(await res.text()).matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
      expect(nonces, what).toEqual(new Set([nonce]));
    }
  }
  // A fresh nonce per response.
  expect(seen.size).toBe(routes.length);
});

test("the page's scripts carry this response's nonce and the browser reports no CSP violation", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const slug = await createReport(page, "mxray-demo.test");
  // The second load is answered from the kept page (lib/serve), gzip with this response's nonce spliced in.
  await page.goto(`/r/${slug}`);
  const res = await page.goto(`/r/${slug}`);
  expect(res!.headers()["cache-control"]).toMatch(/^private, /);
  const nonce = /'nonce-([^']+)'/.exec(res!.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  const scripts = await page
    .locator("script")
    .evaluateAll((els) =>
      els.map((e) => ({ nonce: (e as HTMLScriptElement).nonce, src: (e as HTMLScriptElement).src })),
    );
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s.nonce, s.src).toBe(nonce);
  // Hydrated: the client components work under the policy.
  await expect(page.getByRole("button", { name: "Run again" })).toBeEnabled();
  await expect(page.getByTestId("delete-report")).toBeVisible();
  expect(violations).toEqual([]);
});

test("share links ignore forwarded headers from an untrusted client", async ({ request }) => {
  const res = await request.post("/api/reports", {
    data: { domain: "mxray-demo.test" },
    headers: { "x-forwarded-host": "evil.test", "x-forwarded-proto": "javascript" },
  });
  expect(res.status()).toBe(201);
  const doc = (await res.json()) as { url: string };
  expect(doc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/r\//);
});

test("bad percent-encoding is a 404, not a server error", async ({ request }) => {
  expect((await request.get("/d/%ff")).status()).toBe(404);
  expect((await request.get("/api/domains/%ff/reports")).status()).toBe(404);
});

test("the browser that created a report can delete it; another cannot see the control", async ({
  page,
  browser,
}) => {
  const slug = await createReport(page, "mxray-broken.test");
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(`/r/${slug}`);
  await expect(stranger.getByRole("button", { name: "Run again" })).toBeEnabled();
  await expect(stranger.getByTestId("delete-report")).toHaveCount(0);
  await other.close();

  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("delete-report").click();
  await page.waitForURL(/\/\?deleted=1$/);
  await expect(page.getByTestId("report-deleted")).toBeVisible();
  expect((await page.request.get(`/api/reports/${slug}`)).status()).toBe(404);
  expect((await page.request.get(`/r/${slug}`)).status()).toBe(404);
});

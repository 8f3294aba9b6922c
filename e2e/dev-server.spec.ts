import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { expect, test } from "@playwright/test";
import { fixtureAppEnv } from "./app-env";

/**
 * `npm run dev` opened at http://127.0.0.1 rather than localhost: Next's dev server refuses its scripts to
 * origins it was not started for unless allowedDevOrigins lists them, and the un-hydrated form then does a
 * plain GET to /?q=… . Started without -H (as `npm run dev` is), so only next.config.ts can allow 127.0.0.1.
 * Slow by nature: the dev server compiles each page on its first visit.
 */
const BOX = "Domain, sending IP, or a pasted bounce";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let dev: ChildProcess | undefined;
let log = "";

test.afterAll(async () => {
  if (dev?.pid !== undefined && dev.exitCode === null) {
    process.kill(-dev.pid, "SIGTERM");
    await new Promise((r) => dev!.once("exit", r));
  }
});

test("the dev server's form works when opened at 127.0.0.1", async ({ page }) => {
  test.setTimeout(420_000);
  const port = await freePort();
  dev = spawn("node_modules/.bin/next", ["dev", "-p", String(port)], {
    env: { ...process.env, ...fixtureAppEnv() },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  dev.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  dev.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  await expect
    .poll(
      async () => {
        if (dev?.exitCode !== null) throw new Error(`next dev exited:\n${log}`);
        return fetch(`${base}/`).then(
          (r) => r.status,
          () => 0,
        );
      },
      { timeout: 240_000, intervals: [1000] },
    )
    .toBe(200);

  await page.goto(`${base}/`);
  await page.getByLabel(BOX).fill("mxray-demo.test");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  // Un-hydrated, the form submits itself as GET /?q=…: stop there rather than wait for a report page.
  await page.waitForURL((u) => u.pathname.startsWith("/r/") || u.searchParams.has("q"), { timeout: 300_000 });
  expect(page.url(), "the form was not hydrated (dev assets blocked for this origin?)").not.toContain("?q=");
  await expect(page.getByTestId("report-subject")).toHaveText("mxray-demo.test", { timeout: 120_000 });
  expect(log).not.toMatch(/Blocked cross-origin request/);
});

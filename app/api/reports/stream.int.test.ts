import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { createSseParser } from "@/lib/http/sse";

/**
 * The streamed report tells the truth about where it is: "saving" comes only after the last check and
 * names the first start of the embedded database (creating it takes seconds), and "done" only once the
 * report is saved.
 */
let sandbox: Sandbox;
let dir: string;
let POST: (r: Request) => Promise<Response>;

beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  dir = mkdtempSync(join(tmpdir(), "mxray-stream-"));
  vi.stubEnv("MXRAY_DNS", sandbox.server);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("PGLITE_DIR", join(dir, "pglite"));
  vi.stubEnv("MXRAY_RATE_LIMIT", "0");
  ({ POST } = await import("./route"));
});
afterAll(async () => {
  await sandbox?.close();
  const { closeDb } = await import("@/lib/db/index");
  await closeDb();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

async function stream(body: unknown): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const res = await POST(
    new Request("http://mxray.test/api/reports", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(body),
    }),
  );
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const feed = createSseParser((m) => events.push({ event: m.event, data: JSON.parse(m.data) }));
  feed(await res.text());
  return events;
}

describe("POST /api/reports as a stream", () => {
  it("says saving after the last check, with the first start of the embedded database, then done", async () => {
    const events = await stream({ domain: "mxray-demo.test" });
    const names = events.map((e) => e.event);
    const saving = names.indexOf("saving");
    expect(saving).toBeGreaterThan(names.lastIndexOf("check"));
    expect(events[saving]?.data).toEqual({ database: "preparing" });
    expect(names.indexOf("done")).toBe(names.length - 1);
    const plan = events.find((e) => e.event === "plan")?.data.checks as string[];
    expect(names.filter((n) => n === "check")).toHaveLength(plan.length);
  }, 180_000);

  it("says nothing about the database once it is open", async () => {
    const events = await stream({ domain: "mxray-demo.test" });
    expect(events.slice(-2).map((e) => e.event)).toEqual(["saving", "done"]);
    expect(events.at(-2)?.data).toEqual({});
  });
});

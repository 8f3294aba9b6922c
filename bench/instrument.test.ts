import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { dependencyDepth } from "./dependency-depth";
import { createInstrumentedResolver } from "./instrument";
import { wireStats } from "./wire-stats";

const DEMO = fileURLToPath(new URL("../e2e/fixtures/zones/demo.zone", import.meta.url));
const REVERSE = fileURLToPath(new URL("../e2e/fixtures/zones/ptr-reverse.zone", import.meta.url));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneFiles: [DEMO, REVERSE] });
});
afterAll(async () => {
  await sandbox.close();
});

async function askMxThenAddress(resolver: ReturnType<typeof createInstrumentedResolver>["resolver"]) {
  const mx = await resolver.query("mxray-demo.test", "MX");
  await Promise.all(mx.answers.map((m) => resolver.query(m.exchange, "A")));
}

describe("createInstrumentedResolver", () => {
  it("adds the DO bit, request times and the asking code to the resolver's own log", async () => {
    const inst = createInstrumentedResolver({ servers: sandbox.server });
    await Promise.all([
      inst.resolver.query("mxray-demo.test", "SOA", { dnssec: true }),
      inst.resolver.query("mxray-demo.test", "SOA"),
      askMxThenAddress(inst.resolver),
    ]);
    const entries = inst.entries();
    expect(entries).toHaveLength(inst.resolver.log.length);
    expect(entries.map((e) => `${e.type} ${e.name} ${e.dnssec ? "DO" : "-"}`).sort()).toEqual([
      "A mx1.mxray-demo.test -",
      "A mx2.mxray-demo.test -",
      "MX mxray-demo.test -",
      "SOA mxray-demo.test -",
      "SOA mxray-demo.test DO",
    ]);
    for (const e of entries) expect(e.requestedMs).toBeLessThanOrEqual(e.startedMs);
    // The same name and type with and without DO are two questions, not a duplicate.
    expect(wireStats(entries).duplicates).toBe(0);
    expect(dependencyDepth(entries).k).toBe(2);
    expect(inst.requesters().get("mx1.mxray-demo.test|A|0")).toMatch(/^bench\/instrument\.test\.ts:\d+/);
  });

  it("sends one query at a time with maxConcurrent 1", async () => {
    const inst = createInstrumentedResolver({ servers: sandbox.server, maxConcurrent: 1 });
    await Promise.all(["a", "b", "c"].map((l) => inst.resolver.query(`${l}.mxray-demo.test`, "A")));
    const spans = inst.entries().map((e) => [e.startedMs, e.startedMs + e.rttMs] as const);
    spans.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });
});

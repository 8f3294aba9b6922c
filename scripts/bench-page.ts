/**
 * npm run bench:page — needs a production build (`next build`). Starts the fixture DNS server (50 ms added to
 * every answer, like bench:checks) and the app (`npm start`, server.ts) on free ports, then measures:
 * - time to the first streamed check result and to the saved report (POST /api/reports, text/event-stream);
 * - the report page's weight in Chromium: JavaScript transferred (compressed bytes on the wire) and total.
 */
import { chromium } from "playwright-core";
import { createSseParser } from "@/lib/http/sse";
import { CHROMIUM_ARGS, startAppServer } from "./lib/app-server";

const DOMAINS = ["mxray-demo.test", "mxray-broken.test", "spf.test"];
const RUNS = 5;

async function streamed(base: string, domain: string): Promise<{ first: number; done: number; id: string }> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ domain }),
  });
  if (!res.body) throw new Error(`no stream (${res.status})`);
  let first = NaN;
  let done = NaN;
  let id = "";
  const feed = createSseParser((m) => {
    if (m.event === "check" && Number.isNaN(first)) first = performance.now() - t0;
    if (m.event === "done") {
      done = performance.now() - t0;
      id = (JSON.parse(m.data) as { id: string }).id;
    }
    if (m.event === "error") throw new Error(m.data);
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done: end, value } = await reader.read();
    if (end) break;
    feed(value);
  }
  return { first, done, id };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main() {
  const app = await startAppServer({ dnsLatencyMs: 50 });
  try {
    const base = app.base;
    await streamed(base, DOMAINS[0]!); // warm-up: database creation, first compile of each route
    console.log(`Fixture DNS with 50 ms per answer; median of ${RUNS} runs per domain.\n`);
    console.log("| domain | first streamed result ms | full report (saved) ms |");
    console.log("|---|--:|--:|");
    let lastId = "";
    for (const d of DOMAINS) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await streamed(base, d));
      lastId = runs[0]!.id;
      console.log(
        `| ${d} | ${median(runs.map((r) => r.first)).toFixed(0)} | ${median(runs.map((r) => r.done)).toFixed(0)} |`,
      );
    }

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    const types = new Map<string, string>();
    const bytes = new Map<string, number>();
    cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
    cdp.on("Network.loadingFinished", (e) => bytes.set(e.requestId, e.encodedDataLength));
    await page.goto(`${base}/r/${lastId}`, { waitUntil: "networkidle" });
    await browser.close();
    let js = 0;
    let total = 0;
    for (const [id, n] of bytes) {
      total += n;
      if (types.get(id) === "Script") js += n;
    }
    console.log(
      `\nReport page weight: ${(js / 1024).toFixed(1)} KiB JavaScript transferred, ${(total / 1024).toFixed(1)} KiB in all.`,
    );
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

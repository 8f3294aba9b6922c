/**
 * DMARC report ingestion benchmark. Each scenario runs in its own child process so its peak RSS is its own:
 *   parse  — a generated 50 MB aggregate report, streamed through the reader (no database): records/s
 *   store  — the same report read and kept in the database (PGlite in memory, or DATABASE_URL): records/s
 *   upload — 1,000 report files in one multipart/form-data upload through POST /api/dmarc-reports' code
 *
 *   npm run bench:dmarc [-- --mb 50] [-- --files 1000] [-- --only parse,store,upload]
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const MB = Number(argValue("--mb") ?? 50);
const FILES = Number(argValue("--files") ?? 1000);

const HEAD = (id: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<feedback>\n <report_metadata>\n  <org_name>bench.example</org_name>\n` +
  `  <email>dmarc@bench.example</email>\n  <report_id>${id}</report_id>\n  <date_range><begin>1793491200</begin><end>1793577599</end></date_range>\n` +
  ` </report_metadata>\n <policy_published><domain>bench.test</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><pct>100</pct></policy_published>\n`;
const RECORD = (i: number) =>
  ` <record>\n  <row>\n   <source_ip>198.51.${(i >> 8) & 255}.${i & 255}</source_ip>\n   <count>${(i % 7) + 1}</count>\n` +
  `   <policy_evaluated><disposition>none</disposition><dkim>${i % 5 ? "pass" : "fail"}</dkim><spf>${i % 3 ? "pass" : "fail"}</spf></policy_evaluated>\n` +
  `  </row>\n  <identifiers><header_from>bench.test</header_from><envelope_from>bench.test</envelope_from></identifiers>\n` +
  `  <auth_results><dkim><domain>bench.test</domain><selector>s1</selector><result>${i % 5 ? "pass" : "fail"}</result></dkim>` +
  `<spf><domain>bench.test</domain><scope>mfrom</scope><result>${i % 3 ? "pass" : "fail"}</result></spf></auth_results>\n </record>\n`;

/** A report of about `bytes` bytes, generated as it is read: the input itself is never held. */
async function* bigReport(bytes: number, id: string): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  let size = 0;
  let i = 0;
  let buf = HEAD(id);
  while (size < bytes) {
    while (buf.length < 64 * 1024) buf += RECORD(i++);
    size += buf.length;
    yield enc.encode(buf);
    buf = "";
  }
  yield enc.encode("</feedback>\n");
}

function watchRss(): () => number {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(t);
    return Math.max(peak, process.resourceUsage().maxRSS * 1024);
  };
}

async function child(scenario: string): Promise<void> {
  const { readReports } = await import("@/lib/dmarc-reports/read");
  const peak = watchRss();
  const t0 = performance.now();
  let records = 0;
  let bytes = 0;
  let reports = 0;
  if (scenario === "parse") {
    const counted = async function* () {
      for await (const c of bigReport(MB * 1024 * 1024, "parse")) {
        bytes += c.length;
        yield c;
      }
    };
    const o = await readReports(counted(), "big.xml", {
      begin: async () => ({ duplicate: false }),
      records: async (b) => void (records += b.length),
      end: async () => undefined,
      abort: async () => undefined,
    });
    reports = o.read.length;
  } else if (scenario === "store") {
    if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";
    const { ingestReports } = await import("@/lib/dmarc-reports/store");
    const counted = async function* () {
      for await (const c of bigReport(MB * 1024 * 1024, `store-${Date.now()}`)) {
        bytes += c.length;
        yield c;
      }
    };
    const o = await ingestReports(counted(), "big.xml");
    records = o.read[0]?.records ?? 0;
    reports = o.read.length;
    const { closeDb } = await import("@/lib/db/index");
    await closeDb();
  } else if (scenario === "upload") {
    if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";
    const { ingestUpload } = await import("@/lib/dmarc-reports/upload");
    const boundary = "----mxraybench";
    const enc = new TextEncoder();
    const run = Date.now();
    const body = new ReadableStream<Uint8Array>({
      start() {},
      async pull(ctrl) {
        if (reports >= FILES) {
          ctrl.enqueue(enc.encode(`--${boundary}--\r\n`));
          ctrl.close();
          return;
        }
        const n = reports++;
        let doc = HEAD(`upload-${run}-${n}`);
        for (let i = 0; i < 20; i++) doc += RECORD(n * 20 + i);
        doc += "</feedback>\n";
        const part =
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r${n}.xml"\r\n` +
          `Content-Type: application/xml\r\n\r\n${doc}\r\n`;
        const b = enc.encode(part);
        bytes += b.length;
        ctrl.enqueue(b);
      },
    });
    const req = new Request("http://bench.test/api/dmarc-reports", {
      method: "POST",
      body,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half",
    } as RequestInit);
    const o = await ingestUpload(req);
    reports = o.read.length;
    records = o.read.reduce((a, r) => a + r.records, 0);
    if (o.refused.length) throw new Error(`refused: ${JSON.stringify(o.refused.slice(0, 3))}`);
    const { closeDb } = await import("@/lib/db/index");
    await closeDb();
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ scenario, reports, records, bytes, ms, peakRss: peak() }) + "\n");
}

async function main(): Promise<void> {
  const only = (argValue("--only") ?? "parse,store,upload").split(",");
  const self = fileURLToPath(import.meta.url);
  console.log(
    `DMARC ingestion benchmark (${MB} MB report, ${FILES}-file upload; ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite in memory"})`,
  );
  for (const scenario of only) {
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", self, "--child", scenario, ...args],
        {
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      let s = "";
      p.stdout.on("data", (d) => (s += d));
      p.on("close", (code) => (code === 0 ? resolve(s) : reject(new Error(`${scenario} exited ${code}`))));
    });
    const r = JSON.parse(out.trim().split("\n").at(-1)!) as {
      reports: number;
      records: number;
      bytes: number;
      ms: number;
      peakRss: number;
    };
    console.log(
      `${scenario.padEnd(7)} ${r.reports} report(s), ${r.records.toLocaleString("en")} records, ` +
        `${(r.bytes / 1024 / 1024).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s: ` +
        `${Math.round(r.records / (r.ms / 1000)).toLocaleString("en")} records/s, ` +
        `${(r.bytes / 1024 / 1024 / (r.ms / 1000)).toFixed(1)} MB/s, peak RSS ${(r.peakRss / 1024 / 1024).toFixed(0)} MB`,
    );
  }
}

const childIdx = args.indexOf("--child");
if (childIdx >= 0) await child(args[childIdx + 1]!);
else await main();

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getPrisma } from "@/lib/db";
import { setDbEnv, testBackends, type ScratchDb } from "@/test-support/db";
import { startDnsSandbox, type Sandbox, type SandboxRecord } from "@/lib/dns-sandbox";
import { ingestReports } from "@/lib/dmarc-reports/store";
import { startFakeSmtp, type FakeSmtp } from "../../test-support/smtp/fake-smtp";
import { saveReportDocument } from "@/lib/report/service";
import { createMonitor, deleteMonitor, getMonitor, runDueMonitors, signWebhook } from "./service";

// The real saveReportDocument, made to fail once where a test says so.
vi.mock("@/lib/report/service", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/report/service")>();
  return { ...actual, saveReportDocument: vi.fn(actual.saveReportDocument) };
});

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });
vi.stubEnv("MXRAY_DNSBL_ZONES", "bl.monitor.test");
vi.stubEnv("MXRAY_DNSBL_DOMAIN_ZONES", "dom.monitor.test");
vi.stubEnv("MXRAY_DEADLINE_MS", "30000");
vi.stubEnv("MXRAY_DNS_TIMEOUT_MS", "3000");

/** The watched domain as it is on day 1; `day2` edits the SPF record and lists the sending IP. */
function zone(day: 1 | 2): SandboxRecord[] {
  return [
    { name: "shop.monitor.test", type: "MX", data: { priority: 10, exchange: "mx.shop.monitor.test" } },
    { name: "mx.shop.monitor.test", type: "A", data: "192.0.2.10" },
    {
      name: "shop.monitor.test",
      type: "TXT",
      data: day === 1 ? "v=spf1 ip4:192.0.2.10 -all" : "v=spf1 ip4:192.0.2.10 ip4:192.0.2.11 -all",
    },
    {
      name: "_dmarc.shop.monitor.test",
      type: "TXT",
      data: "v=DMARC1; p=reject; rua=mailto:d@shop.monitor.test",
    },
    { name: "10.2.0.192.in-addr.arpa", type: "PTR", data: "mx.shop.monitor.test" },
    // RFC 5782 §5 test entries, so the list is trusted.
    { name: "2.0.0.127.bl.monitor.test", type: "A", data: "127.0.0.2" },
    { name: "test.dom.monitor.test", type: "A", data: "127.0.0.2" },
    ...(day === 2 ? [{ name: "10.2.0.192.bl.monitor.test", type: "A", data: "127.0.0.2" }] : []),
  ];
}
const ZONES = ["monitor.test", "2.0.192.in-addr.arpa"];

interface Received {
  body: string;
  signature: string;
}

describe.each(testBackends())("monitors on $name", (backend) => {
  let scratch: ScratchDb;
  let restoreEnv: () => void;
  let receiver: Server;
  let hookUrl: string;
  let smtp: FakeSmtp;
  const received: Received[] = [];

  beforeAll(async () => {
    scratch = await backend.create();
    restoreEnv = setDbEnv(scratch.env);
    await closeDb();
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push({ body, signature: String(req.headers["x-mxray-signature"] ?? "") });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    smtp = await startFakeSmtp();
    vi.stubEnv("MXRAY_SMTP_RELAY", `smtp://127.0.0.1:${smtp.port}`);
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
    await smtp.close();
    await closeDb();
    restoreEnv();
    await scratch.drop();
  });

  async function withZone<T>(day: 1 | 2, f: (dns: string) => Promise<T>): Promise<T> {
    const s: Sandbox = await startDnsSandbox({ zones: ZONES, records: zone(day) });
    try {
      return await f(s.server);
    } finally {
      await s.close();
    }
  }

  it("sets a baseline, waits for its schedule, then alerts exactly on what changed, signed", async () => {
    received.length = 0;
    const t0 = new Date("2026-11-01T06:00:00Z");
    const { monitor, token, webhookSecret } = await createMonitor(
      { domain: "shop.monitor.test", ips: ["192.0.2.10"], webhook: hookUrl, email: "ops@shop.monitor.test" },
      t0,
    );
    expect(monitor.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(monitor.intervalMinutes).toBe(24 * 60);

    const first = await withZone(1, (dns) => runDueMonitors({ now: t0, dns }));
    expect(first.map((r) => [r.seq, r.alerts.length])).toEqual([[1, 0]]);
    // An hour later it is not due.
    expect(
      await withZone(2, (dns) => runDueMonitors({ now: new Date(t0.getTime() + 3600_000), dns })),
    ).toEqual([]);
    // The next day: the SPF record was edited and the IP was listed.
    const t1 = new Date(t0.getTime() + 24 * 3600_000);
    const second = await withZone(2, (dns) => runDueMonitors({ now: t1, dns }));
    expect(second).toHaveLength(1);
    const kinds = second[0]!.alerts.map((a) => [a.kind, a.target, a.check ?? null]).sort();
    expect(kinds, JSON.stringify(second[0]!.alerts, null, 1)).toEqual(
      [
        ["check_status_changed", "192.0.2.10", "dnsbl"],
        ["listed", "192.0.2.10", "dnsbl"],
        ["record_changed", "shop.monitor.test", "spf"],
        ["score_changed", "192.0.2.10", null],
      ].sort(),
    );
    expect(second[0]!.delivered).toEqual({ webhook: true, email: true });
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(["ops@shop.monitor.test"]);
    expect(mail.data).toContain("Subject: mxray: 4 change(s) on shop.monitor.test");
    expect(mail.data).toContain("listed on bl.monitor.test");
    expect(received).toHaveLength(1);
    const hook = received[0]!;
    const payload = JSON.parse(hook.body);
    const [, t, sig] = /^t=(\d+),sha256=([0-9a-f]{64})$/.exec(hook.signature)!;
    expect(sig).toBe(signWebhook(webhookSecret!, Number(t), hook.body));
    expect(payload).toMatchObject({
      type: "mxray.monitor.alert",
      monitor: { id: monitor.id, domain: "shop.monitor.test" },
    });
    const spf = payload.alerts.find((a: { kind: string }) => a.kind === "record_changed");
    expect(JSON.stringify(spf.before)).toContain("v=spf1 ip4:192.0.2.10 -all");
    expect(JSON.stringify(spf.after)).toContain("ip4:192.0.2.11");
    const listed = payload.alerts.find((a: { kind: string }) => a.kind === "listed");
    expect(listed).toMatchObject({ params: { zone: "bl.monitor.test", query: "192.0.2.10" } });
    expect(listed.fix).toEqual(expect.any(String));

    // The history is kept; a wrong token cannot delete; the right one does.
    const v = await getMonitor(monitor.id);
    expect(v!.runs.map((r) => [r.seq, r.alerts])).toEqual([
      [2, 4],
      [1, 0],
    ]);
    expect(v!.lastChangeAt).toBe(t1.toISOString());
    await expect(deleteMonitor(monitor.id, "nope")).rejects.toMatchObject({ code: "not_found" });
    await deleteMonitor(monitor.id, token);
    expect(await getMonitor(monitor.id)).toBeNull();
  });

  it("a report that cannot be saved is logged with its stack, and the run still counts", async () => {
    const t0 = new Date("2026-12-03T06:00:00Z");
    const { monitor } = await createMonitor(
      { domain: "unsaved.monitor.test", webhook: hookUrl, intervalMinutes: 60 },
      t0,
    );
    vi.mocked(saveReportDocument).mockRejectedValueOnce(new Error("database is read-only"));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const r = await withZone(1, (dns) => runDueMonitors({ now: t0, dns }));
      expect(r.filter((x) => x.monitor === monitor.id).map((x) => x.seq)).toEqual([1]);
      const call = logged.mock.calls.find((c) => String(c[0]).includes("unsaved.monitor.test"));
      expect(call?.[0]).toMatch(/report could not be saved/);
      expect(String(call?.[1])).toMatch(/^Error: database is read-only\n\s+at /);
    } finally {
      logged.mockRestore();
    }
    const prisma = await getPrisma();
    const row = await prisma.monitor.findFirst({ where: { slug: monitor.id }, include: { runs: true } });
    expect(row?.lastRunAt?.toISOString()).toBe(t0.toISOString());
    expect(row?.lastReportSlug).toBeNull();
    expect(row?.runs.map((x) => x.reportSlug)).toEqual([null]);
    await prisma.monitor.deleteMany({ where: { slug: monitor.id } });
  });

  it("alerts on a jump in DMARC failures from a source", async () => {
    received.length = 0;
    const t0 = new Date("2026-12-01T06:00:00Z");
    const { monitor } = await createMonitor(
      { domain: "jump.monitor.test", webhook: hookUrl, intervalMinutes: 60 },
      t0,
    );
    await withZone(1, (dns) => runDueMonitors({ now: t0, dns }));
    await ingestReports(
      Buffer.from(
        `<feedback><report_metadata><org_name>rx</org_name><report_id>jump-1</report_id><date_range><begin>1796104800</begin><end>1796108399</end></date_range></report_metadata>` +
          `<policy_published><domain>jump.monitor.test</domain><p>none</p></policy_published>` +
          `<record><row><source_ip>198.51.100.77</source_ip><count>40</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>` +
          `<identifiers><header_from>jump.monitor.test</header_from></identifiers></record></feedback>`,
      ),
      "jump.xml",
    );
    const r = await withZone(1, (dns) => runDueMonitors({ now: new Date(t0.getTime() + 3600_000), dns }));
    expect(r[0]!.alerts.filter((a) => a.kind === "dmarc_failure_jump")).toEqual([
      expect.objectContaining({ target: "198.51.100.77", before: 0, after: 40 }),
    ]);
    const prisma = await getPrisma();
    await prisma.monitor.deleteMany({ where: { slug: monitor.id } });
  });

  it("counts the failures of reports filed under it, for a subdomain too", async () => {
    received.length = 0;
    const t0 = new Date("2026-12-02T06:00:00Z");
    const { monitor } = await createMonitor(
      { domain: "filed.monitor.test", webhook: hookUrl, intervalMinutes: 60 },
      t0,
    );
    await withZone(1, (dns) => runDueMonitors({ now: t0, dns }));
    const prisma = await getPrisma();
    const row = await prisma.monitor.findUniqueOrThrow({ where: { slug: monitor.id } });
    // Mailed to the monitor's dmarc+<token>@ address: about news.filed.monitor.test, filed under it.
    await ingestReports(
      Buffer.from(
        `<feedback><report_metadata><org_name>rx</org_name><report_id>filed-1</report_id><date_range><begin>1796191200</begin><end>1796194799</end></date_range></report_metadata>` +
          `<policy_published><domain>news.filed.monitor.test</domain><p>none</p></policy_published>` +
          `<record><row><source_ip>198.51.100.78</source_ip><count>25</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>` +
          `<identifiers><header_from>news.filed.monitor.test</header_from></identifiers></record></feedback>`,
      ),
      "filed.xml",
      { monitor: { id: row.id, domain: row.domain } },
    );
    const r = await withZone(1, (dns) => runDueMonitors({ now: new Date(t0.getTime() + 3600_000), dns }));
    expect(r[0]!.alerts.filter((a) => a.kind === "dmarc_failure_jump")).toEqual([
      expect.objectContaining({ target: "198.51.100.78", before: 0, after: 25 }),
    ]);
    expect((await getMonitor(monitor.id))!.dmarcReports).toMatchObject({ received: 1 });
    await prisma.monitor.deleteMany({ where: { slug: monitor.id } });
    // Deleting the monitor keeps the report, unattached.
    expect(
      (await prisma.receivedReport.findFirstOrThrow({ where: { reportId: "filed-1" } })).monitorId,
    ).toBeNull();
  });

  it.runIf(backend.name === "postgres")(
    "two instances running at once run each monitor once and send one alert",
    async () => {
      received.length = 0;
      const t0 = new Date("2027-01-01T06:00:00Z");
      await createMonitor({ domain: "shop.monitor.test", ips: ["192.0.2.10"], webhook: hookUrl }, t0);
      await withZone(1, (dns) => runDueMonitors({ now: t0, dns }));
      const t1 = new Date(t0.getTime() + 24 * 3600_000);
      const [a, b] = await withZone(2, (dns) =>
        Promise.all([runDueMonitors({ now: t1, dns }), runDueMonitors({ now: t1, dns })]),
      );
      expect(a!.length + b!.length).toBe(1);
      expect(received).toHaveLength(1);
      const prisma = await getPrisma();
      expect(await prisma.monitorAlert.count({ where: { monitor: { domain: "shop.monitor.test" } } })).toBe(
        1,
      );
    },
  );
});

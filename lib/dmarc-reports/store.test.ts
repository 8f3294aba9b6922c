import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getPrisma } from "@/lib/db/index";
import { setDbEnv, testBackends, type ScratchDb } from "@/test-support/db";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { createResolver } from "@/lib/dns/resolver";
import { domainDmarc, ingestDmarcMail, ingestReports, listDmarcRecords } from "./store";
import { dmarcCorpusDir } from "../../test-support/corpora";

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

const CORPUS = dmarcCorpusDir();

const xml = (id: string, begin: number, records: string, org = "rx.example") =>
  `<?xml version="1.0"?><feedback><report_metadata><org_name>${org}</org_name><email>a@${org}</email>` +
  `<report_id>${id}</report_id><date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range>` +
  `</report_metadata><policy_published><domain>shop.test</domain><p>none</p><pct>100</pct></policy_published>${records}</feedback>`;
const rec = (ip: string, count: number, dkim: string, spf: string, disp = "none") =>
  `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>${disp}</disposition>` +
  `<dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row><identifiers><header_from>shop.test</header_from>` +
  `</identifiers><auth_results><dkim><domain>shop.test</domain><result>${dkim}</result></dkim>` +
  `<spf><domain>shop.test</domain><result>${spf}</result></spf></auth_results></record>`;

// 2026-11-01 and 2026-11-02, 00:00 UTC.
const DAY1 = 1_793_491_200;
const DAY2 = DAY1 + 86_400;

describe.each(testBackends())("DMARC reports on $name", (backend) => {
  let scratch: ScratchDb;
  let restoreEnv: () => void;
  let dns: Sandbox;

  beforeAll(async () => {
    scratch = await backend.create();
    restoreEnv = setDbEnv(scratch.env);
    await closeDb();
    dns = await startDnsSandbox({
      zones: ["2.0.192.in-addr.arpa", "google.com", "sendgrid.net"],
      records: [
        { name: "1.2.0.192.in-addr.arpa", type: "PTR", data: "mail-a.google.com" },
        { name: "mail-a.google.com", type: "A", data: "192.0.2.1" },
        { name: "2.2.0.192.in-addr.arpa", type: "PTR", data: "o1.sendgrid.net" },
        { name: "o1.sendgrid.net", type: "A", data: "192.0.2.2" },
        // Claims Google, but google.com does not point back at it.
        { name: "3.2.0.192.in-addr.arpa", type: "PTR", data: "fake.google.com" },
        { name: "fake.google.com", type: "A", data: "192.0.2.99" },
      ],
    });
  });
  afterAll(async () => {
    await dns?.close();
    await closeDb();
    restoreEnv();
    await scratch.drop();
  });

  it("aggregates a domain's reports per source, per day and per service, with hand-counted figures", async () => {
    const a = await ingestReports(
      Buffer.from(
        xml(
          "day1",
          DAY1,
          rec("192.0.2.1", 100, "pass", "pass") +
            rec("192.0.2.2", 40, "pass", "fail") +
            rec("192.0.2.3", 7, "fail", "fail") +
            rec("192.0.2.4", 3, "fail", "fail", "quarantine"),
        ),
      ),
      "day1.xml",
    );
    expect(a.refused).toEqual([]);
    const b = await ingestReports(
      gzipSync(
        xml("day2", DAY2, rec("192.0.2.1", 50, "fail", "pass") + rec("192.0.2.2", 10, "fail", "fail")),
      ),
      "day2.xml.gz",
    );
    expect(b.read.map((r) => [r.reportId, r.messageCount, r.duplicate])).toEqual([["day2", 60, false]]);

    const resolver = createResolver({ servers: dns.server, timeoutMs: 1500, retries: 0 });
    const d = await domainDmarc("shop.test", { resolver });
    // 100 + 40 + 7 + 3 + 50 + 10 = 210; failing DMARC: 7 + 3 + 10 = 20.
    expect(d.totalMessages).toBe(210);
    expect(d.dmarc).toEqual({ pass: 190, fail: 20 });
    expect(d.reports).toEqual({ aggregate: 2, tls: 0 });
    expect(d.days).toEqual([
      { day: "2026-11-01", messages: 150, pass: 140, fail: 10 },
      { day: "2026-11-02", messages: 60, pass: 50, fail: 10 },
    ]);
    expect(
      d.sources.map((s) => [
        s.ip,
        s.service,
        s.messages,
        s.dmarc.fail,
        s.spf.pass,
        s.dkim.pass,
        s.dkimAligned.pass,
      ]),
    ).toEqual([
      ["192.0.2.1", "Google", 150, 0, 150, 100, 100],
      ["192.0.2.2", "SendGrid", 50, 10, 0, 40, 40],
      ["192.0.2.3", "unknown", 7, 7, 0, 0, 0],
      ["192.0.2.4", "unknown", 3, 3, 0, 0, 0],
    ]);
    expect(d.sources[2]!.ptr).toBe("fake.google.com");
    expect(d.services.map((s) => [s.service, s.messages, s.fail, s.sources])).toEqual([
      ["Google", 150, 0, 1],
      ["SendGrid", 50, 10, 1],
      ["unknown", 10, 10, 2],
    ]);
    expect(d.enforce).toEqual({
      wouldReject: 20,
      wouldRejectSources: 3,
      fromMixedSources: 10,
      alreadyRejected: 0,
      alreadyQuarantined: 3,
    });
    // The rows behind "failing DMARC on 2026-11-02".
    const rows = await listDmarcRecords("shop.test", { day: "2026-11-02", dmarc: "fail" });
    expect(rows.rows.map((r) => [r.reportId, r.sourceIp, r.count])).toEqual([["day2", "192.0.2.2", 10]]);
  });

  it("keeps the same report once, however often and however packed it arrives", async () => {
    const doc = xml("same", DAY1, rec("192.0.2.9", 5, "pass", "pass"), "twice.example");
    const first = await ingestReports(Buffer.from(doc), "a.xml");
    const again = await Promise.all([
      ingestReports(gzipSync(doc), "a.xml.gz"),
      ingestReports(Buffer.from(doc), "a-copy.xml"),
    ]);
    expect(first.read[0]!.duplicate).toBe(false);
    expect(again.map((o) => o.read[0]!.duplicate)).toEqual([true, true]);
    const prisma = await getPrisma();
    expect(await prisma.receivedReport.count({ where: { orgName: "twice.example" } })).toBe(1);
    expect(await prisma.dmarcRecord.count({ where: { sourceIp: "192.0.2.9" } })).toBe(1);
  });

  it("keeps nothing of a report that fails half-way", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => rec(`198.51.100.${i % 200}`, 1, "pass", "pass")).join(
      "",
    );
    const out = await ingestReports(
      Buffer.from(xml("broken", DAY1, many + rec("bogus", 1, "pass", "pass"), "half.example")),
      "broken.xml",
    );
    expect(out.refused).toEqual([
      { source: "broken.xml", reason: 'record 3001: <source_ip> "bogus" is not an IP address' },
    ]);
    const prisma = await getPrisma();
    expect(await prisma.receivedReport.count({ where: { orgName: "half.example" } })).toBe(0);
    expect(await prisma.dmarcRecord.count({ where: { sourceIp: "198.51.100.7" } })).toBe(0);
  });

  it.skipIf(!CORPUS)(
    "ingests every shared sample; report e-mails come in through ingestDmarcMail",
    async () => {
      const dir = CORPUS!;
      const mail = await ingestDmarcMail(
        readFileSync(path.join(dir, "aggregate/twilight.eml")),
        "twilight.eml",
      );
      expect(mail.read.map((r) => [r.orgName, r.domain, r.messageCount])).toEqual([
        ["google.com", "twlnet.com", 1],
      ]);
      const tls = await ingestReports(readFileSync(path.join(dir, "smtp_tls/rfc8460.json")), "rfc8460.json");
      expect(tls.read).toHaveLength(1);
      const d = await domainDmarc("company-y.example", { namesDeadlineMs: 1 });
      expect(d.tls).toEqual({
        reports: 1,
        successful: 5326,
        failed: 303,
        failures: [
          { orgName: "Company-X", resultType: "starttls-not-supported", sessions: 200 },
          { orgName: "Company-X", resultType: "certificate-expired", sessions: 100 },
          { orgName: "Company-X", resultType: "validation-failure", sessions: 3 },
        ],
      });
      const large = await ingestReports(
        readFileSync(path.join(dir, "aggregate/!large-example.com!1711897200!1711983600.xml")),
        "large.xml",
      );
      expect(large.read[0]!.records).toBe(2286);
      const prisma = await getPrisma();
      const stored = await prisma.receivedReport.findFirst({ where: { reportId: "example.com:1711897200" } });
      expect(stored).toMatchObject({ complete: true, recordCount: 2286, messageCount: 2286n });
    },
  );
});

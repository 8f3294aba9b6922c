import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb } from "@/lib/db/index";
import { setDbEnv } from "@/test-support/db";

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });
vi.stubEnv("MXRAY_RATE_LIMIT", "0");
// No DNS in this test: source names stay "unknown" (a resolver that answers nothing, at once).
vi.stubEnv("MXRAY_DNS", "127.0.0.1:9");
const { POST } = await import("./route");
const { GET: getDmarc } = await import("../domains/[domain]/dmarc/route");
const { GET: getRecords } = await import("../domains/[domain]/dmarc/records/route");

let restore: () => void;
beforeAll(async () => {
  restore = setDbEnv({ PGLITE_DIR: "memory://" });
  await closeDb();
});
afterAll(async () => {
  await closeDb();
  restore();
});

const xml = (id: string, records: string, domain = "upload.test") =>
  `<?xml version="1.0"?><feedback><report_metadata><org_name>rx.example</org_name><email>a@rx.example</email>` +
  `<report_id>${id}</report_id><date_range><begin>1793491200</begin><end>1793577599</end></date_range>` +
  `</report_metadata><policy_published><domain>${domain}</domain><p>none</p></policy_published>${records}</feedback>`;
const rec = (ip: string, count: number, dkim: string, spf: string) =>
  `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>` +
  `<dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row><identifiers><header_from>upload.test</header_from></identifiers>` +
  `<auth_results><spf><domain>upload.test</domain><result>${spf}</result></spf></auth_results></record>`;

function post(body: BodyInit, type: string, query = "") {
  return POST(
    new Request(`http://mxray.test/api/dmarc-reports${query}`, {
      method: "POST",
      body,
      headers: type ? { "content-type": type } : {},
      duplex: "half",
    } as RequestInit),
  );
}

const params = (domain: string) => ({ params: Promise.resolve({ domain }) });

describe("POST /api/dmarc-reports", () => {
  it("reads a raw XML body and a gzip body: 201 with kind, org, report id, domain, period, message count", async () => {
    const res = await post(
      xml("raw-1", rec("192.0.2.1", 12, "pass", "pass")),
      "application/xml",
      "?name=r.xml",
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      reports: [
        {
          kind: "aggregate",
          orgName: "rx.example",
          reportId: "raw-1",
          domain: "upload.test",
          period: { begin: "2026-11-01T00:00:00.000Z", end: "2026-11-01T23:59:59.000Z" },
          messageCount: 12,
          records: 1,
          duplicate: false,
          source: "r.xml",
          warnings: [],
        },
      ],
      refused: [],
    });
    const gz = await post(gzipSync(xml("raw-2", rec("192.0.2.2", 3, "fail", "fail"))), "application/gzip");
    expect(gz.status).toBe(201);
    expect((await gz.json()).reports[0]).toMatchObject({ reportId: "raw-2", messageCount: 3 });
  });

  it("reads every file of a multipart upload, refusing the unreadable ones with the reason", async () => {
    const form = new FormData();
    for (let i = 0; i < 40; i++)
      form.append("file", new Blob([xml(`multi-${i}`, rec("192.0.2.3", 1, "pass", "fail"))]), `r${i}.xml`);
    form.append("file", new Blob(["<feedback>"]), "broken.xml");
    form.append("file", new Blob([xml("multi-0", rec("192.0.2.3", 1, "pass", "fail"))]), "again.xml");
    const req = new Request("http://mxray.test/api/dmarc-reports", { method: "POST", body: form });
    const res = await POST(req);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.reports).toHaveLength(41);
    expect(
      body.reports
        .filter((r: { duplicate: boolean }) => r.duplicate)
        .map((r: { source: string }) => r.source),
    ).toEqual(["again.xml"]);
    expect(body.refused).toEqual([
      { source: "broken.xml", reason: expect.stringMatching(/invalid XML|<report_metadata> is missing/) },
    ]);
  });

  it("answers 422 with the reason when nothing can be read, 415 for other media types", async () => {
    const res = await post("<html></html>", "application/xml");
    expect(res.status).toBe(422);
    const p = await res.json();
    expect(p.detail).toMatch(/root element is <html>/);
    expect(p.refused).toHaveLength(1);
    expect((await post("hello", "image/png")).status).toBe(415);
    expect((await post("", "application/xml")).status).toBe(422);
  });

  it("GET /api/domains/<domain>/dmarc sums what was uploaded; the rows behind a figure", async () => {
    const res = await getDmarc(
      new Request("http://mxray.test/api/domains/upload.test/dmarc"),
      params("upload.test"),
    );
    expect(res.status).toBe(200);
    const d = await res.json();
    // 12 (raw-1) + 3 (raw-2) + 40 × 1 (multi-*; the duplicate not counted again).
    expect(d.totalMessages).toBe(55);
    expect(d.dmarc).toEqual({ pass: 52, fail: 3 });
    expect(d.days).toEqual([{ day: "2026-11-01", messages: 55, pass: 52, fail: 3 }]);
    expect(
      d.sources.map((s: { ip: string; messages: number; service: string }) => [s.ip, s.messages, s.service]),
    ).toEqual([
      ["192.0.2.3", 40, "unknown"],
      ["192.0.2.1", 12, "unknown"],
      ["192.0.2.2", 3, "unknown"],
    ]);
    expect(d.sources[0]).toMatchObject({ spf: { pass: 0, fail: 40 }, dkimAligned: { pass: 40, fail: 0 } });
    const rows = await getRecords(
      new Request("http://mxray.test/api/domains/upload.test/dmarc/records?dmarc=fail"),
      params("upload.test"),
    );
    expect(
      (await rows.json()).rows.map((r: { reportId: string; count: number }) => [r.reportId, r.count]),
    ).toEqual([["raw-2", 3]]);
    const bad = await getDmarc(new Request("http://mxray.test/api/domains/x/dmarc"), params("not a domain!"));
    expect(bad.status).toBe(422);
  });
});

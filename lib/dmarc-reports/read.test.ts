import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { MemorySink } from "./memory-sink";
import { readReports } from "./read";
import { SummaryBuilder } from "./summary";
import { nameSource } from "./services";
import { dmarcCorpusDir } from "../../test-support/corpora";

const CORPUS = dmarcCorpusDir();

/** Every shared sample and what must become of it: read (kind, org, report id, domain, messages) or refused. */
const EXPECTED: Record<string, { read?: [string, string, string, string, number][]; refused?: RegExp }> = {
  "empty.xml": { refused: /empty/ },
  "aggregate/!example.com!1538204542!1538463818.xml": {
    read: [["aggregate", "accurateplastics.com", "example.com:1538463741", "example.com", 1]],
  },
  "aggregate/!large-example.com!1711897200!1711983600.xml": {
    read: [["aggregate", "accurateplastics.com", "example.com:1711897200", "example.com", 2286]],
  },
  "aggregate/Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml": {
    read: [["aggregate", "google.com", "949348866075514174", "borschow.com", 1]],
  },
  "aggregate/addisonfoods.com!example.com!1536105600!1536191999.xml": {
    read: [["aggregate", "addisonfoods.com", "3ceb5548498640beaeb47327e202b0b9", "example.com", 1]],
  },
  "aggregate/empty_reason.xml": {
    read: [["aggregate", "example.org", "20240125141224705995", "example.com", 2]],
  },
  "aggregate/estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip": {
    read: [["aggregate", "XYZ Corporation", "2940", "example.com", 1]],
  },
  "aggregate/example.net!example.com!1529366400!1529452799.xml": {
    read: [["aggregate", "example.net", "b043f0e264cf4ea995e93765242f6dfb", "example.com", 1]],
  },
  "aggregate/ikea.com!example.de!1538690400!1538776800.xml": {
    refused: /root element is <xs:schema>, not <feedback>/,
  },
  "aggregate/invalid_utf_8.xml": {
    read: [["aggregate", "accurateplastics.com", "example.com:1538463741", "example.com", 1]],
  },
  "aggregate/invalid_xml.xml": { refused: /^invalid XML: 5:\d+/ },
  "aggregate/mimecast-weird-gzip.eml": {
    read: [
      [
        "aggregate",
        "Mimecast",
        "157a5fe30ec76f4bc0d8bccfc96c118a167a1280fee7c7465af5115e73082e5e",
        "ab.id.au",
        1,
      ],
    ],
  },
  "aggregate/old_draft_from_wiki.xml": {
    read: [["aggregate", "acme.com", "9391651994964116463", "example.com", 2]],
  },
  "aggregate/rfc9990-sample.xml": {
    read: [["aggregate", "Sample Reporter", "3v98abbp8ya9n3va8yr8oa3ya", "example.com", 123]],
  },
  "aggregate/twilight.eml": {
    read: [["aggregate", "google.com", "1627703331531660819", "twlnet.com", 1]],
  },
  "aggregate/usssa.com!example.com!1538784000!1538870399.xml": {
    read: [["aggregate", "usssa.com", "8953b4d4a4ee4218b6ac0e2cb2667ee1", "example.com", 2]],
  },
  "aggregate/veeam.com!example.com!1530133200!1530219600.xml": {
    read: [["aggregate", "veeam.com", "sonexushealth.com:1530233361", "example.com", 1]],
  },
  "aggregate_invalid/report_with_upper_cased_pass.xml": {
    refused: /record 1: <policy_evaluated><dkim> is "Pass", but the schema allows only "pass" or "fail"/,
  },
  "extract_report/changed-input.xml": {
    read: [["aggregate", "fred.com", "11038226378739404135", "example.com", 3047]],
  },
  "extract_report/nice-input.xml": {
    read: [["aggregate", "google.com", "11038226378739404135", "example.com", 3047]],
  },
  "extract_report/nice-input.xml.gz": {
    read: [["aggregate", "google.com", "11038226378739404135", "example.com", 3047]],
  },
  "extract_report/nice-input.xml.zip": {
    read: [["aggregate", "google.com", "11038226378739404135", "example.com", 3047]],
  },
  "failure/DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de, ip=10.10.10.10).eml": {
    refused: /DMARC failure report \(RFC 6591/,
  },
  "failure/[Netease DMARC Failure Report] Rent Reminder.eml": { refused: /DMARC failure report/ },
  "failure/dmarc_ruf_report_linkedin.crlf.eml": { refused: /DMARC failure report/ },
  "failure/dmarc_ruf_report_linkedin.eml": { refused: /DMARC failure report/ },
  "failure/exim_plain_text_only_no_arf_part.eml": { refused: /DMARC failure notice/ },
  "smtp_tls/google.com_smtp_tls_report.eml": {
    read: [["tls", "Google Inc.", "2024-09-03T00:00:00Z_cardinalhealth.ca", "cardinalhealth.ca", 48]],
  },
  "smtp_tls/rfc8460.json": {
    read: [["tls", "Company-X", "5065427c-23d3-47ca-b6e0-946ea0e8c4be", "company-y.example", 5629]],
  },
  "smtp_tls/smtp_tls.json": {
    read: [["tls", "Example Inc.", "2024-01-09T00:00:00Z_example.com", "example.com", 3]],
  },
};

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/^(README\.md|LICENSE)$/.test(name)) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

async function read(bytes: Uint8Array, name = "input") {
  const sink = new MemorySink();
  const outcome = await readReports(bytes, name, sink);
  return { sink, outcome };
}

describe.skipIf(!CORPUS)("the shared DMARC and TLS report samples", () => {
  const dir = CORPUS!;

  it("has an expectation for every sample, and every sample is read or refused as expected", async () => {
    const files = corpusFiles(dir);
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const f of files) {
      const { outcome } = await read(readFileSync(path.join(dir, f)), f);
      const want = EXPECTED[f]!;
      if (want.read) {
        expect(outcome.refused, f).toEqual([]);
        expect(
          outcome.read.map((r) => [r.kind, r.orgName, r.reportId, r.domain, r.messageCount]),
          f,
        ).toEqual(want.read);
      } else {
        expect(outcome.read, f).toEqual([]);
        expect(outcome.refused, f).toHaveLength(1);
        expect(outcome.refused[0]!.reason, f).toMatch(want.refused!);
      }
    }
  });

  it("reads nice-input.xml to the hand-counted figures (20 records, 3047 messages)", async () => {
    // Counted with grep/awk over the file: 20 <record>s; <count>s sum to 3047; every record passes DMARC
    // (dkim or spf aligned); aligned DKIM passes 3046 messages, aligned SPF 2637.
    const { sink } = await read(readFileSync(path.join(dir, "extract_report/nice-input.xml")));
    const [held] = sink.reports;
    expect(held!.records).toHaveLength(20);
    const b = new SummaryBuilder();
    for (const r of held!.records) b.addRecord("2024-06-13", r);
    const s = b.build(() => nameSource(null));
    expect(s.totalMessages).toBe(3047);
    expect(s.dmarc).toEqual({ pass: 3047, fail: 0 });
    const dkimAligned = s.sources.reduce((n, x) => n + x.dkimAligned.pass, 0);
    const spfAligned = s.sources.reduce((n, x) => n + x.spfAligned.pass, 0);
    expect([dkimAligned, spfAligned]).toEqual([3046, 2637]);
    expect(s.enforce.wouldReject).toBe(0);
    expect(s.days).toEqual([{ day: "2024-06-13", messages: 3047, pass: 3047, fail: 0 }]);
  });

  it("reads usssa.com's report to the hand-counted figures (two sources, both failing)", async () => {
    const { sink } = await read(
      readFileSync(path.join(dir, "aggregate/usssa.com!example.com!1538784000!1538870399.xml")),
    );
    const held = sink.reports[0]!;
    expect(held.records.map((r) => [r.sourceIp, r.count, r.dkimAligned, r.spfAligned])).toEqual([
      ["12.20.127.40", 1, "fail", "fail"],
      ["199.230.200.36", 1, "fail", "fail"],
    ]);
    const b = new SummaryBuilder();
    for (const r of held.records) b.addRecord("2018-10-06", r);
    const s = b.build(() => nameSource(null));
    expect(s.enforce).toMatchObject({ wouldReject: 2, wouldRejectSources: 2, fromMixedSources: 0 });
    expect(s.sources.every((x) => x.service === "unknown")).toBe(true);
  });

  it("reads empty_reason.xml: raw SPF passes for example.edu but is not aligned with example.com", async () => {
    const { sink } = await read(readFileSync(path.join(dir, "aggregate/empty_reason.xml")));
    const r = sink.reports[0]!.records[0]!;
    expect(r).toMatchObject({
      sourceIp: "198.51.100.123",
      count: 2,
      disposition: "none",
      dkimAligned: "pass",
      spfAligned: "fail",
      reasons: [],
      headerFrom: "example.com",
      envelopeFrom: "example.edu",
      envelopeTo: "example.net",
      dkim: [{ domain: "example.com", selector: "example", result: "pass" }],
      spf: [{ domain: "example.edu", scope: "mfrom", result: "pass" }],
    });
    const meta = sink.reports[0]!.report;
    expect(meta.kind === "aggregate" && meta.policy).toMatchObject({ p: "quarantine", pct: 100, fo: "1" });
  });

  it("reads RFC 8460's example report: failures by result type, hand-counted", async () => {
    const tls: { org: string; type: string; n: number }[] = [];
    const sink = new MemorySink({
      onTls: (r) => {
        for (const p of r.policies)
          for (const f of p.failures)
            tls.push({ org: r.orgName, type: f.resultType, n: f.failedSessionCount });
      },
    });
    const { read: got } = await readReports(
      readFileSync(path.join(dir, "smtp_tls/rfc8460.json")),
      "rfc8460.json",
      sink,
    );
    // 5326 successful + 303 failed sessions; 100 + 200 + 3 failed in the details.
    expect(got[0]!.messageCount).toBe(5629);
    expect(tls).toEqual([
      { org: "Company-X", type: "certificate-expired", n: 100 },
      { org: "Company-X", type: "starttls-not-supported", n: 200 },
      { org: "Company-X", type: "validation-failure", n: 3 },
    ]);
  });

  it("keeps the same report once however it arrives (plain, gzip, zip)", async () => {
    const sink = new MemorySink();
    const outcomes = [];
    for (const f of ["nice-input.xml", "nice-input.xml.gz", "nice-input.xml.zip"])
      outcomes.push(await readReports(readFileSync(path.join(dir, "extract_report", f)), f, sink));
    expect(outcomes.map((o) => o.read[0]!.duplicate)).toEqual([false, true, true]);
    expect(sink.reports.filter((r) => !r.read.duplicate)).toHaveLength(1);
  });
});

describe("reading reports", () => {
  const xml = (records: string, id = "r1") =>
    `<?xml version="1.0"?><feedback><report_metadata><org_name>rx.example</org_name><email>a@rx.example</email>` +
    `<report_id>${id}</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range>` +
    `</report_metadata><policy_published><domain>Example.COM</domain><p>none</p></policy_published>${records}</feedback>`;
  const rec = (ip: string, count: number, dkim = "pass", spf = "fail") =>
    `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>` +
    `<dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>` +
    `</identifiers><auth_results><dkim><domain>example.com</domain><result>pass</result></dkim></auth_results></record>`;

  it("reads several reports from one zip and names each by its entry", async () => {
    const zip = zipSync({
      "a.xml": Buffer.from(xml(rec("192.0.2.1", 3), "a")),
      "b.xml.gz": gzipSync(xml(rec("192.0.2.2", 4), "b")),
      "notes.txt": Buffer.from("hello"),
    });
    const { outcome } = await read(zip, "up.zip");
    expect(outcome.read.map((r) => [r.source, r.reportId, r.domain, r.messageCount])).toEqual([
      ["up.zip › a.xml", "a", "example.com", 3],
      ["up.zip › b.xml.gz", "b", "example.com", 4],
    ]);
    expect(outcome.refused).toEqual([
      {
        source: "up.zip › notes.txt",
        reason: expect.stringMatching(/not a DMARC aggregate or SMTP TLS report/),
      },
    ]);
  });

  it("refuses a truncated gzip and a record without a valid IP, saying why", async () => {
    const gz = gzipSync(xml(rec("192.0.2.1", 3)));
    const { outcome } = await read(gz.subarray(0, gz.length - 30), "cut.xml.gz");
    expect(outcome.read).toEqual([]);
    expect(outcome.refused[0]!.source).toBe("cut.xml.gz");
    const bad = await read(Buffer.from(xml(rec("192.0.2.1", 3) + rec("not-an-ip", 1))), "bad.xml");
    expect(bad.outcome.refused).toEqual([
      { source: "bad.xml", reason: 'record 2: <source_ip> "not-an-ip" is not an IP address' },
    ]);
    // Nothing of the failed report is kept.
    expect(bad.sink.reports).toEqual([]);
  });

  it("streams: records reach the sink in batches while the input is still arriving", async () => {
    const batches: number[] = [];
    const sink = new MemorySink({ keepRecords: false, onRecords: (_m, b) => batches.push(b.length) });
    const body = Array.from({ length: 5000 }, (_, i) => rec(`198.51.100.${i % 250}`, 1)).join("");
    const bytes = Buffer.from(xml(body));
    let fed = 0;
    const seenWhileFeeding: number[] = [];
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 16 * 1024) {
        fed += 1;
        seenWhileFeeding.push(batches.length);
        yield bytes.subarray(i, i + 16 * 1024);
      }
    }
    const { read: got } = await readReports(chunks(), "big.xml", sink);
    expect(got[0]!.records).toBe(5000);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(batches.length).toBeGreaterThan(10);
    // By the last chunk, most batches had already been handed over.
    expect(seenWhileFeeding.at(-1)!).toBeGreaterThan(batches.length / 2);
    expect(fed).toBeGreaterThan(10);
  });

  it("reads an RFC 9990 report in its namespace", async () => {
    const doc = xml(rec("2001:db8::1", 7)).replace(
      "<feedback>",
      '<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">',
    );
    const { sink } = await read(Buffer.from(doc));
    const m = sink.reports[0]!.report;
    expect(m.kind === "aggregate" && m.format).toBe("rfc9990");
    expect(sink.reports[0]!.records[0]!.sourceIp).toBe("2001:db8::1");
  });

  it("refuses what is not a report", async () => {
    expect((await read(Buffer.from("just some words"))).outcome.refused[0]!.reason).toMatch(
      /expected XML, JSON, gzip, zip or an e-mail/,
    );
    expect((await read(Buffer.from("<html><body>hi</body></html>"))).outcome.refused[0]!.reason).toMatch(
      /root element is <html>/,
    );
    expect((await read(Buffer.from('{"a":1}'))).outcome.refused[0]!.reason).toMatch(/organization-name/);
    expect((await read(Buffer.from("Subject: hi\r\n\r\nhello\r\n"))).outcome.refused[0]!.reason).toMatch(
      /carries no DMARC aggregate or SMTP TLS report/,
    );
  });
});

describe("naming sources", () => {
  it("names well-known services by the PTR's organizational domain, else the domain, else unknown", () => {
    expect(nameSource("mail-sor-f41.google.com")).toMatchObject({
      service: "Google",
      orgDomain: "google.com",
    });
    expect(nameSource("o1.ptr1234.sendgrid.net").service).toBe("SendGrid");
    expect(nameSource("a8-50.smtp-out.amazonses.com").service).toBe("Amazon SES");
    expect(nameSource("mx.small-isp.co.uk")).toMatchObject({ service: "small-isp.co.uk", known: false });
    expect(nameSource(null).service).toBe("unknown");
    // An unconfirmed PTR (no forward match) is shown, not trusted.
    expect(nameSource("mail.google.com", false)).toMatchObject({
      ptr: "mail.google.com",
      service: "unknown",
    });
  });
});

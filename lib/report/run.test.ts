import { describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/bounce/types";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { parseReportRequest } from "@/lib/validation/input";
import { planChecks, runReport } from "./run";

const diagnosis = (over: Partial<Diagnosis>): Diagnosis => ({
  replyCode: 550,
  enhancedCode: "5.7.26",
  enhancedMeaning: null,
  permanent: true,
  family: "authentication",
  reason: "authfailure",
  provider: "gmail",
  stage: "after_data",
  recipient: "someone@gmail.example",
  senderDomain: "Sender.Example",
  sendingIp: "203.0.113.9",
  remoteMta: null,
  blocklist: null,
  action: "",
  retry: false,
  summary: "",
  fix: [],
  linkedChecks: ["spf", "dkim", "dmarc"],
  ruleId: null,
  ...over,
});

describe("planChecks", () => {
  it("runs every domain check, plus PTR with an IP", () => {
    const plain = planChecks(parseReportRequest({ domain: "example.com" }));
    expect(plain.checks.map((c) => c.name).sort()).toEqual(
      [
        "bimi",
        "dkim",
        "dmarc",
        "dnsbl",
        "dnssec",
        "mta_sts",
        "mx",
        "spf",
        "tls_rpt",
        "smtp_tls",
        "dane",
      ].sort(),
    );
    const withIp = planChecks(parseReportRequest({ domain: "example.com", ip: "192.0.2.1" }));
    expect(withIp.checks.find((c) => c.name === "ptr")).toEqual({
      name: "ptr",
      domain: "example.com",
      ip: "192.0.2.1",
      sender: true,
    });
  });

  it("runs PTR and DNSBL for an IP", () => {
    expect(planChecks(parseReportRequest({ ip: "2001:db8::1" })).checks).toEqual([
      { name: "ptr", ip: "2001:db8::1", sender: true },
      { name: "dnsbl", ip: "2001:db8::1", sender: true },
    ]);
  });

  it("points a bounce's linked checks at the domains and IP the bounce names", () => {
    const req = parseReportRequest({ bounce: "550 5.7.26 ..." });
    const auth = planChecks(req, diagnosis({}));
    expect(auth.checks).toEqual([
      { name: "spf", domain: "sender.example", ip: "203.0.113.9", sender: true },
      { name: "dkim", domain: "sender.example", ip: "203.0.113.9", sender: true },
      { name: "dmarc", domain: "sender.example", ip: "203.0.113.9", sender: true },
    ]);
    const mailbox = planChecks(req, diagnosis({ family: "mailbox", linkedChecks: ["mx"] }));
    // The recipient's MX is context, not the sender's set-up: it is run but not scored.
    expect(mailbox.checks).toEqual([{ name: "mx", domain: "gmail.example", sender: false }]);
    const rep = planChecks(req, diagnosis({ linkedChecks: ["dnsbl", "ptr"], senderDomain: null }));
    expect(rep.checks).toEqual([
      { name: "dnsbl", ip: "203.0.113.9", domain: undefined, sender: true },
      { name: "ptr", ip: "203.0.113.9", sender: true },
    ]);
    // Nothing to check against: no checks, never a crash.
    expect(
      planChecks(
        req,
        diagnosis({
          senderDomain: null,
          sendingIp: null,
          recipient: null,
          linkedChecks: ["spf", "mx", "ptr"],
        }),
      ).checks,
    ).toEqual([]);
  });
});

describe("runReport", () => {
  it("turns a check that outlives the deadline into 'could not determine'", async () => {
    const resolver = createMemoryResolver({
      zoneText: [
        "$ORIGIN slow.test.\n@ 300 IN SOA ns hostmaster 1 3600 600 86400 60\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.1\n",
      ],
      faults: [{ match: "*.slow.test", kind: "latency", ms: 2000 }],
    });
    const doc = await runReport(parseReportRequest({ domain: "slow.test" }), { resolver, deadlineMs: 300 });
    expect(doc.checks.mx?.status).toBe("error");
    expect(doc.checks.mx?.findings[0]?.code).toBe("mx.deadline_exceeded");
    expect(doc.unknown).toContain("mx");
    // Not judged on what it could not see: no score, no grade, a range from the scoring code.
    expect(doc.status).toBe("incomplete");
    expect(doc.score).toBeNull();
    expect(doc.grade).toBeNull();
    const best = 100 - doc.deductions.reduce((a, d) => a + d.points, 0);
    expect(doc.scoreRange?.max).toBe(best);
    expect(doc.scoreRange!.min).toBeLessThan(best);
  });
});

/**
 * Verdicts people can trust, over the fixture DNS server on real sockets: no grade without evidence,
 * a domain that does not exist, the mail domain behind a URL, text that is not a bounce.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { parseReportRequest } from "@/lib/validation/input";
import { runReport } from "./run";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  // The fixture blocklists (public ones are not served here).
  vi.stubEnv("MXRAY_DNSBL_ZONES", "bl.dnsbl.test,bl2.dnsbl.test");
  vi.stubEnv("MXRAY_DNSBL_DOMAIN_ZONES", "dom.dnsbl.test");
});
afterAll(async () => {
  await sandbox?.close();
  vi.unstubAllEnvs();
});
afterEach(() => sandbox.setFaults([]));

const run = (body: Record<string, unknown>, opts: { timeoutMs?: number; deadlineMs?: number } = {}) =>
  runReport(parseReportRequest(body), { dns: sandbox.server, timeoutMs: 300, deadlineMs: 5000, ...opts });

describe("no grade without evidence", () => {
  it("a resolver that never answers: incomplete, no score, no grade, never A+ 100", async () => {
    sandbox.setFaults([{ match: "*.test", kind: "timeout" }]);
    const doc = await run({ domain: "mxray-demo.test" }, { timeoutMs: 150, deadlineMs: 3000 });
    expect(doc.status).toBe("incomplete");
    expect(doc.score).toBeNull();
    expect(doc.grade).toBeNull();
    expect(doc.scoreRange).toEqual({ min: expect.any(Number), max: 100 });
    expect(doc.scoreRange!.min).toBeLessThan(50);
    expect(doc.unknown.length).toBeGreaterThan(0);
  });

  it("SERVFAIL to everything: incomplete, and never 'domain not found'", async () => {
    sandbox.setFaults([{ match: "*.test", kind: "servfail" }]);
    const doc = await run({ domain: "mxray-demo.test" });
    expect(doc.status).toBe("incomplete");
    expect(doc.score).toBeNull();
    expect(doc.findings ?? []).toEqual([]);
  });

  it("one undetermined check gives a range the scoring code works out; a complete report has min == max == score", async () => {
    const complete = await run({ domain: "mxray-demo.test" });
    expect(complete.status).toBe("complete");
    expect(complete.scoreRange).toEqual({ min: complete.score, max: complete.score });
    sandbox.setFaults([{ match: "_dmarc.mxray-demo.test", kind: "servfail" }]);
    const partial = await run({ domain: "mxray-demo.test" });
    expect(partial.status).toBe("incomplete");
    expect(partial.unknown).toEqual(["dmarc"]);
    // DMARC was clean when determined: the best case is the complete report's score.
    expect(partial.scoreRange!.max).toBe(complete.score);
    expect(partial.scoreRange!.min).toBe(complete.score! - 30);
  });
});

describe("a domain that does not exist", () => {
  it("NXDOMAIN: status domain_not_found, one finding, no score and no checks to fix", async () => {
    const doc = await run({ domain: "no-such-name.mxray-demo.test" });
    expect(doc.status).toBe("domain_not_found");
    expect(doc.score).toBeNull();
    expect(doc.grade).toBeNull();
    expect(doc.checks).toEqual({});
    expect(doc.findings).toEqual([
      {
        code: "domain.not_found",
        severity: "critical",
        params: expect.objectContaining({ domain: "no-such-name.mxray-demo.test", reason: "nxdomain" }),
      },
    ]);
    expect(doc.findings![0]!.params.servers).toEqual([sandbox.server]);
  });

  it("a name that exists without a zone of its own is checked (its parent has the SOA)", async () => {
    const doc = await run({ domain: "mx1.mxray-demo.test" });
    expect(doc.status).not.toBe("domain_not_found");
  });
});

describe("the mail domain behind the input", () => {
  it("a URL on a www. host without MX: the parent domain is checked, and the report says so", async () => {
    const doc = await run({ domain: "https://www.mxray-demo.test/contact" });
    expect(doc.input.domain).toBe("mxray-demo.test");
    expect(doc.input.asked).toBe("https://www.mxray-demo.test/contact");
    expect(doc.input.derivedFrom).toBe("url");
    expect(doc.status).toBe("complete");
    expect(doc.checks.mx?.status).toBe("pass");
  });

  it("an e-mail address: its domain", async () => {
    const doc = await run({ domain: "postmaster@mxray-demo.test" });
    expect(doc.input).toMatchObject({
      domain: "mxray-demo.test",
      asked: "postmaster@mxray-demo.test",
      derivedFrom: "email",
    });
  });

  it("a bare www. host without MX: its parent, marked as such", async () => {
    const doc = await run({ domain: "www.mxray-demo.test" });
    expect(doc.input).toMatchObject({
      domain: "mxray-demo.test",
      asked: "www.mxray-demo.test",
      derivedFrom: "www",
    });
  });

  it("a plain domain is checked as typed, with nothing to explain", async () => {
    const doc = await run({ domain: "mxray-demo.test" });
    expect(doc.input.asked).toBeUndefined();
  });
});

describe("bounce reports", () => {
  it("text with no SMTP reply, DSN or bounce wording is not_a_bounce, not a refusal diagnosis", async () => {
    const doc = await run({ bounce: "hello my email is not working" });
    expect(doc.status).toBe("not_a_bounce");
    expect(doc.bounce).toBeUndefined();
    expect(doc.score).toBeNull();
    expect(doc.findings?.map((f) => f.code)).toEqual(["bounce.not_a_bounce"]);
  });

  it("a bounce alone is not graded; a score covers only the sender domain's checks it ran", async () => {
    const alone = await run({
      bounce: "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown",
    });
    expect(alone.status).toBe("complete");
    expect(alone.bounce?.family).toBe("mailbox");
    expect(alone.score).toBeNull();
    expect(alone.grade).toBeNull();

    const dmarc = await run({
      bounce:
        "550 5.7.26 Unauthenticated email from mxray-demo.test is not accepted due to domain's DMARC policy.",
      domain: "mxray-demo.test",
    });
    expect(Object.keys(dmarc.checks).sort()).toEqual(["dkim", "dmarc", "spf"]);
    expect(dmarc.status).toBe("complete");
    expect(typeof dmarc.score).toBe("number");
    // The score is the checks' alone: the rejection itself costs nothing.
    expect(dmarc.deductions.every((d) => d.check in dmarc.checks)).toBe(true);
  });

  it("binary input is refused with a clear error", () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256)).toString("utf8");
    expect(() => parseReportRequest({ bounce: bytes })).toThrow(/binary data, not a bounce/);
    expect(() => parseReportRequest({ bounce: "550 5.1.1 x\u0000y" })).toThrow(/binary/);
  });
});

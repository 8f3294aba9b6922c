import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { detectKind, normalizeDomain, normalizeIp, parseReportRequest } from "./input";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("did not throw");
}

describe("normalizeDomain", () => {
  it("lower-cases and drops the trailing dot", () => {
    expect(normalizeDomain("Example.COM.")).toEqual({ ascii: "example.com", unicode: "example.com" });
  });
  it("extracts the domain from URLs and e-mail addresses", () => {
    expect(normalizeDomain("https://www.Example.org/path?q=1").ascii).toBe("www.example.org");
    expect(normalizeDomain("postmaster@example.net").ascii).toBe("example.net");
    expect(normalizeDomain("mailto:a@b.example").ascii).toBe("b.example");
    expect(normalizeDomain("example.com/dmarc").ascii).toBe("example.com");
  });
  it("queries IDNs as A-labels and shows U-labels", () => {
    expect(normalizeDomain("bücher.example")).toEqual({
      ascii: "xn--bcher-kva.example",
      unicode: "bücher.example",
    });
    expect(normalizeDomain("xn--bcher-kva.example").unicode).toBe("bücher.example");
  });
  it("rejects bad syntax with a clear message", () => {
    expect(message(() => normalizeDomain("exa mple.com"))).toMatch(/spaces/);
    expect(message(() => normalizeDomain("-bad.example"))).toMatch(/not a valid label/);
    expect(message(() => normalizeDomain("a..example"))).toMatch(/empty label/);
    expect(message(() => normalizeDomain("localhost"))).toMatch(/needs a dot/);
    expect(message(() => normalizeDomain(`${"a".repeat(64)}.example`))).toMatch(/64 characters.*63/);
    expect(message(() => normalizeDomain(`${"abcdefghi.".repeat(26)}example`))).toMatch(/limit is 253/);
    expect(message(() => normalizeDomain("192.0.2.1"))).toMatch(/IP address/);
    expect(message(() => normalizeDomain("2001:db8::1"))).toMatch(/IP address/);
    expect(message(() => normalizeDomain(""))).toMatch(/Enter a domain/);
  });
  it("throws an AppError mapped to 422", () => {
    try {
      normalizeDomain("bad_domain.example");
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(422);
    }
  });
});

describe("normalizeIp", () => {
  it("canonicalizes v4 and v6", () => {
    expect(normalizeIp(" 192.0.2.10 ")).toBe("192.0.2.10");
    expect(normalizeIp("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normalizeIp("[2001:db8::2]")).toBe("2001:db8::2");
    expect(normalizeIp("::ffff:198.51.100.7")).toBe("198.51.100.7");
  });
  it("rejects junk", () => {
    expect(message(() => normalizeIp("300.1.1.1"))).toMatch(/not a valid/);
    expect(message(() => normalizeIp("10.1"))).toMatch(/not a (valid|dotted)/);
  });
});

describe("detectKind", () => {
  it("tells domains, IPs and bounces apart", () => {
    expect(detectKind("example.com")).toBe("domain");
    expect(detectKind("user@example.com")).toBe("domain");
    expect(detectKind("203.0.113.5")).toBe("ip");
    expect(detectKind("2001:db8::5")).toBe("ip");
    expect(detectKind("550 5.1.1 <a@b.example>: Recipient address rejected: User unknown")).toBe("bounce");
    expect(detectKind("Reporting-MTA: dns; mx.example\n\nStatus: 5.1.1")).toBe("bounce");
  });
});

describe("parseReportRequest", () => {
  it("needs one input", () => {
    expect(() => parseReportRequest({})).toThrow(/Enter a domain/);
  });
  it("rejects unknown fields and wrong types", () => {
    expect(() => parseReportRequest({ domain: 5 })).toThrow(/domain/);
    expect(() => parseReportRequest({ domain: "example.com", extra: 1 })).toThrow(/Invalid request/);
  });
  it("normalizes domain, ip and selectors", () => {
    const r = parseReportRequest({
      domain: "Example.com",
      ip: "192.0.2.1",
      selectors: ["S1", "s1", "k1._domainkey.example.com"],
    });
    expect(r).toMatchObject({
      kind: "domain",
      domain: { ascii: "example.com" },
      ip: "192.0.2.1",
      selectors: ["s1", "k1"],
    });
  });
  it("refuses oversized bounces with 413", () => {
    try {
      parseReportRequest({ bounce: "x".repeat(1024 * 1024 + 1) });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).status).toBe(413);
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  formatDmarc,
  isDmarcRecord,
  organizationalDomain,
  parseDmarc,
  parseDmarcUri,
  policyFor,
} from "./parse";

const reasons = (raw: string) => parseDmarc(raw).problems.map((p) => `${p.tag}:${p.reason}`);

describe("isDmarcRecord", () => {
  it("accepts v=DMARC1 with optional whitespace", () => {
    expect(isDmarcRecord("v=DMARC1; p=none")).toBe(true);
    expect(isDmarcRecord("v = DMARC1 ;p=none")).toBe(true);
    expect(isDmarcRecord("v=DMARC1")).toBe(true);
  });
  it("rejects other records", () => {
    expect(isDmarcRecord("v=spf1 -all")).toBe(false);
    expect(isDmarcRecord("p=reject; v=DMARC1")).toBe(false);
    expect(isDmarcRecord("v=DMARC10; p=none")).toBe(false);
    expect(isDmarcRecord("")).toBe(false);
  });
});

describe("parseDmarc", () => {
  it("parses a full record with defaults for absent tags", () => {
    const r = parseDmarc(
      "v=DMARC1; p=reject; sp=quarantine; np=reject; pct=50; adkim=s; aspf=r; fo=1:d; rf=afrf; ri=3600; rua=mailto:a@example.com!10m,mailto:b@example.net; ruf=mailto:f@example.com; psd=n; t=y",
    );
    expect(r.problems).toEqual([]);
    expect(r.usable).toBe(true);
    expect(r).toMatchObject({ p: "reject", sp: "quarantine", np: "reject", pct: 50, adkim: "s", aspf: "r" });
    expect(r.fo).toEqual(["1", "d"]);
    expect(r.ri).toBe(3600);
    expect(r.rua).toEqual([
      {
        uri: "mailto:a@example.com",
        scheme: "mailto",
        address: "a@example.com",
        host: "example.com",
        maxSize: "10m",
      },
      { uri: "mailto:b@example.net", scheme: "mailto", address: "b@example.net", host: "example.net" },
    ]);
    expect(r.ruf[0]?.host).toBe("example.com");
    expect(r.psd).toBe("n");
    expect(r.t).toBe("y");
  });

  it("applies RFC defaults", () => {
    const r = parseDmarc("v=DMARC1; p=none");
    expect(r).toMatchObject({ pct: 100, adkim: "r", aspf: "r", ri: 86400, fo: ["0"], rf: ["afrf"] });
    expect(r.sp).toBeUndefined();
  });

  it("accepts a trailing semicolon and case-insensitive policy values", () => {
    const r = parseDmarc("v=DMARC1; p=Reject;");
    expect(r.problems).toEqual([]);
    expect(r.p).toBe("reject");
  });

  it("requires v first", () => {
    const r = parseDmarc("v=DMARC1; v=DMARC1; p=none");
    expect(reasons(r.raw)).toContain("v:duplicate");
    const r2 = parseDmarc("p=none; v=DMARC1");
    expect(reasons(r2.raw)).toContain("v:v_not_first");
    expect(r2.usable).toBe(false);
  });

  it("flags a lower-case version as invalid (the ABNF spells DMARC1 with %x values)", () => {
    const r = parseDmarc("v=dmarc1; p=none");
    expect(reasons(r.raw)).toContain("v:invalid_value");
    expect(r.usable).toBe(false);
  });

  it("flags invalid p; with a valid rua it is treated as none (RFC 7489 §6.6.3 step 6)", () => {
    const r = parseDmarc("v=DMARC1; p=block; rua=mailto:d@example.com");
    expect(reasons(r.raw)).toEqual(["p:invalid_value"]);
    expect(r.usable).toBe(true);
    expect(r.policy).toBe("none");
  });

  it("a missing p without rua makes the record unusable", () => {
    const r = parseDmarc("v=DMARC1; sp=reject");
    expect(reasons(r.raw)).toEqual(["p:missing_p"]);
    expect(r.usable).toBe(false);
    const r2 = parseDmarc("v=DMARC1; rua=mailto:d@example.com");
    expect(r2.usable).toBe(true);
    expect(r2.policy).toBe("none");
  });

  it("flags duplicates and keeps the first value", () => {
    const r = parseDmarc("v=DMARC1; p=reject; p=none");
    expect(reasons(r.raw)).toEqual(["p:duplicate"]);
    expect(r.p).toBe("reject");
  });

  it.each([
    ["pct=101", "pct:invalid_value"],
    ["pct=-1", "pct:invalid_value"],
    ["pct=abc", "pct:invalid_value"],
    ["sp=maybe", "sp:invalid_value"],
    ["np=all", "np:invalid_value"],
    ["adkim=x", "adkim:invalid_value"],
    ["aspf=relaxed", "aspf:invalid_value"],
    ["fo=2", "fo:invalid_value"],
    ["fo=1:x", "fo:invalid_value"],
    ["rf=iodef", "rf:invalid_value"],
    ["ri=1h", "ri:invalid_value"],
    ["ri=99999999999", "ri:invalid_value"],
    ["rua=dmarc@example.com", "rua:invalid_uri"],
    ["rua=mailto:nobody", "rua:invalid_uri"],
    ["ruf=ftp://example.com/x", "ruf:unsupported_scheme"],
    ["rua=mailto:a@example.com,", "rua:empty_uri"],
    ["psd=maybe", "psd:invalid_value"],
    ["t=1", "t:invalid_value"],
    ["garbage", "garbage:malformed_tag"],
  ])("flags %s", (tag, reason) => {
    expect(reasons(`v=DMARC1; p=none; ${tag}`)).toContain(reason);
  });

  it("notes unknown tags without failing the record", () => {
    const r = parseDmarc("v=DMARC1; p=none; rue=mailto:a@example.com");
    expect(r.unknownTags).toEqual(["rue"]);
    expect(r.problems).toEqual([]);
  });
});

describe("parseDmarcUri", () => {
  it("handles size limits, https and percent-encoding", () => {
    expect(parseDmarcUri(" mailto:x@Example.COM!5k ")).toMatchObject({ host: "example.com", maxSize: "5k" });
    expect(parseDmarcUri("https://reports.example.org/dmarc")).toMatchObject({ host: "reports.example.org" });
    expect(parseDmarcUri("mailto:a%40b@example.com")?.address).toBe("a@b@example.com");
    expect(parseDmarcUri("not a uri")).toBeNull();
  });
});

describe("organizationalDomain", () => {
  it("uses the public suffix list, private suffixes included", () => {
    expect(organizationalDomain("a.b.example.co.uk")).toBe("example.co.uk");
    expect(organizationalDomain("mail.example.com")).toBe("example.com");
    expect(organizationalDomain("foo.github.io")).toBe("foo.github.io");
    expect(organizationalDomain("a.b.dmarc-x.test")).toBe("dmarc-x.test");
  });
});

describe("policyFor", () => {
  it("gives p to the domain, sp to subdomains, np to non-existent ones", () => {
    const r = parseDmarc("v=DMARC1; p=reject; sp=quarantine; np=none; pct=20");
    expect(policyFor(r, "self")).toEqual({ policy: "reject", pct: 20, from: "p" });
    expect(policyFor(r, "subdomain")).toEqual({ policy: "quarantine", pct: 20, from: "sp" });
    expect(policyFor(r, "nonexistent_subdomain")).toEqual({ policy: "none", pct: 20, from: "np" });
    const r2 = parseDmarc("v=DMARC1; p=quarantine");
    expect(policyFor(r2, "subdomain").policy).toBe("quarantine");
    expect(policyFor(r2, "nonexistent_subdomain").from).toBe("p");
  });
});

describe("formatDmarc", () => {
  it("puts v and p first", () => {
    expect(
      formatDmarc([
        { name: "rua", value: "mailto:a@example.com" },
        { name: "p", value: "reject" },
        { name: "v", value: "DMARC1" },
      ]),
    ).toBe("v=DMARC1; p=reject; rua=mailto:a@example.com");
  });
});

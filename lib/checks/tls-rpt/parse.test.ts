import { describe, expect, it } from "vitest";
import { isTlsRptRecord, parseTlsRpt } from "./parse";

describe("isTlsRptRecord (RFC 8460 §3)", () => {
  it("accepts the exact version and rejects others", () => {
    expect(isTlsRptRecord("v=TLSRPTv1; rua=mailto:a@example.com")).toBe(true);
    expect(isTlsRptRecord("v=TLSRPTv1")).toBe(true);
    expect(isTlsRptRecord("v=tlsrptv1; rua=mailto:a@example.com")).toBe(false);
    expect(isTlsRptRecord("v=TLSRPTv10; rua=mailto:a@example.com")).toBe(false);
    expect(isTlsRptRecord("v=spf1 -all")).toBe(false);
  });
});

describe("parseTlsRpt", () => {
  it("parses mailto and https destinations and extensions", () => {
    const r = parseTlsRpt("v=TLSRPTv1 ; rua=mailto:tls@example.com , https://r.example.com/v1;ext.x=1;");
    expect(r.problems).toEqual([]);
    expect(r.rua).toEqual([
      { uri: "mailto:tls@example.com", scheme: "mailto" },
      { uri: "https://r.example.com/v1", scheme: "https" },
    ]);
    expect(r.extensions).toEqual([{ name: "ext.x", value: "1" }]);
  });
  it.each([
    ["v=TLSRPTv1;", "missing_rua"],
    ["v=TLSRPTv1; rua=tls@example.com", "invalid_uri"],
    ["v=TLSRPTv1; rua=mailto:nobody", "invalid_uri"],
    ["v=TLSRPTv1; rua=http://r.example.com/", "unsupported_scheme"],
    ["v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com", "duplicate_rua"],
    ["v=TLSRPTv1; rua=mailto:a@example.com; junk", "malformed_field"],
    ["v=TLSRPTv1; rua=mailto:a@example.com; x=a b", "malformed_field"],
  ])("%s → %s", (raw, reason) => {
    expect(parseTlsRpt(raw).problems.map((p) => p.reason)).toContain(reason);
  });
});

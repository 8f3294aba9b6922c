import { describe, expect, it } from "vitest";
import type { DnsAnswer, DnsStatus, RRType, RecordDataMap } from "@/lib/dns/types";
import { evaluateFcrdns } from "@/lib/net/fcrdns";
import { evaluatePtr, genericHostname } from "./parse";

function ans<T extends RRType>(name: string, type: T, answers: RecordDataMap[T][] | DnsStatus): DnsAnswer<T> {
  const status = typeof answers === "string" ? answers : "ok";
  return {
    name,
    type,
    status,
    answers: typeof answers === "string" ? [] : answers,
    cnames: [],
    authenticated: false,
  };
}

describe("genericHostname", () => {
  const ip = "198.51.100.23";
  it.each([
    ["c-198-51-100-23.hsd1.ma.comcast.test", "ip_embedded"],
    ["23.100.51.198.static.provider.test", "ip_embedded"],
    ["ip198-51-100-23.pool.provider.test", "ip_embedded"],
    ["host198051100023.provider.test", "ip_embedded_padded"],
    ["c6336417.provider.test", "ip_embedded_hex"],
    ["pool-51-100-23.provider.test", "ip_partial"],
    ["23-100-51.provider.test", "ip_partial"],
    ["dhcp-7.provider.test", "keyword"],
    ["adsl.cust.provider.test", "keyword"],
    ["ppp123.provider.test", "keyword"],
    ["static-ip-example.provider.test", "keyword"],
    ["hostip7.provider.test", "keyword"],
    ["dynamic.provider.test", "keyword"],
    ["broadband.isp.test", "keyword"],
  ])("%s is generic (%s)", (name, reason) => {
    expect(genericHostname(name, ip)?.reason).toBe(reason);
  });

  it.each([
    "mail.example.test",
    "mx1.example.test",
    "smtp-out-2.mailer.test",
    "mail.dynamics.test",
    "poolside.example.test",
    "o1.ptr1234.sendgrid.test",
    "198-51-100-24.provider.test",
    "static.example.test",
  ])("%s is not generic", (name) => {
    expect(genericHostname(name, ip)).toBeNull();
  });

  it("names the matched word or address in the match", () => {
    expect(genericHostname("dsl-pool-3.isp.test", ip)).toEqual({ reason: "keyword", match: "dsl" });
    expect(genericHostname("c-198-51-100-23.isp.test", ip)).toEqual({
      reason: "ip_embedded",
      match: "198-51-100-23",
    });
  });

  it("recognizes IPv6 addresses embedded in names", () => {
    const v6 = "2001:db8:1234::a1b2:c3d4";
    expect(genericHostname("2001-db8-1234--a1b2-c3d4.dyn.isp.test", v6)?.reason).toBe("ip_embedded");
    expect(genericHostname("host-0000-0000-a1b2-c3d4.isp.test", v6)?.reason).toBe("ip_embedded");
    expect(genericHostname("20010db8123400000000a1b2c3d4.isp.test", v6)?.reason).toBe("ip_embedded");
    expect(genericHostname("mail.example.test", v6)).toBeNull();
    expect(genericHostname("mail1.example.test", "2001:db8::1")).toBeNull();
  });
});

describe("evaluatePtr", () => {
  const rev = "23.100.51.198.in-addr.arpa";
  const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

  it("passes a PTR that resolves back", () => {
    const r = evaluatePtr(
      evaluateFcrdns("198.51.100.23", ans(rev, "PTR", ["mail.example.test"]), [
        ans("mail.example.test", "A", ["198.51.100.23"]),
      ]),
    );
    expect(codes(r)).toEqual(["ptr.documentation_ip"]);
    expect(r.records[0]).toMatchObject({ ptr: ["mail.example.test"], fcrdns: true, scope: "documentation" });
  });

  it("reports a missing PTR", () => {
    expect(
      codes(evaluatePtr(evaluateFcrdns("8.8.4.4", ans("4.4.8.8.in-addr.arpa", "PTR", "nxdomain"), []))),
    ).toEqual(["ptr.missing"]);
  });

  it("reports several PTRs, a mismatch and a generic name together", () => {
    const r = evaluatePtr(
      evaluateFcrdns(
        "10.0.0.7",
        ans("7.0.0.10.in-addr.arpa", "PTR", ["a.example.test", "dhcp-7.example.test"]),
        [ans("a.example.test", "A", ["10.0.0.8"]), ans("dhcp-7.example.test", "A", "nxdomain")],
      ),
    );
    expect(codes(r)).toEqual([
      "ptr.private_ip",
      "ptr.multiple",
      "ptr.fcrdns_mismatch",
      "ptr.generic_hostname",
    ]);
    expect(r.findings[3]!.params).toMatchObject({
      name: "dhcp-7.example.test",
      reason: "keyword",
      match: "dhcp",
    });
  });

  it("a failed forward lookup is a dns_error, not a mismatch", () => {
    const r = evaluatePtr(
      evaluateFcrdns("8.8.4.4", ans("4.4.8.8.in-addr.arpa", "PTR", ["x.example.test"]), [
        ans("x.example.test", "A", "timeout"),
      ]),
    );
    expect(codes(r)).toEqual(["ptr.dns_error"]);
  });

  it("one confirmed name of several is enough", () => {
    const r = evaluatePtr(
      evaluateFcrdns("8.8.4.4", ans("4.4.8.8.in-addr.arpa", "PTR", ["x.example.test", "y.example.test"]), [
        ans("x.example.test", "A", "timeout"),
        ans("y.example.test", "A", ["8.8.4.4"]),
      ]),
    );
    expect(codes(r)).toEqual(["ptr.multiple", "ptr.dns_error"]);
  });
});

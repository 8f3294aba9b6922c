import { describe, expect, it } from "vitest";
import type { DnsAnswer, DnsStatus, RRType, RecordDataMap } from "@/lib/dns/types";
import { evaluateFcrdns } from "@/lib/net/fcrdns";
import { evaluateMx, exchangeKind, sortMx, targetsToResolve, type MxTargetLookup } from "./parse";

function ans<T extends RRType>(
  name: string,
  type: T,
  answers: RecordDataMap[T][] | DnsStatus,
  cnames: string[] = [],
): DnsAnswer<T> {
  const status = typeof answers === "string" ? answers : "ok";
  return {
    name,
    type,
    status,
    answers: typeof answers === "string" ? [] : answers,
    cnames,
    authenticated: false,
  };
}

function target(
  name: string,
  a: string[] | DnsStatus,
  aaaa: string[] | DnsStatus = "nodata",
): MxTargetLookup {
  return { a: ans(name, "A", a), aaaa: ans(name, "AAAA", aaaa), fcrdns: [] };
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code).sort();

describe("exchangeKind", () => {
  it("tells null MX, address literals and names apart", () => {
    expect(exchangeKind("")).toBe("null");
    expect(exchangeKind(".")).toBe("null");
    expect(exchangeKind("192.0.2.1")).toBe("ip");
    expect(exchangeKind("[192.0.2.1]")).toBe("ip");
    expect(exchangeKind("2001:db8::25")).toBe("ip");
    expect(exchangeKind("mx1.example.test")).toBe("name");
    expect(exchangeKind("1.2.3.4.example.test")).toBe("name");
  });
});

describe("sortMx / targetsToResolve", () => {
  it("orders by preference and resolves each host once", () => {
    const mx = [
      { priority: 20, exchange: "b.example.test" },
      { priority: 10, exchange: "A.example.test." },
      { priority: 30, exchange: "a.example.test" },
      { priority: 5, exchange: "192.0.2.1" },
      { priority: 0, exchange: "" },
    ];
    expect(sortMx(mx).map((m) => m.priority)).toEqual([0, 5, 10, 20, 30]);
    expect(targetsToResolve(mx)).toEqual(["a.example.test", "b.example.test"]);
  });
});

describe("evaluateMx", () => {
  const domain = "example.test";

  it("passes a plain MX set and keeps evidence in preference order", () => {
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", [
        { priority: 20, exchange: "mx2.example.test" },
        { priority: 10, exchange: "mx1.example.test" },
      ]),
      targets: {
        "mx1.example.test": target("mx1.example.test", ["192.0.2.10"], ["2001:db8::10"]),
        "mx2.example.test": target("mx2.example.test", ["192.0.2.11"]),
      },
    });
    expect(codes(r)).toEqual([]);
    expect(r.records.map((x) => [x.priority, x.exchange])).toEqual([
      [10, "mx1.example.test"],
      [20, "mx2.example.test"],
    ]);
    expect(r.records[0]!.addresses).toEqual({ A: ["192.0.2.10"], AAAA: ["2001:db8::10"] });
  });

  it("no MX with an address: implicit MX, medium", () => {
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", "nodata"),
      implicit: { a: ans(domain, "A", ["192.0.2.5"]), aaaa: ans(domain, "AAAA", "nodata") },
      targets: {},
    });
    expect(r.findings).toEqual([
      {
        code: "mx.missing",
        severity: "medium",
        params: { domain, nxdomain: false, hasAddress: true, addresses: ["192.0.2.5"] },
      },
    ]);
  });

  it("no MX and no address: high", () => {
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", "nodata"),
      implicit: { a: ans(domain, "A", "nodata"), aaaa: ans(domain, "AAAA", "nodata") },
      targets: {},
    });
    expect(r.findings[0]).toMatchObject({
      code: "mx.missing",
      severity: "high",
      params: { hasAddress: false },
    });
  });

  it("no MX and the address lookup timed out: unknown, with a dns_error", () => {
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", "nodata"),
      implicit: { a: ans(domain, "A", "timeout"), aaaa: ans(domain, "AAAA", "nodata") },
      targets: {},
    });
    expect(codes(r)).toEqual(["mx.dns_error", "mx.missing"]);
    expect(r.findings[0]!.params.hasAddress).toBeNull();
  });

  it("NXDOMAIN for the domain is mx.missing, high", () => {
    const r = evaluateMx({ domain, mx: ans(domain, "MX", "nxdomain"), targets: {} });
    expect(r.findings[0]).toMatchObject({ code: "mx.missing", severity: "high", params: { nxdomain: true } });
  });

  it("an MX lookup failure is only a dns_error", () => {
    const r = evaluateMx({ domain, mx: ans(domain, "MX", "servfail"), targets: {} });
    expect(codes(r)).toEqual(["mx.dns_error"]);
  });

  it("null MX alone is info; beside others it is high", () => {
    const alone = evaluateMx({ domain, mx: ans(domain, "MX", [{ priority: 0, exchange: "" }]), targets: {} });
    expect(alone.findings).toEqual([
      { code: "mx.null_mx", severity: "info", params: { domain, priority: 0 } },
    ]);
    const mixed = evaluateMx({
      domain,
      mx: ans(domain, "MX", [
        { priority: 0, exchange: "" },
        { priority: 10, exchange: "mx.example.test" },
      ]),
      targets: { "mx.example.test": target("mx.example.test", ["192.0.2.1"], ["2001:db8::1"]) },
    });
    expect(mixed.findings).toEqual([
      { code: "mx.null_mx_with_others", severity: "high", params: { domain, others: ["mx.example.test"] } },
    ]);
  });

  it("flags CNAME targets, IP literals, unresolvable targets, private addresses and duplicates", () => {
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", [
        { priority: 10, exchange: "alias.example.test" },
        { priority: 20, exchange: "192.0.2.7" },
        { priority: 30, exchange: "gone.example.test" },
        { priority: 40, exchange: "inside.example.test" },
        { priority: 50, exchange: "alias.example.test" },
      ]),
      targets: {
        "alias.example.test": {
          a: ans("alias.example.test", "A", ["198.51.100.1"], ["real.example.test"]),
          aaaa: ans("alias.example.test", "AAAA", "nodata", ["real.example.test"]),
          fcrdns: [],
        },
        "gone.example.test": target("gone.example.test", "nxdomain", "nxdomain"),
        "inside.example.test": target("inside.example.test", ["10.1.2.3", "100.64.0.1"], ["fd00::1"]),
      },
    });
    expect(codes(r)).toEqual([
      "mx.duplicate_target",
      "mx.no_ipv6",
      "mx.target_is_cname",
      "mx.target_is_ip",
      "mx.target_private_ip",
      "mx.target_private_ip",
      "mx.target_private_ip",
      "mx.target_unresolvable",
    ]);
    const byCode = (c: string) => r.findings.filter((f) => f.code === c).map((f) => f.params);
    expect(byCode("mx.target_is_cname")).toEqual([
      { exchange: "alias.example.test", canonical: "real.example.test" },
    ]);
    expect(byCode("mx.duplicate_target")).toEqual([{ exchange: "alias.example.test", priorities: [10, 50] }]);
    expect(byCode("mx.target_private_ip").map((p) => p.scope)).toEqual(["private", "cgnat", "unique-local"]);
    expect(byCode("mx.target_is_ip")[0]).toMatchObject({ address: "192.0.2.7" });
    expect(r.records.find((x) => x.exchange === "alias.example.test")?.cname).toBe("real.example.test");
  });

  it("documentation addresses are ordinary, not private", () => {
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", [{ priority: 10, exchange: "mx.example.test" }]),
      targets: { "mx.example.test": target("mx.example.test", ["203.0.113.9"], ["2001:db8::9"]) },
    });
    expect(codes(r)).toEqual([]);
  });

  it("one resolvable family is enough; a failed one is a dns_error, not unresolvable", () => {
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", [{ priority: 10, exchange: "mx.example.test" }]),
      targets: { "mx.example.test": target("mx.example.test", "nodata", "timeout") },
    });
    expect(codes(r)).toEqual(["mx.dns_error"]);
  });

  it("reports a target address without forward-confirmed reverse DNS", () => {
    const ip = "192.0.2.20";
    const noPtr = evaluateFcrdns(ip, ans("20.2.0.192.in-addr.arpa", "PTR", "nxdomain"), []);
    const elsewhere = evaluateFcrdns(
      "192.0.2.21",
      ans("21.2.0.192.in-addr.arpa", "PTR", ["other.example.test"]),
      [ans("other.example.test", "A", ["192.0.2.99"])],
    );
    const good = evaluateFcrdns(
      "2001:db8::20",
      ans("0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "PTR", [
        "mx.example.test",
      ]),
      [ans("mx.example.test", "AAAA", ["2001:db8::20"])],
    );
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", [{ priority: 10, exchange: "mx.example.test" }]),
      targets: {
        "mx.example.test": {
          a: ans("mx.example.test", "A", [ip, "192.0.2.21"]),
          aaaa: ans("mx.example.test", "AAAA", ["2001:db8::20"]),
          fcrdns: [noPtr, elsewhere, good],
        },
      },
    });
    expect(r.findings.map((f) => [f.code, f.params.address, f.params.reason])).toEqual([
      ["mx.target_fcrdns_mismatch", ip, "no_ptr"],
      ["mx.target_fcrdns_mismatch", "192.0.2.21", "no_forward_match"],
    ]);
    expect(r.records[0]!.ptr["2001:db8::20"]).toEqual({ names: ["mx.example.test"], fcrdns: true });
  });

  it("says when an MX host's address had more PTR names than are followed", () => {
    const ip = "192.0.2.30";
    const names = Array.from({ length: 12 }, (_, i) => `n${i}.example.test`);
    const followed = names.slice(0, 10).map((n) => ans(n, "A", "nxdomain"));
    const many = evaluateFcrdns(ip, ans("30.2.0.192.in-addr.arpa", "PTR", names), followed);
    expect(many.notFollowed).toEqual(["n10.example.test", "n11.example.test"]);
    const r = evaluateMx({
      domain,
      mx: ans(domain, "MX", [{ priority: 10, exchange: "mx.example.test" }]),
      targets: {
        "mx.example.test": {
          a: ans("mx.example.test", "A", [ip]),
          aaaa: ans("mx.example.test", "AAAA", "nodata"),
          fcrdns: [many],
        },
      },
    });
    expect(r.findings.find((f) => f.code === "mx.ptr_names_limited")?.params).toEqual({
      exchange: "mx.example.test",
      address: ip,
      count: 12,
      followed: 10,
    });
  });
});

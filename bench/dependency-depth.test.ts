import { describe, expect, it } from "vitest";
import { dependencyDepth, dependencyGraph, txtText, type BenchLogEntry } from "./dependency-depth";

/** A log entry sent at `at` and answered 50 ms later (the bench's fixed latency). */
function q(
  at: number,
  type: BenchLogEntry["type"],
  name: string,
  answers: string[] = [],
  extra: Partial<BenchLogEntry> = {},
): BenchLogEntry {
  return {
    name,
    type,
    rcode: "NOERROR",
    status: answers.length > 0 ? "ok" : "nodata",
    answers,
    server: "127.0.0.1:53",
    transport: "udp",
    startedMs: at,
    rttMs: 50,
    authenticated: false,
    ...extra,
  };
}

describe("dependencyDepth", () => {
  it("follows MX → A → PTR (k = 3) and names each step", () => {
    const log = [
      q(0, "MX", "ex.test", ["10 mx1.ex.test"]),
      q(50.2, "A", "mx1.ex.test", ["192.0.2.25"]),
      q(100.4, "PTR", "25.2.0.192.in-addr.arpa", ["mx1.ex.test"]),
    ];
    expect(dependencyDepth(log)).toEqual({
      k: 3,
      chain: [
        "MX ex.test",
        "A mx1.ex.test (MX exchange)",
        "PTR 25.2.0.192.in-addr.arpa (reverse of 192.0.2.25)",
      ],
    });
  });

  it("keeps k = 1 for independent queries asked one after the other (twice the time)", () => {
    const log = [
      q(0, "TXT", "_dmarc.ex.test", ['"v=DMARC1; p=reject"']),
      q(50.1, "TXT", "_smtp._tls.ex.test", ['"v=TLSRPTv1; rua=mailto:t@ex.test"']),
    ];
    const { k } = dependencyDepth(log);
    expect(k).toBe(1);
    const end = Math.max(...log.map((e) => e.startedMs + e.rttMs));
    expect(end / (k * 50)).toBeGreaterThan(2);
  });

  it("ignores an answer naming a query that was asked before that answer arrived", () => {
    // The MX check asks MX at once; the SPF record's bare `mx` names the same question later.
    const log = [q(0, "TXT", "ex.test", ['"v=spf1 mx -all"']), q(0.3, "MX", "ex.test", ["10 mx.ex.test"])];
    expect(dependencyDepth(log).k).toBe(1);
    // Asked only after the SPF record arrived, it depends on it.
    const serial = [q(0, "TXT", "ex.test", ['"v=spf1 mx -all"']), q(51, "MX", "ex.test", ["10 mx.ex.test"])];
    expect(dependencyDepth(serial)).toEqual({ k: 2, chain: ["TXT ex.test", "MX ex.test (SPF mx)"] });
  });

  it("uses the request time, not the send time, when the log has one", () => {
    // Asked at 0 by a check, held in the client's queue until 60: it did not wait for the answer.
    const log = [
      q(0, "MX", "ex.test", ["10 mx.ex.test"]),
      q(60, "A", "mx.ex.test", ["192.0.2.1"], { requestedMs: 0 }),
    ];
    expect(dependencyDepth(log).k).toBe(1);
  });

  it("walks an SPF include tree: include, redirect, a:, mx:, exists:, skipping macros", () => {
    const log = [
      q(0, "TXT", "ex.test", ['"v=spf1 include:_spf.ex.test " "redirect=r.ex.test"']),
      q(51, "TXT", "_spf.ex.test", ['"v=spf1 a:h1.ex.test mx:m.ex.test/24 exists:%{i}.x.ex.test -all"']),
      q(51, "TXT", "r.ex.test", ['"v=spf1 ~all"']),
      q(102, "A", "h1.ex.test", ["192.0.2.1"]),
      q(102, "MX", "m.ex.test", ["5 mail.ex.test"]),
      q(153, "A", "mail.ex.test", ["192.0.2.2"]),
      // A macro target is built from the sender, so nothing in the log leads to it.
      q(160, "A", "192.0.2.9.x.ex.test"),
    ];
    const g = dependencyGraph(log);
    expect(g.k).toBe(4);
    expect(g.chain).toEqual([
      "TXT ex.test",
      "TXT _spf.ex.test (SPF include)",
      "MX m.ex.test (SPF mx)",
      "A mail.ex.test (MX exchange)",
    ]);
    const depth = (label: string) => g.nodes.find((n) => n.label === label)?.depth;
    expect(depth("TXT r.ex.test")).toBe(2);
    expect(depth("A h1.ex.test")).toBe(3);
    expect(depth("A 192.0.2.9.x.ex.test")).toBe(1);
  });

  it("links a term's target only to the record type the term asks for", () => {
    // The MX check asks MX of good.test; an SPF redirect to good.test only makes its TXT dependent.
    const log = [
      q(0, "TXT", "r.test", ['"v=spf1 redirect=good.test"']),
      q(50.5, "MX", "good.test", ["10 mx.good.test"], { requestedMs: 50.5 }),
      q(50.5, "TXT", "good.test", ['"v=spf1 -all"']),
    ];
    const g = dependencyGraph(log);
    expect(g.nodes.map((n) => [n.label, n.depth])).toEqual([
      ["TXT r.test", 1],
      ["MX good.test", 1],
      ["TXT good.test", 2],
    ]);
  });

  it("has no DMARC org-fallback edge when both names are asked at once, and one when the check waits", () => {
    const atOnce = [
      q(0, "TXT", "_dmarc.shop.ex.test"),
      q(0.2, "TXT", "_dmarc.ex.test", ['"v=DMARC1; p=none"']),
    ];
    expect(dependencyDepth(atOnce).k).toBe(1);
    const waited = [
      q(0, "TXT", "_dmarc.shop.ex.test"),
      q(50.5, "TXT", "_dmarc.ex.test", ['"v=DMARC1; p=none"']),
    ];
    expect(dependencyDepth(waited).chain).toEqual([
      "TXT _dmarc.shop.ex.test",
      "TXT _dmarc.ex.test (DMARC org fallback)",
    ]);
    // The domain's own record ends discovery: asking the org's afterwards is not a fallback.
    const own = [
      q(0, "TXT", "_dmarc.shop.ex.test", ['"v=DMARC1; p=reject"']),
      q(50.5, "TXT", "_dmarc.ex.test", ['"v=DMARC1; p=none"']),
    ];
    expect(dependencyDepth(own).k).toBe(1);
  });

  it("links external DMARC report hosts and the MTA-STS policy host", () => {
    const log = [
      q(0, "TXT", "_dmarc.ex.test", ['"v=DMARC1; p=reject; rua=mailto:a@reports.test!10m,mailto:b@ex.test"']),
      q(0, "TXT", "_mta-sts.ex.test", ['"v=STSv1; id=1"']),
      q(50.3, "TXT", "ex.test._report._dmarc.reports.test"),
      q(50.3, "A", "mta-sts.ex.test", ["127.0.0.1"]),
      q(50.3, "AAAA", "mta-sts.ex.test"),
    ];
    const g = dependencyGraph(log);
    expect(g.k).toBe(2);
    expect(g.nodes.map((n) => [n.label, n.reason])).toEqual(
      expect.arrayContaining([
        ["TXT ex.test._report._dmarc.reports.test", "DMARC report authorization"],
        ["A mta-sts.ex.test", "MTA-STS policy host"],
        ["AAAA mta-sts.ex.test", "MTA-STS policy host"],
      ]),
    );
  });

  it("asks a DNSBL's TXT reason after a listing; 127/8 answers derive no reverse or DNSBL names", () => {
    const log = [
      q(0, "A", "66.113.0.203.bl.test", ["127.0.0.2"]),
      q(50.4, "TXT", "66.113.0.203.bl.test", ['"listed"']),
      q(50.4, "A", "2.0.0.127.bl2.test", ["127.0.0.2"]),
      q(50.4, "PTR", "2.0.0.127.in-addr.arpa"),
    ];
    const g = dependencyGraph(log);
    expect(g.chain).toEqual(["A 66.113.0.203.bl.test", "TXT 66.113.0.203.bl.test (DNSBL listing reason)"]);
    expect(g.nodes.filter((n) => n.depth === 1).map((n) => n.label)).toEqual([
      "A 66.113.0.203.bl.test",
      "A 2.0.0.127.bl2.test",
      "PTR 2.0.0.127.in-addr.arpa",
    ]);
  });

  it("derives DNSBL lookups from addresses, and an SPF ptr term from the client's address", () => {
    const log = [
      q(0, "TXT", "ex.test", ['"v=spf1 ptr -all"']),
      q(0, "A", "mx.ex.test", ["203.0.113.66"]),
      q(50.2, "A", "66.113.0.203.bl.test"),
      q(50.2, "PTR", "7.2.0.192.in-addr.arpa", ["host.ex.test"]),
      q(100.5, "A", "host.ex.test", ["192.0.2.7"]),
    ];
    const g = dependencyGraph(log, { ip: "192.0.2.7" });
    expect(g.chain).toEqual([
      "TXT ex.test",
      "PTR 7.2.0.192.in-addr.arpa (SPF ptr)",
      "A host.ex.test (PTR name)",
    ]);
    expect(g.nodes.find((n) => n.name === "66.113.0.203.bl.test")?.reason).toBe(
      "DNSBL lookup of 203.0.113.66",
    );
    // Without the client's address the ptr term leads nowhere.
    const ptr = dependencyGraph(log).nodes.find((n) => n.type === "PTR");
    expect([ptr?.depth, ptr?.reason]).toEqual([1, undefined]);
  });

  it("takes the shortest derivation when a name comes from several answers", () => {
    const log = [
      q(0, "MX", "ex.test", ["10 mail.ex.test"]),
      q(50.1, "A", "mail.ex.test", ["CNAME real.ex.test", "198.51.100.25"]),
      q(100.2, "PTR", "25.100.51.198.in-addr.arpa", ["real.ex.test"]),
      q(150.3, "A", "real.ex.test", ["198.51.100.25"]),
    ];
    const g = dependencyGraph(log);
    const real = g.nodes.find((n) => n.label === "A real.ex.test")!;
    expect([real.depth, real.reason]).toEqual([3, "CNAME target"]);
    expect(g.k).toBe(3);
  });

  it("counts implicit MX and zone-apex decisions only when the check waited", () => {
    const log = [
      q(0, "MX", "ex.test", [], { status: "nodata" }),
      q(50.2, "A", "ex.test", ["192.0.2.1"]),
      q(0, "SOA", "ex.test", ["ns1.ex.test hostmaster.ex.test 1 3600 600 86400 60"], { dnssec: true }),
      q(0.1, "DNSKEY", "ex.test", [], { dnssec: true }),
      q(50.3, "DS", "ex.test", [], { dnssec: true }),
    ];
    const g = dependencyGraph(log);
    const reason = (label: string) => g.nodes.find((n) => n.label === label)?.reason;
    expect(reason("A ex.test")).toBe("implicit MX");
    expect(reason("DS ex.test +DO")).toBe("zone apex");
    expect(reason("DNSKEY ex.test +DO")).toBeUndefined();
  });

  it("merges a retried question into one node with its final answer", () => {
    const log = [
      q(0, "MX", "ex.test", [], { rcode: "TIMEOUT", status: "timeout", rttMs: 2000 }),
      q(2000, "MX", "ex.test", ["10 mx.ex.test"]),
      q(2050.2, "A", "mx.ex.test", ["192.0.2.1"]),
    ];
    const g = dependencyGraph(log);
    expect(g.nodes).toHaveLength(2);
    expect(g.chain).toEqual(["MX ex.test", "A mx.ex.test (MX exchange)"]);
  });

  it("is 0 for an empty log", () => {
    expect(dependencyDepth([])).toEqual({ k: 0, chain: [] });
  });
});

describe("txtText", () => {
  it("joins character-strings and undoes presentation escapes", () => {
    expect(txtText('"v=spf1 " "ip4:192.0.2.1 -all"')).toBe("v=spf1 ip4:192.0.2.1 -all");
    expect(txtText('"a\\"b\\\\c\\065"')).toBe('a"b\\cA');
  });
});

import { describe, expect, it } from "vitest";
import type { BenchLogEntry } from "./dependency-depth";
import { wireStats } from "./wire-stats";

function e(
  at: number,
  type: BenchLogEntry["type"],
  name: string,
  extra: Partial<BenchLogEntry> = {},
): BenchLogEntry {
  return {
    name,
    type,
    rcode: "NOERROR",
    status: "ok",
    answers: [],
    server: "127.0.0.1:53",
    transport: "udp",
    startedMs: at,
    rttMs: 50,
    authenticated: false,
    ...extra,
  };
}

describe("wireStats", () => {
  it("counts a question sent twice as a duplicate", () => {
    const s = wireStats([e(0, "A", "a.test"), e(0, "TXT", "a.test"), e(60, "A", "a.test")]);
    expect(s).toEqual({
      sent: 3,
      distinct: 2,
      duplicates: 1,
      duplicated: [{ question: "A a.test", times: 2 }],
    });
  });

  it("does not count the client's continuations: retry after timeout, TCP after UDP, no-EDNS retry, fail-over", () => {
    const s = wireStats([
      e(0, "A", "t.test", { rcode: "TIMEOUT", status: "timeout" }),
      e(2000, "A", "t.test"),
      e(0, "TXT", "big.test"),
      e(10, "TXT", "big.test", { transport: "tcp" }),
      e(0, "MX", "old.test", { rcode: "FORMERR", status: "error" }),
      e(5, "MX", "old.test"),
      e(0, "NS", "f.test", { rcode: "SERVFAIL", status: "servfail" }),
      e(5, "NS", "f.test", { server: "127.0.0.2:53" }),
    ]);
    expect(s.duplicates).toBe(0);
    expect(s.sent).toBe(8);
    expect(s.distinct).toBe(4);
  });

  it("tells questions apart by the DO bit", () => {
    const s = wireStats([e(0, "SOA", "z.test", { dnssec: true }), e(0, "SOA", "z.test")]);
    expect(s.duplicates).toBe(0);
    expect(s.distinct).toBe(1);
    const twice = wireStats([
      e(0, "SOA", "z.test", { dnssec: true }),
      e(70, "SOA", "z.test", { dnssec: true }),
    ]);
    expect(twice.duplicated).toEqual([{ question: "SOA z.test +DO", times: 2 }]);
  });

  it("counts a SERVFAIL asked again of the same server as a duplicate", () => {
    const s = wireStats([
      e(0, "A", "s.test", { rcode: "SERVFAIL", status: "servfail" }),
      e(80, "A", "s.test"),
    ]);
    expect(s.duplicates).toBe(1);
  });
});

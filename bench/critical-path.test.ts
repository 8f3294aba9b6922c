import { describe, expect, it } from "vitest";
import { formatCriticalPath, observedCriticalPath, openingWave, summarizePath } from "./critical-path";
import { dependencyGraph, type BenchLogEntry } from "./dependency-depth";
import { callerFrame } from "./instrument";

function q(
  at: number,
  type: BenchLogEntry["type"],
  name: string,
  answers: string[],
  requestedMs = at,
): BenchLogEntry {
  return {
    name,
    type,
    rcode: "NOERROR",
    status: answers.length ? "ok" : "nodata",
    answers,
    server: "127.0.0.1:53",
    transport: "udp",
    startedMs: at,
    rttMs: 50,
    authenticated: false,
    requestedMs,
  };
}

describe("observedCriticalPath", () => {
  it("follows data dependencies when nothing else held the queries", () => {
    const g = dependencyGraph([
      q(0, "MX", "ex.test", ["10 mx.ex.test"]),
      q(0, "TXT", "ex.test", ['"v=spf1 -all"']),
      q(50.5, "A", "mx.ex.test", ["192.0.2.1"]),
    ]);
    const path = observedCriticalPath(g.nodes);
    expect(path.map((s) => [s.label, s.cause])).toEqual([
      ["MX ex.test", "start"],
      ["A mx.ex.test", "data"],
    ]);
  });

  it("names the queue when a dependent query was asked in time but sent a round trip later", () => {
    const g = dependencyGraph([
      q(0, "MX", "ex.test", ["10 mx.ex.test"]),
      q(0, "TXT", "s1._domainkey.ex.test", []),
      q(50, "TXT", "s2._domainkey.ex.test", [], 0),
      // Asked at 50.5 when the MX arrived, but the only slot was taken until s2 answered at 100.
      q(100.2, "A", "mx.ex.test", ["192.0.2.1"], 50.5),
    ]);
    const path = observedCriticalPath(g.nodes, {
      requesters: new Map([["mx.ex.test|A|0", "lookupTarget (lib/checks/mx/index.ts:56)"]]),
    });
    expect(path.map((s) => [s.label, s.cause])).toEqual([
      ["MX ex.test", "start"],
      ["TXT s2._domainkey.ex.test", "queued"],
      ["A mx.ex.test", "queued"],
    ]);
    expect(path[2]).toMatchObject({
      queuedMs: 49.7,
      dependsOn: "MX ex.test",
      requester: expect.stringContaining("mx"),
    });
    expect(formatCriticalPath(path)[2]).toContain("queued 49.7 ms for a client slot");
    expect(summarizePath(path)).toEqual({
      queuedMs: expect.closeTo(99.7, 5),
      waitedMs: 0,
      steps: { start: 1, queued: 2, data: 0, waited: 0 },
    });
    // MX, s1 and s2 were asked before the first answer; the A only after it.
    expect(openingWave(g.nodes)).toBe(3);
  });

  it("names an await that serializes: a query asked only after an answer it does not need", () => {
    const g = dependencyGraph([
      q(0, "TXT", "_dmarc.ex.test", ['"v=DMARC1; p=none"']),
      q(51, "TXT", "_smtp._tls.ex.test", []),
    ]);
    const path = observedCriticalPath(g.nodes);
    expect(path.map((s) => [s.label, s.cause, s.after])).toEqual([
      ["TXT _dmarc.ex.test", "start", undefined],
      ["TXT _smtp._tls.ex.test", "waited", "TXT _dmarc.ex.test"],
    ]);
    expect(formatCriticalPath(path)[1]).toContain("which it does not derive from");
    // It needs no answer at all, so it could have gone out at the start.
    expect(summarizePath(path)).toMatchObject({ waitedMs: 51, steps: { waited: 1 } });
  });
});

describe("callerFrame", () => {
  it("skips the resolver plumbing and names the code that asked, relative to the repository", () => {
    const stack = [
      "Error",
      "    at Object.query (file:///repo/bench/instrument.ts:90:24)",
      "    at CheckResolver.query (/repo/lib/checks/result.ts:41:24)",
      "    at Object.query (/repo/lib/net/memo-resolver.ts:19:44)",
      "    at lookupFcrdns (/repo/lib/net/fcrdns.ts:82:30)",
      "    at async Promise.all (index 0)",
    ].join("\n");
    expect(callerFrame(stack)).toBe("lookupFcrdns (lib/net/fcrdns.ts:82)");
    expect(callerFrame("Error\n    at /repo/node_modules/mailauth/lib/spf/spf-verify.js:10:5")).toBe(
      "node_modules/mailauth/lib/spf/spf-verify.js:10",
    );
  });
});

import { describe, expect, it } from "vitest";
import type { QueryLogEntry } from "@/lib/dns/types";
import {
  budgetPercent,
  budgetTone,
  fillLookupUrl,
  ladderIndex,
  niceStep,
  safeHttpUrl,
  splitUris,
  statusTone,
  timelineLayout,
} from "./visuals";

function q(startedMs: number, rttMs: number, status: QueryLogEntry["status"] = "ok"): QueryLogEntry {
  return {
    name: "example.com",
    type: "TXT",
    rcode: status === "ok" ? "NOERROR" : status.toUpperCase(),
    status,
    answers: [],
    server: "127.0.0.1:53",
    transport: "udp",
    startedMs,
    rttMs,
    authenticated: false,
  };
}

describe("budget", () => {
  it("is green up to 7, amber 8–10, red past 10 lookups", () => {
    expect([0, 7, 8, 10, 11].map((n) => budgetTone(n, 10, 3))).toEqual(["ok", "ok", "warn", "warn", "bad"]);
  });
  it("void lookups: amber at the limit of 2, red past it", () => {
    expect([0, 1, 2, 3].map((n) => budgetTone(n, 2, 1))).toEqual(["ok", "ok", "warn", "bad"]);
  });
  it("bar width is clamped to 0–100 %", () => {
    expect(budgetPercent(5, 10)).toBe(50);
    expect(budgetPercent(14, 10)).toBe(100);
    expect(budgetPercent(0, 0)).toBe(0);
  });
});

describe("dmarc helpers", () => {
  it("places policies on the ladder", () => {
    expect(["none", "quarantine", "reject", "bogus", null].map(ladderIndex)).toEqual([0, 1, 2, -1, -1]);
  });
  it("splits rua lists", () => {
    expect(splitUris("mailto:a@x.example, mailto:b@y.example!10m")).toEqual([
      "mailto:a@x.example",
      "mailto:b@y.example!10m",
    ]);
    expect(splitUris(undefined)).toEqual([]);
  });
});

describe("links", () => {
  it("keeps only http(s) URLs", () => {
    expect(safeHttpUrl("https://check.spamhaus.org/x")).toBe("https://check.spamhaus.org/x");
    expect(safeHttpUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl("data:text/html,x")).toBeNull();
    expect(safeHttpUrl("not a url")).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
  it("fills and encodes the query", () => {
    expect(fillLookupUrl("https://psbl.org/listing?ip={query}", "192.0.2.1")).toBe(
      "https://psbl.org/listing?ip=192.0.2.1",
    );
    expect(fillLookupUrl("https://x.example/?q={query}", "a&b")).toBe("https://x.example/?q=a%26b");
    expect(fillLookupUrl(undefined, "x")).toBeNull();
  });
});

describe("timelineLayout", () => {
  it("puts every query on one axis from the first start to the last answer", () => {
    const l = timelineLayout([q(100, 50), q(120, 30), q(150, 50, "servfail")]);
    expect(l.spanMs).toBe(100);
    expect(l.shown.map((r) => [r.left, r.width, r.startMs])).toEqual([
      [0, 50, 0],
      [20, 30, 20],
      [50, 50, 50],
    ]);
    expect(l.shown.map((r) => r.tone)).toEqual(["ok", "ok", "bad"]);
    expect(l.ticks.map((t) => t.ms)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(l.rest).toEqual([]);
  });
  it("orders by start time, keeping the log index", () => {
    const l = timelineLayout([q(30, 5), q(10, 5)]);
    expect(l.shown.map((r) => r.index)).toEqual([1, 0]);
  });
  it("keeps instant answers visible and inside the track", () => {
    const l = timelineLayout([q(0, 100), q(100, 0)], { minWidth: 1 });
    const last = l.shown[1]!;
    expect(last.width).toBe(1);
    expect(last.left + last.width).toBeLessThanOrEqual(100);
  });
  it("caps the rows shown and keeps the rest for 'show all'", () => {
    const log = Array.from({ length: 300 }, (_, i) => q(i, 3));
    const l = timelineLayout(log, { maxRows: 40 });
    expect(l.shown).toHaveLength(40);
    expect(l.rest).toHaveLength(260);
    expect(l.rest[0]!.index).toBe(40);
  });
  it("survives an empty log and bad numbers", () => {
    expect(timelineLayout([]).shown).toEqual([]);
    const l = timelineLayout([q(Number.NaN, Number.POSITIVE_INFINITY)]);
    expect(l.spanMs).toBe(1);
    expect(Number.isFinite(l.shown[0]!.left)).toBe(true);
  });
  it("classifies statuses: answered, no such data, unanswered", () => {
    expect(
      ["ok", "nxdomain", "nodata", "servfail", "refused", "timeout"].map((s) => statusTone(s as never)),
    ).toEqual(["ok", "neutral", "neutral", "bad", "bad", "bad"]);
  });
  it("picks 1/2/5 tick steps", () => {
    expect(niceStep(100)).toBe(20);
    expect(niceStep(1234)).toBe(500);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0)).toBe(1);
  });
});

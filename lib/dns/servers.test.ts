import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultServers, formatServer, parseResolvConf, parseServers } from "./servers";

describe("parseServers", () => {
  it("accepts addresses with and without ports, IPv6 in brackets, lists", () => {
    expect(parseServers("1.2.3.4")).toEqual([{ host: "1.2.3.4", port: 53 }]);
    expect(parseServers("1.2.3.4:5353, [::1]:53,[2001:db8::1],::1")).toEqual([
      { host: "1.2.3.4", port: 5353 },
      { host: "::1", port: 53 },
      { host: "2001:db8::1", port: 53 },
      { host: "::1", port: 53 },
    ]);
  });
  it("throws a clear error on junk", () => {
    for (const bad of [
      "",
      "dns.example",
      "1.2.3.4:0",
      "1.2.3.4:99999",
      "1.2.3.4:x",
      "[::1]:",
      "1.2.3",
      "1.2.3.4,",
    ]) {
      expect(() => parseServers(bad), bad).toThrow(/DNS server/);
    }
  });
  it("formats IPv6 servers with brackets", () => {
    expect(formatServer({ host: "::1", port: 5300 })).toBe("[::1]:5300");
    expect(formatServer({ host: "127.0.0.1", port: 53 })).toBe("127.0.0.1:53");
  });
});

describe("resolv.conf and defaults", () => {
  afterEach(() => vi.unstubAllEnvs());
  it("reads nameserver lines, IPv4 and IPv6, ignoring the rest", () => {
    const text =
      "# comment\nsearch example.test\nnameserver 192.0.2.53\nnameserver fe80::1%eth0\nnameserver bogus\noptions ndots:1\n";
    expect(parseResolvConf(text)).toEqual([
      { host: "192.0.2.53", port: 53 },
      { host: "fe80::1", port: 53 },
    ]);
  });
  it("prefers explicit servers, then MXRAY_DNS", () => {
    vi.stubEnv("MXRAY_DNS", "198.51.100.1:5300");
    expect(defaultServers("127.0.0.1:1")).toEqual([{ host: "127.0.0.1", port: 1 }]);
    expect(defaultServers(["127.0.0.1:1", "127.0.0.2"])).toHaveLength(2);
    expect(defaultServers()).toEqual([{ host: "198.51.100.1", port: 5300 }]);
    vi.stubEnv("MXRAY_DNS", "");
    expect(defaultServers().length).toBeGreaterThan(0);
  });
});

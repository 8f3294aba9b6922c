import { describe, expect, it } from "vitest";
import { clientAddress, fromTrustedProxy, parseTrustedProxies, PEER_HEADER } from "./client-address";

function h(peer: string | null, xff?: string): Headers {
  const headers = new Headers();
  if (peer !== null) headers.set(PEER_HEADER, peer);
  if (xff !== undefined) headers.set("x-forwarded-for", xff);
  return headers;
}

describe("client address", () => {
  it("is the TCP peer without trusted proxies, whatever X-Forwarded-For claims", () => {
    const none = parseTrustedProxies(undefined);
    expect(clientAddress(h("203.0.113.9", "192.0.2.1"), none)).toBe("203.0.113.9");
    expect(clientAddress(h("::ffff:203.0.113.9", "1.1.1.1"), none)).toBe("203.0.113.9");
    expect(clientAddress(h(null, "192.0.2.1"), none)).toBe("unknown");
    expect(fromTrustedProxy(h("127.0.0.1"), none)).toBe(false);
  });

  it("counts hops from the right with a hop count", () => {
    const one = parseTrustedProxies("1");
    // Client spoofs "6.6.6.6"; the proxy appends the address it saw; the peer is the proxy.
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 192.0.2.44"), one)).toBe("192.0.2.44");
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 192.0.2.44, 10.0.0.1"), parseTrustedProxies("2"))).toBe(
      "192.0.2.44",
    );
    expect(clientAddress(h("10.0.0.2"), one)).toBe("10.0.0.2");
  });

  it("walks past trusted CIDRs only", () => {
    const cidrs = parseTrustedProxies("10.0.0.0/8, ::1");
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 192.0.2.44, 10.1.1.1"), cidrs)).toBe("192.0.2.44");
    // A peer outside the trusted ranges is the client: its X-Forwarded-For is ignored.
    expect(clientAddress(h("198.51.100.3", "6.6.6.6"), cidrs)).toBe("198.51.100.3");
    expect(clientAddress(h("::1", "2001:db8::5"), cidrs)).toBe("2001:db8::5");
    expect(clientAddress(h("10.0.0.2", "not-an-ip, 10.0.0.3"), cidrs)).toBe("unknown");
    expect(fromTrustedProxy(h("10.9.9.9"), cidrs)).toBe(true);
    expect(fromTrustedProxy(h("198.51.100.3"), cidrs)).toBe(false);
  });

  it("rejects a setting that is neither a hop count nor addresses", () => {
    expect(() => parseTrustedProxies("proxy.example")).toThrow(/MXRAY_TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("99")).toThrow(/hops/);
    expect(parseTrustedProxies("0")).toEqual({ kind: "none" });
  });
});

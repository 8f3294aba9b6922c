import { describe, expect, it } from "vitest";
import {
  addressScope,
  canonicalIp,
  ipFamily,
  isNonRoutable,
  isPublicUnicast,
  parseIp,
  reverseName,
  reversedLabels,
} from "./ip";

describe("addressScope", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["2a00:1450:4001::1", "public"],
    ["192.0.2.1", "documentation"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.200", "documentation"],
    ["2001:db8::1", "documentation"],
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "cgnat"],
    ["fd12:3456::1", "unique-local"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::a00:1", "private"],
    ["64:ff9b::808:808", "public"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:808:808::1", "public"],
    // Deprecated transition forms are refused whatever they embed.
    ["::7f00:1", "reserved"],
    ["::808:808", "reserved"],
    ["::ffff:0:7f00:1", "reserved"],
    ["3ffe::1", "reserved"],
    ["fec0::1", "reserved"],
  ])("%s is %s", (ip, scope) => {
    expect(addressScope(ip)).toBe(scope);
  });

  it("rejects non-addresses and legacy IPv4 spellings", () => {
    for (const bad of ["", "example.com", "127.1", "0x7f.0.0.1", "1.2.3.256", "1.2.3"]) {
      expect(parseIp(bad)).toBeNull();
      expect(addressScope(bad)).toBeNull();
    }
  });

  it("only ordinary global unicast is public; documentation is not non-routable", () => {
    expect(isPublicUnicast("8.8.8.8")).toBe(true);
    expect(isPublicUnicast("192.0.2.1")).toBe(false);
    expect(isPublicUnicast("127.0.0.1")).toBe(false);
    expect(isNonRoutable("192.0.2.1")).toBe(false);
    expect(isNonRoutable("10.1.1.1")).toBe(true);
    expect(isNonRoutable("8.8.8.8")).toBe(false);
  });
});

describe("reverse names", () => {
  it("builds in-addr.arpa and ip6.arpa nibble names", () => {
    expect(reverseName("192.0.2.1")).toBe("1.2.0.192.in-addr.arpa");
    expect(reverseName("2001:db8::567:89ab")).toBe(
      "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
    );
    expect(reversedLabels("127.0.0.2")).toBe("2.0.0.127");
    expect(reverseName("::ffff:192.0.2.1")).toBe("1.2.0.192.in-addr.arpa");
    expect(reverseName("nope")).toBeNull();
  });

  it("canonicalizes and tells the family", () => {
    expect(canonicalIp("2001:DB8:0:0::1")).toBe("2001:db8::1");
    expect(canonicalIp("[192.0.2.1]")).toBe("192.0.2.1");
    expect(ipFamily("192.0.2.1")).toBe(4);
    expect(ipFamily("2001:db8::1")).toBe(6);
  });
});

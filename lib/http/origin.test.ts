import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfig } from "@/lib/config";
import { PEER_HEADER } from "./client-address";
import { hostAllowed, publicOrigin, servedOverHttps } from "./origin";

function req(headers: Record<string, string>, url = "http://internal:3000/api/reports") {
  return new Request(url, { headers });
}
function env(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetConfig();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetConfig();
});

describe("public origin", () => {
  it("ignores forwarded headers from an untrusted client", () => {
    env({ MXRAY_PUBLIC_URL: "", MXRAY_TRUSTED_PROXIES: "" });
    const r = req({
      host: "mxray.example:8080",
      "x-forwarded-host": "evil.test",
      "x-forwarded-proto": "javascript",
      [PEER_HEADER]: "203.0.113.5",
    });
    expect(publicOrigin(r)).toBe("http://mxray.example:8080");
    expect(servedOverHttps(r)).toBe(false);
  });

  it("believes X-Forwarded-Host/-Proto from a trusted proxy, but only http or https", () => {
    env({ MXRAY_TRUSTED_PROXIES: "10.0.0.0/8" });
    const via = (proto: string) =>
      req({
        host: "10.0.0.9:3000",
        "x-forwarded-host": "mxray.example",
        "x-forwarded-proto": proto,
        [PEER_HEADER]: "10.0.0.2",
      });
    expect(publicOrigin(via("https"))).toBe("https://mxray.example");
    expect(publicOrigin(via("javascript"))).toBe("http://mxray.example");
    // The same headers from outside the trusted range count for nothing.
    expect(
      publicOrigin(
        req({ host: "a.example", "x-forwarded-host": "evil.test", [PEER_HEADER]: "198.51.100.1" }),
      ),
    ).toBe("http://a.example");
  });

  it("uses MXRAY_PUBLIC_URL when set, and refuses other schemes in it", () => {
    env({ MXRAY_PUBLIC_URL: "https://mxray.example.org/some/path" });
    expect(publicOrigin(req({ host: "evil.test" }))).toBe("https://mxray.example.org");
    vi.stubEnv("MXRAY_PUBLIC_URL", "javascript://evil.test");
    resetConfig();
    expect(() => publicOrigin(req({}))).toThrow(/MXRAY_PUBLIC_URL/);
  });

  it("checks Host against MXRAY_ALLOWED_HOSTS and refuses malformed ones", () => {
    env({ MXRAY_ALLOWED_HOSTS: "mxray.example, localhost:3000" });
    expect(hostAllowed("mxray.example")).toBe(true);
    expect(hostAllowed("MXRAY.example:8443")).toBe(true);
    expect(hostAllowed("localhost:3000")).toBe(true);
    expect(hostAllowed("localhost:3001")).toBe(false);
    expect(hostAllowed("evil.test")).toBe(false);
    expect(publicOrigin(req({ host: "evil.test" }))).toBe("http://mxray.example");
    vi.stubEnv("MXRAY_ALLOWED_HOSTS", "");
    resetConfig();
    for (const bad of ["evil.test/x", "a b", "javascript:x", "[zz]", ""])
      expect(hostAllowed(bad), bad).toBe(false);
    expect(hostAllowed("[::1]:3000")).toBe(true);
  });
});

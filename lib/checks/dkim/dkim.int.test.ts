import { describe, expect, it } from "vitest";
import { SERVERS, startSandboxServer, useFixtureServer } from "@/test-support/dns/fixture-servers";
import type { CheckResult } from "@/lib/checks/types";
import { dkimCheck, type DkimSelectorEvidence, type DkimSummary } from "./index";
import { COMMON_SELECTORS } from "./selectors";

const codes = (r: CheckResult) => r.findings.map((f) => f.code).sort();
const selectors = (r: CheckResult) =>
  r.records.filter((x) => (x as DkimSelectorEvidence).kind === "dkim_selector") as DkimSelectorEvidence[];
const summary = (r: CheckResult) =>
  r.records.find((x) => (x as DkimSummary).kind === "dkim_summary") as DkimSummary;
const bySelector = (r: CheckResult, s: string) =>
  r.findings.filter((f) => f.params.selector === s).map((f) => f.code);

describe.each(SERVERS)("dkimCheck over real sockets ($name)", ({ start }) => {
  const server = useFixtureServer(start);
  const run = async (domain: string, sel?: string[]) => {
    const resolver = server().resolver();
    const result = await dkimCheck({ resolver, domain, ...(sel ? { selectors: sel } : {}) });
    return { result, wire: resolver.stats().queries };
  };

  it("good keys: RSA-2048, a CNAME-delegated key, Ed25519; every name asked once", async () => {
    const { result, wire } = await run("dkim-good.test");
    expect(result.findings).toEqual([]);
    expect(result.status).toBe("pass");
    const found = Object.fromEntries(selectors(result).map((s) => [s.selector, s]));
    expect(Object.keys(found).sort()).toEqual(["google", "k2", "selector1"]);
    expect(found.google).toMatchObject({
      keyType: "rsa",
      bits: 2048,
      encoding: "spki",
      state: "ok",
      cnames: [],
    });
    expect(found.k2).toMatchObject({ keyType: "ed25519", bits: 256, encoding: "raw", state: "ok" });
    expect(found.selector1).toMatchObject({
      name: "selector1._domainkey.dkim-good.test",
      cnames: ["selector1-dkim-good-test._domainkey.dkim-provider.test"],
      bits: 2048,
    });
    // _domainkey itself plus every built-in selector, once each (the CNAME target is followed in the same
    // exchange: the server returns the chain).
    expect(result.queries).toBe(1 + COMMON_SELECTORS.length);
    expect(wire).toBeGreaterThanOrEqual(1 + COMMON_SELECTORS.length);
    expect(wire).toBeLessThanOrEqual(2 + COMMON_SELECTORS.length);
  });

  it("dkim.key_too_short: 512 bits high, 1024 bits low", async () => {
    const { result } = await run("dkim-weak.test");
    expect(result.findings).toEqual([
      { code: "dkim.key_too_short", severity: "high", params: { selector: "default", bits: 512 } },
      { code: "dkim.key_too_short", severity: "low", params: { selector: "k1", bits: 1024 } },
    ]);
    expect(result.status).toBe("fail");
    expect(codes((await run("dkim-good.test")).result)).not.toContain("dkim.key_too_short");
  });

  it("dkim.no_selector_found only when _domainkey is NXDOMAIN", async () => {
    const { result, wire } = await run("dkim-none.test");
    // RFC 8020: nothing exists below an NXDOMAIN, so the built-in selectors are not asked at all.
    expect(result.findings).toEqual([
      {
        code: "dkim.no_selector_found",
        severity: "high",
        params: {
          domain: "dkim-none.test",
          tried: 0,
          skipped: COMMON_SELECTORS.length,
          reason: "domainkey_nxdomain",
        },
      },
    ]);
    expect(wire).toBe(1);
    expect(summary(result).guessingSkipped).toEqual({
      selectors: COMMON_SELECTORS.length,
      reason: "domainkey_nxdomain",
    });
    expect(result.status).toBe("fail");
    expect(summary(result).domainkey).toBe("nxdomain");
    expect(codes((await run("dkim-unknown.test")).result)).not.toContain("dkim.no_selector_found");
  });

  it("dkim.selector_unknown when _domainkey exists (NODATA) but no guessed selector has a key", async () => {
    const { result } = await run("dkim-unknown.test");
    expect(codes(result)).toEqual(["dkim.selector_unknown"]);
    expect(result.status).toBe("info");
    expect(summary(result).domainkey).toBe("nodata");
    const named = (await run("dkim-unknown.test", ["custom2026"])).result;
    expect(named.status).toBe("pass");
    expect(selectors(named).map((s) => [s.selector, s.fromUser, s.bits])).toEqual([
      ["custom2026", true, 2048],
    ]);
  });

  it("a wildcard TXT that is not a key is not taken for one", async () => {
    const { result } = await run("dkim-wild.test");
    expect(codes(result)).toEqual(["dkim.selector_unknown"]);
    expect(selectors(result)).toEqual([]);
  });

  it("dkim.selector_missing for a selector the user named", async () => {
    const { result } = await run("dkim-good.test", ["nope"]);
    expect(result.findings).toEqual([
      { code: "dkim.selector_missing", severity: "medium", params: { selector: "nope" } },
    ]);
  });

  it("flags: testing mode, SHA-1 only, revoked, duplicate tags, damaged key, unknown algorithm, s= not email", async () => {
    const { result } = await run("dkim-flags.test");
    expect(bySelector(result, "s1")).toEqual(["dkim.testing_mode"]);
    expect(bySelector(result, "s2")).toEqual(["dkim.sha1_only"]);
    expect(result.findings).toContainEqual({
      code: "dkim.key_revoked",
      severity: "info",
      params: { selector: "mail" },
    });
    expect(result.findings).toContainEqual({
      code: "dkim.syntax_error",
      severity: "high",
      params: { selector: "dkim", reason: "duplicate_tag", tag: "k" },
    });
    expect(result.findings).toContainEqual({
      code: "dkim.invalid_key",
      severity: "high",
      params: { selector: "smtp", keyType: "rsa", reason: "undecodable" },
    });
    expect(result.findings).toContainEqual({
      code: "dkim.invalid_key",
      severity: "high",
      params: { selector: "email", keyType: "dsa", reason: "unsupported_key_type", detail: "dsa" },
    });
    expect(bySelector(result, "key1")).toEqual(["dkim.not_for_email"]);
    expect(bySelector(result, "key2")).toEqual(["dkim.key_format"]);
    expect(selectors(result).find((x) => x.selector === "key2")).toMatchObject({
      bits: 2048,
      encoding: "pkcs1",
      state: "ok",
    });
    expect(result.status).toBe("fail");
    const good = codes((await run("dkim-good.test")).result);
    for (const c of [
      "dkim.testing_mode",
      "dkim.sha1_only",
      "dkim.key_revoked",
      "dkim.syntax_error",
      "dkim.invalid_key",
      "dkim.key_format",
      "dkim.not_for_email",
    ]) {
      expect(good).not.toContain(c);
    }
  });

  it("dkim.key_revoked is medium when no usable key remains", async () => {
    const { result } = await run("dkim-revoked.test");
    expect(result.findings).toEqual([
      { code: "dkim.key_revoked", severity: "medium", params: { selector: "default" } },
    ]);
    expect(result.status).toBe("warn");
  });
});

describe("dkimCheck with DNS failures (sandbox faults)", () => {
  const server = useFixtureServer(() => startSandboxServer());

  it("SERVFAIL at _domainkey with no key found: error, not no_selector_found", async () => {
    server().sandbox.setFaults([{ match: "_domainkey.dkim-none.test", kind: "servfail" }]);
    const r = await dkimCheck({ resolver: server().resolver(), domain: "dkim-none.test" });
    expect(r.status).toBe("error");
    expect(r.findings.map((f) => f.code)).toEqual(["dkim.dns_error"]);
  });

  it("selector lookups timing out under an existing _domainkey: error, not selector_unknown", async () => {
    server().sandbox.setFaults([{ match: "*._domainkey.dkim-unknown.test", kind: "timeout" }]);
    const r = await dkimCheck({
      resolver: server().resolver({ timeoutMs: 300 }),
      domain: "dkim-unknown.test",
    });
    expect(r.status).toBe("error");
    expect(r.findings.map((f) => f.code)).not.toContain("dkim.selector_unknown");
    expect(r.findings.every((f) => f.code === "dkim.dns_error")).toBe(true);
  });

  it("one selector failing next to a good key keeps the verdict, listing the unresolved one", async () => {
    server().sandbox.setFaults([{ match: "k1._domainkey.dkim-good.test", kind: "refused" }]);
    const r = await dkimCheck({ resolver: server().resolver(), domain: "dkim-good.test" });
    expect(r.status).toBe("pass");
    expect(summary(r).unresolved).toEqual([{ selector: "k1", status: "refused" }]);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";
import type { CheckResult } from "@/lib/checks/types";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { catalogue } from "./findings";
import { dkimCheck } from "./index";
import { analyzeKey, parseDkimRecord } from "./parse";

const zones = ZONE_FILES.map((f) => readFileSync(f, "utf8"));
const check = (domain: string) => dkimCheck({ resolver: createMemoryResolver({ zoneText: zones }), domain });
const fixFor = (r: CheckResult, code: string, domain: string, selector?: string) => {
  const f = r.findings.find(
    (x) => x.code === code && (selector === undefined || x.params.selector === selector),
  );
  expect(f, code).toBeDefined();
  return catalogue[code]!.fix!({ params: f!.params, domain, result: r });
};

describe("dkim catalogue", () => {
  it("documents every code the check emits, and only those", () => {
    const src = readFileSync(new URL("index.ts", import.meta.url), "utf8");
    const emitted = new Set([...src.matchAll(/"(dkim\.[a-z_0-9]+)"/g)].map((m) => m[1]!));
    emitted.add("dkim.dns_error");
    expect(Object.keys(catalogue).sort()).toEqual([...emitted].sort());
  });

  it("dkim.key_too_short: rotate to a new 2048-bit selector", async () => {
    const r = await check("dkim-weak.test");
    const fix = fixFor(r, "dkim.key_too_short", "dkim-weak.test", "default");
    expect(fix?.records).toEqual([
      {
        name: "default-2048._domainkey.dkim-weak.test",
        type: "TXT",
        value: "v=DKIM1; k=rsa; p=<base64 public key>",
      },
    ]);
    expect(fix?.text).toContain("512-bit");
    expect(fix?.text).toContain("rsa_keygen_bits:2048");
  });

  it("dkim.testing_mode and dkim.sha1_only: the current record with the tag fixed", async () => {
    const r = await check("dkim-flags.test");
    const t = fixFor(r, "dkim.testing_mode", "dkim-flags.test")!.records![0]!;
    expect(t.name).toBe("s1._domainkey.dkim-flags.test");
    expect(parseDkimRecord(t.value).flags).toEqual([]);
    expect(parseDkimRecord(t.value).publicKey?.length).toBeGreaterThan(300);
    const h = fixFor(r, "dkim.sha1_only", "dkim-flags.test")!.records![0]!;
    expect(h.name).toBe("s2._domainkey.dkim-flags.test");
    expect(parseDkimRecord(h.value).hashes).toBeUndefined();
    expect(parseDkimRecord(h.value).errors).toEqual([]);
  });

  it("dkim.key_format: the same key re-encoded as SubjectPublicKeyInfo", async () => {
    const r = await check("dkim-flags.test");
    const rec = fixFor(r, "dkim.key_format", "dkim-flags.test")!.records![0]!;
    expect(rec.name).toBe("key2._domainkey.dkim-flags.test");
    const parsed = parseDkimRecord(rec.value);
    expect(analyzeKey(parsed.keyType, parsed.publicKey!)).toEqual({
      ok: true,
      type: "rsa",
      bits: 2048,
      encoding: "spki",
    });
  });

  it("dkim.no_selector_found: a key record to publish", async () => {
    const r = await check("dkim-none.test");
    expect(fixFor(r, "dkim.no_selector_found", "dkim-none.test")?.records?.[0]?.name).toBe(
      "default._domainkey.dkim-none.test",
    );
  });

  it("describes a short key with its size", async () => {
    const r = await check("dkim-weak.test");
    const f = r.findings.find((x) => x.code === "dkim.key_too_short" && x.params.bits === 1024)!;
    expect(catalogue["dkim.key_too_short"]!.describe!(f.params)).toBe("Selector k1 has a 1024-bit RSA key.");
  });
});

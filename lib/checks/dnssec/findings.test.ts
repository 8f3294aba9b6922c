import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZONE_FILES } from "@/test-support/dns/fixture-servers";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { catalogue } from "./findings";
import { dnssecCheck } from "./index";

const zones = ZONE_FILES.map((f) => readFileSync(f, "utf8"));
const check = (domain: string) =>
  dnssecCheck({ resolver: createMemoryResolver({ zoneText: zones }), domain });

describe("dnssec catalogue", () => {
  it("documents every code the check emits, and only those", () => {
    const src = readFileSync(new URL("index.ts", import.meta.url), "utf8");
    const emitted = new Set([...src.matchAll(/"(dnssec\.[a-z_]+)"/g)].map((m) => m[1]!));
    emitted.add("dnssec.dns_error");
    expect(Object.keys(catalogue).sort()).toEqual([...emitted].sort());
  });

  it("dnssec.no_ds and dnssec.ds_mismatch name the key signing key to publish a DS for", async () => {
    for (const [domain, code] of [
      ["dnssec-nods.test", "dnssec.no_ds"],
      ["dnssec-mismatch.test", "dnssec.ds_mismatch"],
    ] as const) {
      const r = await check(domain);
      const f = r.findings.find((x) => x.code === code)!;
      const ksk = (r.records[0] as { dnskeys: { sep: boolean; keyTag: number }[] }).dnskeys.find(
        (k) => k.sep,
      )!;
      const fix = catalogue[code]!.fix!({ params: f.params, domain, result: r });
      expect(fix?.text).toContain(`tag ${ksk.keyTag}`);
    }
  });
});

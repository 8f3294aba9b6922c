import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { spfCheck } from "@/lib/checks/spf";
import { REGISTRY } from "@/lib/checks/registry";
import { scoreReport } from "./score";
import {
  CATEGORY_OF,
  CHECK_CAP,
  CODE_POINTS,
  CONNECTION_CHECKS,
  GRADE_BOUNDARIES,
  MESSAGE_CAP,
  MESSAGE_CODE_POINTS,
  SCORING_VERSION,
  SEVERITY_POINTS,
} from "./weights";

/**
 * Source files that could emit a code: everything under lib/ but tests, catalogues, descriptors and this
 * file's subject (where the codes are only weighed).
 */
function emitterSources(dir = "lib"): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (entry === "generated" || entry === "node_modules") continue;
    if (statSync(p).isDirectory()) out.push(...emitterSources(p));
    else if (
      /\.tsx?$/.test(entry) &&
      !/\.test\.tsx?$/.test(entry) &&
      !/^(findings|check|weights)\.ts$/.test(entry)
    )
      out.push(readFileSync(p, "utf8"));
  }
  return out;
}

describe("weights", () => {
  it("weigh only codes something emits (no dead weights)", () => {
    const sources = emitterSources().join("\n");
    const weighted = [
      ...Object.keys(CODE_POINTS.deliverability),
      ...Object.keys(CODE_POINTS.strict),
      ...Object.keys(MESSAGE_CODE_POINTS),
    ];
    // Emitted: its literal is written in code outside its catalogue and the weights (a finding(...) call),
    // or in a descriptor's observe function (what scoring reads from evidence).
    const observers = Object.values(REGISTRY)
      .map((d) => d.scoring.observe?.toString() ?? "")
      .join("\n");
    const dead = [...new Set(weighted)].filter(
      (code) => !sources.includes(`"${code}"`) && !observers.includes(`"${code}"`),
    );
    expect(dead).toEqual([]);
  });

  it("the strict profile costs an SPF record ending in ~all points; the deliverability profile does not", async () => {
    const resolver = createMemoryResolver({
      zoneText: [
        '$ORIGIN soft.test.\n@ 300 IN SOA ns hostmaster 1 3600 600 86400 60\n@ 300 IN TXT "v=spf1 ip4:192.0.2.1 ~all"\n',
      ],
    });
    const spf = await spfCheck({ resolver, domain: "soft.test" });
    // Not a finding: "~all" delivers fine.
    expect(spf.findings.map((f) => f.code)).toEqual([]);
    const strict = scoreReport({ spf }, "strict");
    expect(strict.deductions).toEqual([
      { check: "spf", category: "authentication", code: "spf.softfail_all", severity: "info", points: 6 },
    ]);
    expect(strict.score).toBe(94);
    expect(scoreReport({ spf }, "deliverability").deductions).toEqual([]);

    const hard = createMemoryResolver({
      zoneText: [
        '$ORIGIN hard.test.\n@ 300 IN SOA ns hostmaster 1 3600 600 86400 60\n@ 300 IN TXT "v=spf1 redirect=soft.hard.test"\nsoft 300 IN TXT "v=spf1 ip4:192.0.2.1 -all"\n',
      ],
    });
    const ended = await spfCheck({ resolver: hard, domain: "hard.test" });
    expect(scoreReport({ spf: ended }, "strict").deductions).toEqual([]);
  });

  it("follows a redirect to the record whose ~all applies (RFC 7208 §6.1)", async () => {
    const resolver = createMemoryResolver({
      zoneText: [
        '$ORIGIN via.test.\n@ 300 IN SOA ns hostmaster 1 3600 600 86400 60\n@ 300 IN TXT "v=spf1 redirect=_spf.via.test"\n_spf 300 IN TXT "v=spf1 ip4:192.0.2.1 ~all"\n',
      ],
    });
    const spf = await spfCheck({ resolver, domain: "via.test" });
    expect(scoreReport({ spf }, "strict").deductions.map((d) => d.code)).toEqual(["spf.softfail_all"]);
  });

  it("are pinned to SCORING_VERSION: change a number, bump the version", () => {
    const numbers = {
      SEVERITY_POINTS,
      CATEGORY_OF,
      CHECK_CAP,
      CONNECTION_CHECKS,
      CODE_POINTS,
      MESSAGE_CAP,
      MESSAGE_CODE_POINTS,
      GRADE_BOUNDARIES,
    };
    const fingerprint = createHash("sha256").update(JSON.stringify(numbers)).digest("hex").slice(0, 16);
    expect({ SCORING_VERSION, fingerprint }).toEqual({
      SCORING_VERSION: "2026.12-2",
      fingerprint: "27631bf74e7769f3",
    });
  });
});

/**
 * Cross-check against an independent implementation: Knot DNS's keymgr generates real keys and prints
 * their DNSKEY and DS records; our key tags and DS digests must match for every algorithm and digest.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dsDigest, keyTag } from "./parse";

const hasKeymgr = !spawnSync("keymgr", ["--version"], { stdio: "ignore" }).error;
const dir = hasKeymgr ? mkdtempSync(join(tmpdir(), "mxray-keymgr-")) : "";
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const keymgr = (...args: string[]) => {
  const r = spawnSync("keymgr", ["-D", dir, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`keymgr ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

describe.skipIf(!hasKeymgr)("key tags and DS digests agree with Knot's keymgr", () => {
  it.each([
    ["rsa.dnssec-keymgr.test.", ["algorithm=8", "size=2048"]],
    ["ecdsa.dnssec-keymgr.test.", ["algorithm=13"]],
    ["ed25519.dnssec-keymgr.test.", ["algorithm=15"]],
  ])("%s", (zone, params) => {
    // keymgr prints DNSKEY and DS records for key signing keys (what a registrar needs).
    keymgr(zone, "generate", ...params, "ksk=yes");
    const dnskeys = keymgr(zone, "dnskey")
      .trim()
      .split("\n")
      .map((line) => {
        const [, , flags, , algorithm, key] = line.split(/\s+/);
        return { flags: Number(flags), algorithm: Number(algorithm), key: key! };
      });
    const ds = keymgr(zone, "ds")
      .trim()
      .split("\n")
      .map((line) => {
        const [, , tag, algorithm, digestType, digest] = line.split(/\s+/);
        return {
          keyTag: Number(tag),
          algorithm: Number(algorithm),
          digestType: Number(digestType),
          digest: digest!,
        };
      });
    expect(dnskeys).toHaveLength(1);
    // SHA-256 and SHA-384 digests.
    expect(ds.map((d) => d.digestType).sort()).toEqual([2, 4]);
    const ksk = dnskeys[0]!;
    expect(ksk.flags).toBe(257);
    for (const d of ds) {
      expect(keyTag(ksk)).toBe(d.keyTag);
      expect(dsDigest(zone, ksk, d.digestType)).toBe(d.digest.toLowerCase());
    }
  });
});

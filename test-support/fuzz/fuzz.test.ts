import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TARGETS } from "./targets";

/** A seed-fixed, smaller run of every fuzz target (`npm run fuzz` runs ≥ 100,000 inputs each). */
describe("fuzz (seed-fixed)", () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.name} takes hostile input without crashing`, () => {
      fc.assert(
        fc.property(target.arbitrary, (input) => {
          target.run(input);
        }),
        { seed: 20261206, numRuns: 400 },
      );
    });
  }
});

describe("fuzz findings kept as regressions", () => {
  it("refuses a DNS message whose counts promise more records than its bytes hold", async () => {
    const { decodeMessage } = await import("@/lib/dns/decode");
    // Found by `npm run fuzz`: 54,537 answers claimed in 56 bytes kept dns-packet busy for ~0.5 s.
    const msg = Buffer.from([
      0, 7, 129, 0, 0, 1, 213, 9, 0, 0, 0, 0, 7, 101, 120, 97, 109, 112, 108, 101, 4, 116, 101, 115, 116, 0,
      0, 16, 0, 1, 7, 101, 120, 97, 109, 112, 108, 101, 4, 116, 101, 115, 116, 0, 0, 16, 0, 1, 0, 249, 144,
      190, 246, 252,
    ]);
    expect(() => decodeMessage(msg)).toThrow(/section counts/);
    expect(() => decodeMessage(Buffer.alloc(5))).toThrow(/shorter than a DNS header/);
  });
});

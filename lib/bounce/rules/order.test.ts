import { expect, it } from "vitest";
import { RULES } from "@/lib/bounce/rules";

it("lists every provider-specific rule before the generic ones (the classifier's fast path relies on it)", () => {
  const firstGeneric = RULES.findIndex((r) => r.provider === undefined);
  const lastProvider = RULES.map((r) => r.provider !== undefined).lastIndexOf(true);
  expect(lastProvider).toBeLessThan(firstGeneric);
});

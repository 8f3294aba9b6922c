import { describe, expect, it } from "vitest";
import { isValidSlug, newSlug } from "./slug";

describe("slugs", () => {
  it("are 22 base64url characters carrying 128 random bits", () => {
    const slugs = Array.from({ length: 2000 }, newSlug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const s of slugs) {
      expect(s).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(s, "base64url")).toHaveLength(16);
      expect(isValidSlug(s)).toBe(true);
    }
    // Every character position varies: nothing fixed or derived leaks into the slug.
    for (let i = 0; i < 21; i++) expect(new Set(slugs.map((s) => s[i])).size).toBeGreaterThan(30);
  });

  it("rejects anything newSlug cannot produce", () => {
    for (const bad of [
      undefined,
      42,
      "",
      "A".repeat(21),
      "A".repeat(23),
      "AAAAAAAAAAAAAAAAAAAAA+",
      "AAAAAAAAAAAAAAAAAAAAAB",
    ]) {
      expect(isValidSlug(bad)).toBe(false);
    }
    expect(isValidSlug("AAAAAAAAAAAAAAAAAAAAAw")).toBe(true);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_NAMES } from "@/lib/config";
import { currentConfigTable, replaceConfigTable } from "./lib/config-table";

describe("README configuration table", () => {
  it("is the one generated from lib/config.ts (run `npm run docs:config` after changing a variable)", () => {
    const readme = readFileSync("README.md", "utf8");
    const current = currentConfigTable(readme);
    expect(current, "README.md lacks the config-table markers").not.toBeNull();
    const expected = currentConfigTable(replaceConfigTable(readme));
    expect(
      current,
      "README.md's configuration table differs from lib/config.ts: run `npm run docs:config` and commit README.md",
    ).toBe(expected);
    for (const name of CONFIG_NAMES) expect(current).toContain(`| \`${name}\``);
  });

  it("regenerates only what lies between the markers", () => {
    const readme = readFileSync("README.md", "utf8");
    const once = replaceConfigTable(readme);
    expect(replaceConfigTable(once)).toBe(once);
    expect(once.split("<!-- config-table:end -->")[1]).toBe(readme.split("<!-- config-table:end -->")[1]);
  });
});

import { describe, expect, it } from "vitest";
import { engineConflicts, missingOptionals } from "./lockfile.mjs";

describe("lockfile completeness", () => {
  it("names the optional native packages a lockfile lacks", () => {
    const lock = {
      packages: {
        "": { optionalDependencies: { fsevents: "2.3.3" } },
        "node_modules/next": {
          optionalDependencies: { "@next/swc-linux-x64-gnu": "16", "@next/swc-darwin-arm64": "16" },
        },
        "node_modules/@next/swc-linux-x64-gnu": { version: "16" },
      },
    };
    expect(missingOptionals(lock)).toEqual([
      "fsevents (optional dependency of the project)",
      "@next/swc-darwin-arm64 (optional dependency of node_modules/next)",
    ]);
  });

  it("finds optional packages where Node would: nested under the dependant or in a parent node_modules", () => {
    const lock = {
      packages: {
        "node_modules/a": { optionalDependencies: { b: "1", c: "1" } },
        "node_modules/a/node_modules/b": { version: "1" },
        "node_modules/c": { version: "1" },
        "node_modules/x/node_modules/y": { optionalDependencies: { c: "1", d: "1" } },
        "node_modules/x/node_modules/d": { version: "1" },
      },
    };
    expect(missingOptionals(lock)).toEqual([]);
  });

  it("reports locked packages whose engines refuse the stated minimum Node.js", () => {
    const lock = {
      packages: {
        "": { engines: { node: ">=20.19" } },
        "node_modules/ok": { version: "1.0.0", engines: { node: "^20.19 || ^22.12 || >=24.0" } },
        "node_modules/new": { version: "4.14.0", engines: { node: ">=22.12.0" } },
        "node_modules/legacy": { version: "1.0.0", engines: ["node >= 0.8"] },
      },
    };
    expect(engineConflicts(lock, "20.19.0")).toEqual(["new@4.14.0 wants node >=22.12.0"]);
  });
});

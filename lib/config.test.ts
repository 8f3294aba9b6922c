import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_NAMES, parseConfig, publicBaseUrl, renderConfigTable, setting } from "./config";

/** Variables that are not configuration: set by Node/Next themselves, or by our own launcher for tsx. */
const NOT_CONFIG = new Set(["NODE_ENV", "NEXT_RUNTIME", "TSX_TSCONFIG_PATH"]);
/** Test tooling (not read by the app or the CLI): the Knot DNS binary for the cross-check tests. */
const TEST_TOOLING = new Set(["KNOTD", "MXRAY_SISIMAI_CORPUS"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("configuration schema", () => {
  it("names every environment variable the app and the CLI read", () => {
    const read = new Map<string, string>();
    for (const file of ["lib", "app", "components", "bin"].flatMap(sourceFiles)) {
      const text = readFileSync(file, "utf8");
      // process.env.NAME, process.env["NAME"], env.NAME where a function takes the environment, and
      // setting("NAME") (lib/config.ts's uncached read).
      for (const m of text.matchAll(
        /\b(?:process\.env|env)(?:\.([A-Z][A-Z0-9_]*)|\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\])|\bsetting\(\s*["']([A-Z][A-Z0-9_]*)["']/g,
      )) {
        const name = m[1] ?? m[2] ?? m[3]!;
        if (!read.has(name)) read.set(name, file);
      }
    }
    const missing = [...read]
      .filter(([name]) => !NOT_CONFIG.has(name) && !TEST_TOOLING.has(name))
      .filter(([name]) => !(CONFIG_NAMES as string[]).includes(name))
      .map(([name, file]) => `${name} (read in ${file})`);
    expect(
      missing,
      "add each to the schema in lib/config.ts, then run `npm run docs:config` to update README.md",
    ).toEqual([]);
    // The scan sees the variables it should (a broken pattern would pass vacuously).
    expect([...read.keys()]).toEqual(
      expect.arrayContaining(["MXRAY_DNS", "DATABASE_URL", "MXRAY_ALLOW_PRIVATE"]),
    );
  });

  it("is the only production code that reads process.env by name", () => {
    // Platform variables (Node, Next, our tsx launcher), test tooling, and NO_COLOR, the terminal convention
    // (no-color.org) the CLI reads while parsing its arguments, before anything else is loaded.
    const allowed = new Set([...NOT_CONFIG, ...TEST_TOOLING, "NEXT_PHASE", "NO_COLOR", "HOSTNAME"]);
    const files = [
      ...["lib", "app", "components", "bin"].flatMap(sourceFiles),
      "server.ts",
      "proxy.ts",
      "instrumentation.ts",
    ];
    const direct: string[] = [];
    for (const file of files) {
      if (file === join("lib", "config.ts")) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(
        /\bprocess\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\])/g,
      )) {
        const name = m[1] ?? m[2]!;
        if (!allowed.has(name)) direct.push(`${name} in ${file}`);
      }
    }
    expect(
      direct,
      "read it through lib/config.ts: config() once, or setting(name) when it may change",
    ).toEqual([]);
  });

  it("reads one variable through the schema with setting()", () => {
    expect(setting("MXRAY_DNS", { MXRAY_DNS: " 127.0.0.1:53 " })).toBe("127.0.0.1:53");
    expect(setting("MXRAY_DNS", { MXRAY_DNS: "  " })).toBeUndefined();
    expect(setting("MXRAY_RATE_LIMIT", {})).toBe(30);
    expect(() => setting("MXRAY_ALLOW_PRIVATE", { MXRAY_ALLOW_PRIVATE: "yes" })).toThrow(
      /MXRAY_ALLOW_PRIVATE/,
    );
    expect(publicBaseUrl({ MXRAY_PUBLIC_URL: undefined, PORT: 8080 })).toBe("http://localhost:8080");
    expect(publicBaseUrl({ MXRAY_PUBLIC_URL: "https://mxray.example", PORT: 8080 })).toBe(
      "https://mxray.example",
    );
  });

  it("applies the defaults and treats empty values as unset", () => {
    const cfg = parseConfig({ MXRAY_RATE_LIMIT: "", PORT: "  " });
    expect(cfg).toMatchObject({
      PGLITE_DIR: ".data/pglite",
      MXRAY_DNS_TIMEOUT_MS: 2000,
      MXRAY_DEADLINE_MS: 10_000,
      MXRAY_RATE_LIMIT: 30,
      PORT: 3000,
    });
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(parseConfig({ MXRAY_RATE_LIMIT: "0", PORT: "8080" })).toMatchObject({
      MXRAY_RATE_LIMIT: 0,
      PORT: 8080,
    });
  });

  it("names every bad variable and what it must be", () => {
    let message = "";
    try {
      parseConfig({ MXRAY_DNS_TIMEOUT_MS: "fast", DATABASE_URL: "mysql://db/x", MXRAY_ALLOW_PRIVATE: "yes" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toMatch(/DATABASE_URL: must be a postgres/);
    expect(message).toMatch(/MXRAY_DNS_TIMEOUT_MS: /);
    expect(message).toMatch(/MXRAY_ALLOW_PRIVATE: must be "1"/);
    expect(() => parseConfig({ MXRAY_PUBLIC_URL: "not a url" })).toThrow(/MXRAY_PUBLIC_URL/);
    expect(() => parseConfig({ MXRAY_SPAMHAUS_DQS_KEY: "key with spaces" })).toThrow(
      /MXRAY_SPAMHAUS_DQS_KEY/,
    );
    expect(() => parseConfig({ PORT: "70000" })).toThrow(/PORT/);
  });

  it("renders one table row per variable, with its meaning and default", () => {
    const rows = renderConfigTable().split("\n");
    expect(rows).toHaveLength(CONFIG_NAMES.length + 2);
    expect(rows.find((r) => r.startsWith("| `MXRAY_RATE_LIMIT`"))).toMatch(/\(0 = off\)\s+\| 30\s+\|$/);
  });
});

/**
 * The layer boundaries of eslint.config.mjs, exercised through ESLint's API: each snippet is linted as if it
 * were the named (existing) file, so a rule that stops matching, or a block that stops applying to a folder,
 * fails here rather than going quiet.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RULE = "@typescript-eslint/no-restricted-imports";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary messages ESLint gives `code` placed at `file` (relative to the repository). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe("lib/ imports neither the UI, the routes, test support nor benchmark code", () => {
  it.each([
    ["lib/report/view.ts", 'import type { CheckCardProps } from "@/components/report/check-card";'],
    ["lib/report/view.ts", 'import { GET } from "@/app/api/reports/route";'],
    ["lib/dns/memory-resolver.ts", 'import { startFixtureDns } from "@/test-support/dns/fixture-dns";'],
    ["lib/report/service.ts", 'import { testBackends } from "../../test-support/db";'],
    ["lib/dns/memory-resolver.ts", 'import { startDnsServer } from "@/lib/dns-sandbox/server";'],
    ["lib/dns/memory-resolver.ts", 'import { startDnsSandbox } from "../dns-sandbox";'],
    ["lib/report/service.ts", 'import { callerFrame } from "@/bench/instrument";'],
  ])("%s: %s is refused", async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });

  it("lets tests beside the code use test support", async () => {
    const code = 'import { startFixtureDns } from "@/test-support/dns/fixture-dns";';
    expect(await boundaryErrors("lib/checks/mx/mx.int.test.ts", code)).toEqual([]);
  });
});

describe("checks, bounce and scoring reach neither the database nor lib/dns internals", () => {
  it.each([
    ["lib/checks/spf/index.ts", 'import { getDb } from "@/lib/db";'],
    ["lib/checks/spf/index.ts", 'import { createReport } from "@/lib/report-store";'],
    ["lib/checks/mx/index.ts", 'import { createResolver } from "@/lib/dns/resolver";'],
    ["lib/checks/mx/index.ts", 'import { startDnsSandbox } from "@/lib/dns-sandbox";'],
    ["lib/bounce/classify.ts", 'import { exchange } from "../dns/client";'],
    ["lib/scoring/score.ts", 'import pg from "pg";'],
  ])("%s: %s is refused", async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });

  it("allows the Resolver's types and the shared name and type helpers", async () => {
    const code = [
      'import type { Resolver } from "@/lib/dns/types";',
      'import { normalizeQueryName } from "@/lib/dns/names";',
      'import { typeNumber } from "@/lib/dns/rr-types";',
      'import { memoResolver } from "@/lib/dns/memo-resolver";',
      "export type { Resolver };",
      "export const x = [normalizeQueryName, typeNumber, memoResolver];",
    ].join("\n");
    expect(await boundaryErrors("lib/checks/mx/index.ts", code)).toEqual([]);
  });
});

describe("components/ import no server-only code", () => {
  it.each([
    ["components/report/check-card.tsx", 'import "server-only";'],
    ["components/report/check-card.tsx", 'import { getDb } from "@/lib/db";'],
    ["components/report/check-card.tsx", 'import { config } from "@/lib/config";'],
    ["components/report/check-card.tsx", 'import { runReport } from "@/lib/report/run";'],
    ["components/report/check-card.tsx", 'import { createReport } from "@/lib/report-store/create-report";'],
    ["components/home/check-form.tsx", 'import { readFileSync } from "node:fs";'],
    ["components/home/check-form.tsx", 'import { startFixtureDns } from "@/test-support/dns/fixture-dns";'],
  ])("%s: %s is refused", async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });

  it("allows types of server modules (erased at build time) and plain-data helpers", async () => {
    const code = [
      'import type { ReportDocument } from "@/lib/report-store/types";',
      'import { createSseParser } from "@/lib/http/sse";',
      "export type { ReportDocument };",
      "export const p = createSseParser;",
    ].join("\n");
    expect(await boundaryErrors("components/home/check-form.tsx", code)).toEqual([]);
  });
});

describe("routes and entry points use no test support", () => {
  it.each([
    ["app/page.tsx", 'import { testBackends } from "@/test-support/db";'],
    ["server.ts", 'import { callerFrame } from "./bench/instrument";'],
  ])("%s: %s is refused", async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });
});

describe("the tree as it is", () => {
  it.each(["lib/dns/memory-resolver.ts", "lib/report/view.ts", "components/report/check-card.tsx"])(
    "%s keeps to its boundaries",
    async (file) => {
      expect(await boundaryErrors(file, readFileSync(`${ROOT}${file}`, "utf8"))).toEqual([]);
    },
  );
});

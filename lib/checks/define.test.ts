import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The compiler, not a reviewer, keeps a check complete: descriptors missing a part, weighting a code
 * their catalogue lacks, or naming themselves differently from their run function must not compile,
 * and neither must an evidence-view map without an entry for a registered check. Each case is a small
 * source compiled with the project's own tsconfig next to the real modules.
 */
const root = process.cwd();

const HEAD = `
import { defineCheck } from "@/lib/checks/define";
import { findingCatalogue } from "@/lib/findings/types";
import type { Check } from "@/lib/checks/types";
const run: Check<"toy", { kind: "toy" }> = async () => ({
  check: "toy", status: "pass", findings: [], records: [{ kind: "toy" }], queries: 0, durationMs: 0,
});
const findings = findingCatalogue({ "toy.missing": { severity: "low", title: "t", meaning: "m" } });
`;

const FIELDS: Record<string, string> = {
  name: `name: "toy",`,
  label: `label: "Toy",`,
  about: `about: "A check for tests.",`,
  category: `category: "infrastructure",`,
  appliesTo: `appliesTo: { domain: "always" },`,
  connection: `connection: false,`,
  run: `run,`,
  findings: `findings,`,
  scoring: `scoring: { cap: 1, points: { deliverability: { "toy.missing": 1 }, strict: {} } },`,
};

function descriptor(fields: Record<string, string>): string {
  return `${HEAD}\nexport const toy = defineCheck({\n${Object.values(fields).join("\n")}\n});\n`;
}

function without(field: string): string {
  const { [field]: _dropped, ...rest } = FIELDS;
  return descriptor(rest);
}

const CASES: Record<string, string> = {
  complete: descriptor(FIELDS),
  ...Object.fromEntries(Object.keys(FIELDS).map((f) => [`missing-${f}`, without(f)])),
  "missing-cap": descriptor({
    ...FIELDS,
    scoring: `scoring: { points: { deliverability: {}, strict: {} } },`,
  }),
  "missing-points": descriptor({ ...FIELDS, scoring: `scoring: { cap: 1 },` }),
  "weight-for-unknown-code": descriptor({
    ...FIELDS,
    scoring: `scoring: { cap: 1, points: { deliverability: {}, strict: { "toy.nope": 6 } } },`,
  }),
  "name-differs-from-run": descriptor({ ...FIELDS, name: `name: "other",` }),
  "unknown-finding-code": `import { finding } from "@/lib/checks/result";\nexport const f = finding("spf.no_such_code", "low");\n`,
  "params-typed-per-code": `import { finding } from "@/lib/checks/result";
export const ok = finding("tls_rpt.multiple_records", "medium", { name: "_smtp._tls.example", count: 2 });
export const bad = finding("tls_rpt.multiple_records", "medium", { name: "_smtp._tls.example" });\n`,
  "views-missing-a-check": `import { EVIDENCE_VIEWS } from "@/components/report/evidence-views";
const { dane: _dane, ...rest } = EVIDENCE_VIEWS;
export const views: typeof EVIDENCE_VIEWS = rest;\n`,
  "typed-evidence": `import type { CheckResult } from "@/lib/checks/types";
declare const r: CheckResult<"dane">;
export const hosts: number = r.records[0]!.hosts.length;
export const wrong: string = r.records[0]!.hosts;\n`,
};

function compile(): Map<string, string[]> {
  const configPath = ts.findConfigFile(root, (f) => ts.sys.fileExists(f), "tsconfig.json");
  if (!configPath) throw new Error("tsconfig.json not found");
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, (f) => ts.sys.readFile(f)).config,
    ts.sys,
    root,
  );
  const files = new Map(
    Object.entries(CASES).map(([name, source]) => [
      path.join(root, "lib/checks", `compile-fixture-${name}.${name.startsWith("views") ? "tsx" : "ts"}`),
      source,
    ]),
  );
  const options = { ...config.options, noEmit: true, incremental: false };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    const source = files.get(path.resolve(file));
    return source !== undefined
      ? ts.createSourceFile(file, source, language)
      : getSourceFile(file, language, ...rest);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => files.has(path.resolve(file)) || fileExists(file);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => files.get(path.resolve(file)) ?? readFile(file);
  const program = ts.createProgram([...files.keys()], options, host);
  const out = new Map<string, string[]>();
  for (const [file] of files) {
    const name = path.basename(file).replace(/^compile-fixture-|\.tsx?$/g, "");
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`fixture ${name} was not compiled`);
    out.set(
      name,
      [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) =>
        ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      ),
    );
  }
  return out;
}

describe("defineCheck", () => {
  const diagnostics = compile();
  const of = (name: string) => diagnostics.get(name) ?? [`no fixture ${name}`];

  it("compiles a complete descriptor (so the cases below fail for their own reason)", () => {
    expect(of("complete")).toEqual([]);
  });

  it.each([...Object.keys(FIELDS), "cap", "points"])("does not compile without %s", (field) => {
    expect(of(`missing-${field}`).join("\n")).toMatch(new RegExp(`Property '${field}' is missing`));
  });

  it("does not compile a weight for a code its catalogue lacks", () => {
    expect(of("weight-for-unknown-code").join("\n")).toMatch(/toy\.nope/);
  });

  it("does not compile a descriptor named differently from its run function's check", () => {
    expect(of("name-differs-from-run").join("\n")).toMatch(/"other"|"toy"/);
  });

  it("does not compile a finding whose code no catalogue documents", () => {
    expect(of("unknown-finding-code").join("\n")).toMatch(/spf\.no_such_code/);
  });

  it("types a finding's params per code where its catalogue entry declares them", () => {
    const errors = of("params-typed-per-code");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/count/);
  });

  it("does not compile an evidence-view map without every registered check", () => {
    expect(of("views-missing-a-check").join("\n")).toMatch(/Property 'dane' is missing/);
  });

  it("types a check's records as its own evidence", () => {
    const errors = of("typed-evidence");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not assignable to type 'string'/);
  });
}, 180_000);

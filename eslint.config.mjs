import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier";

/**
 * Layer boundaries: the arrows of the README's architecture section, enforced on production code (tests and
 * their workers may reach anything). Each entry is a `no-restricted-imports` pattern; the blocks below
 * combine them per folder, because a later block's options replace an earlier one's for the same file.
 */
const TESTS = ["**/*.test.ts", "**/*.test.tsx", "**/*.worker.ts", "**/*.int.test.ts"];
const restrict = (regex, message) => ({ regex, message });

/** lib/ is the engine: nothing in it may depend on the UI, the routes, test support or benchmark code. */
const LIB_OUTWARD = [
  restrict(
    "^(@/|(\\.\\./)+)(components|app)(/|$)",
    "lib/ never imports components/ or app/: hand plain data up, and let the UI import lib/.",
  ),
  restrict(
    "^(@/|(\\.\\./)+)(test-support|bench)(/|$)",
    "lib/ never imports test-support/ or bench/: they are for tests and benchmarks only.",
  ),
];

/** Checks, bounce diagnosis and scoring are pure logic over an injected Resolver: no database, no sockets. */
const PURE_CORE = [
  restrict(
    "^(@/lib/|(\\.\\./)+)(db|report-store|generated|serve|dns-sandbox)(/|$)",
    "checks, bounce and scoring never touch the database or the DNS sandbox: the report runner saves results.",
  ),
  restrict("^(pg|@prisma/.*|@electric-sql/pglite)$", "checks, bounce and scoring never touch the database."),
  restrict(
    "^(@/lib/|(\\.\\./)+)dns/(?!(types|names|rr-types|mailauth|memo-resolver|dnssec|dnssec/canonical)$)",
    "checks, bounce and scoring receive a Resolver: import lib/dns/types (names, rr-types, mailauth, memo-resolver, dnssec: validation over that Resolver, dnssec/canonical: its pure arithmetic), not the client or resolver internals.",
  ),
];

/** lib/dns answers from data (the memory resolver reads the sandbox's zones) but never starts the test server. */
const DNS_NO_SERVER = [
  restrict(
    "^(@/lib/|(\\.\\./)+)dns-sandbox(/(?!(authority|faults|zone-file)$)|$)",
    "lib/dns may read the sandbox's zone data (authority, faults, zone-file), never start its server.",
  ),
];

/** Production code outside lib/ (routes, pages, components, the server entry points) uses no test support either. */
const NO_TEST_SUPPORT = [
  restrict(
    "^(@/|\\./|(\\.\\./)+)(test-support|bench)(/|$)",
    "production code never imports test-support/ or bench/: they are for tests and benchmarks only.",
  ),
];

/** components/ render plain data, in the browser too: nothing that reads secrets, files, sockets or the database. */
const CLIENT_SAFE = [
  restrict("^server-only$", "components/ never import server-only code."),
  restrict(
    "^(@/lib/|(\\.\\./)+lib/)(db|report-store|generated|config|serve|monitor|smtp|mail/(smtp|start|service)|dns/(client|resolver|memory-resolver|servers)|report/(run|service|admission|cache))(/|$)",
    "components/ never import server-only code (database, configuration, sockets, the report runner): pass plain data as props.",
  ),
  restrict("^(@/lib/|(\\.\\./)+lib/)[^/]+/service$", "components/ never import a service module."),
  restrict(
    "^(node:.*|pg|@prisma/.*|@electric-sql/pglite)$",
    "components/ never import Node built-ins or database drivers.",
  ),
];

const boundaries = (patterns, allowTypeImports = false) => ({
  "@typescript-eslint/no-restricted-imports": [
    "error",
    { patterns: patterns.map((p) => ({ ...p, ...(allowTypeImports ? { allowTypeImports: true } : {}) })) },
  ],
});

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "dist/**",
      ".data/**",
      "lib/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...next,
  ...nextTs,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Other packages are used through their documented entry points only: their internals change without
    // notice (RFC 7208 evaluation is ours, lib/checks/spf/verdict.ts; charsets are Node's TextDecoder).
    rules: {
      "import/no-internal-modules": [
        "error",
        { forbid: ["mailauth/**", "libmime/**", "libqp/**", "mailparser/**"] },
      ],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its rejection (and its ordering); a switch over a
    // union that misses a member silently does nothing for it. The project service reuses tsconfig.json.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  { files: ["lib/**/*.{ts,tsx}"], ignores: TESTS, rules: boundaries(LIB_OUTWARD) },
  {
    files: ["lib/checks/**/*.{ts,tsx}", "lib/bounce/**/*.{ts,tsx}", "lib/scoring/**/*.{ts,tsx}"],
    ignores: TESTS,
    rules: boundaries([...LIB_OUTWARD, ...PURE_CORE]),
  },
  { files: ["lib/dns/**/*.ts"], ignores: TESTS, rules: boundaries([...LIB_OUTWARD, ...DNS_NO_SERVER]) },
  // Type-only imports vanish at build time, so a component may name a server module's types.
  {
    files: ["components/**/*.{ts,tsx}"],
    ignores: TESTS,
    rules: boundaries([...CLIENT_SAFE, ...NO_TEST_SUPPORT], true),
  },
  {
    files: ["app/**/*.{ts,tsx}", "server.ts", "proxy.ts", "instrumentation.ts"],
    ignores: TESTS,
    rules: boundaries(NO_TEST_SUPPORT),
  },
];

export default config;

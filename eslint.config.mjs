import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier";

const config = [
  { ignores: ["node_modules/**", ".next/**", "dist/**", ".data/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
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
];

export default config;

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: fileURLToPath(new URL("./$1", import.meta.url)) },
      // `server-only` throws outside React Server Components; tests run the same modules in plain Node.
      {
        find: "server-only",
        replacement: fileURLToPath(new URL("./test-support/server-only.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: [
      "lib/**/*.test.ts",
      "test-support/**/*.test.ts",
      "bench/**/*.test.ts",
      "scripts/**/*.test.ts",
      "components/**/*.test.ts",
      "app/**/*.test.ts",
    ],
    exclude: ["node_modules", "e2e", ".next"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});

/**
 * npm run bench:db-memory [-- --app] — the embedded database's memory on a first start and when reopened:
 * peak RSS of the opening process and every child it starts, sampled from /proc every 20 ms
 * (scripts/lib/db-memory.ts); with --app, also the built app (`npm start`) on a new PGlite database.
 * Linux only. A benchmark, not a test: figures depend on the machine (Node's V8 build in particular).
 */
import { loadavg } from "node:os";
import { formatDbMemory, measureAppMemory, measureDbMemory } from "./lib/db-memory";

// With a production build (next build), the app itself too: `npm run bench:db-memory -- --app`.
const cases = [
  ...(await measureDbMemory()),
  ...(process.argv.includes("--app") ? await measureAppMemory() : []),
];
console.log(formatDbMemory(cases));
console.log(
  `Node ${process.version}, ${process.platform}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} (the machine may be shared).`,
);

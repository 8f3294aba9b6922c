/**
 * Rewrites lib/bounce/rules/prefilter-cache.json: the literal prefilter of every pattern the bounce
 * classifier, provider detection and blocklist naming use, keyed by flags and source (see prefilter.ts).
 *
 *   npm run bounce:prefilter
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import "@/lib/bounce/classify";
import { derivePrefilter, prefiltersInUse } from "@/lib/bounce/rules/prefilter";

const out: Record<string, string[] | null> = {};
for (const key of [...prefiltersInUse().keys()].sort()) {
  const slash = key.indexOf("/");
  out[key] = derivePrefilter(new RegExp(key.slice(slash + 1), key.slice(0, slash)));
}
const file = fileURLToPath(new URL("../lib/bounce/rules/prefilter-cache.json", import.meta.url));
writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${Object.keys(out).length} patterns written to lib/bounce/rules/prefilter-cache.json`);

/**
 * Makes the embedded database's template data directory (lib/db/pglite-template.ts), so that the app's first
 * start copies it instead of running initdb. Run by `npm install` (postinstall); a failure here only warns,
 * since a first start makes the template itself when it is missing.
 *
 *   node --import tsx scripts/pglite-template.ts
 */
import { defaultPgliteTemplateDir, ensurePgliteTemplate } from "../lib/db/pglite-template";

const t0 = performance.now();
const target = defaultPgliteTemplateDir();
const made = await ensurePgliteTemplate(target);
if (made) {
  console.log(`PGlite template: ${made.dataDir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
} else {
  console.warn(
    `PGlite template not made${target ? ` in ${target}` : ""}: a first start will run initdb instead.`,
  );
}

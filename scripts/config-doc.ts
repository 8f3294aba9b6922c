/**
 * `npm run docs:config`: rewrites README's configuration table from the schema in lib/config.ts (between
 * the `config-table` markers). Run it after adding or changing an environment variable.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { replaceConfigTable } from "./lib/config-table";

const readme = readFileSync("README.md", "utf8");
const next = replaceConfigTable(readme);
if (next === readme) console.log("README.md: configuration table already up to date");
else {
  writeFileSync("README.md", next);
  console.log("README.md: configuration table rewritten from lib/config.ts");
}

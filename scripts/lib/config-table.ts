import { renderConfigTable } from "@/lib/config";

export const START = "<!-- config-table:start (generated from lib/config.ts by `npm run docs:config`) -->";
export const END = "<!-- config-table:end -->";

/** The README's generated table, or null when the markers are missing. */
export function currentConfigTable(readme: string): string | null {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) return null;
  return readme.slice(a + START.length, b).trim();
}

/** The README with the table between the markers regenerated. */
export function replaceConfigTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, a + START.length)}\n\n${renderConfigTable()}\n\n${readme.slice(b)}`;
}

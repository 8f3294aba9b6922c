import type { BuildOptions } from "esbuild";

/** The esbuild options of the CLI build (dist/cli), writing to `outdir`. */
export function cliBuildOptions(outdir: string): BuildOptions;
/** Builds dist/cli (what bin/mxray.mjs runs); resolves to the build's milliseconds. */
export function buildCli(): Promise<number>;
export const serverOnlyEmpty: import("esbuild").Plugin;

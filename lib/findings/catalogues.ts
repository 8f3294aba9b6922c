import type { FindingCatalogue } from "./types";

/** Every check's catalogue; a new check adds its own here. */
export const CATALOGUES: FindingCatalogue[] = [];

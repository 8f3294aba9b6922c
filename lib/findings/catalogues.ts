import { catalogue as dmarc } from "@/lib/checks/dmarc/findings";
import { catalogue as mx } from "@/lib/checks/mx/findings";
import type { FindingCatalogue } from "./types";

/** Every check's catalogue; a new check adds its own here. */
export const CATALOGUES: FindingCatalogue[] = [mx, dmarc];

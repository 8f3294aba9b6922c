import { REGISTRY } from "@/lib/checks/registry";
import { catalogue as message } from "@/lib/mail/findings";
import { catalogue as report } from "./report";
import type { FindingCatalogue } from "./types";

/** Every catalogue: each registered check's (lib/checks/registry.ts), the report's and the message's. */
export const CATALOGUES: FindingCatalogue[] = [
  ...Object.values(REGISTRY).map((d): FindingCatalogue => d.findings),
  report,
  message,
];

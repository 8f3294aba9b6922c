import { REGISTRY } from "./registry";
import type { CheckName } from "./types";

export { STATUS_LABELS } from "./status-labels";

/** Each check's name and one sentence for people, from its descriptor (lib/checks/registry.ts). */
export const CHECK_LABELS: Record<CheckName, { name: string; about: string }> = Object.fromEntries(
  Object.values(REGISTRY).map((d) => [d.name, { name: d.label, about: d.about }]),
) as Record<CheckName, { name: string; about: string }>;

import type { Check, CheckName } from "./types";
import { mxCheck } from "./mx";

/** Every check by its report key. */
export const CHECKS: Record<CheckName, Check> = {
  mx: mxCheck,
} as Record<CheckName, Check>;

import type { CheckStatus } from "./types";

/** Words for each status (no check's code here: client components import it). */
export const STATUS_LABELS: Record<CheckStatus, string> = {
  pass: "Pass",
  warn: "Warning",
  fail: "Fail",
  error: "Unknown",
  info: "Info",
  skipped: "Skipped",
};

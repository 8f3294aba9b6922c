import "server-only";
import { headers } from "next/headers";
import { DB_RETRY_AFTER_SECONDS } from "@/lib/errors";
import { markRequestUnavailable, REQUEST_ID_HEADER } from "@/lib/serve/status";

/**
 * Called by a page that shows "temporarily unavailable": its response becomes 503 with Retry-After (see
 * lib/serve/status.ts; under server.ts, which every deployment runs).
 */
export async function respondUnavailable(): Promise<void> {
  markRequestUnavailable((await headers()).get(REQUEST_ID_HEADER), DB_RETRY_AFTER_SECONDS);
}

import { getPrisma } from "@/lib/db/index";
import { rethrowDbError } from "./db-errors";
import { deleteTokenMatches } from "./delete-token";
import { isValidSlug } from "./slug";

/**
 * Every deletion of saved reports (by their creator or by the retention purge) ends here: whatever keeps
 * copies of reports (a cache of rendered reports, for one) subscribes and forgets the slugs it is told.
 */
export type ReportsDeletedListener = (slugs: readonly string[]) => void | Promise<void>;

// One set per process, not per module copy: Next bundles this module into each route, and the server in
// front of it (server.ts) loads its own copy; a deletion anywhere must reach every subscriber.
const g = globalThis as typeof globalThis & { __mxrayReportsDeleted?: Set<ReportsDeletedListener> };
const listeners = (g.__mxrayReportsDeleted ??= new Set<ReportsDeletedListener>());

/** Subscribes to deletions; returns the unsubscribe function. */
export function onReportsDeleted(listener: ReportsDeletedListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function reportsDeleted(slugs: readonly string[]): Promise<void> {
  if (slugs.length === 0) return;
  for (const listener of listeners) {
    try {
      await listener(slugs);
    } catch (e) {
      // A listener's trouble must not undo or hide a deletion that has happened.
      console.error("report deletion listener failed", e);
    }
  }
}

export type DeleteOutcome = "deleted" | "not_found" | "forbidden";

/**
 * Deletes the report behind `slug` when `token` is the delete token handed out at its creation.
 * "not_found" for an unknown slug; "forbidden" for a wrong token (or a report saved without one).
 */
export async function deleteReport(slug: string, token: string): Promise<DeleteOutcome> {
  if (!isValidSlug(slug)) return "not_found";
  const prisma = await getPrisma();
  try {
    const row = await prisma.report.findUnique({
      where: { slug },
      select: { id: true, deleteTokenHash: true },
    });
    if (!row) return "not_found";
    if (!deleteTokenMatches(token, row.deleteTokenHash)) return "forbidden";
    // deleteMany: a concurrent delete of the same row is not an error, just nothing left to do.
    await prisma.report.deleteMany({ where: { id: row.id } });
  } catch (e) {
    rethrowDbError(e, "deleting a report");
  }
  await reportsDeleted([slug]);
  return "deleted";
}

/** The instant before which reports are expired, or null when retention is off (0 days). */
export function retentionCutoff(retentionDays: number, now = new Date()): Date | null {
  if (!(retentionDays > 0)) return null;
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

/**
 * Deletes every report older than the retention period, in batches so that a long backlog never holds
 * one huge transaction; returns how many were deleted. Safe to run on several instances at once.
 */
export async function purgeExpiredReports(
  retentionDays: number,
  now = new Date(),
  batchSize = 500,
): Promise<number> {
  const cutoff = retentionCutoff(retentionDays, now);
  if (!cutoff) return 0;
  const prisma = await getPrisma();
  let total = 0;
  for (;;) {
    let slugs: string[];
    try {
      const rows = await prisma.report.findMany({
        where: { createdAt: { lt: cutoff } },
        select: { id: true, slug: true },
        orderBy: { createdAt: "asc" },
        take: batchSize,
      });
      if (rows.length === 0) break;
      await prisma.report.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      slugs = rows.map((r) => r.slug);
    } catch (e) {
      rethrowDbError(e, "purging expired reports");
    }
    total += slugs.length;
    await reportsDeleted(slugs);
    if (slugs.length < batchSize) break;
  }
  return total;
}

let lastPurge = 0;
let running: Promise<unknown> | null = null;

/**
 * Runs the purge at most once per `everyMs` in this process, in the background: called on the paths that
 * save and read reports, so no scheduler is needed and an idle instance costs nothing.
 */
export function purgeExpiredReportsSoon(retentionDays: number, everyMs = 10 * 60_000): void {
  const now = Date.now();
  if (running || retentionDays <= 0 || now - lastPurge < everyMs) return;
  lastPurge = now;
  running = purgeExpiredReports(retentionDays)
    .catch((e: unknown) => console.error("purging expired reports failed", e))
    .finally(() => {
      running = null;
    });
}

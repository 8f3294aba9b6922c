import "server-only";
import { latestMessageReportFor } from "@/lib/report-store/mail";
import { messageChecklistItems, type LatestMessage } from "./checklist";
import type { MessageSection } from "./types";

/**
 * The latest message report whose From: domain is `domain`, reduced to what a domain report's checklist
 * takes from it. Null when none was received (or pasted), or when its document has no message section.
 */
export async function latestMessageFor(domain: string): Promise<LatestMessage | null> {
  const row = await latestMessageReportFor(domain);
  if (!row) return null;
  const message = (row.results as { message?: MessageSection } | null)?.message;
  if (!message || !Array.isArray(message.providers) || !message.unsubscribe) return null;
  return {
    id: row.slug,
    createdAt: row.createdAt.toISOString(),
    source: message.source,
    items: messageChecklistItems(message),
    providers: message.providers,
  };
}

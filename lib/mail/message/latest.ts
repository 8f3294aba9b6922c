import "server-only";
import { latestMessageReportsFor } from "@/lib/report-store/mail";
import { messageChecklistItems, sentByFromDomain, type LatestMessage } from "./checklist";
import type { MessageSection } from "./types";

/** Message reports read per query, and how many at most are looked through for one the domain sent. */
const PAGE = 20;
const MAX_LOOKED_AT = 200;

/**
 * The latest message report whose From: domain is `domain` and which that domain demonstrably sent (SPF or
 * DKIM pass in its organizational domain: sentByFromDomain), reduced to what a domain report's checklist
 * takes from it. A message with a forged From: is passed over, so that anyone able to write to the inbox
 * cannot make a domain's report show failures. Null when there is none among the latest MAX_LOOKED_AT.
 */
export async function latestMessageFor(domain: string): Promise<LatestMessage | null> {
  for (let skip = 0; skip < MAX_LOOKED_AT; skip += PAGE) {
    const rows = await latestMessageReportsFor(domain, { skip, take: PAGE });
    for (const row of rows) {
      const message = (row.results as { message?: MessageSection } | null)?.message;
      if (!message || !Array.isArray(message.providers) || !message.unsubscribe) continue;
      if (!Array.isArray(message.dkim) || !message.from || !sentByFromDomain(message)) continue;
      return {
        createdAt: row.createdAt.toISOString(),
        source: message.source,
        items: messageChecklistItems(message),
        providers: message.providers,
      };
    }
    if (rows.length < PAGE) break;
  }
  return null;
}
